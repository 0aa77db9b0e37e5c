"""Store throughput: generate a clinic's history, then time rep commits and history loads.

Usage: python benchmarks/store.py [--people 1000] [--days 365] [--databases sqlite,postgresql]
                                  [--sqlite-path PATH] [--postgres-url URL] [--json]

Every run starts from a fresh database: a new SQLite file, or a new PostgreSQL schema that is
dropped at the end. The clinic is `--people` people with `--days` days of history each:
three sessions a day of the whole built-in program (41 efforts, every one done) and two pain
check-ins a day. The generator writes rows in bulk (executemany on SQLite, COPY on PostgreSQL);
the rep commits and history loads then go through the real store code.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from queue import Queue
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, Table

from footwork.content.loader import load_program
from footwork.core.program import Program
from footwork.core.records import PAIN_REGIONS, EffortRecord, PlannedExercise
from footwork.core.timeline import compile_timeline
from footwork.store import tables as t
from footwork.store.database import ensure_schema, make_engine
from footwork.store.history import load_history, session_summaries
from footwork.store.repository import Store

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

SESSION_MINUTES = (7 * 60 + 30, 12 * 60 + 30, 19 * 60)  # local start times, give or take
SESSION_JITTER_MIN = 30
TIMEZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Australia/Sydney",
)
EXECUTE_ROWS = 20_000  # rows per executemany on SQLite

Row = tuple[Any, ...]

# Column order of the tuples the generator yields, per table.
COLUMNS: dict[Table, tuple[str, ...]] = {
    t.Person.__table__: ("id", "display_name", "birth_year", "timezone", "created_at"),
    t.Session.__table__: (
        "id",
        "person_id",
        "program_version_id",
        "started_at",
        "ended_at",
        "status",
        "owner",
    ),
    t.SessionExercise.__table__: ("session_id", "position", "exercise_id", "planned_efforts"),
    t.Effort.__table__: (
        "id",
        "session_id",
        "cue_index",
        "exercise_id",
        "side",
        "direction",
        "rep",
        "outcome",
        "started_at",
        "ended_at",
        "planned_s",
        "actual_s",
    ),
    t.PainCheckin.__table__: ("id", "person_id", "recorded_at", "context", "session_id", "note"),
    t.PainScore.__table__: ("checkin_id", "region", "score"),
}
PEOPLE, SESSIONS, PLANS, EFFORTS, CHECKINS, SCORES = COLUMNS


# -- writing rows in bulk -------------------------------------------------------------------


class BulkWriter:
    """Writes tuples straight to the driver, each in the column order of COLUMNS."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.rows = 0

    def write(self, table: Table, rows: Sequence[Row]) -> None:
        raise NotImplementedError


class SqliteWriter(BulkWriter):
    """executemany of plain tuples. Times are stored exactly as the column type stores them:
    each goes through the column's own bind processor (UTCDateTime, then SQLite DATETIME)."""

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
        dialect = connection.dialect
        self._sql: dict[Table, str] = {}
        self._processors: dict[Table, list[tuple[int, Callable[[Any], Any]]]] = {}
        for table, names in COLUMNS.items():
            marks = ", ".join("?" for _ in names)
            self._sql[table] = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})"
            self._processors[table] = [
                (i, processor)
                for i, name in enumerate(names)
                if (processor := table.c[name].type.bind_processor(dialect)) is not None
            ]

    def write(self, table: Table, rows: Sequence[Row]) -> None:
        processors = self._processors[table]
        if processors:
            converted = []
            for row in rows:
                values = list(row)
                for i, processor in processors:
                    values[i] = processor(values[i])
                converted.append(tuple(values))
            rows = converted
        sql = self._sql[table]
        for start in range(0, len(rows), EXECUTE_ROWS):
            self.connection.exec_driver_sql(sql, rows[start : start + EXECUTE_ROWS])  # type: ignore[arg-type]
        self.rows += len(rows)


class PostgresWriter(BulkWriter):
    """COPY ... FROM STDIN through psycopg, in the connection's transaction."""

    def write(self, table: Table, rows: Sequence[Row]) -> None:
        raw = self.connection.connection.driver_connection
        assert raw is not None
        sql = f"COPY {table.name} ({', '.join(COLUMNS[table])}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        self.rows += len(rows)


