"""Today and stats on a history built here, on SQLite and PostgreSQL, with exact figures."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from footwork.content.loader import load_program
from footwork.core.adherence import Figure
from footwork.core.records import EffortRecord, PlannedExercise
from footwork.services.schedule import stats, today
from footwork.store.repository import Store, new_id

NY = ZoneInfo("America/New_York")  # the clocks went back on 1 November 2026
START = date(2026, 11, 2)  # a Monday
NOW = datetime(2026, 11, 11, 15, 0, tzinfo=NY)
MORNING = ("toe-presses", "toe-walking", "ankle-circles", "resistance-band")
EVENING = ("toe-presses", "toe-walking", "ankle-circles")


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), NY)


def session(store: Store, person_id: str, when: datetime, ids, *, done_of=None) -> None:
    """A session of `ids` at `when`; `done_of` maps an id to how many of its efforts were done."""
    program = load_program()
    version = store.latest_program(person_id)
    session_id = store.start_session(
        person_id, program_version_id=version.id, started_at=when, owner=None,
        plan=[PlannedExercise(exercise_id=i, planned_efforts=program.exercise(i).dose.efforts)
              for i in ids],
    )  # fmt: skip
    index = 0
    for exercise_id in ids:
        planned = program.exercise(exercise_id).dose.efforts
        for rep in range(planned):
            index += 1
            done = rep < (done_of or {}).get(exercise_id, planned)
            store.record_effort(session_id, EffortRecord(
                id=new_id(), cue_index=index, exercise_id=exercise_id, rep=rep + 1,
                outcome="done" if done else "skipped", started_at=when, ended_at=when,
                planned_s=1.0, actual_s=1.0))  # fmt: skip
    store.finish_session(session_id, ended_at=when + timedelta(minutes=15))


@pytest.fixture
def history(store: Store) -> tuple[Store, str]:
    person = store.personal_person(now=at(START, 7), timezone="America/New_York")
    store.follow_program(person.id, load_program(), now=at(START, 7))
    for offset in range(9):  # 2 to 10 November
        day = START + timedelta(days=offset)
        if day == date(2026, 11, 6):
            continue  # a missed day
        session(store, person.id, at(day, 8), MORNING)
        session(store, person.id, at(day, 13), ("toe-presses",))
        partial = {"toe-presses": 5} if day == date(2026, 11, 9) else None
        session(store, person.id, at(day, 19), EVENING, done_of=partial)
    for day in (date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 10)):
        session(store, person.id, at(day, 16), ("toe-pickups",))
    session(store, person.id, at(NOW.date(), 8), MORNING)  # today: morning only
    return store, person.id


def test_today_shows_done_missed_later_and_the_week(history):
    store, person_id = history
    status = today(store, person_id, load_program(), now=NOW)
    states = [(s.occurrence.slot, s.occurrence.exercise_id, s.state) for s in status.occurrences]
    assert states == [
        ("morning", "toe-presses", "done"), ("morning", "toe-walking", "done"),
        ("morning", "ankle-circles", "done"), ("morning", "resistance-band", "done"),
        ("midday", "toe-presses", "missed"),
        ("evening", "toe-presses", "later"), ("evening", "toe-walking", "later"),
        ("evening", "ankle-circles", "later"),
    ]  # fmt: skip
    (week,) = status.weeks
    assert (week.week_of, week.done, week.target, week.met) == (date(2026, 11, 9), 1, 2, False)
    assert status.due_now() == ["toe-presses", "toe-pickups"]


def test_stats_give_the_exact_figures(history):
    store, person_id = history
    figures = stats(store, person_id, load_program(), now=NOW)
    week = figures.week
    assert (week.first, week.last) == (date(2026, 11, 5), date(2026, 11, 11))
    # Day-bound: 8 a day; 6 November missed; half the evening presses on the 9th; today 4 of 5.
    assert week.by_day[date(2026, 11, 6)].done == 0
    assert week.by_day[date(2026, 11, 9)].done == 7.5
    assert (week.by_day[date(2026, 11, 11)].done, week.by_day[date(2026, 11, 11)].prescribed) == (
        4,
        5,
    )
    # Toe pickups: 2 a week, prorated: 4 days of the first week (1 done), 3 of the second (1 done).
    pickups = week.by_exercise["toe-pickups"]
    assert pickups.prescribed == pytest.approx(2.0)
    assert pickups.done == pytest.approx(1 + 6 / 7)
    assert week.overall.prescribed == pytest.approx(55.0)
    assert week.overall.done == pytest.approx(43.5 + 1 + 6 / 7)
    month = figures.month
    assert month.first == START  # nothing counts before the program started
    # A full first week (2 of 2), then 1 done against 6/7 prescribed so far this week.
    assert month.by_exercise["toe-pickups"].done == pytest.approx(2 + 6 / 7)
    assert figures.streak == 1  # the 10th was complete, the 9th was not; today is not over


def test_a_first_run_in_the_afternoon_misses_nothing_from_the_morning(store: Store) -> None:
    first_run = at(START, 15)
    person = store.personal_person(now=first_run, timezone="America/New_York")
    store.follow_program(person.id, load_program(), now=first_run)
    states = {s.state for s in today(store, person.id, load_program(), now=first_run).occurrences}
    assert states == {"later"}
    week = stats(store, person.id, load_program(), now=first_run).week
    assert week.by_day.get(START, Figure()).prescribed == 0
    # The next morning, the evening slot left undone is missed.
    next_day = today(store, person.id, load_program(), now=at(START + timedelta(days=1), 8))
    assert "missed" not in {s.state for s in next_day.occurrences}
    after = stats(store, person.id, load_program(), now=at(START + timedelta(days=1), 8)).week
    assert after.by_day[START].prescribed > 0  # the evening of the first day
