from __future__ import annotations

import itertools

import pytest

from footwork.core.timeline import compile_timeline
from footwork.player.clock import Command, FakeClock, ScriptedInbox
from footwork.player.events import CueEnded, CueStarted, Event, Paused, Resumed, SessionEnded
from footwork.player.player import Player
from footwork.player.sinks import TallySink
from tests.builders import make_dose, make_exercise, make_timing

START = 1000.0


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def emit(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]


def play(script=(), *, speed=1.0, reps=3):
    """A session of one exercise: prepare 5, then holds of 3 with rests of 1, done 2."""
    timeline = compile_timeline([make_exercise(dose=make_dose(reps=reps))], make_timing())
    clock = FakeClock(START)
    recorder = Recorder()
    player = Player(
        timeline, clock=clock, inbox=ScriptedInbox(clock, script), sinks=[recorder], speed=speed
    )
    outcome = player.run()
    return outcome, recorder, timeline, clock


def test_every_cue_starts_exactly_when_due():
    outcome, recorder, timeline, clock = play()
    assert outcome == "completed"
    started = recorder.of(CueStarted)
    assert [e.index for e in started] == list(range(len(timeline.cues)))
    assert [e.at - START for e in started] == [c.offset_s for c in timeline.cues]
    assert all(e.lateness == 0 for e in started)
    assert clock.now() - START == timeline.total_s
    assert recorder.events[-1] == SessionEnded("completed", START + timeline.total_s)


def test_speed_divides_every_duration():
    _, recorder, timeline, clock = play(speed=4)
    assert [e.at - START for e in recorder.of(CueStarted)] == [
        c.offset_s / 4 for c in timeline.cues
    ]
    assert clock.now() - START == timeline.total_s / 4


def test_pause_shifts_everything_after_it_by_the_pause():
    # Pause 2 s into the prepare cue (5 s) for 10 s.
    _, recorder, timeline, clock = play(
        [(START + 2, Command.TOGGLE_PAUSE), (START + 12, Command.TOGGLE_PAUSE)]
    )
    assert recorder.of(Paused) == [Paused(0, START + 2)]
    assert recorder.of(Resumed) == [Resumed(0, START + 12)]
    first_work = recorder.of(CueStarted)[1]
    assert first_work.at == START + 15
    prepare_end = recorder.of(CueEnded)[0]
    assert prepare_end.active_s == 5
    assert clock.now() - START == timeline.total_s + 10


def test_skip_ends_the_cue_as_skipped_and_keeps_later_spacing():
    # Skip the first hold (starts at 5) one second in.
    _, recorder, _timeline, _ = play([(START + 6, Command.SKIP)])
    ended = recorder.of(CueEnded)
    assert (ended[1].cue.kind, ended[1].outcome, ended[1].active_s) == ("work", "skipped", 1)
    rest = recorder.of(CueStarted)[2]
    assert rest.cue.kind == "rest" and rest.at == START + 6
    # Every later cue keeps its duration.
    later = recorder.of(CueStarted)[2:]
    for before, after in itertools.pairwise(later):
        assert after.at - before.at == before.cue.duration_s


def test_back_early_in_a_cue_goes_to_the_one_before():
    # Second hold starts at 5+3+1 = 9; back at 9.5 goes to the rest before it.
    _, recorder, _, _ = play([(START + 9.5, Command.BACK)])
    started = recorder.of(CueStarted)
    assert [e.index for e in started[:5]] == [0, 1, 2, 3, 2]


def test_back_late_in_a_cue_restarts_it():
    # Prepare is 5 s long; back at 4 restarts it.
    _, recorder, _, _ = play([(START + 4, Command.BACK)])
    started = recorder.of(CueStarted)
    assert [e.index for e in started[:3]] == [0, 0, 1]
    assert started[2].at == START + 9


def test_going_back_during_a_hold_restarts_it_and_skips_nothing():
    # The first hold runs from 5 to 8; back at 7.5 (2.5 s in) starts it again.
    _, recorder, _, _ = play([(START + 7.5, Command.BACK)])
    tally = TallySink()
    for event in recorder.events:
        tally.emit(event)
    assert [(e.index, e.outcome) for e in recorder.of(CueEnded)][:2] == [
        (0, "done"),
        (1, "restarted"),
    ]
    assert (tally.done, tally.skipped) == (3, 0)


def test_quit_ends_the_session():
    outcome, recorder, _, _ = play([(START + 6, Command.QUIT)])
    assert outcome == "quit"
    assert recorder.events[-2].outcome == "skipped"
    assert recorder.events[-1] == SessionEnded("quit", START + 6)
    assert len(recorder.of(CueStarted)) == 2


def test_skip_while_paused_resumes():
    _, recorder, timeline, clock = play(
        [(START + 1, Command.TOGGLE_PAUSE), (START + 30, Command.SKIP)]
    )
    assert recorder.of(Resumed) == [Resumed(0, START + 30)]
    assert recorder.of(CueStarted)[1].at == START + 30
    assert clock.now() == START + 30 + timeline.total_s - 5


def test_completed_reps_are_reported_done_with_their_duration():
    _, recorder, _, _ = play(reps=4)
    work = [e for e in recorder.of(CueEnded) if e.cue.kind == "work"]
    assert [(e.cue.rep, e.outcome, e.active_s) for e in work] == [
        (r, "done", 3) for r in (1, 2, 3, 4)
    ]