def _writer(connection: Connection) -> BulkWriter:
    if connection.dialect.name == "sqlite":
        return SqliteWriter(connection)
    if connection.dialect.name == "postgresql":
        return PostgresWriter(connection)
    raise ValueError(f"no bulk writer for {connection.dialect.name}")


# -- the generator --------------------------------------------------------------------------


@dataclass
class Clinic:
    """What generate_clinic wrote, and how long it took."""

    people: int
    days: int
    start: date
    end: date
    """Histories cover [start, end): `days` days ending the day before `end`."""
    person_ids: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_s(self) -> float:
        return self.total_rows / self.seconds if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class _WorkCue:
    cue_index: int
    exercise_id: str
    side: str | None
    direction: str | None
    rep: int
    offset_ms: int
    planned_ms: int


class _Template:
    """One whole-program session: its plan and its timed efforts."""

    def __init__(self, program: Program) -> None:
        timeline = compile_timeline(program.exercises, program.timing)
        self.plan = [(e.id, e.dose.efforts) for e in program.exercises]
        self.total_ms = timeline.total_ms
        self.cues = [
            _WorkCue(i, c.exercise, c.side, c.direction, c.rep or 1, c.offset_ms, c.duration_ms)
            for i, c in enumerate(timeline.cues)
            if c.kind == "work"
        ]


def _uuid(rnd: random.Random) -> str:
    return str(uuid.UUID(int=rnd.getrandbits(128), version=4))


class _PersonHistory:
    """All rows of one person's history, table by table."""

    def __init__(self) -> None:
        self.rows: dict[Table, list[Row]] = {table: [] for table in COLUMNS if table is not PEOPLE}


