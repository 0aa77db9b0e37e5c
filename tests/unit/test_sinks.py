from __future__ import annotations

import signal
import stat

from footwork.core.timeline import Cue
from footwork.player.events import CueEnded, CueStarted, Paused, SessionEnded
from footwork.player.sinks import BellSink, Speaker, SpeechSink, TallySink

WORK = Cue(0, 3000, "work", "x", "Hold, 3 seconds.", rep=1, reps=2)
REST = Cue(3000, 1000, "rest", "x", "Release.")


def test_bell_rings_at_each_start_and_stop_of_an_effort():
    rings = []
    bell = BellSink(lambda: rings.append(1))
    bell.emit(CueStarted(0, REST, 0, 0))
    assert rings == []
    bell.emit(CueStarted(1, WORK, 0, 0))
    bell.emit(CueEnded(1, WORK, 3, "done", 3))
    assert len(rings) == 2
    bell.emit(CueEnded(1, WORK, 3, "skipped", 1))
    bell.emit(Paused(1, 1))
    assert len(rings) == 2
    bell.emit(SessionEnded("completed", 9))
    assert len(rings) == 3


def test_speech_says_each_cue_as_it_starts():
    said = []
    speech = SpeechSink(said.append)
    speech.emit(CueStarted(0, WORK, 0, 0))
    speech.emit(CueEnded(0, WORK, 3, "done", 3))
    speech.emit(CueStarted(1, REST, 3, 3))
    assert said == ["Hold, 3 seconds.", "Release."]


def test_tally_counts_efforts():
    tally = TallySink()
    tally.emit(CueEnded(0, WORK, 3, "done", 3))
    tally.emit(CueEnded(1, WORK, 3, "skipped", 1))
    tally.emit(CueEnded(2, REST, 3, "done", 1))
    assert (tally.done, tally.skipped) == (1, 1)


def test_speaker_runs_the_program_with_the_words(tmp_path):
    log = tmp_path / "said.txt"
    fake = tmp_path / "espeak-ng"
    fake.write_text(f'#!/bin/sh\nshift 2\n[ "$1" = "--" ] && shift\necho "$*" >> {log}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    speaker = Speaker(str(fake))
    speaker.say("Hold, 3 seconds.")
    speaker.wait()
    speaker.say("-not an option")
    speaker.wait()
    assert log.read_text().splitlines() == ["Hold, 3 seconds.", "-not an option"]


def test_speaker_cuts_off_a_phrase_that_is_still_running(tmp_path):
    fake = tmp_path / "slow-speech"
    fake.write_text("#!/bin/sh\nexec sleep 30\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    speaker = Speaker(str(fake))
    speaker.say("one")
    first = speaker._process
    speaker.say("two")
    second = speaker._process
    assert first is not None and second is not None and second is not first
    assert first.returncode == -signal.SIGTERM  # cut off by the next phrase, not run out
    assert second.poll() is None  # the new phrase is still speaking
    speaker.stop()
    assert second.returncode == -signal.SIGTERM
    speaker.stop()  # stopping again, with nothing speaking, does nothing


def test_speech_says_the_safety_notes_after_the_words():
    said = []
    cue = Cue(0, 3000, "work", "x", "Hold, 3 seconds.", rep=1, reps=2, notes=("Stop if it hurts.",))
    SpeechSink(said.append).emit(CueStarted(0, cue, 0, 0))
    assert said == ["Hold, 3 seconds. Stop if it hurts."]


def test_tally_counts_every_skipped_effort():
    tally = TallySink()
    for index in range(3):
        tally.emit(CueEnded(index, WORK, 3, "skipped", 1))
    assert (tally.done, tally.skipped) == (0, 3)


def fake_espeak(folder, log):  # type: ignore[no-untyped-def]
    """An `espeak-ng` in `folder` that writes its arguments to `log`, and chatters on its
    standard output and error (which the speaker must not let through)."""
    fake = folder / "espeak-ng"
    fake.write_text(f'#!/bin/sh\necho "$*" >> {log}\necho out\necho err >&2\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


def test_the_speaker_is_found_on_the_path_and_speaks_in_the_voice_asked_for(
    tmp_path, monkeypatch, capfd
):
    log = tmp_path / "args.txt"
    fake_espeak(tmp_path, log)
    monkeypatch.setenv("PATH", str(tmp_path))
    speaker = Speaker.find(voice="de")
    assert speaker is not None
    speaker.say("Halten, 3 Sekunden.")
    speaker.wait()
    plain = Speaker.find()
    assert plain is not None
    plain.say("Hold.")
    plain.wait()
    assert log.read_text().splitlines() == [
        "-s 160 -v de -- Halten, 3 Sekunden.",
        "-s 160 -- Hold.",
    ]
    assert capfd.readouterr() == ("", "")  # espeak-ng's own output goes nowhere


def test_no_speaker_without_espeak_ng(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder
    assert Speaker.find() is None