def test_position_reports_remaining_time():
    timeline = compile_timeline([make_exercise()], make_timing())
    clock = FakeClock(START)
    player = Player(timeline, clock=clock, inbox=ScriptedInbox(clock), speed=2)
    seen = []

    class Probe:
        def emit(self, event: Event) -> None:
            if isinstance(event, CueStarted) and event.index == 1:
                clock.advance_to(clock.now() + 0.5)  # half a second of real time, 1 s of timeline
                seen.append(player.position())

    player._sinks = (Probe(),)
    player.run()
    (position,) = seen
    assert position.index == 1
    assert position.remaining_s == pytest.approx(2.0)
    assert position.elapsed_s == pytest.approx(6.0)
    assert not position.paused


def test_ctrl_c_ends_as_interrupted():
    timeline = compile_timeline([make_exercise()], make_timing())
    clock = FakeClock(START)

    class Interrupting(ScriptedInbox):
        def next_command(self, deadline):
            if clock.now() >= START + 5:
                raise KeyboardInterrupt
            return super().next_command(deadline)

    recorder = Recorder()
    player = Player(timeline, clock=clock, inbox=Interrupting(clock), sinks=[recorder])
    assert player.run() == "interrupted"
    assert recorder.events[-1].outcome == "interrupted"
    assert recorder.of(CueEnded)[-1].outcome == "skipped"


@pytest.mark.parametrize("speed", [0, -1, float("inf"), float("nan")])
def test_bad_speed_is_refused(speed):
    timeline = compile_timeline([make_exercise()], make_timing())
    clock = FakeClock()
    with pytest.raises(ValueError, match="speed"):
        Player(timeline, clock=clock, inbox=ScriptedInbox(clock), speed=speed)


def test_back_late_in_a_later_cue_restarts_that_cue():
    # The second hold starts at 9; back exactly 2 s in (at 11) restarts it, from 11.
    _, recorder, _, _ = play([(START + 11, Command.BACK)])
    started = recorder.of(CueStarted)
    assert [e.index for e in started[:5]] == [0, 1, 2, 3, 3]
    assert started[4].at == START + 11


def test_back_early_in_the_first_hold_goes_to_the_prepare_cue():
    _, recorder, _, _ = play([(START + 5.5, Command.BACK)])
    assert [e.index for e in recorder.of(CueStarted)[:3]] == [0, 1, 0]


def test_skip_at_double_speed_keeps_the_later_cues_at_double_speed():
    # At speed 2 the first hold starts at 2.5; skipping it at 3 starts the rest then,
    # on time, and the next hold half a second (1 s of timeline) later.
    _, recorder, _, _ = play([(START + 3, Command.SKIP)], speed=2)
    started = recorder.of(CueStarted)
    assert (started[2].cue.kind, started[2].at, started[2].lateness) == ("rest", START + 3, 0)
    assert started[3].at == START + 3.5


def test_two_pauses_in_one_cue_are_both_left_out_of_its_time():
    _, recorder, _, _ = play(
        [
            (START + 1, Command.TOGGLE_PAUSE),
            (START + 3, Command.TOGGLE_PAUSE),
            (START + 4, Command.TOGGLE_PAUSE),
            (START + 7, Command.TOGGLE_PAUSE),
        ]
    )
    prepare_end = recorder.of(CueEnded)[0]
    assert (prepare_end.at, prepare_end.active_s) == (START + 10, 5)


def test_position_while_paused_stands_still_at_the_pause():
    timeline = compile_timeline([make_exercise()], make_timing())
    clock = FakeClock(START)
    script = [(START + 4.5, Command.TOGGLE_PAUSE), (START + 20, Command.TOGGLE_PAUSE)]
    player = Player(timeline, clock=clock, inbox=ScriptedInbox(clock, script))
    seen = []

    class Probe:
        def emit(self, event: Event) -> None:
            if isinstance(event, Paused):
                clock.advance_to(clock.now() + 3)  # time passes while paused
                seen.append(player.position())

    player._sinks = (Probe(),)
    player.run()
    (position,) = seen
    assert (position.index, position.cue, position.paused) == (0, timeline.cues[0], True)
    assert position.remaining_s == pytest.approx(0.5)
    assert position.elapsed_s == pytest.approx(4.5)


def test_position_before_the_start_and_past_the_end_stays_at_zero():
    timeline = compile_timeline([make_exercise()], make_timing())
    clock = FakeClock(START)
    player = Player(timeline, clock=clock, inbox=ScriptedInbox(clock))
    player._anchor = START + 1  # as if the session began a second from now
    assert player.position().elapsed_s == 0
    player._anchor = START - 6  # a second past the prepare cue's end
    assert player.position().remaining_s == 0


def test_skipping_the_last_cue_completes_the_session():
    # The "done" cue runs from 16 to 18; the zero-length "session-done" cue ends the timeline.
    # Skipping "done" half a second in starts "session-done", and skipping that completes.
    outcome, recorder, timeline, _ = play(
        [(START + 16.5, Command.SKIP), (START + 16.5, Command.SKIP)]
    )
    assert outcome == "completed"
    ended = recorder.of(CueEnded)
    assert [(e.index, e.outcome) for e in ended[-2:]] == [
        (len(timeline.cues) - 2, "skipped"),
        (len(timeline.cues) - 1, "skipped"),
    ]
    assert ended[-2].active_s == 0.5
    assert recorder.events[-1] == SessionEnded("completed", START + 16.5)


def test_quitting_while_paused_leaves_the_pause_out_of_the_cue_time():
    _, recorder, _, _ = play([(START + 1, Command.TOGGLE_PAUSE), (START + 4, Command.QUIT)])
    ended = recorder.of(CueEnded)
    assert [(e.index, e.outcome, e.active_s) for e in ended] == [(0, "skipped", 1)]
