"""History in weeks: local Monday-to-Sunday weeks, newest first, with a summary line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from footwork.core.history_groups import Week, active_minutes, group_by_week, week_summary

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Done:
    started_at: datetime
    active_s: float = 300.0


def weeks_of(items: list[Done], zone: ZoneInfo = BERLIN) -> tuple[Week[Done], ...]:
    return group_by_week(items, when=lambda s: s.started_at, zone=zone)


def test_sixty_days_of_sessions_are_nine_weeks_newest_first():
    first = datetime(2026, 10, 5, 7, tzinfo=UTC)  # a Monday
    sessions = [Done(first + timedelta(days=d)) for d in range(60)]
    weeks = weeks_of(sessions)
    assert [w.monday for w in weeks] == [date(2026, 11, 30) - timedelta(weeks=i) for i in range(9)]
    assert [len(w.items) for w in weeks] == [4, 7, 7, 7, 7, 7, 7, 7, 7]
    assert weeks[0].items[0].started_at == first + timedelta(days=59)
    assert weeks[0].sunday == date(2026, 12, 6)


def test_the_week_is_the_persons_local_week():
    # Sunday 23:30 in UTC is already Monday in Berlin: a new week there, the old one in UTC.
    late_sunday = Done(datetime(2026, 11, 8, 23, 30, tzinfo=UTC))
    assert weeks_of([late_sunday])[0].monday == date(2026, 11, 9)
    assert weeks_of([late_sunday], ZoneInfo("UTC"))[0].monday == date(2026, 11, 2)


def test_no_sessions_no_weeks_and_empty_weeks_are_left_out():
    assert weeks_of([]) == ()
    two = [Done(datetime(2026, 11, 2, 8, tzinfo=UTC)), Done(datetime(2026, 11, 23, 8, tzinfo=UTC))]
    assert [w.monday for w in weeks_of(two)] == [date(2026, 11, 23), date(2026, 11, 2)]


def test_the_summary_counts_sessions_and_whole_minutes():
    monday = datetime(2026, 11, 2, 8, tzinfo=UTC)
    week = weeks_of([Done(monday, 150.0), Done(monday + timedelta(days=1), 200.0)])[0]
    assert week_summary(week) == "2 sessions, 6 minutes"  # 350 s is 5.8 minutes
    one = weeks_of([Done(monday, 60.0)])[0]
    assert week_summary(one) == "1 session, 1 minute"
    assert active_minutes([Done(monday, 29.0)]) == 0
    assert active_minutes([Done(monday, 30.0)]) == 1


@given(st.lists(st.integers(min_value=0, max_value=400 * 24 * 60), max_size=80))
def test_every_session_is_in_exactly_one_week_holding_its_local_day(offsets: list[int]):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    sessions = [Done(start + timedelta(minutes=m)) for m in offsets]
    weeks = weeks_of(sessions)
    assert sum(len(w.items) for w in weeks) == len(sessions)
    assert [w.monday for w in weeks] == sorted({w.monday for w in weeks}, reverse=True)
    for week in weeks:
        assert week.monday.weekday() == 0
        for item in week.items:
            assert week.monday <= item.started_at.astimezone(BERLIN).date() <= week.sunday
