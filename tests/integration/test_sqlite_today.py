"""`footwork today`'s reads with sqlite3 (store/sqlite_today.py) give what the store gives.

A SQLite history is written through the store (settings, a move to another timezone, a
program made ahead for a later day, full, partial and skipped sessions across a change of
the clocks); then, at several moments, the sqlite3 reads and the store's own reads are
compared, and so is the Today each path works out. Whenever something must be written or
cannot be read, the sqlite3 reads give way (None) and the store is opened as before.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.core.records import EffortRecord, PlannedExercise
from footwork.core.schedule import LOOKBACK, Slot
from footwork.services import schedule as schedule_service
from footwork.services.personal_today import personal_today
from footwork.store.database import open_database
from footwork.store.repository import Store, new_id
from footwork.store.schedule import change_timezone, load_schedule, performances, save_settings
from footwork.store.sqlite_today import read_personal_today

NY = ZoneInfo("America/New_York")  # the clocks went back on 1 November 2026
START = date(2026, 10, 28)


def at(day: date, hour: int, zone: ZoneInfo = NY) -> datetime:
    return datetime.combine(day, time(hour), zone)


def session(store: Store, person_id: str, when: datetime, done: dict[str, int]) -> None:
    """A finished session at `when`; `done` maps each exercise to the efforts done of its dose."""
    program = load_program()
    version = store.latest_program(person_id)
    assert version is not None
    session_id = store.start_session(
        person_id, program_version_id=version.id, started_at=when, owner=None,
        plan=[PlannedExercise(exercise_id=i, planned_efforts=program.exercise(i).dose.efforts)
              for i in done],
    )  # fmt: skip
    index = 0
    for exercise_id, done_count in done.items():
        for rep in range(program.exercise(exercise_id).dose.efforts):
            index += 1
            store.record_effort(session_id, EffortRecord(
                id=new_id(), cue_index=index, exercise_id=exercise_id, rep=rep + 1,
                outcome="done" if rep < done_count else "skipped", started_at=when,
                ended_at=when + timedelta(seconds=30), planned_s=1.0, actual_s=1.0))  # fmt: skip
    store.finish_session(session_id, ended_at=when + timedelta(minutes=15))


@pytest.fixture
def store(sqlite_url: str) -> Store:
    return Store(open_database(sqlite_url))


@pytest.fixture
def history(store: Store) -> str:
    person = store.personal_person(now=at(START, 7), timezone="America/New_York")
    store.follow_program(person.id, load_program(), now=at(START, 7))
    slots = (
        Slot(name="morning", start=time(6), end=time(11)),
        Slot(name="evening", start=time(17), end=time(22, 30)),
    )
    save_settings(store, person.id, slots=slots, email="me@example.org", repeat_after_min=45)
    for offset in range(12):  # 28 October to 8 November, across the change of the clocks
        day = START + timedelta(days=offset)
        if offset % 5 == 3:
            continue  # a missed day
        session(store, person.id, at(day, 8), {"toe-presses": 10, "toe-walking": 3})
        session(store, person.id, at(day, 19), {"toe-presses": offset % 4, "toe-pickups": 1})
    change_timezone(store, person.id, "Europe/Berlin", now=at(date(2026, 11, 9), 12))
    store.assign_program(
        person.id,
        load_program(),
        starts_on=date(2026, 11, 16),
        assigned_by=new_id(),
        note="next",
        now=at(date(2026, 11, 9), 13),
    )
    session(
        store, person.id, at(date(2026, 11, 10), 9, ZoneInfo("Europe/Berlin")), {"toe-walking": 2}
    )
    return person.id


MOMENTS = [
    datetime(2026, 10, 28, 10, 0, tzinfo=UTC),
    datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # the night the clocks went back
    datetime(2026, 11, 8, 23, 59, tzinfo=UTC),
    datetime(2026, 11, 10, 8, 15, tzinfo=UTC),
    datetime(2026, 11, 17, 18, 0, tzinfo=UTC),
    datetime(2027, 12, 24, 12, 0, tzinfo=UTC),  # past the look-back of every session
]


@pytest.mark.parametrize("now", MOMENTS, ids=lambda moment: moment.isoformat())
def test_the_sqlite3_reads_are_the_stores_reads(store: Store, history: str, sqlite_url: str, now):
    since = now - LOOKBACK
    quick = read_personal_today(sqlite_url, now=now, since=since)
    assert quick is not None
    assert quick.person_id == history
    assert quick.schedule == load_schedule(store, history, now=now)
    assert quick.done == performances(store, history, since=since)
    program = load_program()
    expected = schedule_service.today(store, history, program, now=now)
    assert personal_today(Settings(database_url=sqlite_url), program, now=now) == expected


def test_the_reads_see_partial_sessions_and_the_person_without_settings(store: Store, sqlite_url):
    now = at(START, 12)
    person = store.personal_person(now=at(START, 7), timezone="America/New_York")
    store.follow_program(person.id, load_program(), now=at(START, 7))
    session(store, person.id, at(START, 8), {"toe-presses": 4, "ankle-circles": 0})
    quick = read_personal_today(sqlite_url, now=now, since=now - LOOKBACK)
    assert quick is not None
    assert not quick.schedule.chosen  # the default slots
    assert quick.schedule == load_schedule(store, person.id, now=now)
    (done,) = quick.done  # ankle-circles: nothing done, nothing counted
    assert (done.exercise_id, done.credit) == ("toe-presses", 0.4)


def test_the_store_is_opened_when_something_must_be_written(store: Store, sqlite_url):
    now = datetime(2026, 11, 10, 12, tzinfo=UTC)
    assert read_personal_today(sqlite_url, now=now, since=now - LOOKBACK) is None  # no person
    person = store.personal_person(now=now, timezone="UTC")
    assert read_personal_today(sqlite_url, now=now, since=now - LOOKBACK) is not None
    version = store.follow_program(person.id, load_program(), now=now)
    session_id = store.start_session(
        person.id, program_version_id=version.id, plan=[], started_at=now, owner=None
    )
    assert read_personal_today(sqlite_url, now=now, since=now - LOOKBACK) is None
    # The usual way closes the session no live process owns, then the reads serve again.
    today = personal_today(Settings(database_url=sqlite_url), load_program(), now=now)
    # (nothing planned and nothing done: aborted)
    assert store.session_owner(session_id) == (person.id, version.id, "aborted")
    assert today == schedule_service.today(store, person.id, load_program(), now=now)
    assert read_personal_today(sqlite_url, now=now, since=now - LOOKBACK) is not None


def test_another_revision_opens_the_store(store: Store, sqlite_url, tmp_path: Path):
    now = datetime(2026, 11, 10, 12, tzinfo=UTC)
    store.personal_person(now=now, timezone="UTC")
    with sqlite3.connect(tmp_path / "footwork.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    assert read_personal_today(sqlite_url, now=now, since=now - LOOKBACK) is None


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "sqlite://",  # in memory
        "sqlite:///{folder}/absent.db",  # the store creates it
        "sqlite:///{folder}/not-a-database.db",
        "sqlite:///{folder}",  # a folder
    ],
)
def test_what_is_not_a_current_sqlite_file_opens_the_store(url: str, tmp_path: Path):
    (tmp_path / "not-a-database.db").write_text("plain text, not SQLite")
    now = datetime(2026, 11, 10, 12, tzinfo=UTC)
    given = url.format(folder=tmp_path)
    assert read_personal_today(given, now=now, since=now - LOOKBACK) is None
    assert not (tmp_path / "absent.db").exists()


def test_a_url_with_options_opens_the_store(store: Store, sqlite_url: str):
    now = datetime(2026, 11, 10, 12, tzinfo=UTC)
    store.personal_person(now=now, timezone="UTC")
    assert read_personal_today(sqlite_url, now=now, since=now - LOOKBACK) is not None
    with_options = f"{sqlite_url}?timeout=1"  # options only SQLAlchemy reads
    assert read_personal_today(with_options, now=now, since=now - LOOKBACK) is None


def test_a_new_database_is_made_by_the_usual_way(sqlite_url: str, tmp_path: Path):
    now = datetime(2026, 11, 10, 12, tzinfo=UTC)
    today = personal_today(Settings(database_url=sqlite_url), load_program(), now=now)
    quick = read_personal_today(sqlite_url, now=now, since=now - LOOKBACK)
    assert quick is not None
    assert personal_today(Settings(database_url=sqlite_url), load_program(), now=now) == today
