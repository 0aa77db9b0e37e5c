"""How long a worked-out Today holds: until a slot opens or closes, or local midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from footwork.content.loader import load_program
from footwork.core.schedule import ScheduleSettings, ZoneChange, today_status
from footwork.core.today_window import steady_window

NY = ZoneInfo("America/New_York")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
DAY = date(2026, 11, 11)
SETTINGS = ScheduleSettings(
    zones=(ZoneChange(effective_from=EPOCH, timezone="America/New_York"),), start=date(2026, 11, 1)
)
PROGRAM = load_program()


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), NY)


def window_at(now: datetime):
    return steady_window(SETTINGS, today_status(PROGRAM, SETTINGS, [], now), now)


def test_inside_a_slot_it_holds_to_the_slots_end():
    window = window_at(local(DAY, 8))
    assert window is not None
    assert (window.start, window.end) == (local(DAY, 7), local(DAY, 10))


def test_the_window_holds_its_start_but_not_its_end():
    window = window_at(local(DAY, 8))
    assert window is not None
    assert window.holds(local(DAY, 7))
    assert not window.holds(local(DAY, 10))


def test_at_the_very_moment_a_slot_opens_the_window_starts_there():
    # Today at 07:00 differs from Today at 06:59 (the slot is open): the window starts at 07:00.
    window = window_at(local(DAY, 7))
    assert window is not None
    assert (window.start, window.end) == (local(DAY, 7), local(DAY, 10))


def test_after_the_last_slot_it_holds_to_local_midnight():
    window = window_at(local(DAY, 22))
    assert window is not None
    assert (window.start, window.end) == (local(DAY, 21), local(DAY + timedelta(days=1), 0))


def test_before_the_first_slot_it_holds_from_local_midnight():
    window = window_at(local(DAY, 3))
    assert window is not None
    assert (window.start, window.end) == (local(DAY, 0), local(DAY, 7))


@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)))
def test_today_is_the_same_anywhere_in_its_window(moment):
    now = moment.replace(tzinfo=UTC)
    window = window_at(now)
    assert window is not None
    assert window.holds(now)
    here = today_status(PROGRAM, SETTINGS, [], now)
    last = window.end - timedelta(microseconds=1)
    for other in (window.start, last):
        assert today_status(PROGRAM, SETTINGS, [], other) == here