def _person_history(
    rnd: random.Random,
    template: _Template,
    *,
    person_id: str,
    version_id: str,
    zone: ZoneInfo,
    start: date,
    days: int,
) -> _PersonHistory:
    history = _PersonHistory()
    sessions = history.rows[SESSIONS]
    plans = history.rows[PLANS]
    efforts = history.rows[EFFORTS]
    checkins = history.rows[CHECKINS]
    scores = history.rows[SCORES]
    ms = timedelta(milliseconds=1)
    minute = timedelta(minutes=1)
    regions = rnd.sample(PAIN_REGIONS, 3)  # where this person hurts
    pain_start = rnd.randint(3, 8)
    for day in range(days):
        midnight = datetime.combine(start + timedelta(days=day), clock_time(0), tzinfo=zone)
        pain = max(0, pain_start - (pain_start * day) // max(days, 1) // 2)  # eases by half
        day_sessions = []
        for minutes in SESSION_MINUTES:
            jitter = rnd.randint(-SESSION_JITTER_MIN, SESSION_JITTER_MIN)
            started = (midnight + timedelta(minutes=minutes + jitter)).astimezone(UTC)
            session_id = _uuid(rnd)
            extra_ms = 0  # a person is a little slower than the timeline; it adds up
            for cue in template.cues:
                actual_ms = cue.planned_ms + rnd.randrange(0, 250)
                cue_start = started + (cue.offset_ms + extra_ms) * ms
                efforts.append(
                    (
                        _uuid(rnd),
                        session_id,
                        cue.cue_index,
                        cue.exercise_id,
                        cue.side,
                        cue.direction,
                        cue.rep,
                        "done",
                        cue_start,
                        cue_start + actual_ms * ms,
                        cue.planned_ms / 1000,
                        actual_ms / 1000,
                    )
                )
                extra_ms += actual_ms - cue.planned_ms
            ended = started + (template.total_ms + extra_ms) * ms
            sessions.append((session_id, person_id, version_id, started, ended, "completed", None))
            plans.extend(
                (session_id, position, exercise_id, planned)
                for position, (exercise_id, planned) in enumerate(template.plan)
            )
            day_sessions.append((session_id, started, ended))
        # Pain twice a day: before the first session and after the last.
        first, last = day_sessions[0], day_sessions[-1]
        for context, session_id, moment in (
            ("before", first[0], first[1] - 2 * minute),
            ("after", last[0], last[2] + 2 * minute),
        ):
            checkin_id = _uuid(rnd)
            checkins.append((checkin_id, person_id, moment, context, session_id, None))
            for region in regions[: rnd.randint(1, 3)]:
                score = min(10, max(0, pain + rnd.randint(-1, 1)))
                scores.append((checkin_id, region, score))
    return history


def generate_clinic(
    engine: Engine,
    *,
    people: int,
    days: int,
    seed: int = 0,
    end: date | None = None,
    program: Program | None = None,
    people_per_transaction: int = 25,
    sqlite_cache_mib: int = 4096,
    foreign_key_triggers: bool = False,
    progress: Callable[[Clinic, int], None] | None = None,
) -> Clinic:
    """Write `people` people with `days` days of history each into a migrated database.

    Each person gets a person row, one program version (through Store.follow_program) and,
    every day, three whole-program sessions (the built-in program, all 41 efforts done, with
    times as a person doing them would have) and two pain check-ins of 1 to 3 regions.
    Ids are uuid4-shaped and, like every time and score, follow from `seed`.

    Rows go in bulk (executemany on SQLite, COPY on PostgreSQL), `people_per_transaction`
    people to a transaction, while a thread generates the next people's rows. For the load
    only, SQLite gets a page cache of `sqlite_cache_mib` (its WAL and synchronous=FULL are
    kept), and PostgreSQL runs with session_replication_role = replica unless
    `foreign_key_triggers`, which skips the per-row foreign-key checks: the rows are
    consistent by construction. `progress(clinic, people_done)` is called after each
    transaction.
    """
    program = program or load_program()
    template = _Template(program)
    end = end or date(2026, 11, 23)
    start = end - timedelta(days=days)
    clinic = Clinic(people=people, days=days, start=start, end=end)
    rnd = random.Random(seed)
    store = Store(engine)
    counts = {table.name: 0 for table in COLUMNS} | {t.ProgramVersion.__tablename__: 0}
    began = time.perf_counter()

    zones = {name: ZoneInfo(name) for name in TIMEZONES}
    created = datetime.combine(start - timedelta(days=1), clock_time(9), tzinfo=UTC)
    person_rows = []
    for index in range(people):
        person_id = _uuid(rnd)
        zone = rnd.choice(TIMEZONES)
        birth = rnd.randint(1940, 2000)
        person_rows.append((person_id, f"Person {index + 1:05d}", birth, zone, created))
        clinic.person_ids.append(person_id)
    with engine.begin() as connection:
        _writer(connection).write(PEOPLE, person_rows)
    counts[PEOPLE.name] = len(person_rows)
    # Program versions first: on SQLite, Store's own transactions would wait for the lock
    # that a bulk transaction holds.
    versions = [store.follow_program(row[0], program, now=created).id for row in person_rows]
    counts[t.ProgramVersion.__tablename__] = len(versions)

    def histories() -> Iterator[_PersonHistory]:
        for (person_id, _name, _birth, zone_name, _created), version_id in zip(
            person_rows, versions, strict=True
        ):
            yield _person_history(
                rnd,
                template,
                person_id=person_id,
                version_id=version_id,
                zone=zones[zone_name],
                start=start,
                days=days,
            )

    done = 0
    batch: list[_PersonHistory] = []
    for history in _ahead(histories()):
        batch.append(history)
        if len(batch) < people_per_transaction and done + len(batch) < people:
            continue
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite" and sqlite_cache_mib > 0:
                # For the bulk load only: its connection is closed (engine.dispose below)
                # before anything else uses the database.
                connection.exec_driver_sql(f"PRAGMA cache_size=-{sqlite_cache_mib * 1024}")
            if engine.dialect.name == "postgresql" and not foreign_key_triggers:
                connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            writer = _writer(connection)
            for table in history.rows:  # in foreign-key order
                rows = [row for h in batch for row in h.rows[table]]
                writer.write(table, rows)
                counts[table.name] += len(rows)
        done += len(batch)
        batch = []
        clinic.seconds = time.perf_counter() - began
        clinic.rows = dict(counts)
        if progress is not None:
            progress(clinic, done)
    engine.dispose()
    clinic.seconds = time.perf_counter() - began
    clinic.rows = dict(counts)
    return clinic


def _ahead(items: Iterator[_PersonHistory], depth: int = 2) -> Iterator[_PersonHistory]:
    """The items of `items`, produced by a thread up to `depth` items ahead of the reader."""
    queue: Queue[_PersonHistory | BaseException | None] = Queue(maxsize=depth)

    def produce() -> None:
        try:
            for item in items:
                queue.put(item)
        except BaseException as error:
            queue.put(error)
        else:
            queue.put(None)

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    while (item := queue.get()) is not None:
        if isinstance(item, BaseException):
            raise item
        yield item
    thread.join()


# -- measurements ---------------------------------------------------------------------------


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def time_rep_commits(store: Store, person_id: str, program: Program, reps: int) -> list[float]:
    """Seconds per Store.record_effort, each its own transaction, into open sessions of the
    whole program (a new one every 41 reps, opened and closed outside the timing)."""
    template = _Template(program)
    version = store.follow_program(person_id, program, now=datetime.now(UTC))
    plan = [PlannedExercise(exercise_id=e, planned_efforts=n) for e, n in template.plan]
    durations: list[float] = []
    session_id = ""
    session_start = datetime.now(UTC)
    for i in range(reps):
        cue = template.cues[i % len(template.cues)]
        if i % len(template.cues) == 0:
            if session_id:
                store.finish_session(session_id, ended_at=datetime.now(UTC))
            session_start = datetime.now(UTC)
            session_id = store.start_session(
                person_id,
                program_version_id=version.id,
                plan=plan,
                started_at=session_start,
                owner=f"bench:{os.getpid()}",
            )
        began = session_start + timedelta(milliseconds=cue.offset_ms)
        effort = EffortRecord(
            id=str(uuid.uuid4()),
            cue_index=cue.cue_index,
            exercise_id=cue.exercise_id,
            side=cue.side,  # type: ignore[arg-type]
            direction=cue.direction,  # type: ignore[arg-type]
            rep=cue.rep,
            outcome="done",
            started_at=began,
            ended_at=began + timedelta(milliseconds=cue.planned_ms),
            planned_s=cue.planned_ms / 1000,
            actual_s=cue.planned_ms / 1000,
        )
        before = time.perf_counter()
        store.record_effort(session_id, effort)
        durations.append(time.perf_counter() - before)
    if session_id:
        store.finish_session(session_id, ended_at=datetime.now(UTC))
    return durations


def time_calls(call: Callable[[], object], repeats: int) -> list[float]:
    call()  # warm up: first-use compilation and caches
    durations = []
    for _ in range(repeats):
        before = time.perf_counter()
        call()
        durations.append(time.perf_counter() - before)
    return durations


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def check_round_trip(store: Store, clinic: Clinic) -> None:
    """The bulk rows read back through the store as the store writes them: aware UTC times
    inside the history window, and sessions that summarise as completed."""
    person_id = clinic.person_ids[0]
    summaries = session_summaries(store, person_id)
    assert len(summaries) == 3 * clinic.days, len(summaries)
    first = summaries[0]
    assert first.started_at.tzinfo is not None and first.started_at.utcoffset() == timedelta(0)
    low = datetime.combine(clinic.start, clock_time(0), tzinfo=UTC) - timedelta(days=1)
    high = datetime.combine(clinic.end, clock_time(0), tzinfo=UTC) + timedelta(days=1)
    assert all(low <= s.started_at < high for s in summaries)
    assert all(s.status == "completed" and s.done == s.planned == 41 for s in summaries)
    since = datetime.combine(clinic.start, clock_time(0), tzinfo=UTC) + timedelta(days=1)
    windowed = session_summaries(store, person_id, since=since)
    assert 0 < len(windowed) < len(summaries)


def settle(engine: Engine, log: Callable[[str], None]) -> None:
    """Let the database reach a steady state after the bulk load, so that the timings below
    measure the store and not the tail of the load: PostgreSQL gets the VACUUM ANALYZE that
    autovacuum would soon run by itself and a checkpoint, SQLite a WAL checkpoint, and the
    operating system writes out every dirty page (which would otherwise delay each fsync)."""
    before = time.perf_counter()
    raw = engine.raw_connection()  # outside any transaction: the engine's BEGIN is not issued
    try:
        if engine.dialect.name == "postgresql":
            raw.driver_connection.autocommit = True  # type: ignore[union-attr]
            statements = ("VACUUM ANALYZE", "CHECKPOINT")
        else:
            statements = ("PRAGMA wal_checkpoint(TRUNCATE)",)
        cursor = raw.cursor()
        for statement in statements:
            cursor.execute(statement)
        cursor.close()
    finally:
        raw.invalidate()  # not back to the pool: its autocommit setting stays with it
    os.sync()
    log(f"  settled in {time.perf_counter() - before:.1f} s")


def run_database(
    name: str, url: str, args: argparse.Namespace, log: Callable[[str], None]
) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        ensure_schema(engine)
        store = Store(engine)
        program = load_program()

        def progress(clinic: Clinic, done: int) -> None:
            left = clinic.seconds / done * (args.people - done)
            log(
                f"  {name}: {done}/{args.people} people, {clinic.total_rows:,} rows, "
                f"{clinic.rows_per_s:,.0f} rows/s, {clinic.seconds:.0f} s, ~{left:.0f} s left"
            )

        log(f"{name}: generating {args.people} people x {args.days} days")
        clinic = generate_clinic(
            engine,
            people=args.people,
            days=args.days,
            seed=args.seed,
            people_per_transaction=args.people_per_transaction,
            progress=progress,
        )
        log(f"{name}: generated in {clinic.seconds:.1f} s; checking and settling")
        check_round_trip(store, clinic)
        settle(engine, log)

        load_before = os.getloadavg()[0]  # other work on the machine skews the timings below
        log(f"{name}: {args.reps} rep commits (load average {load_before:.2f})")
        commits = time_rep_commits(store, clinic.person_ids[0], program, args.reps)

        # The year before `end`, midnight to midnight where the person lives, as a history
        # view asks for it; a person in the middle of the clinic.
        person_id = clinic.person_ids[len(clinic.person_ids) // 2]
        zone = ZoneInfo(store.get_person(person_id).timezone)
        since = datetime.combine(clinic.end - timedelta(days=365), clock_time(0), tzinfo=zone)
        until = datetime.combine(clinic.end, clock_time(0), tzinfo=zone)
        log(f"{name}: loading one person's history {args.repeats} times")
        summaries = session_summaries(store, person_id, since=since, until=until)
        history = load_history(store, person_id)
        summary_times = time_calls(
            lambda: session_summaries(store, person_id, since=since, until=until), args.repeats
        )
        full_times = time_calls(lambda: load_history(store, person_id), args.repeats)

        return {
            "people": args.people,
            "days": args.days,
            "generate_s": round(clinic.seconds, 1),
            "generate_rows": clinic.total_rows,
            "generate_rows_per_s": round(clinic.rows_per_s),
            "effort_rows": clinic.rows[EFFORTS.name],
            "effort_rows_per_s": round(clinic.rows[EFFORTS.name] / clinic.seconds),
            "rows": clinic.rows,
            "database_bytes": _database_bytes(engine),
            "rep_commits": len(commits),
            "rep_commit_per_s": round(len(commits) / sum(commits), 1),
            "rep_commit_p50_ms": _ms(statistics.median(commits)),
            "rep_commit_p99_ms": _ms(_percentile(commits, 0.99)),
            "rep_commit_max_ms": _ms(max(commits)),
            "history_sessions": len(summaries),
            "history_efforts": sum(len(s.efforts) for s in history.sessions),
            "history_summaries_ms_median": _ms(statistics.median(summary_times)),
            "history_summaries_ms_p95": _ms(_percentile(summary_times, 0.95)),
            "history_full_ms_median": _ms(statistics.median(full_times)),
            "history_full_ms_p95": _ms(_percentile(full_times, 0.95)),
            "load_average_before": round(load_before, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
        }
    finally:
        engine.dispose()


def _database_bytes(engine: Engine) -> int:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
            size = connection.exec_driver_sql("PRAGMA page_size").scalar_one()
            return int(pages) * int(size)
        schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
        return int(
            connection.exec_driver_sql(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %(schema)s AND c.relkind = 'r'",
                {"schema": schema},
            ).scalar_one()
        )


@contextmanager
def fresh_sqlite(path: str | None, *, keep: bool) -> Iterator[str]:
    """A URL for a new SQLite file: `path` (which must not exist yet, and is kept), or a
    temporary one that is removed afterwards unless `keep`."""
    if path is not None:
        target = Path(path)
        if target.exists():
            raise SystemExit(f"{target} exists; give a new file for a fresh database")
        yield f"sqlite:///{target}"
        return
    folder = Path(tempfile.mkdtemp(prefix="footwork-bench-"))
    try:
        yield f"sqlite:///{folder / 'footwork.db'}"
    finally:
        if keep:
            print(f"kept sqlite:///{folder / 'footwork.db'}", file=sys.stderr)
        else:
            shutil.rmtree(folder)


@contextmanager
def fresh_postgres(url: str, *, keep: bool) -> Iterator[str]:
    """A URL whose connections use a new schema of their own, dropped afterwards unless
    `keep`."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    separator = "&" if "?" in url else "?"
    schema_url = f"{url}{separator}options=-csearch_path%3D{schema}"
    admin = sa.create_engine(url)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        yield schema_url
    finally:
        if keep:
            print(f"kept {schema_url} (DROP SCHEMA {schema} CASCADE when done)", file=sys.stderr)
        else:
            with admin.begin() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def print_figures(results: dict[str, dict[str, Any]]) -> None:
    rows = (
        ("people x days", lambda r: f"{r['people']} x {r['days']}"),
        ("rows generated", lambda r: f"{r['generate_rows']:,}"),
        ("  of which efforts", lambda r: f"{r['effort_rows']:,}"),
        ("generation time", lambda r: f"{r['generate_s']:,.1f} s"),
        ("generation rows/s", lambda r: f"{r['generate_rows_per_s']:,}"),
        ("generation efforts/s", lambda r: f"{r['effort_rows_per_s']:,}"),
        ("database size", lambda r: f"{r['database_bytes'] / 1e9:.2f} GB"),
        ("rep commits/s", lambda r: f"{r['rep_commit_per_s']:,.1f}"),
        ("rep commit p50", lambda r: f"{r['rep_commit_p50_ms']:.3f} ms"),
        ("rep commit p99", lambda r: f"{r['rep_commit_p99_ms']:.3f} ms"),
        ("rep commit max", lambda r: f"{r['rep_commit_max_ms']:.3f} ms"),
        ("year: sessions, efforts", lambda r: f"{r['history_sessions']}, {r['history_efforts']}"),
        ("year summaries median", lambda r: f"{r['history_summaries_ms_median']:.1f} ms"),
        ("year summaries p95", lambda r: f"{r['history_summaries_ms_p95']:.1f} ms"),
        ("full history median", lambda r: f"{r['history_full_ms_median']:.1f} ms"),
        ("full history p95", lambda r: f"{r['history_full_ms_p95']:.1f} ms"),
    )
    names = list(results)
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{'':26}" + "".join(f"{n:>18}" for n in names))
    for label, show in rows:
        print(f"{label:26}" + "".join(f"{show(results[n]):>18}" for n in names))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--sqlite-path", help="a new file to create (default: a temporary one)")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--people-per-transaction", type=int, default=25)
    parser.add_argument("--reps", type=int, default=2000, help="single-rep commits to time")
    parser.add_argument("--repeats", type=int, default=20, help="history loads to time")
    parser.add_argument("--json", action="store_true", help="print only the JSON figures")
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases (SQLite file, PostgreSQL schema)"
    )
    args = parser.parse_args()
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    unknown = sorted(set(databases) - {"sqlite", "postgresql"})
    if unknown or not databases:
        parser.error(f"--databases: expected sqlite and/or postgresql, got {args.databases!r}")
    if args.people < 1 or args.days < 1:
        parser.error("--people and --days must be at least 1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results: dict[str, dict[str, Any]] = {}
    for name in databases:
        if name == "sqlite":
            fresh = fresh_sqlite(args.sqlite_path, keep=args.keep)
        else:
            fresh = fresh_postgres(args.postgres_url, keep=args.keep)
        with fresh as url:
            results[name] = run_database(name, url, args, log)
        log(f"{name}: {json.dumps(results[name])}")
    if args.json:
        print(json.dumps(results))
    else:
        print_figures(results)


if __name__ == "__main__":
    main()
