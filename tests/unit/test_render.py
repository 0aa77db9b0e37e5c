from __future__ import annotations

import io

from rich.console import Console

from footwork.cli.render import (
    big_digits,
    countdown_text,
    exercises_table,
    format_clock,
    plain_cue_line,
    session_summary,
    session_view,
)
from footwork.content.loader import load_program
from footwork.core.timeline import compile_timeline
from footwork.player.player import Position


def text_of(renderable) -> str:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def test_clock_formats_round_up_whole_seconds():
    assert format_clock(0) == "0:00"
    assert format_clock(2.1) == "0:03"
    assert format_clock(65) == "1:05"
    assert countdown_text(9.2) == "10"
    assert countdown_text(75) == "1:15"


def test_big_digits_are_five_rows():
    rows = big_digits("10").splitlines()
    assert len(rows) == 5
    assert rows[0] == "  █   ████"


def test_session_view_shows_countdown_counters_next_and_progress():
    program = load_program()
    timeline = compile_timeline([program.exercise("toe-pickups")], program.timing)
    cue = timeline.cues[3]  # second hold, left foot
    position = Position(3, cue, remaining_s=7.5, elapsed_s=cue.offset_s + 2.5, paused=False)
    shown = text_of(session_view(position, timeline, {"toe-pickups": "Toe pickups"}))
    assert "WORK" in shown
    assert "rep 2 of 5" in shown
    assert "left foot" in shown
    assert "Next: Release and relax." in shown
    assert big_digits("8").splitlines()[0] in shown
    assert "0:29 / 2:39" in shown  # 3 s longer to get ready for each of its two safety notes
    assert "space pause" in shown


def test_paused_view_says_so():
    program = load_program()
    timeline = compile_timeline([program.exercise("toe-presses")], program.timing)
    position = Position(1, timeline.cues[1], remaining_s=2, elapsed_s=6, paused=True)
    assert "PAUSED" in text_of(session_view(position, timeline, {}))


def test_exercises_table_marks_our_defaults():
    shown = text_of(exercises_table(load_program()))
    assert "once a day (our" in shown
    assert "11 holds of 5 s" in shown


def test_plain_line_names_side_and_direction():
    program = load_program()
    timeline = compile_timeline([program.exercise("ankle-circles")], program.timing)
    line = plain_cue_line(timeline.cues[3], "Ankle circles")
    assert line.startswith("  0:26  Ankle circles")  # get-ready: 5 s and 3 s per safety note
    assert line.endswith("[left foot · counter-clockwise]")


def test_summary():
    assert session_summary("completed", done=10, skipped=0, planned=10) == (
        "Session complete: 10 of 10 efforts done."
    )
    assert session_summary("quit", done=3, skipped=1, planned=10) == (
        "Session stopped: 3 of 10 efforts done, 1 skipped."
    )


def test_get_ready_shows_the_exercises_own_safety_notes():
    program = load_program()
    exercise = program.exercise("toe-walking")
    timeline = compile_timeline([exercise], program.timing)
    cue = timeline.cues[0]
    position = Position(0, cue, remaining_s=4.0, elapsed_s=1.0, paused=False)
    shown = text_of(session_view(position, timeline, {"toe-walking": "Toe walking"}))
    for note in exercise.safety:
        assert note[:40] in " ".join(shown.replace("│", " ").split())
