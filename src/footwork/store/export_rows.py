"""A person's whole history read for export: one snapshot, rows streamed, no model per effort.

`snapshot` opens one read transaction that sees the database as it stood when it began
(REPEATABLE READ, READ ONLY on PostgreSQL; one deferred read transaction on SQLite, whose WAL
keeps the snapshot of its first read), so a session written during an export is either wholly
in it or wholly out. `HistoryRows` reads every part through that one connection: the few
programs, check-ins, tests, answers and messages as core values, the sessions with their plans,
efforts and camera reports as plain rows from server-side cursors, merged session by session.

The efforts, tens of thousands in a year, are read past SQLAlchemy's row processing: the
statement is compiled once and run on the driver's own cursor (a named, server-side one on
PostgreSQL), its rows grouped by session as they come and handed on as columns (a tuple per
field). Their times are written as pydantic writes them a session at a time: SQLite's text is
rewritten as text (`_from_sqlite`), PostgreSQL's `timestamptz` come in UTC (`SET LOCAL TIME
ZONE`) and pydantic-core writes them in one call; a session with an end stored before its
start, or with SQLite text in another form, has its times read through the column type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain, groupby
from operator import itemgetter
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import (
    ColumnElement,
    Connection,
    Executable,
    String,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session as OrmSession

from footwork.core.questionnaires import QuestionnaireAnswer
from footwork.core.records import (
    BalanceTest,
    EffortRecord,
    MessageRecord,
    PainCheckin,
    Person,
    ProgramVersion,
)
from footwork.store import tables as t
from footwork.store.history import not_before
from footwork.store.mapping import balance_value, checkin_value, person_value, program_version_value
from footwork.store.messages import messages_read
from footwork.store.questionnaires import answer_value
from footwork.store.repository import Store

BATCH_ROWS = 2000
"""Rows fetched at a time from each server-side cursor."""

EFFORT_FIELDS = tuple(EffortRecord.model_fields)
"""An effort's fields in the order of `EffortRecord`, which the export keeps."""


IDLE_LIMIT = "1min"
"""How long PostgreSQL lets an export's snapshot wait on a client that stops reading before it
ends the connection: a stalled download must not hold a pooled connection, and the tables'
locks against migrations, for ever."""


@contextmanager
def snapshot(store: Store) -> Iterator[Connection]:
    """One read-only transaction over one consistent state of the database."""
    with store.reader.connect() as connection:
        postgresql = connection.dialect.name == "postgresql"
        if postgresql:
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with connection.begin():
            if postgresql:
                connection.exec_driver_sql(
                    f"SET LOCAL idle_in_transaction_session_timeout = '{IDLE_LIMIT}'"
                )
            yield connection


@dataclass(frozen=True, slots=True)
class SessionRows:
    """One session as plain values, its fields in the order of `SessionRecord`; `efforts` are
    columns, one tuple per field of EFFORT_FIELDS (an effort is one index across them; its
    times are text as pydantic writes them), or no columns at all when it has no efforts."""

    id: str
    program_version_id: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    exercises: list[tuple[str, int]]
    efforts: tuple[Sequence[Any], ...]
    camera: list[tuple[str, int, datetime, str]]
    """(exercise id, frames, updated at, the report as stored JSON text)"""


