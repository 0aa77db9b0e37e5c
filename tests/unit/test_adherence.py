"""Adherence and streaks: the definitions in docs/adherence.md, held by examples and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footwork.core.adherence import Figure, adherence, count_text, figure_text, streak
from footwork.core.program import PerDay, PerWeek
from footwork.core.schedule import Performance, ProgramHistory, ScheduleSettings, ZoneChange
from tests.unit.test_schedule import program_of

ZONE = ZoneInfo("America/New_York")
START = date(2026, 10, 26)  # a Monday; clocks change on 1 November in New York
SETTINGS = ScheduleSettings(
    zones=(ZoneChange(effective_from=datetime(2000, 1, 1, tzinfo=UTC), timezone=str(ZONE)),),
    start=START,
)
DAILY_3 = program_of(a=PerDay(kind="per_day", times=3))
WEEKLY = program_of(w=PerWeek(kind="per_week", times=2, times_max=3))
BOTH = program_of(a=PerDay(kind="per_day", times=3), w=PerWeek(kind="per_week", times=2,
                                                                times_max=3))  # fmt: skip
SLOT_HOURS = (8, 13, 19)  # inside morning, midday, evening


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE)


def full_day(day: date) -> list[Performance]:
    return [Performance("a", at(day, h), 1.0) for h in SLOT_HOURS]


def end_of(day: date) -> datetime:
    return at(day, 23, 59)


def test_a_perfect_week_is_100_percent():
    days = [START + timedelta(days=i) for i in range(7)]
    history = [p for d in days for p in full_day(d)]
    result = adherence(ProgramHistory.of(DAILY_3), SETTINGS, history, days=7, now=end_of(days[-1]))
    assert result.overall == result.by_exercise["a"]
    assert result.overall.done == result.overall.prescribed == 21
    assert streak(ProgramHistory.of(DAILY_3), SETTINGS, history, now=end_of(days[-1])) == 7


def test_a_partial_session_counts_in_proportion():
    history = [Performance("a", at(START, 8), 0.6), Performance("a", at(START, 13), 1.0)]
    result = adherence(ProgramHistory.of(DAILY_3), SETTINGS, history, days=1, now=end_of(START))
    assert result.overall.done == 1.6 and result.overall.prescribed == 3


def test_today_counts_only_what_is_over_or_done():
    history = [Performance("a", at(START, 8), 1.0)]
    at_noon = at(START, 12, 30)  # morning done, midday open, evening to come
    result = adherence(ProgramHistory.of(DAILY_3), SETTINGS, history, days=1, now=at_noon)
    assert (result.overall.done, result.overall.prescribed) == (1, 1)


def test_a_range_is_met_at_its_lower_bound():
    week = [START + timedelta(days=i) for i in range(7)]
    history = [Performance("w", at(week[1], 9), 1.0), Performance("w", at(week[4], 9), 1.0)]
    result = adherence(ProgramHistory.of(WEEKLY), SETTINGS, history, days=7, now=end_of(week[-1]))
    assert result.by_week == {START: result.overall}
    assert result.overall.ratio == 1.0
    more = [*history, Performance("w", at(week[5], 9), 1.0), Performance("w", at(week[6], 9), 1.0)]
    assert adherence(ProgramHistory.of(WEEKLY), SETTINGS, more, days=7,
                     now=end_of(week[-1])).overall.ratio == 1.0  # fmt: skip


def test_a_missed_day_resets_the_streak():
    days = [START + timedelta(days=i) for i in range(10)]
    history = [p for d in days if d != days[4] for p in full_day(d)]
    assert streak(ProgramHistory.of(DAILY_3), SETTINGS, history, now=end_of(days[-1])) == 5


def test_today_in_progress_does_not_break_the_streak():
    days = [START + timedelta(days=i) for i in range(4)]
    history = [p for d in days[:3] for p in full_day(d)]
    assert streak(ProgramHistory.of(DAILY_3), SETTINGS, history, now=at(days[3], 9)) == 3
    history += full_day(days[3])
    assert streak(ProgramHistory.of(DAILY_3), SETTINGS, history, now=at(days[3], 20)) == 4


def test_the_dose_in_force_each_day_is_used():
    """Three a day for a week, then once a day: the week after the change is judged by one."""
    once = program_of(a=PerDay(kind="per_day", times=1))
    programs = ProgramHistory(((START, DAILY_3), (START + timedelta(days=7), once)))
    days = [START + timedelta(days=7 + i) for i in range(7)]
    history = [Performance("a", at(d, 8), 1.0) for d in days]
    result = adherence(programs, SETTINGS, history, days=7, now=end_of(days[-1]))
    assert result.overall.ratio == 1.0


def test_the_program_start_limits_the_window():
    result = adherence(ProgramHistory.of(DAILY_3), SETTINGS, full_day(START), days=30,
                       now=end_of(START))  # fmt: skip
    assert result.first == START
    assert result.overall.prescribed == 3


# -- properties ---------------------------------------------------------------------------

DAYS = 14
day_offsets = st.integers(min_value=0, max_value=DAYS - 1)
performances = st.lists(
    st.builds(
        lambda offset, hour, minute, exercise, credit: Performance(
            exercise, at(START + timedelta(days=offset), hour, minute), credit),
        day_offsets, st.integers(0, 23), st.integers(0, 59), st.sampled_from(["a", "w"]),
        st.floats(min_value=0.01, max_value=1.0),
    ),
    max_size=80,
)  # fmt: skip
nows = st.builds(lambda offset, hour: at(START + timedelta(days=offset), hour),
                 day_offsets, st.integers(0, 23))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(performances, nows, st.sampled_from([1, 7, 30]))
def test_figures_stay_between_0_and_100_percent(history, now, days):
    result = adherence(ProgramHistory.of(BOTH), SETTINGS, history, days=days, now=now)
    figures = [result.overall, *result.by_exercise.values(), *result.by_day.values(),
               *result.by_week.values()]  # fmt: skip
    for figure in figures:
        assert 0 <= figure.done <= figure.prescribed + 1e-9
        assert figure.ratio is None or 0 <= figure.ratio <= 1 + 1e-9


@settings(max_examples=150, deadline=None)
@given(performances, st.integers(1, DAYS - 2), st.data())
def test_extra_sessions_never_hide_a_missed_day(history, missed_offset, data):
    missed = START + timedelta(days=missed_offset)
    history = [p for p in history if SETTINGS.local(p.at).date() != missed]
    other = START + timedelta(days=data.draw(day_offsets.filter(lambda o: o != missed_offset)))
    extra = [Performance("a", at(other, h, m), 1.0) for h in range(24) for m in (0, 30)]
    now = end_of(START + timedelta(days=DAYS - 1))
    result = adherence(ProgramHistory.of(BOTH), SETTINGS, history + extra, days=DAYS, now=now)
    assert result.by_day[missed].done == 0
    assert result.by_day[missed].prescribed == 3
    assert result.by_exercise["a"].ratio is not None and result.by_exercise["a"].ratio < 1
    assert (
        streak(ProgramHistory.of(BOTH), SETTINGS, history + extra, now=now) < DAYS - missed_offset
    )


@settings(max_examples=150, deadline=None)
@given(performances, performances, nows)
def test_more_sessions_never_lower_a_figure(history, extra, now):
    base = adherence(ProgramHistory.of(BOTH), SETTINGS, history, days=DAYS, now=now)
    more = adherence(ProgramHistory.of(BOTH), SETTINGS, history + extra, days=DAYS, now=now)
    assert more.overall.done >= base.overall.done - 1e-9


def test_counts_are_shown_as_whole_numbers():
    assert count_text(1.0) == "1"
    assert count_text(206.4) == "206"
    assert count_text(0.0) == "0"
    assert count_text(2.9999999) == "3"  # arithmetic noise is not a missing session
    assert count_text(0.5) == "0"  # half a session is not yet one
    assert figure_text(Figure(206.4, 298.3)) == "206 of 298"
    assert figure_text(Figure(14.6, 14.6)) == "15 of 15"
    assert figure_text(Figure(0.0, 0.29)) == "0 of 1"  # a weekly target, prorated to a day
    assert figure_text(Figure(0.0, 0.0)) == "0 of 0"


@given(st.floats(0, 500), st.floats(0, 500))
def test_shown_done_never_exceeds_shown_prescribed(done: float, prescribed: float):
    done = min(done, prescribed)  # as Figure promises
    shown_done, _, shown_prescribed = figure_text(Figure(done, prescribed)).split(" ")
    assert int(shown_done) <= int(shown_prescribed)


def test_a_window_of_no_days_is_refused_in_these_words():
    with pytest.raises(ValueError) as error:
        adherence(ProgramHistory.of(DAILY_3), SETTINGS, [], days=0, now=end_of(START))
    assert str(error.value) == "days must be at least 1"


def test_weekly_exercises_count_per_week_of_the_window_each_by_the_program_on_its_last_day():
    """Nine days from Sunday 1 March to Monday 9 March 2026: one day of the week of
    23 February, all of the week of 2 March, one day (today) of the week of 9 March. Each
    week's weekly exercises are prorated by its days inside and follow the program in force
    on its last day in the window: a new program from the 9th counts for that week only."""
    first, today = date(2026, 3, 1), date(2026, 3, 9)
    settings = ScheduleSettings(zones=SETTINGS.zones, start=date(2026, 1, 1))
    before = program_of(d=PerDay(kind="per_day", times=1), w=PerWeek(kind="per_week", times=7))
    after = program_of(d=PerDay(kind="per_day", times=1), v=PerWeek(kind="per_week", times=7))
    programs = ProgramHistory(((date.min, before), (today, after)))
    done = [Performance("w", at(first, 10), 1.0), Performance("w", at(date(2026, 3, 3), 10), 1.5),
            Performance("v", at(today, 10), 0.5)]  # fmt: skip
    result = adherence(programs, settings, done, days=9, now=end_of(today))
    assert (result.first, result.last) == (first, today)
    assert result.by_week[date(2026, 2, 23)].prescribed == 1 + 1  # one day of d, 7/7 of w
    assert result.by_exercise["w"] == Figure(2.0, 8.0)  # 1 of 1, then 1 (of 1.5) of 7
    assert result.by_exercise["v"] == Figure(0.5, 1.0)
