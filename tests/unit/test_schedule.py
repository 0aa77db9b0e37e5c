from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from footwork.content.loader import load_program
from footwork.core.program import EveryNDays, OnWeekdays, PerDay, PerWeek, Program
from footwork.core.schedule import (
    Performance,
    ScheduleSettings,
    Slot,
    ZoneChange,
    assign,
    occurrences_on,
    spread,
    suggested_weekdays,
    today_status,
)
from tests.builders import make_exercise, make_timing

BERLIN = ZoneInfo("Europe/Berlin")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def settings(
    zone: str = "Europe/Berlin", start: date = date(2026, 1, 1), **changes
) -> ScheduleSettings:
    return ScheduleSettings(zones=(ZoneChange(effective_from=EPOCH, timezone=zone),), start=start,
                            **changes)  # fmt: skip


def program_of(**frequencies) -> Program:
    exercises = tuple(make_exercise(eid, frequency=f) for eid, f in frequencies.items())
    return Program(title="Test", timing=make_timing(), exercises=exercises)


def at(day: date, hour: int, minute: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime.combine(day, time(hour, minute), zone)


def test_spread_places_occurrences_apart():
    assert spread(1, 3) == [0]
    assert spread(2, 3) == [0, 2]
    assert spread(3, 3) == [0, 1, 2]
    assert spread(4, 3) == [0, 1, 2, 0]


def test_builtin_program_fills_morning_midday_evening():
    day = date(2026, 11, 23)
    found = occurrences_on(load_program(), settings(), day)
    slots: dict[str, list[str]] = {}
    for o in found:
        slots.setdefault(o.slot, []).append(o.exercise_id)
    assert slots == {
        "morning": ["toe-presses", "toe-walking", "ankle-circles", "resistance-band"],
        "midday": ["toe-presses"],
        "evening": ["toe-presses", "toe-walking", "ankle-circles"],
    }
    morning = next(o for o in found if o.slot == "morning")
    assert morning.start == at(day, 7) and morning.end == at(day, 10)


def test_nothing_is_due_before_the_program_started():
    assert occurrences_on(load_program(), settings(start=date(2026, 5, 1)), date(2026, 4, 30)) == []


def test_every_n_days_and_weekdays():
    program = program_of(a=EveryNDays(kind="every_n_days", days=3),
                         b=OnWeekdays(kind="weekdays", days=("mon", "thu")))  # fmt: skip
    s = settings(start=date(2026, 11, 2))  # a Monday
    due = {d: [o.exercise_id for o in occurrences_on(program, s, date(2026, 11, d))]
           for d in range(2, 9)}  # fmt: skip
    assert due == {2: ["a", "b"], 3: [], 4: [], 5: ["a", "b"], 6: [], 7: [], 8: ["a"]}


def test_window_follows_daylight_saving():
    s = settings()
    (spring,) = occurrences_on(program_of(a=PerDay(kind="per_day", times=1)), s, date(2026, 3, 29))
    assert spring.start.astimezone(UTC) == datetime(2026, 3, 29, 5, 0, tzinfo=UTC)  # 07:00 CEST
    (winter,) = occurrences_on(program_of(a=PerDay(kind="per_day", times=1)), s, date(2026, 3, 28))
    assert winter.start.astimezone(UTC) == datetime(2026, 3, 28, 6, 0, tzinfo=UTC)  # 07:00 CET


def test_a_move_to_another_timezone_keeps_past_days_in_the_old_one():
    moved = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    s = ScheduleSettings(
        zones=(ZoneChange(effective_from=EPOCH, timezone="Europe/Berlin"),
               ZoneChange(effective_from=moved, timezone="America/New_York")),
        start=date(2026, 1, 1),
    )  # fmt: skip
    program = program_of(a=PerDay(kind="per_day", times=1))
    (before,) = occurrences_on(program, s, date(2026, 6, 9))
    (after,) = occurrences_on(program, s, date(2026, 6, 11))
    assert before.start.astimezone(UTC).hour == 5  # 07:00 in Berlin
    assert after.start.astimezone(UTC).hour == 11  # 07:00 in New York
    # A session at 23:30 UTC on the 11th is still the 11th in New York.
    assert s.local(datetime(2026, 6, 11, 23, 30, tzinfo=UTC)).date() == date(2026, 6, 11)


def test_performances_fill_their_own_window_then_catch_up_then_early():
    day = date(2026, 11, 23)
    program = program_of(a=PerDay(kind="per_day", times=3))
    occ = occurrences_on(program, settings(), day)
    # A midday session fills midday; one at 22:00, after every window, catches up the latest
    # occurrence already started and still open: the evening one.
    credits = assign(occ, [Performance("a", at(day, 13), 1.0), Performance("a", at(day, 22), 1.0)])
    assert credits == [0.0, 1.0, 1.0]
    # Two sessions in the morning: the second counts early for midday.
    credits = assign(occ, [Performance("a", at(day, 8), 1.0), Performance("a", at(day, 9), 0.5)])
    assert credits == [1.0, 0.5, 0.0]
    # More sessions than occurrences add nothing.
    many = [Performance("a", at(day, 8, m), 1.0) for m in range(5)]
    assert assign(occ, many) == [1.0, 1.0, 1.0]


def test_an_extra_fuller_session_raises_the_weakest_credit_not_the_first():
    day = date(2026, 11, 23)
    occ = occurrences_on(program_of(a=PerDay(kind="per_day", times=2)), settings(), day)
    half_done = [Performance("a", at(day, 8), 1.0), Performance("a", at(day, 19), 0.5)]
    assert assign(occ, half_done) == [1.0, 0.5]
    extra = Performance("a", at(day, 20), 1.0)
    assert assign(occ, [*half_done, extra]) == [1.0, 1.0]
    # A weaker extra session lowers nothing.
    assert assign(occ, [*half_done, Performance("a", at(day, 20), 0.25)]) == [1.0, 0.5]


def test_today_says_what_is_done_due_missed_and_later():
    day = date(2026, 11, 23)
    program = program_of(a=PerDay(kind="per_day", times=3), w=PerWeek(kind="per_week", times=2,
                                                                       times_max=3))  # fmt: skip
    now = at(day, 12, 30)
    status = today_status(program, settings(), [Performance("a", at(day, 8), 1.0)], now)
    assert [s.state for s in status.occurrences] == ["done", "due", "later"]
    assert status.due_now() == ["a", "w"]
    (week,) = status.weeks
    assert (week.week_of, week.done, week.target, week.met) == (date(2026, 11, 23), 0, 2, False)
    later = today_status(program, settings(), [Performance("w", at(day, 9), 1.0)], at(day, 15))
    assert later.due_now() == ["a"]  # missed morning, midday over; weekly done today
    assert [s.state for s in later.occurrences] == ["missed", "missed", "later"]


@pytest.mark.parametrize(
    ("frequency", "days"),
    [(PerWeek(kind="per_week", times=2, times_max=3), (0, 3)),
     (PerWeek(kind="per_week", times=3), (0, 2, 4)), (PerWeek(kind="per_week", times=1), (0,))],
)  # fmt: skip
def test_suggested_weekdays_spread_over_the_week(frequency, days):
    assert suggested_weekdays(frequency) == days


def test_slots_must_not_overlap_and_must_be_in_one_day():
    with pytest.raises(ValidationError, match="overlap"):
        settings(slots=(Slot(name="a", start=time(7), end=time(10)),
                        Slot(name="b", start=time(9), end=time(11))))  # fmt: skip
    with pytest.raises(ValidationError, match="end must come after"):
        Slot(name="late", start=time(22), end=time(1))


def test_unknown_timezone_is_refused():
    with pytest.raises(ValidationError, match="unknown timezone"):
        settings(zone="Mars/Olympus")


def test_slots_are_sorted():
    s = settings(slots=(Slot(name="late", start=time(19), end=time(20)),
                        Slot(name="early", start=time(6), end=time(7))))  # fmt: skip
    assert [x.name for x in s.slots] == ["early", "late"]


def test_day_timezone_noon_rule_for_a_day_of_change():
    change = datetime(2026, 6, 10, 20, 0, tzinfo=UTC)
    s = ScheduleSettings(zones=(ZoneChange(effective_from=EPOCH, timezone="Europe/Berlin"),
                                ZoneChange(effective_from=change, timezone="Asia/Tokyo")),
                         start=date(2026, 1, 1))  # fmt: skip
    assert s.zone_on(date(2026, 6, 10)) == ZoneInfo("Europe/Berlin")
    assert s.zone_on(date(2026, 6, 11)) == ZoneInfo("Asia/Tokyo")
    assert s.zone_at(change - timedelta(seconds=1)) == ZoneInfo("Europe/Berlin")


def test_slots_that_ended_before_the_person_began_are_neither_due_nor_missed():
    day = date(2026, 3, 10)
    program = program_of(a=PerDay(kind="per_day", times=3))
    # Began at 15:00, after the morning (07-10) and midday (12-14) slots had ended.
    began = settings(start=day, began_at=at(day, 15))
    status = today_status(program, began, [], at(day, 15, 30))
    assert [(s.occurrence.slot, s.state) for s in status.occurrences] == [("evening", "later")]
    # A slot under way when they began is theirs; the next day is whole.
    during = settings(start=day, began_at=at(day, 13))
    assert [s.state for s in today_status(program, during, [], at(day, 13, 30)).occurrences] == [
        "due", "later"
    ]  # fmt: skip
    tomorrow = today_status(program, began, [], at(day + timedelta(days=1), 15))
    assert [s.state for s in tomorrow.occurrences] == ["missed", "missed", "later"]


def test_same_clock_tells_aliases_from_different_rules():
    from footwork.core.schedule import same_clock

    june = datetime(2026, 6, 1, tzinfo=UTC)
    assert same_clock("UTC", "Etc/UTC", at=june)
    assert same_clock("Europe/Berlin", "Europe/Paris", at=june)
    assert not same_clock("Europe/London", "UTC", at=june)  # equal in winter, not in summer
    assert not same_clock("Europe/Berlin", "Asia/Tokyo", at=june)


def test_same_clock_looks_from_now_for_a_year_ahead_not_back():
    from footwork.core.schedule import same_clock

    # Mexico City left summer time on 30 October 2022 for good: from then on it shows the
    # time of Regina (no summer time), before that not.
    mexico, regina = "America/Mexico_City", "America/Regina"
    assert same_clock(mexico, regina, at=datetime(2022, 11, 1, tzinfo=UTC))
    assert not same_clock(mexico, regina, at=datetime(2022, 10, 29, 12, tzinfo=UTC))
    # Berlin and Lagos agree in January; the summer, months ahead, tells them apart.
    assert not same_clock("Europe/Berlin", "Africa/Lagos", at=datetime(2026, 1, 15, tzinfo=UTC))


def test_the_day_window_runs_from_the_first_slots_start_to_the_last_slots_end():
    three = (Slot(name="morning", start=time(7), end=time(9)),
             Slot(name="noon", start=time(12), end=time(13)),
             Slot(name="evening", start=time(18), end=time(21)))  # fmt: skip
    day = date(2026, 3, 4)
    assert settings(slots=three).day_window(day) == (
        datetime(2026, 3, 4, 7, tzinfo=BERLIN),
        datetime(2026, 3, 4, 21, tzinfo=BERLIN),
    )


def test_ids_in_lists_each_exercise_in_the_states_asked_once_in_order():
    from footwork.core.schedule import Occurrence, OccurrenceStatus, Today

    start = datetime(2026, 3, 4, 7, tzinfo=BERLIN)

    def status(exercise_id: str, slot: str, state: str) -> OccurrenceStatus:
        occurrence = Occurrence(date(2026, 3, 4), exercise_id, slot, start, start)
        return OccurrenceStatus(occurrence, 0.0, state)  # type: ignore[arg-type]

    today = Today(date(2026, 3, 4), (status("a", "morning", "done"),
                                     status("b", "morning", "missed"),
                                     status("c", "morning", "later"),
                                     status("b", "evening", "due"),
                                     status("d", "evening", "due")), ())  # fmt: skip
    assert today.ids_in("due", "missed") == ["b", "d"]
    assert today.ids_in("done") == ["a"]
    assert today.due_now() == ["b", "d"]


def test_a_weeks_credit_counts_from_the_start_day_to_today_each_session_at_most_once():
    from footwork.core.schedule import WeekStatus, week_status

    monday, tuesday = date(2026, 3, 2), date(2026, 3, 3)
    program = program_of(a=PerWeek(kind="per_week", times=3, times_max=4),
                         b=PerWeek(kind="per_week", times=2),
                         daily=PerDay(kind="per_day", times=1))  # fmt: skip
    done = [
        Performance("a", at(monday, 10), 1.0),  # before the start day: not counted
        Performance("a", at(tuesday, 10), 1.0),  # the start day itself counts
        Performance("a", at(date(2026, 3, 4), 10), 1.5),  # more than a full one counts as one
        Performance("b", at(date(2026, 3, 4), 11), 1.0),
        Performance("a", at(date(2026, 3, 5), 9), 0.25),  # today
        Performance("a", at(date(2026, 3, 6), 9), 1.0),  # tomorrow: not yet
    ]
    now = at(date(2026, 3, 5), 18)
    assert week_status(program, settings(start=tuesday), done, now) == [
        WeekStatus("a", monday, 2.25, 3, 4, True),
        WeekStatus("b", monday, 1.0, 2, None, False),
    ]


def test_before_its_first_entry_a_program_history_gives_the_first_program():
    from footwork.core.schedule import ProgramHistory

    first, second = program_of(a=PerDay(kind="per_day", times=1)), program_of(b=PerWeek(
        kind="per_week", times=2))  # fmt: skip
    history = ProgramHistory(((date(2026, 3, 5), first), (date(2026, 3, 9), second)))
    assert history.on(date(2026, 3, 1)) is first
    assert history.on(date(2026, 3, 8)) is first
    assert history.on(date(2026, 3, 9)) is second


def test_a_performance_with_no_credit_is_no_performance_of_its_day():
    from footwork.core.schedule import performances_by_day

    day = date(2026, 3, 4)
    nothing, something = Performance("a", at(day, 9), 0.0), Performance("a", at(day, 10), 0.1)
    assert performances_by_day(settings(), [nothing]) == {}
    assert performances_by_day(settings(), [something, nothing]) == {day: [something]}


def test_a_slot_that_ended_the_moment_the_person_began_is_not_theirs():
    day = date(2026, 3, 10)
    program = program_of(a=PerDay(kind="per_day", times=3))
    began = settings(start=day, began_at=at(day, 14))  # the midday slot ends at 14:00
    status = today_status(program, began, [], at(day, 14, 30))
    assert [(s.occurrence.slot, s.state) for s in status.occurrences] == [("evening", "later")]


def test_a_day_bound_occurrence_holds_its_day_and_the_whole_days_window():
    s = settings(start=date(2026, 11, 2))
    day = date(2026, 11, 5)
    (found,) = occurrences_on(program_of(a=EveryNDays(kind="every_n_days", days=3)), s, day)
    assert (found.day, found.exercise_id, found.slot) == (day, "a", "day")
    assert (found.start, found.end) == (at(day, 7), at(day, 21))
    assert found.key == "2026-11-05/day/a"


def test_before_the_first_change_the_first_zone_holds_and_a_change_holds_from_its_moment():
    moved = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    s = ScheduleSettings(
        zones=(ZoneChange(effective_from=moved, timezone="Asia/Tokyo"),), start=date(2026, 1, 1)
    )
    assert s.zone_at(moved - timedelta(days=30)) == ZoneInfo("Asia/Tokyo")
    assert s.zone_on(date(2026, 5, 1)) == ZoneInfo("Asia/Tokyo")
    two = ScheduleSettings(
        zones=(ZoneChange(effective_from=EPOCH, timezone="Europe/Berlin"),
               ZoneChange(effective_from=moved, timezone="Asia/Tokyo")),
        start=date(2026, 1, 1),
    )  # fmt: skip
    assert two.zone_at(moved - timedelta(microseconds=1)) == BERLIN
    assert two.zone_at(moved) == ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(("minute", "zone"), [(0, "Asia/Tokyo"), (30, "Europe/Berlin")])
def test_a_day_takes_the_zone_in_force_at_its_local_noon_exactly(minute: int, zone: str):
    # The change takes effect at 12:00 or 12:30 Tokyo time on 10 June.
    moved = datetime(2026, 6, 10, 12, minute, tzinfo=ZoneInfo("Asia/Tokyo"))
    s = ScheduleSettings(
        zones=(ZoneChange(effective_from=EPOCH, timezone="Europe/Berlin"),
               ZoneChange(effective_from=moved, timezone="Asia/Tokyo")),
        start=date(2026, 1, 1),
    )  # fmt: skip
    assert s.zone_on(date(2026, 6, 10)) == ZoneInfo(zone)


def test_a_session_counts_at_most_once_even_with_more_than_its_reps():
    day = date(2026, 11, 23)
    occ = occurrences_on(program_of(a=PerDay(kind="per_day", times=1)), settings(), day)
    assert assign(occ, [Performance("a", at(day, 8), 1.5)]) == [1.0]
    weak_then_strong = [Performance("a", at(day, 8), 0.5), Performance("a", at(day, 9), 1.5)]
    assert assign(occ, weak_then_strong) == [1.0]


def test_a_session_at_the_end_of_a_window_fills_the_window_that_opens_then():
    day = date(2026, 11, 23)
    s = settings(slots=(Slot(name="early", start=time(7), end=time(10)),
                        Slot(name="late", start=time(10), end=time(12))))  # fmt: skip
    occ = occurrences_on(program_of(a=PerDay(kind="per_day", times=2)), s, day)
    assert [o.slot for o in occ] == ["early", "late"]
    assert assign(occ, [Performance("a", at(day, 10), 1.0)]) == [0.0, 1.0]