class HistoryRows:
    """The parts of one person's history, read through one snapshot connection."""

    def __init__(self, connection: Connection, person_id: str) -> None:
        self.connection = connection
        self.person_id = person_id

    def _orm(self) -> OrmSession:
        return OrmSession(bind=self.connection)

    def person(self) -> Person:
        with self._orm() as orm:
            row = orm.get(t.Person, self.person_id)
            if row is None:
                raise LookupError(f"no person {self.person_id!r}")
            return person_value(row)

    def programs(self) -> list[ProgramVersion]:
        with self._orm() as orm:
            rows = orm.scalars(
                select(t.ProgramVersion)
                .where(t.ProgramVersion.person_id == self.person_id)
                .order_by(t.ProgramVersion.version)
            )
            return [program_version_value(row) for row in rows]

    def sessions(self) -> Iterator[SessionRows]:
        """The sessions, oldest first, each with its plan, efforts and camera reports: four
        cursors in the same order, merged session by session."""
        mine = t.Session.person_id == self.person_id
        order = (t.Session.started_at, t.Session.id)
        sessions = self._stream(
            select(
                t.Session.id,
                t.Session.program_version_id,
                t.Session.started_at,
                t.Session.ended_at,
                t.Session.status,
            )
            .where(mine)
            .order_by(*order)
        )
        plans = _Groups.of_rows(
            self._stream(
                select(
                    t.SessionExercise.session_id,
                    t.SessionExercise.exercise_id,
                    t.SessionExercise.planned_efforts,
                )
                .join(t.Session, t.Session.id == t.SessionExercise.session_id)
                .where(mine)
                .order_by(*order, t.SessionExercise.position)
            )
        )
        efforts = _Groups(self._efforts(mine, order))  # already grouped by session, as columns
        camera = _Groups.of_rows(
            self._stream(
                select(
                    t.CameraReport.session_id,
                    t.CameraReport.exercise_id,
                    t.CameraReport.frames,
                    t.CameraReport.updated_at,
                    t.CameraReport.report,
                )
                .join(t.Session, t.Session.id == t.CameraReport.session_id)
                .where(mine)
                .order_by(*order, t.CameraReport.exercise_id)
            )
        )
        for session_id, version_id, started_at, ended_at, status in sessions:
            yield SessionRows(
                id=session_id,
                program_version_id=version_id,
                started_at=started_at,
                ended_at=not_before(ended_at, started_at, f"session {session_id}"),
                status=status,
                exercises=[(row[1], row[2]) for row in plans.take(session_id)],
                efforts=tuple(efforts.take(session_id)),
                camera=[(row[1], row[2], row[3], row[4]) for row in camera.take(session_id)],
            )

    def pain(self) -> list[PainCheckin]:
        with self._orm() as orm:
            checkins = orm.scalars(
                select(t.PainCheckin)
                .where(t.PainCheckin.person_id == self.person_id)
                .order_by(t.PainCheckin.recorded_at, t.PainCheckin.id)
            ).all()
            scores: dict[str, dict[str, int]] = {}
            for checkin_id, region, score in orm.execute(
                select(t.PainScore.checkin_id, t.PainScore.region, t.PainScore.score)
                .join(t.PainCheckin, t.PainCheckin.id == t.PainScore.checkin_id)
                .where(t.PainCheckin.person_id == self.person_id)
                .order_by(t.PainScore.checkin_id, t.PainScore.region)
            ):
                scores.setdefault(checkin_id, {})[region] = score
            return [checkin_value(c, scores.get(c.id, {})) for c in checkins]

    def balance(self) -> list[BalanceTest]:
        with self._orm() as orm:
            rows = orm.scalars(
                select(t.BalanceTest)
                .where(t.BalanceTest.person_id == self.person_id)
                .order_by(t.BalanceTest.recorded_at, t.BalanceTest.id)
            )
            return [balance_value(row) for row in rows]

    def questionnaires(self) -> list[QuestionnaireAnswer]:
        with self._orm() as orm:
            rows = orm.scalars(
                select(t.QuestionnaireAnswer)
                .where(t.QuestionnaireAnswer.person_id == self.person_id)
                .order_by(t.QuestionnaireAnswer.answered_at, t.QuestionnaireAnswer.id)
            )
            return [answer_value(row) for row in rows]

    def messages(self) -> list[MessageRecord]:
        return messages_read(self.connection, self.person_id)

    def _stream(self, statement: Executable) -> Iterator[Any]:
        """The statement's rows, fetched BATCH_ROWS at a time (a server-side cursor on
        PostgreSQL), as tuples. The option is the statement's: set on the connection, it would
        make every later statement on it a server-side cursor too."""
        return iter(self.connection.execute(statement.execution_options(yield_per=BATCH_ROWS)))

    def _efforts(
        self, mine: ColumnElement[bool], order: tuple[Any, ...]
    ) -> Iterator[tuple[str, list[Sequence[Any]]]]:
        """Each session's id with its efforts as columns (a tuple per field of EFFORT_FIELDS),
        straight from the driver's cursor, BATCH_ROWS rows at a time, their two times as the
        text pydantic writes for them (an end stored before its start read as the start, as
        `not_before` says)."""
        sqlite = self.connection.dialect.name == "sqlite"
        started, ended = t.Effort.started_at, t.Effort.ended_at
        columns = [
            _stored(getattr(t.Effort, f)) if sqlite and f in ("started_at", "ended_at")
            else getattr(t.Effort, f)
            for f in EFFORT_FIELDS
        ]  # fmt: skip
        statement = (
            select(t.Effort.session_id, *columns, ended < started)
            .join(t.Session, t.Session.id == t.Effort.session_id)
            .where(mine)
            .order_by(*order, t.Effort.cue_index)
        )
        compiled = statement.compile(dialect=self.connection.dialect)
        values = compiled.construct_params()
        params: Any = (
            tuple(values[name] for name in compiled.positiontup or ())
            if compiled.positional
            else values
        )
        driver: Any = self.connection.connection.dbapi_connection
        if not sqlite:  # timestamptz values then come in UTC (in this transaction only)
            with driver.cursor() as setting:
                setting.execute("SET LOCAL TIME ZONE 'UTC'")
        cursor = driver.cursor() if sqlite else driver.cursor(name="footwork_export_efforts")
        as_written = _from_sqlite if sqlite else _from_postgresql
        a, b = 1 + EFFORT_FIELDS.index("started_at"), 1 + EFFORT_FIELDS.index("ended_at")
        try:
            cursor.execute(str(compiled), params)
            rows = chain.from_iterable(iter(lambda: cursor.fetchmany(BATCH_ROWS), []))
            for session_id, group in groupby(rows, key=itemgetter(0)):
                fields: list[Sequence[Any]] = list(zip(*group, strict=True))
                starts, ends = as_written(fields[a]), as_written(fields[b])
                if starts is None or ends is None or any(fields[-1]):
                    starts, ends = self._times(session_id)
                fields[a], fields[b] = starts, ends
                yield session_id, fields[1:-1]
        finally:
            cursor.close()

    def _times(self, session_id: str) -> tuple[Sequence[str], Sequence[str]]:
        """A session's effort times read through their column type and written by pydantic,
        an end stored before its start read as the start: for the rare session with such an
        end, or whose stored text is in another form than `_from_sqlite` reads."""
        rows = self.connection.execute(
            select(t.Effort.id, t.Effort.started_at, t.Effort.ended_at)
            .where(t.Effort.session_id == session_id)
            .order_by(t.Effort.cue_index)
        ).all()
        ends = [not_before(end, start, f"effort {id_}") for id_, start, end in rows]
        text = to_jsonable_python([*(row[1] for row in rows), *ends])  # as pydantic writes
        return text[: len(rows)], text[len(rows) :]


