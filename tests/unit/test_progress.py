"""The figures behind the progress charts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.core.adherence import Figure
from footwork.core.progress import adherence_calendar, minutes_per_week, rolling_median

MONDAY = date(2026, 11, 2)


def test_the_calendar_is_whole_weeks_with_ratios_only_inside_the_period():
    by_day = {MONDAY + timedelta(days=i): Figure(i % 3, 2) for i in range(10)}
    weeks = adherence_calendar(
        by_day, first=MONDAY + timedelta(days=2), last=MONDAY + timedelta(days=9)
    )
    assert len(weeks) == 2 and all(len(w) == 7 for w in weeks)
    assert weeks[0][0].day == MONDAY and weeks[0][0].ratio is None  # before the period
    assert weeks[0][2].ratio == pytest.approx(1.0)  # day 2: 2 of 2
    assert weeks[1][2].ratio == pytest.approx(0.0)  # day 9: 9 % 3 = 0 of 2
    assert weeks[1][3].ratio is None  # after the period


def test_a_day_with_nothing_due_has_no_ratio_not_zero():
    weeks = adherence_calendar({MONDAY: Figure(0, 0)}, first=MONDAY, last=MONDAY)
    assert weeks[0][0].ratio is None


def test_the_rolling_median_looks_back_over_scored_days_only():
    values = {MONDAY: 6.0, MONDAY + timedelta(days=1): 2.0, MONDAY + timedelta(days=9): 4.0}
    smooth = rolling_median(values, days=7)
    assert smooth[MONDAY] == 6.0
    assert smooth[MONDAY + timedelta(days=1)] == 4.0  # median of 6 and 2
    assert smooth[MONDAY + timedelta(days=9)] == 4.0  # the others are more than 7 days back


@given(st.dictionaries(st.integers(0, 60), st.floats(0, 10), min_size=1), st.integers(1, 14))
def test_the_rolling_median_stays_within_the_values(offsets, days):
    values = {MONDAY + timedelta(days=o): v for o, v in offsets.items()}
    for value in rolling_median(values, days=days).values():
        assert min(values.values()) <= value <= max(values.values())


def test_minutes_per_week_lists_every_week_and_adds_each_sessions_seconds():
    sessions = [
        (MONDAY, 120.0),
        (MONDAY + timedelta(days=6), 60.0),
        (MONDAY + timedelta(days=15), 30.0),
    ]
    weeks = minutes_per_week(sessions, first=MONDAY, last=MONDAY + timedelta(days=20))
    assert weeks == {MONDAY: 3.0, MONDAY + timedelta(days=7): 0.0, MONDAY + timedelta(days=14): 0.5}


def test_a_session_on_the_last_day_counts_even_when_it_is_a_monday():
    last = MONDAY + timedelta(days=14)  # a Monday: its week is listed and its session counted
    weeks = minutes_per_week(
        [(last, 300.0), (last + timedelta(days=1), 600.0), (MONDAY - timedelta(days=1), 60.0)],
        first=MONDAY,
        last=last,
    )
    assert weeks == {MONDAY: 0.0, MONDAY + timedelta(days=7): 0.0, last: 5.0}


def test_a_rolling_median_over_no_days_is_refused_with_its_reason():
    with pytest.raises(ValueError, match=r"^days must be at least 1$"):
        rolling_median({MONDAY: 3.0}, days=0)
