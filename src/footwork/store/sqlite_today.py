"""What `footwork today` reads, read from a SQLite file with the standard library's sqlite3.

SQLAlchemy, its ORM and the mapping of every table cost `footwork today` more than all its
other work together (docs/benchmarks.md, "Command-line start-up"). On the everyday call
nothing is to be written: the database exists at the newest revision, its person exists and
no session is left in progress. Then the few rows Today needs are read here, in one read
transaction, and nothing imports SQLAlchemy. Whenever any of that does not hold, or anything
goes wrong, `read_personal_today` answers None and the caller opens the store as every
command does (which creates, migrates, closes abandoned sessions or reports the error).

The SQL reads the same rows as store/schedule.py's `load_schedule` and `performances` and
repository.py's `personal_person`; tests/integration/test_sqlite_today.py compares the two
on the same database. SQLite keeps `UTCDateTime` values as UTC text without an offset
("2026-12-05 21:14:10.123456"), dates as ISO text and JSON as text.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime

from footwork.config import sqlite_path
from footwork.core.schedule import Performance
from footwork.store.person_schedule import (
    PersonSchedule,
    ScheduleRows,
    StoredSettings,
    performances_from,
    person_schedule,
)
from footwork.store.revision import newest_migration

BUSY_TIMEOUT_S = 15  # as store/database.py's engines wait for a writer's lock


@dataclass(frozen=True, slots=True)
class PersonalToday:
    """The personal install's person, their schedule and what they did since `since`."""

    person_id: str
    schedule: PersonSchedule
    done: list[Performance]


def read_personal_today(url: str, *, now: datetime, since: datetime) -> PersonalToday | None:
    """Today's rows of the personal install's person at `url`, or None when the store must be
    opened instead: not a plain SQLite file URL, no such file, another revision, no person
    yet, a session in progress, or any error from SQLite."""
    path = sqlite_path(url)
    if path is None or "?" in url or "%" in url or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=rw",
            uri=True,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
        )
    except sqlite3.Error:
        return None
    try:
        connection.execute("BEGIN")  # one snapshot for every read
        return _read(connection, now=now, since=since)
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _read(
    connection: sqlite3.Connection, *, now: datetime, since: datetime
) -> PersonalToday | None:
    revisions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    if revisions != [newest_migration()]:
        return None
    in_progress = "SELECT 1 FROM sessions WHERE sessions.status = 'in_progress' LIMIT 1"
    if connection.execute(in_progress).fetchone() is not None:
        return None
    person = connection.execute(
        "SELECT people.id, people.timezone, people.created_at FROM people "
        "ORDER BY people.created_at LIMIT 1"
    ).fetchone()
    if person is None:
        return None
    person_id, timezone, created_at = person
    rows = ScheduleRows(
        timezone=timezone,
        created_at=_utc(created_at),
        settings=_settings(connection, person_id),
        changes=[
            (_utc(at), zone)
            for at, zone in connection.execute(
                "SELECT effective_from, timezone FROM timezone_changes "
                "WHERE person_id = ? ORDER BY effective_from",
                (person_id,),
            )
        ],
        versions=[
            (_utc(at), date.fromisoformat(on) if on is not None else None)
            for at, on in connection.execute(
                "SELECT created_at, starts_on FROM program_versions WHERE person_id = ?",
                (person_id,),
            )
        ],
    )
    schedule = person_schedule(rows, now=now)
    return PersonalToday(person_id, schedule, _performances(connection, person_id, since))


def _settings(connection: sqlite3.Connection, person_id: str) -> StoredSettings | None:
    row = connection.execute(
        "SELECT slots, email, reminders, repeat_after_min, sound, voice "
        "FROM person_settings WHERE person_id = ?",
        (person_id,),
    ).fetchone()
    if row is None:
        return None
    slots, email, reminders, repeat_after_min, sound, voice = row
    return StoredSettings(
        slots=json.loads(slots),
        email=email,
        reminders=bool(reminders),
        repeat_after_min=repeat_after_min,
        sound=bool(sound),
        voice=bool(voice),
    )


# As store/schedule.py's `performances` on SQLite: the person's sessions since a moment,
# their planned reps per exercise, and the reps done per exercise.
_PLANNED = """
SELECT sessions.id, sessions.started_at, session_exercises.exercise_id,
       sum(session_exercises.planned_efforts)
FROM sessions JOIN session_exercises ON session_exercises.session_id = sessions.id
WHERE sessions.person_id = ? AND sessions.started_at >= ?
GROUP BY sessions.id, sessions.started_at, session_exercises.exercise_id
"""
_DONE = """
SELECT sessions.id, efforts.exercise_id,
       sum(CASE WHEN (efforts.outcome = 'done') THEN 1 ELSE 0 END)
FROM sessions JOIN efforts ON efforts.session_id = sessions.id
WHERE sessions.person_id = ? AND sessions.started_at >= ?
GROUP BY sessions.id, efforts.exercise_id
"""


def _performances(
    connection: sqlite3.Connection, person_id: str, since: datetime
) -> list[Performance]:
    mine = (person_id, _stored(since))
    plans = connection.execute(_PLANNED, mine).fetchall()
    return performances_from(plans, connection.execute(_DONE, mine), _utc)


def _utc(stored: str) -> datetime:
    """A `UTCDateTime` as SQLite keeps it: UTC text without an offset."""
    value = datetime.fromisoformat(stored)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _stored(moment: datetime) -> str:
    """A moment as SQLAlchemy writes a `UTCDateTime` to SQLite (text comparisons hold)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