def _stored(column: Any) -> ColumnElement[str]:
    return type_coerce(column, String())


_SQLITE_TIMES = re.compile(r"(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{6})?\|)*", re.ASCII)
"""Times as SQLAlchemy writes them in SQLite ("2026-03-01 07:30:00", then ".123456" unless the
fraction is zero), each followed by "|"."""


def _from_sqlite(stored: Sequence[str]) -> Sequence[str] | None:
    """SQLite's UTC text as pydantic writes the times ("2026-03-01T07:30:00Z",
    "2026-03-01T07:30:00.123456Z"), all at once; None if any is in another form."""
    joined = "|".join(stored) + "|"
    if _SQLITE_TIMES.fullmatch(joined) is None:
        return None
    return joined.replace(" ", "T").replace(".000000|", "|").replace("|", "Z|").split("|")[:-1]


def _from_postgresql(times: Sequence[datetime]) -> Sequence[str]:
    """The driver's aware datetimes in UTC (as the `UTCDateTime` column type gives them),
    written as pydantic writes them, all at once."""
    utc = [value if value.tzinfo is UTC else value.astimezone(UTC) for value in times]
    written: list[str] = to_jsonable_python(utc)
    return written


class _Groups:
    """Groups of rows in session order, handed out one session's group at a time."""

    def __init__(self, groups: Iterator[tuple[str, list[Any]]]) -> None:
        self._groups = groups
        self._next = next(self._groups, None)

    @classmethod
    def of_rows(cls, rows: Iterator[tuple[Any, ...]]) -> _Groups:
        """Rows ordered by session, whose first value is the session's id."""
        return cls((key, list(group)) for key, group in groupby(rows, key=itemgetter(0)))

    def take(self, session_id: str) -> list[Any]:
        if self._next is None or self._next[0] != session_id:
            return []
        group = self._next[1]
        self._next = next(self._groups, None)
        return group
