"""Repositories: the only way in and out of the database. They speak core values, not rows."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.orm import Session as OrmSession

from footwork.core.program import Program
from footwork.core.records import (
    BalanceTest,
    EffortRecord,
    PainCheckin,
    Person,
    PlannedExercise,
    ProgramVersion,
    in_force,
    session_status,
)
from footwork.store import tables as t
from footwork.store.care_queue import queue_in
from footwork.store.database import reader
from footwork.store.effort_write import effort_upsert, record_open_effort
from footwork.store.mapping import (
    balance_value,
    checkin_value,
    person_value,
    program_version_value,
    score_rows,
)
from footwork.store.upsert import insert_for


def new_id() -> str:
    return str(uuid.uuid4())


VERSION_CACHE_SIZE = 1024
SESSION_CACHE_SIZE = 4096
BROWSER_OWNER = "browser"
"""The owner of sessions run in a browser, which may go quiet without a word."""


class NotFound(LookupError):
    """No such record for this person."""


class BadTime(ValueError):
    """A time that cannot be, such as a session ending before it started."""


PERSONAL_LOCK = 0x666F6F74  # "foot": the lock taken while the personal person is made


class Store:
    """All reads and writes for people, programs, sessions, pain and balance.

    Every method runs in its own transaction and commits before it returns, so a
    crash loses nothing that a method has returned from.
    """

    def __init__(self, engine: Engine, *, queue_care: bool = False) -> None:
        self.engine = engine
        self.queue_care = queue_care and engine.dialect.name == "postgresql"
        """Queue a patient's care refresh in the transaction of a finished session or a
        check-in, for `footwork worker` (store/care_queue.py); PostgreSQL only."""
        self.reader = reader(engine)
        self._versions: dict[str, ProgramVersion] = {}
        self._owners: dict[str, tuple[str, str]] = {}
        self._plans: dict[str, tuple[PlannedExercise, ...]] = {}

    def forget_cached(self) -> None:
        """Drop the cached versions, owners and plans (after an erasure)."""
        self._versions.clear()
        self._owners.clear()
        self._plans.clear()

    def _orm(self) -> OrmSession:
        return OrmSession(self.engine, expire_on_commit=False)

    def _read(self) -> OrmSession:
        return OrmSession(self.reader)

    # -- people ---------------------------------------------------------------------

    def people(self) -> list[Person]:
        with self._read() as orm:
            rows = orm.scalars(select(t.Person).order_by(t.Person.created_at, t.Person.id)).all()
            return [person_value(row) for row in rows]

    def get_person(self, person_id: str) -> Person:
        with self._read() as orm:
            row = orm.get(t.Person, person_id)
            if row is None:
                raise NotFound(f"no person {person_id!r}")
            return person_value(row)

    def add_person(self, person: Person, *, now: datetime) -> Person:
        with self._orm() as orm, orm.begin():
            orm.add(
                t.Person(
                    id=person.id,
                    display_name=person.display_name,
                    birth_year=person.birth_year,
                    timezone=person.timezone,
                    created_at=now,
                )
            )
        return person

    def personal_person(self, *, now: datetime, timezone: str) -> Person:
        """The one person of a personal install, created on first use. On PostgreSQL two
        workers' first requests at once would each see none and make one: a transaction lock
        makes the second wait and find the first's (SQLite's BEGIN IMMEDIATE already does)."""
        with self._orm() as orm, orm.begin():
            if self.engine.dialect.name == "postgresql":
                orm.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PERSONAL_LOCK})
            row = orm.scalars(select(t.Person).order_by(t.Person.created_at).limit(1)).first()
            if row is None:
                row = t.Person(
                    id=new_id(),
                    display_name="Me",
                    birth_year=None,
                    timezone=timezone,
                    created_at=now,
                )
                orm.add(row)
                orm.flush()
                orm.add(
                    t.TimezoneChange(
                        id=new_id(), person_id=row.id, effective_from=now, timezone=timezone
                    )
                )
            return person_value(row)

    # -- programs -------------------------------------------------------------------

    def latest_program(self, person_id: str) -> ProgramVersion | None:
        with self._read() as orm:
            row = orm.scalars(
                select(t.ProgramVersion)
                .where(t.ProgramVersion.person_id == person_id)
                .order_by(t.ProgramVersion.version.desc())
                .limit(1)
            ).first()
            return program_version_value(row) if row else None

    def program_versions(self, person_id: str) -> list[ProgramVersion]:
        with self._read() as orm:
            rows = orm.scalars(
                select(t.ProgramVersion)
                .where(t.ProgramVersion.person_id == person_id)
                .order_by(t.ProgramVersion.version)
            ).all()
            return [program_version_value(row) for row in rows]

    def follow_program(
        self, person_id: str, program: Program, *, now: datetime, note: str | None = None
    ) -> ProgramVersion:
        """The version for a session of `program` now: the version in force or one that starts
        later, when it holds this program; else a new version of it, in force from today."""
        data = program.model_dump(mode="json")
        with self._orm() as orm, orm.begin():
            person = orm.get(t.Person, person_id)
            if person is None:
                raise NotFound(f"no person {person_id!r}")
            today = now.astimezone(ZoneInfo(person.timezone)).date()
            rows = orm.scalars(
                select(t.ProgramVersion)
                .where(t.ProgramVersion.person_id == person_id)
                .order_by(t.ProgramVersion.version)
            ).all()
            values = [program_version_value(row) for row in rows]
            local = _local_date(person.timezone)
            current = in_force(values, today, local)
            for version, row in zip(values, rows, strict=True):
                if (version is current or version.start(local) > today) and row.program == data:
                    return version
            row = t.ProgramVersion(
                id=new_id(),
                person_id=person_id,
                version=(rows[-1].version + 1) if rows else 1,
                created_at=now,
                program=data,
                note=note,
                starts_on=today,
            )
            orm.add(row)
            return program_version_value(row)

    def assign_program(
        self,
        person_id: str,
        program: Program,
        *,
        starts_on: date,
        assigned_by: str,
        note: str | None,
        now: datetime,
    ) -> ProgramVersion:
        """A clinician prescribes `program` from the local day `starts_on`: a new version."""
        with self._orm() as orm, orm.begin():
            latest = orm.scalar(
                select(func.max(t.ProgramVersion.version)).where(
                    t.ProgramVersion.person_id == person_id
                )
            )
            row = t.ProgramVersion(
                id=new_id(),
                person_id=person_id,
                version=(latest or 0) + 1,
                created_at=now,
                program=program.model_dump(mode="json"),
                note=note,
                starts_on=starts_on,
                assigned_by=assigned_by,
            )
            orm.add(row)
            return program_version_value(row)

    # -- sessions -------------------------------------------------------------------

    def start_session(
        self,
        person_id: str,
        *,
        program_version_id: str,
        plan: Iterable[PlannedExercise],
        started_at: datetime,
        owner: str | None,
        session_id: str | None = None,
    ) -> str:
        """Open a session; a caller may choose its id (a browser working offline does)."""
        session_id = session_id or new_id()
        with self._orm() as orm, orm.begin():
            orm.add(
                t.Session(
                    id=session_id,
                    person_id=person_id,
                    program_version_id=program_version_id,
                    started_at=started_at,
                    ended_at=None,
                    status="in_progress",
                    owner=owner,
                )
            )
            orm.flush()
            for position, planned in enumerate(plan):
                orm.add(
                    t.SessionExercise(
                        session_id=session_id,
                        position=position,
                        exercise_id=planned.exercise_id,
                        planned_efforts=planned.planned_efforts,
                    )
                )
        return session_id

    def record_effort(self, session_id: str, effort: EffortRecord) -> None:
        """Commit one effort now, in one statement. A cue recorded twice (after going back, or
        a retried write) keeps one row: the first, unless it was skipped and the second done."""
        with self.engine.begin() as connection:
            connection.execute(effort_upsert(self.engine.dialect.name, session_id, effort))

    def record_open_effort(self, person_id: str, session_id: str, effort: EffortRecord) -> str:
        """Commit one effort to this person's session if it is still open, in one transaction
        (the status read and the write together; one statement on PostgreSQL). The session's
        status is returned: "in_progress" when the effort was written, "missing" when the
        person has no such session, else the status that kept it out (nothing written)."""
        return record_open_effort(self.engine, person_id, session_id, effort)

    def session_owner(self, session_id: str) -> tuple[str, str, str] | None:
        """(person id, program version id, status) of a session, or None."""
        with self._read() as orm:
            row = orm.get(t.Session, session_id)
            return (row.person_id, row.program_version_id, row.status) if row else None

    def session_plan(self, session_id: str) -> list[PlannedExercise]:
        with self._read() as orm:
            rows = orm.scalars(
                select(t.SessionExercise)
                .where(t.SessionExercise.session_id == session_id)
                .order_by(t.SessionExercise.position)
            ).all()
            return [
                PlannedExercise(exercise_id=r.exercise_id, planned_efforts=r.planned_efforts)
                for r in rows
            ]

    def program_version(self, version_id: str) -> ProgramVersion:
        """A program version; versions never change, so each is read and validated once."""
        cached = self._versions.get(version_id)
        if cached is not None:
            return cached
        with self._read() as orm:
            row = orm.get(t.ProgramVersion, version_id)
            if row is None:
                raise NotFound(f"no program version {version_id!r}")
            version = program_version_value(row)
        if len(self._versions) >= VERSION_CACHE_SIZE:
            self._versions.pop(next(iter(self._versions)))
        self._versions[version_id] = version
        return version

    def finish_session(self, session_id: str, *, ended_at: datetime) -> str:
        """Close the session; its status follows from the efforts done. Returns the status."""
        with self._orm() as orm, orm.begin():
            row = orm.execute(
                select(t.Session.started_at, t.Session.person_id).where(t.Session.id == session_id)
            ).first()
            if row is not None and ended_at < row.started_at:
                raise BadTime(
                    f"must not be before the session's start ({row.started_at.isoformat()})"
                )
            status = _close(orm, session_id, ended_at)
            if row is not None and self.queue_care:
                queue_in(orm, row.person_id)
            return status

    def has_effort(self, session_id: str, effort_id: str) -> bool:
        """Whether the session holds the effort with this id (a retried write)."""
        with self._read() as orm:
            row = orm.get(t.Effort, effort_id)
            return row is not None and row.session_id == session_id

    def close_abandoned(
        self,
        is_alive: Callable[[str], bool],
        *,
        now: datetime | None = None,
        browser_idle: timedelta = timedelta(hours=3),
    ) -> list[str]:
        """Close sessions left in progress by a process that is gone (a crash, a kill), and
        browser sessions with nothing recorded for `browser_idle` (a closed tab).

        A session ends when its last recorded effort ended, and counts as partial or
        aborted like any other. Returns the ids closed.
        """
        with self._orm() as orm, orm.begin():
            rows = orm.execute(
                select(t.Session.id, t.Session.owner, t.Session.started_at).where(
                    t.Session.status == "in_progress"
                )
            ).all()
            closed = []
            for session_id, owner, started_at in rows:
                last = orm.scalar(
                    select(func.max(t.Effort.ended_at)).where(t.Effort.session_id == session_id)
                )
                last_activity = _as_utc(last) if last is not None else started_at
                if owner == BROWSER_OWNER:
                    if now is None or now - last_activity < browser_idle:
                        continue
                elif owner is not None and is_alive(owner):
                    continue
                _close(orm, session_id, last_activity)
                closed.append(session_id)
            return closed

    # -- pain and balance -------------------------------------------------------------

    def add_pain(
        self, person_id: str, checkin: PainCheckin, *, client_key: str | None = None
    ) -> PainCheckin:
        """Store a check-in; with a `client_key` already used by this person, nothing is
        stored and the check-in stored then is returned (a retried request)."""
        values = {"person_id": person_id, "client_key": client_key}
        values |= checkin.model_dump(exclude={"scores"})
        with self._orm() as orm, orm.begin():
            if not self._insert_once(orm, t.PainCheckin, values):
                assert client_key is not None
                return self._keyed_pain(orm, person_id, client_key)
            orm.add_all(score_rows(checkin))
            if self.queue_care:
                queue_in(orm, person_id)
        return checkin

    def add_balance(
        self, person_id: str, test: BalanceTest, *, client_key: str | None = None
    ) -> BalanceTest:
        """Store a balance test; a repeated `client_key` returns the one stored then."""
        values = {"person_id": person_id, "client_key": client_key, **test.model_dump()}
        with self._orm() as orm, orm.begin():
            if not self._insert_once(orm, t.BalanceTest, values):
                row = orm.scalars(
                    select(t.BalanceTest).where(
                        t.BalanceTest.person_id == person_id,
                        t.BalanceTest.client_key == client_key,
                    )
                ).one()
                return balance_value(row)
        return test

    def _insert_once(self, orm: OrmSession, table: Any, values: dict[str, Any]) -> bool:
        """INSERT ... ON CONFLICT (person_id, client_key) DO NOTHING; whether a row was
        written. RETURNING tells, since psycopg reports no rowcount for it."""
        statement = (
            insert_for(self.engine.dialect.name, table)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["person_id", "client_key"])
            .returning(table.id)
        )
        return orm.execute(statement).first() is not None

    def _keyed_pain(self, orm: OrmSession, person_id: str, client_key: str) -> PainCheckin:
        row = orm.scalars(
            select(t.PainCheckin).where(
                t.PainCheckin.person_id == person_id, t.PainCheckin.client_key == client_key
            )
        ).one()
        scores = orm.execute(
            select(t.PainScore.region, t.PainScore.score).where(t.PainScore.checkin_id == row.id)
        ).all()
        return checkin_value(row, {region: score for region, score in scores})


def _close(orm: OrmSession, session_id: str, ended_at: datetime) -> str:
    planned = orm.scalar(
        select(func.coalesce(func.sum(t.SessionExercise.planned_efforts), 0)).where(
            t.SessionExercise.session_id == session_id
        )
    )
    done = orm.scalar(
        select(func.count())
        .select_from(t.Effort)
        .where(t.Effort.session_id == session_id, t.Effort.outcome == "done")
    )
    status = session_status(planned=planned or 0, done=done or 0, finished=True)
    result = orm.execute(
        update(t.Session)
        .where(t.Session.id == session_id)
        .values(status=status, ended_at=ended_at, owner=None)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound(f"no session {session_id!r}")
    return status


def _local_date(timezone: str) -> Callable[[datetime], date]:
    zone = ZoneInfo(timezone)
    return lambda instant: instant.astimezone(zone).date()


def _as_utc(value: datetime) -> datetime:
    """Aggregates bypass the column type on SQLite; give them their timezone back."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
