from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from rich.console import Console

from footwork.cli.history_view import balance_table, pain_table, sessions_table
from footwork.core.program import Program
from footwork.core.records import (
    BalanceTest,
    PainCheckin,
    PainScoresError,
    ProgramVersion,
    by_start,
    in_force,
    parse_pain_scores,
    session_status,
)
from footwork.store.history import SessionSummary
from tests.builders import make_exercise, make_timing

T0 = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 01:30 in Berlin, before the clocks go forward


def test_parse_pain_scores_accepts_commas_and_spaces():
    assert parse_pain_scores("back=4,knee-left=3") == {"back": 4, "knee-left": 3}
    assert parse_pain_scores(" Back=0  foot-right=10 ") == {"back": 0, "foot-right": 10}
    assert parse_pain_scores("") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [("back", "expected REGION=SCORE"), ("elbow=2", "unknown region"), ("back=11", "0 to 10"),
     ("back=-1", "0 to 10"), ("back=2.5", "0 to 10")],
)  # fmt: skip
def test_parse_pain_scores_refuses_bad_items(text, message):
    with pytest.raises(PainScoresError, match=message):
        parse_pain_scores(text)


@given(st.integers(0, 200), st.integers(0, 200), st.booleans())
def test_session_status_follows_the_efforts(planned, done, finished):
    status = session_status(planned=planned, done=done, finished=finished)
    if not finished:
        assert status == "in_progress"
    elif done == 0:
        assert status == "aborted"
    else:
        assert status == ("completed" if done >= planned else "partial")


def test_balance_is_capped_at_45_seconds():
    with pytest.raises(ValidationError, match="less than or equal to 45"):
        BalanceTest(id="b", recorded_at=T0, left_s=45.5)
    with pytest.raises(ValidationError, match="left leg, the right leg"):
        BalanceTest(id="b", recorded_at=T0)


def test_times_must_carry_a_timezone():
    with pytest.raises(ValidationError, match="timezone"):
        PainCheckin(id="c", recorded_at=datetime(2026, 1, 1), scores={"back": 1})


def render(table) -> str:
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(table)
    return console.file.getvalue()


def test_history_tables_show_local_times_and_values():
    berlin = ZoneInfo("Europe/Berlin")
    summary = SessionSummary("s", T0, T0 + timedelta(minutes=2), "partial", ("toe-presses",), 10,
                             6, 1, 18.0)  # fmt: skip
    shown = render(sessions_table([summary], berlin))
    assert "2026-03-29 01:30" in shown
    assert "6 of 10" in shown and "partial" in shown and "0:18" in shown
    pain = PainCheckin(id="c", recorded_at=T0 + timedelta(hours=1), context="before",
                       scores={"knee-right": 7}, note="stairs")  # fmt: skip
    shown = render(pain_table([pain], berlin))
    assert "2026-03-29 03:30" in shown  # the clocks went forward at 02:00
    assert "right knee" in shown and "7" in shown and "before session" in shown
    assert "low back" not in shown
    shown = render(balance_table([BalanceTest(id="b", recorded_at=T0, right_s=12.5)], berlin))
    assert "12.5" in shown and "open" in shown


def test_empty_tables_say_how_to_start():
    assert "footwork session" in render(sessions_table([], ZoneInfo("UTC")))
    assert "footwork log pain" in render(pain_table([], ZoneInfo("UTC")))


def _version(number: int, created_day: int, starts_day: int | None = None) -> ProgramVersion:
    program = Program(title=f"P{number}", timing=make_timing(), exercises=(make_exercise(),))
    return ProgramVersion(
        id=f"version-{number}",
        version=number,
        created_at=datetime(2026, 3, created_day, 23, 30, tzinfo=UTC),
        program=program,
        starts_on=None if starts_day is None else date(2026, 3, starts_day),
    )


def _berlin_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo("Europe/Berlin")).date()


def test_a_version_starts_on_its_start_day_or_the_local_day_it_was_made():
    assert _version(1, 2).start(_berlin_day) == date(2026, 3, 3)  # 23:30 UTC is the 3rd there
    assert _version(2, 2, starts_day=9).start(_berlin_day) == date(2026, 3, 9)


def test_the_version_in_force_is_the_latest_start_on_or_before_the_day():
    first = _version(1, 1)  # in force from the 2nd (Berlin)
    later = _version(2, 3, starts_day=10)  # made on the 3rd, from the 10th
    same_day = _version(3, 4, starts_day=10)  # from the 10th too: the higher version wins
    between = _version(4, 5)  # from the 6th
    versions = [same_day, between, later, first]
    assert [v.version for v in by_start(versions, _berlin_day)] == [1, 4, 2, 3]
    assert in_force(versions, date(2026, 3, 1), _berlin_day) is None
    assert in_force(versions, date(2026, 3, 2), _berlin_day) == first
    assert in_force(versions, date(2026, 3, 5), _berlin_day) == first
    assert in_force(versions, date(2026, 3, 6), _berlin_day) == between
    assert in_force(versions, date(2026, 3, 9), _berlin_day) == between
    assert in_force(versions, date(2026, 3, 10), _berlin_day) == same_day
    assert in_force([], date(2026, 3, 10), _berlin_day) is None


def test_one_effort_of_several_makes_a_finished_session_partial():
    assert session_status(planned=3, done=1, finished=True) == "partial"
    assert session_status(planned=3, done=0, finished=True) == "aborted"


def test_a_session_with_nothing_planned_and_nothing_done_is_not_completed():
    assert session_status(planned=0, done=0, finished=True) == "aborted"
    assert session_status(planned=1, done=1, finished=True) == "completed"


def test_pain_scores_are_refused_in_these_words():
    with pytest.raises(PainScoresError) as error:
        parse_pain_scores("back=3=4")  # the first '=' splits: the score is '3=4'
    assert str(error.value) == "'back=3=4': the score must be a whole number from 0 to 10"
    with pytest.raises(PainScoresError) as error:
        parse_pain_scores("Elbow=2")
    assert str(error.value) == (
        "'elbow': unknown region (one of back, hip-left, hip-right, knee-left, knee-right, "
        "foot-left, foot-right)"
    )
