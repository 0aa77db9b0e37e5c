"""A large clinic on PostgreSQL: time the clinician's patient list and one patient's page.

Usage: python benchmarks/clinic.py [--patients 10000] [--days 365] [--url URL] [--seed 0]
                                   [--jobs 2] [--no-shared] [--keep] [--generate-only]
                                   [--reuse [--refresh]]
                                   [--repeats 30] [--budget-s 300] [--json]

Without --reuse, a new database (the one `--url` names, which must not exist yet) gets a
clinic of `--patients` patients under 10 clinicians, each with a prescribed program (the
built-in one, through Store.assign_program) and `--days` days of history written in bulk
with the store benchmark's writer (benchmarks/store.py). Unlike that benchmark, patients
behave as patients do: each draws an adherence profile (keen, about half, low, dropping off
after a few weeks, never starting), does each scheduled slot with that probability, mostly
only the exercises due in that slot, sometimes cutting a session short or skipping efforts,
and logs pain about once a day on the days they exercise (most easing slightly, some rising
by 2 points or more). The clinic also gets what the clinician's pages show beside sessions
(benchmarks/clinic_extras.py): contact details, acknowledged flags, program templates with
progression rules and patients' plans, PSFS/GROC questionnaires, messages with read marks and
camera reports on some sessions. Then `refresh_care` runs for every patient, as the app does
after each session, in a pool of `--jobs` processes, and the database is vacuumed and
analysed. The database is dropped at the end unless --keep.

With --reuse, an existing generated database is measured as it is (and always kept), so a
long generation can be done once (--keep) and measured many times (--reuse); --refresh first
works out every patient's figures again (they reach 21 days ahead; or after an interrupted
run).

The measurements go through the real web app in process (create_app in clinic mode, with
Starlette's TestClient), logged in as the measured clinician, who follows 1,000 patients of
their own and, with --shared (the default), every other clinician's patients too: the list
covers the whole clinic, the hard case. After warm-up requests, each is timed `--repeats`
times: GET /clinic?sort=flags (the list's first page, sorted by flags), GET
/clinic/patients/{id} (rotating over several patients with a full year of sessions), the list
filtered by a flag, searched by name and its fifth page, and the service call behind the list,
services.care.patients_of, alone; the first page must show unread-message counts. The aim
is under 300 ms each. A measurement too slow for that stops repeating after `--budget-s`
seconds (3 timings at least).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from bulk_indexes import indexes_set_aside
from clinic_extras import write_extras
from footwork.content.loader import load_program
from footwork.core.program import Exercise, PerDay, Program
from footwork.core.records import PAIN_REGIONS
from footwork.store import tables as t
from footwork.store.accounts import HASHER, Account, account_by_name, create_account
from footwork.store.database import ensure_schema, make_engine
from footwork.store.repository import Store
from store import (
    CHECKINS,
    COLUMNS,
    EFFORTS,
    PEOPLE,
    PLANS,
    SCORES,
    SESSION_JITTER_MIN,
    SESSION_MINUTES,
    SESSIONS,
    TIMEZONES,
    Row,
    _ahead,
    _database_bytes,
    _ms,
    _percentile,
    _PersonHistory,
    _Template,
    _uuid,
    _writer,
    settle,
)

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/footwork_clinic_bench"
CLINICIANS = 10
MEASURED = "clinician-01"
PASSWORD = "clinic-bench-password"
JOINED_SHARE = 0.8  # patients who redeemed their invite and have an account
PATIENTS_PER_TRANSACTION = 25
AIM_MS = 300.0
SEARCH = "Patient 0012"  # a name search matching 10 patients of 10,000 (Patient 00120-00129)
LIST_VARIANTS = (  # the list filtered by a flag, searched by name, and a later page
    ("list_filtered", "/clinic?sort=flags&flag=pain_up"),
    ("list_searched", f"/clinic?q={SEARCH.replace(' ', '+')}"),
    ("list_page_5", "/clinic?sort=flags&page=5"),
)

# Which exercises of the built-in program are due in each slot (see docs/adherence.md: once a
# day is the morning, twice is morning and evening, three times is every slot); the weekly
# one is done in the morning on these weekdays (Monday is 0).
MORNING, MIDDAY, EVENING = range(3)
WEEKLY_DAYS = (0, 2, 4)
SLOT_FACTOR = (1.0, 0.8, 1.0)  # the midday slot is the one most often missed
WHOLE_PROGRAM_SHARE = 0.05  # sessions of the whole program rather than of what is due
CUT_SHORT_SHARE = 0.10  # sessions stopped part way
SKIPPING_SHARE = 0.15  # sessions with some efforts skipped
SKIP_CHANCE = 0.25  # in those, the chance of skipping each effort
PAIN_DAY_SHARE = 0.9  # days with a session on which pain is logged


# -- who the patients are ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Profile:
    """An adherence profile: the chance of doing each slot, until a drop-off day if any."""

    name: str
    weight: float
    adherence: tuple[float, float]
    drop_after_days: tuple[int, int] | None = None
    after_drop: float = 0.02


PROFILES = (
    Profile("keen", 0.10, (0.80, 0.97)),
    Profile("half", 0.40, (0.35, 0.65)),
    Profile("low", 0.15, (0.10, 0.30)),
    Profile("drop-off", 0.30, (0.50, 0.85), drop_after_days=(10, 60)),
    Profile("never", 0.05, (0.0, 0.0)),
)


@dataclass(frozen=True, slots=True)
class Habits:
    """How one patient behaves: drawn once, then followed day by day."""

    profile: str
    adherence: float
    drop_day: int | None
    after_drop: float
    regions: tuple[str, ...]
    pain_start: float
    pain_change: float
    """Over the whole history: most ease a little, some rise by 2 points or more."""

    def chance(self, day: int, slot: int) -> float:
        base = self.after_drop if self.drop_day is not None and day >= self.drop_day else None
        return (self.adherence if base is None else base) * SLOT_FACTOR[slot]

    def pain(self, day: int, days: int) -> float:
        return self.pain_start + self.pain_change * day / max(days - 1, 1)


def draw_habits(rnd: random.Random) -> Habits:
    profile = rnd.choices(PROFILES, weights=[p.weight for p in PROFILES])[0]
    drop_day = rnd.randint(*profile.drop_after_days) if profile.drop_after_days else None
    trend = rnd.random()
    if trend < 0.15:
        change = rnd.uniform(2.5, 4.0)  # getting worse: the pain flag should show
    elif trend < 0.25:
        change = rnd.uniform(-0.3, 0.3)
    else:
        change = -rnd.uniform(0.5, 2.0)
    return Habits(
        profile=profile.name,
        adherence=rnd.uniform(*profile.adherence),
        drop_day=drop_day,
        after_drop=profile.after_drop,
        regions=tuple(rnd.sample(PAIN_REGIONS, 3)),
        pain_start=rnd.uniform(2.0, 6.0),
        pain_change=change,
    )


# -- sessions as patients do them -------------------------------------------------------------


class Templates:
    """The session templates: the whole program, and only what is due in each slot."""

    def __init__(self, program: Program) -> None:
        self.whole = _Template(program)
        times = {
            e.id: e.frequency.times for e in program.exercises if isinstance(e.frequency, PerDay)
        }
        weekly = [e for e in program.exercises if e.id not in times]
        least_times = {MORNING: 1, MIDDAY: 3, EVENING: 2}
        due = [
            [e for e in program.exercises if times.get(e.id, 0) >= least_times[slot]]
            for slot in range(3)
        ]
        self.due = [self._template(program, exercises) for exercises in due]
        self.due_with_weekly = self._template(program, due[MORNING] + weekly)

    @staticmethod
    def _template(program: Program, exercises: list[Exercise]) -> _Template:
        return _Template(program.model_copy(update={"exercises": exercises}))

    def pick(self, rnd: random.Random, slot: int, weekday: int) -> _Template:
        if rnd.random() < WHOLE_PROGRAM_SHARE:
            return self.whole
        if slot == MORNING and weekday in WEEKLY_DAYS:
            return self.due_with_weekly
        return self.due[slot]


MS = timedelta(milliseconds=1)


def add_session(
    history: _PersonHistory,
    rnd: random.Random,
    template: _Template,
    *,
    person_id: str,
    version_id: str,
    started: datetime,
) -> tuple[str, datetime, datetime]:
    """One session's rows: sometimes cut short, sometimes with efforts skipped. Returns its
    id, start and end."""
    session_id = _uuid(rnd)
    cues = template.cues
    stop = rnd.randint(1, len(cues) - 1) if rnd.random() < CUT_SHORT_SHARE else len(cues)
    skip = SKIP_CHANCE if rnd.random() < SKIPPING_SHARE else 0.0
    efforts = history.rows[EFFORTS]
    extra_ms = 0  # a patient is a little slower than the timeline, or faster when skipping
    done = 0
    ended = started
    for cue in cues[:stop]:
        skipped = skip > 0.0 and rnd.random() < skip
        actual_ms = rnd.randrange(200, 2000) if skipped else cue.planned_ms + rnd.randrange(250)
        cue_start = started + (cue.offset_ms + extra_ms) * MS
        ended = cue_start + actual_ms * MS
        efforts.append(
            (
                _uuid(rnd),
                session_id,
                cue.cue_index,
                cue.exercise_id,
                cue.side,
                cue.direction,
                cue.rep,
                "skipped" if skipped else "done",
                cue_start,
                ended,
                cue.planned_ms / 1000,
                actual_ms / 1000,
            )
        )
        done += not skipped
        extra_ms += actual_ms - cue.planned_ms
    if stop == len(cues):
        ended = started + (template.total_ms + extra_ms) * MS
    status = "completed" if done == len(cues) else "partial" if done else "aborted"
    history.rows[SESSIONS].append((session_id, person_id, version_id, started, ended, status, None))
    history.rows[PLANS].extend(
        (session_id, position, exercise_id, planned)
        for position, (exercise_id, planned) in enumerate(template.plan)
    )
    return session_id, started, ended


def add_pain(
    history: _PersonHistory,
    rnd: random.Random,
    habits: Habits,
    *,
    person_id: str,
    level: float,
    sessions: Sequence[tuple[str, datetime, datetime]],
) -> None:
    """One check-in on a day with sessions: before the first or after the last."""
    minute = timedelta(minutes=1)
    if rnd.random() < 0.5:
        context, (session_id, moment, _) = "before", sessions[0]
        moment -= 2 * minute
    else:
        context, (session_id, _, moment) = "after", sessions[-1]
        moment += 2 * minute
    checkin_id = _uuid(rnd)
    history.rows[CHECKINS].append((checkin_id, person_id, moment, context, session_id, None))
    for region in habits.regions[: rnd.randint(1, 3)]:
        score = min(10, max(0, round(level + rnd.uniform(-1.0, 1.0))))
        history.rows[SCORES].append((checkin_id, region, score))


def patient_history(
    rnd: random.Random,
    templates: Templates,
    habits: Habits,
    *,
    person_id: str,
    version_id: str,
    zone: ZoneInfo,
    start: date,
    days: int,
) -> _PersonHistory:
    """`days` local days from `start` of one patient following their habits."""
    history = _PersonHistory()
    for day in range(days):
        today = start + timedelta(days=day)
        midnight = datetime.combine(today, clock_time(0), tzinfo=zone)
        sessions = []
        for slot, minutes in enumerate(SESSION_MINUTES):
            if rnd.random() >= habits.chance(day, slot):
                continue
            jitter = rnd.randint(-SESSION_JITTER_MIN, SESSION_JITTER_MIN)
            started = (midnight + timedelta(minutes=minutes + jitter)).astimezone(UTC)
            template = templates.pick(rnd, slot, today.weekday())
            sessions.append(
                add_session(
                    history,
                    rnd,
                    template,
                    person_id=person_id,
                    version_id=version_id,
                    started=started,
                )
            )
        if sessions and rnd.random() < PAIN_DAY_SHARE:
            level = habits.pain(day, days)
            add_pain(history, rnd, habits, person_id=person_id, level=level, sessions=sessions)
    return history


# -- writing the clinic -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PatientSpec:
    """What a history writer needs to know of one patient."""

    index: int
    person_id: str
    version_id: str
    timezone: str
    start: date


@dataclass
class Generated:
    patients: int
    days: int
    rows: dict[str, int] = field(default_factory=dict)
    profiles: dict[str, int] = field(default_factory=dict)
    setup_s: float = 0.0
    histories_s: float = 0.0
    indexes_s: float = 0.0
    extras_s: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def patient_random(seed: int, index: int) -> random.Random:
    """Each patient's own generator: the same history however the patients are shared out."""
    return random.Random(f"{seed}:{index}")


def create_clinicians(store: Store, now: datetime) -> list[Account]:
    return [
        create_account(
            store,
            username=f"clinician-{n + 1:02d}",
            password=PASSWORD,
            role="clinician",
            person_id=None,
            now=now,
        )
        for n in range(CLINICIANS)
    ]


def write_patients(
    engine: Engine,
    clinicians: Sequence[Account],
    *,
    patients: int,
    days: int,
    seed: int,
    shared: bool,
    now: datetime,
) -> list[tuple[str, str, date, datetime]]:
    """People, their timezone, their patient row (patient i is clinician i % 10's, so the
    measured clinician has a tenth of them) and, for most, a patient account. Each history
    ends with the patient's local yesterday. Returns (person id, timezone, first day, when
    added) per patient."""
    rnd = random.Random(f"{seed}:people")
    password_hash = HASHER.hash(PASSWORD)  # one hash for all: argon2 is slow on purpose
    people, zones, patient_rows, accounts, result = [], [], [], [], []
    for index in range(patients):
        person_id = _uuid(rnd)
        zone = rnd.choice(TIMEZONES)
        start = now.astimezone(ZoneInfo(zone)).date() - timedelta(days=days)
        added = datetime.combine(start - timedelta(days=1), clock_time(9), tzinfo=UTC)
        clinician = clinicians[index % len(clinicians)]
        people.append((person_id, f"Patient {index + 1:05d}", rnd.randint(1940, 2000), zone, added))
        zones.append(
            {"id": _uuid(rnd), "person_id": person_id, "effective_from": added, "timezone": zone}
        )
        patient_rows.append(
            {
                "person_id": person_id,
                "clinician_id": clinician.id,
                "shared": shared and index % len(clinicians) != 0,
                "created_at": added,
            }
        )
        if rnd.random() < JOINED_SHARE:
            accounts.append(
                {
                    "id": _uuid(rnd),
                    "username": f"patient-{index + 1:05d}",
                    "password_hash": password_hash,
                    "role": "patient",
                    "person_id": person_id,
                    "created_at": added,
                }
            )
        result.append((person_id, zone, start, added))
    with engine.begin() as connection:
        _writer(connection).write(PEOPLE, people)
        connection.execute(sa.insert(t.TimezoneChange), zones)
        connection.execute(sa.insert(t.Patient), patient_rows)
        connection.execute(sa.insert(t.Account), accounts)
    return result


def prescribe_programs(
    store: Store,
    program: Program,
    clinicians: Sequence[Account],
    patients: Sequence[tuple[str, str, date, datetime]],
) -> list[str]:
    """A prescribed program version per patient, from the first day of their history."""
    versions = []
    for index, (person_id, _zone, start, added) in enumerate(patients):
        version = store.assign_program(
            person_id,
            program,
            starts_on=start,
            assigned_by=clinicians[index % len(clinicians)].id,
            note=None,
            now=added,
        )
        versions.append(version.id)
        if (index + 1) % 2000 == 0:
            log(f"  programs prescribed: {index + 1}/{len(patients)}")
    return versions


@dataclass(frozen=True, slots=True)
class ShardJob:
    url: str
    shard: int
    specs: tuple[PatientSpec, ...]
    days: int
    seed: int


def write_shard(job: ShardJob) -> tuple[dict[str, int], dict[str, int]]:
    """Write the histories of one share of the patients, in its own process and engine;
    returns the rows written per table and the patients per profile."""
    engine = make_engine(job.url)
    templates = Templates(load_program())
    counts: dict[str, int] = {}
    profiles: dict[str, int] = {}
    zones = {name: ZoneInfo(name) for name in TIMEZONES}

    def histories() -> Iterator[_PersonHistory]:
        for spec in job.specs:
            rnd = patient_random(job.seed, spec.index)
            habits = draw_habits(rnd)
            profiles[habits.profile] = profiles.get(habits.profile, 0) + 1
            yield patient_history(
                rnd,
                templates,
                habits,
                person_id=spec.person_id,
                version_id=spec.version_id,
                zone=zones[spec.timezone],
                start=spec.start,
                days=job.days,
            )

    began = time.perf_counter()
    done = 0
    for batch in _batches(_ahead(histories()), PATIENTS_PER_TRANSACTION):
        write_batch(engine, batch, counts)
        done += len(batch)
        if done % (PATIENTS_PER_TRANSACTION * 20) == 0 or done == len(job.specs):
            seconds = time.perf_counter() - began
            rows = sum(counts.values())
            left = seconds / done * (len(job.specs) - done)
            log(
                f"  shard {job.shard}: {done}/{len(job.specs)} patients, {rows:,} rows "
                f"({counts.get(EFFORTS.name, 0):,} efforts), {rows / seconds:,.0f} rows/s, "
                f"{seconds:.0f} s, ~{left:.0f} s left"
            )
    engine.dispose()
    return counts, profiles


def _batches(items: Iterator[_PersonHistory], size: int) -> Iterator[list[_PersonHistory]]:
    batch: list[_PersonHistory] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_batch(engine: Engine, batch: Sequence[_PersonHistory], counts: dict[str, int]) -> None:
    """One transaction of COPYs, without the per-row foreign-key triggers: the rows are
    consistent by construction."""
    with engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
        writer = _writer(connection)
        for table in batch[0].rows:  # in foreign-key order
            rows: list[Row] = [row for history in batch for row in history.rows[table]]
            writer.write(table, rows)
            counts[table.name] = counts.get(table.name, 0) + len(rows)


def write_histories(
    url: str, specs: Sequence[PatientSpec], *, days: int, seed: int, jobs: int
) -> tuple[dict[str, int], dict[str, int]]:
    shards = [ShardJob(url, shard, tuple(specs[shard::jobs]), days, seed) for shard in range(jobs)]
    counts: dict[str, int] = {}
    profiles: dict[str, int] = {}
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        for shard_counts, shard_profiles in pool.imap_unordered(write_shard, shards):
            for name, n in shard_counts.items():
                counts[name] = counts.get(name, 0) + n
            for name, n in shard_profiles.items():
                profiles[name] = profiles.get(name, 0) + n
    return counts, profiles


# -- keeping the flags, as the app does -------------------------------------------------------

_worker_store: Store | None = None


def _open_worker_store(url: str) -> None:
    global _worker_store
    _worker_store = Store(make_engine(url))


def _refresh_one(job: tuple[str, datetime]) -> float:
    from footwork.services.care import refresh_care

    assert _worker_store is not None
    person_id, now = job
    before = time.perf_counter()
    refresh_care(_worker_store, person_id, now=now)
    return time.perf_counter() - before


@dataclass
class Refreshed:
    patients: int
    seconds: float
    per_patient_ms: dict[str, float]
    care_rows: dict[str, int]
    settle_s: float


def refresh_all(url: str, person_ids: Sequence[str], *, jobs: int) -> tuple[float, list[float]]:
    """refresh_care for every patient in a pool of `jobs` processes, each with its own engine.
    Returns the wall time and each patient's own time."""
    now = datetime.now(UTC)
    began = time.perf_counter()
    times: list[float] = []
    context = multiprocessing.get_context("spawn")
    with context.Pool(jobs, initializer=_open_worker_store, initargs=(url,)) as pool:
        work = [(person_id, now) for person_id in person_ids]
        for seconds in pool.imap_unordered(_refresh_one, work, chunksize=20):
            times.append(seconds)
            if len(times) % 1000 == 0:
                wall = time.perf_counter() - began
                log(
                    f"  refreshed {len(times)}/{len(person_ids)}: {wall:.0f} s, "
                    f"{wall / len(times) * 1000:.1f} ms per patient (wall)"
                )
    return time.perf_counter() - began, times


def refresh_and_settle(url: str, *, jobs: int) -> Refreshed:
    """Analyse the tables, refresh every patient's care figures, then vacuum and analyse."""
    engine = make_engine(url)
    try:
        log("analysing before the refresh (autovacuum may be off)")
        settle(engine, log)
        with engine.connect() as connection:
            person_ids = list(connection.scalars(sa.select(t.Patient.person_id)))
        log(f"refreshing the care figures of {len(person_ids)} patients in {jobs} processes")
        seconds, times = refresh_all(url, person_ids, jobs=jobs)
        per_patient = {
            "wall": _ms(seconds / len(times)),
            "median": _ms(statistics.median(times)),
            "p95": _ms(_percentile(times, 0.95)),
            "max": _ms(max(times)),
        }
        log(f"refreshed in {seconds:.0f} s: {per_patient} ms per patient")
        care_rows = {
            "care_flags": count_rows(engine, t.CareFlags),
            "care_status": count_rows(engine, t.CareStatus),
        }
        before = time.perf_counter()
        settle(engine, log)
        return Refreshed(
            len(person_ids), seconds, per_patient, care_rows, time.perf_counter() - before
        )
    finally:
        engine.dispose()


def generate(url: str, args: argparse.Namespace) -> Generated:
    """The whole clinic, written into the migrated, empty database at `url`."""
    result = Generated(patients=args.patients, days=args.days)
    engine = make_engine(url)
    store = Store(engine)
    program = load_program()
    now = datetime.now(UTC)
    began = time.perf_counter()
    log(f"setting up {CLINICIANS} clinicians and {args.patients} patients")
    clinicians = create_clinicians(store, now)
    patients = write_patients(
        engine,
        clinicians,
        patients=args.patients,
        days=args.days,
        seed=args.seed,
        shared=args.shared,
        now=now,
    )
    versions = prescribe_programs(store, program, clinicians, patients)
    result.setup_s = time.perf_counter() - began

    log(f"writing {args.patients} patients x {args.days} days in {args.jobs} processes")
    began = time.perf_counter()
    specs = [
        PatientSpec(index, person_id, version_id, zone, start)
        for index, ((person_id, zone, start, _), version_id) in enumerate(
            zip(patients, versions, strict=True)
        )
    ]
    history_tables = [table.name for table in COLUMNS if table is not PEOPLE]
    with indexes_set_aside(engine, history_tables, log):
        counts, result.profiles = write_histories(
            url, specs, days=args.days, seed=args.seed, jobs=args.jobs
        )
        result.histories_s = time.perf_counter() - began
    result.indexes_s = time.perf_counter() - began - result.histories_s
    log("writing questionnaires, messages, templates, contacts, acknowledgements, camera reports")
    began = time.perf_counter()
    extras = write_extras(
        engine,
        clinicians,
        clinicians[0],
        patients,
        days=args.days,
        seed=args.seed,
        now=now,
    )
    result.extras_s = time.perf_counter() - began
    log(f"extras written in {result.extras_s:.0f} s: {extras}")
    result.rows = (
        {
            "people": len(patients),
            "patients": len(patients),
            "accounts": count_rows(engine, t.Account),
            "program_versions": len(versions),
        }
        | {name: n for name, n in counts.items() if name != PEOPLE.name}
        | extras
    )
    engine.dispose()
    log(f"histories written in {result.histories_s:.0f} s: {result.rows}")
    return result


def count_rows(engine: Engine, table: type[t.Base]) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


# -- the database -----------------------------------------------------------------------------


@contextmanager
def new_database(url: str, *, keep: bool) -> Iterator[str]:
    """Create the database `url` names (it must not exist), migrate it, and drop it afterwards
    unless `keep`."""
    parsed = make_url(url)
    name = parsed.database
    if not name or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit("--url: give a database name of lower-case letters, digits and _")
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if exists:
                raise SystemExit(f"database {name} exists: measure it with --reuse, or drop it")
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine = make_engine(url)
        ensure_schema(engine)
        engine.dispose()
        yield url
    finally:
        if keep:
            log(f"kept {url} (--reuse to measure it again; DROP DATABASE {name} when done)")
        else:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def database_figures(url: str) -> dict[str, Any]:
    """Size and (estimated, from the statistics) row counts of an existing database."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT relname, reltuples::bigint FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY relname"
            ).all()
            version = connection.exec_driver_sql("SHOW server_version").scalar_one()
        return {
            "database_bytes": _database_bytes(engine),
            "estimated_rows": {name: max(int(n), 0) for name, n in rows},
            "postgresql": version,
        }
    finally:
        engine.dispose()


# -- the measurements -------------------------------------------------------------------------


def find_full_year_patients(url: str, clinician: Account, *, count: int) -> list[str]:
    """Patients the clinician follows who did a session on their first day and have one
    in the last two days: a full year of history each."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT s.person_id FROM care_status s "
                    "JOIN patients p ON p.person_id = s.person_id "
                    "WHERE s.last_session_at > now() - interval '2 days' "
                    "AND (p.clinician_id = :clinician OR p.shared) "
                    "AND (SELECT min(started_at) FROM sessions x WHERE x.person_id = s.person_id)"
                    "    < p.created_at + interval '3 days' "
                    "ORDER BY s.person_id LIMIT :count"
                ),
                {"clinician": clinician.id, "count": count},
            ).all()
    finally:
        engine.dispose()
    return [row[0] for row in rows]


def time_calls(
    call: Callable[[int], object], *, warmup: int, repeats: int, budget_s: float
) -> list[float]:
    """Seconds per call after `warmup` calls, `repeats` times, or fewer (but at least 3)
    once `budget_s` is spent: for calls far too slow to repeat 30 times."""
    began = time.perf_counter()
    for i in range(warmup):
        call(i)
    durations: list[float] = []
    for i in range(repeats):
        before = time.perf_counter()
        call(warmup + i)
        durations.append(time.perf_counter() - before)
        if len(durations) >= 3 and time.perf_counter() - began > budget_s:
            break
    return durations


def figures(durations: Sequence[float]) -> dict[str, float]:
    return {
        "median_ms": _ms(statistics.median(durations)),
        "p95_ms": _ms(_percentile(durations, 0.95)),
        "max_ms": _ms(max(durations)),
        "n": len(durations),
    }


CSRF_INPUT = re.compile(r'name="csrf_token"\s+value="([^"]+)"|value="([^"]+)"\s+name="csrf_token"')


def log_in(client: Any, username: str, password: str) -> None:
    page = client.get("/login", params={"next": "/clinic"})
    page.raise_for_status()
    match = CSRF_INPUT.search(page.text)
    if match is None:
        raise SystemExit("no csrf_token input on /login")
    answer = client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": match.group(1) or match.group(2),
            "next": "/clinic",
        },
        follow_redirects=False,
    )
    if answer.status_code != 303:
        raise SystemExit(f"POST /login answered {answer.status_code}: {answer.text[:300]}")


def measure(url: str, args: argparse.Namespace) -> dict[str, Any]:
    """Time the list page, the patient page and the list's service call."""
    from fastapi.testclient import TestClient

    from footwork.config import Settings
    from footwork.services.care import patients_of
    from footwork.web.app import create_app

    store = Store(make_engine(url))
    clinician = account_by_name(store, MEASURED)
    if clinician is None:
        raise SystemExit(f"no account {MEASURED} in {url}: is it a generated clinic?")
    person_ids = find_full_year_patients(url, clinician, count=args.rotate)
    if not person_ids:
        raise SystemExit("no patient with a full year of sessions")
    load_before = os.getloadavg()
    page = patients_of(store, clinician, now=datetime.now(UTC), sort="flags")
    result: dict[str, Any] = {
        "list_total": page.total,
        "list_counts": page.counts,
        "list_first_page": len(page.rows),
        "patients_opened": len(person_ids),
        "load_average_before": [round(x, 2) for x in load_before],
    }
    log(f"the list: {page.total} patients, flags {page.counts}; {len(person_ids)} to open")

    result["service_patients_of"] = figures(
        time_calls(
            lambda _: patients_of(store, clinician, now=datetime.now(UTC), sort="flags"),
            warmup=2,
            repeats=args.repeats,
            budget_s=args.budget_s,
        )
    )
    log(f"  patients_of: {result['service_patients_of']}")

    app = create_app(Settings(database_url=url, mode="clinic"))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        log_in(client, MEASURED, PASSWORD)

        def get(path: str) -> str:
            answer = client.get(path, headers={"accept": "text/html"}, follow_redirects=False)
            if answer.status_code != 200:
                raise SystemExit(f"GET {path} answered {answer.status_code}")
            return answer.text

        first = get("/clinic?sort=flags")
        result["list_unread_tags"] = first.count('data-testid="unread"')
        if not result["list_unread_tags"]:
            raise SystemExit("the list's first page shows no unread-message counts")
        result["search_rows"] = get(LIST_VARIANTS[1][1]).count('data-label="Patient"')
        unread, found = result["list_unread_tags"], result["search_rows"]
        log(f"  first page: {unread} unread tags; search: {found} rows")

        result["list_page"] = figures(
            time_calls(
                lambda _: get("/clinic?sort=flags"),
                warmup=2,
                repeats=args.repeats,
                budget_s=args.budget_s,
            )
        )
        log(f"  GET /clinic?sort=flags: {result['list_page']}")
        for key, path in LIST_VARIANTS:
            result[key] = figures(
                time_calls(
                    lambda _, path=path: get(path),
                    warmup=2,
                    repeats=args.repeats,
                    budget_s=args.budget_s,
                )
            )
            log(f"  GET {path}: {result[key]}")
        result["patient_page"] = figures(
            time_calls(
                lambda i: get(f"/clinic/patients/{person_ids[i % len(person_ids)]}"),
                warmup=2,
                repeats=args.repeats,
                budget_s=args.budget_s,
            )
        )
        log(f"  GET /clinic/patients/{{id}}: {result['patient_page']}")
    app.state.store.engine.dispose()
    store.engine.dispose()
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


# -- the report -------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
    }


def print_figures(report: dict[str, Any]) -> None:
    m = report["machine"]
    db = report["database"]
    print(
        f"{m['date']}: {m['cpus']} x {m['cpu']}, Python {m['python']}, "
        f"PostgreSQL {db['postgresql']}"
    )
    generated = report.get("generated")
    if generated:
        print(
            f"generated {generated['patients']} patients x {generated['days']} days: "
            f"setup {generated['setup_s']:.0f} s, histories {generated['histories_s']:.0f} s "
            f"({generated['histories_rows_per_s']:,} rows/s), "
            f"indexes built in {generated['indexes_s']:.0f} s"
        )
        print(f"  profiles: {generated['profiles']}")
        for name, n in generated["rows"].items():
            print(f"  {name:20} {n:>14,}")
    refreshed = report.get("refreshed")
    if refreshed:
        per = refreshed["per_patient_ms"]
        print(
            f"refresh_care of {refreshed['patients']} patients in {refreshed['seconds']:.0f} s "
            f"({report['jobs']} processes): {per['wall']:.1f} ms per patient wall, "
            f"own time median {per['median']:.1f}, p95 {per['p95']:.1f}, max {per['max']:.1f} ms;"
            f" settled in {refreshed['settle_s']:.0f} s; {refreshed['care_rows']}"
        )
    if not generated:
        for name, n in db["estimated_rows"].items():
            if n:
                print(f"  {name:20} ~{n:>13,}")
    print(f"database size {db['database_bytes'] / 1e9:.2f} GB")
    measured = report.get("measured")
    if not measured:
        return
    print(
        f"list of {measured['list_total']} patients, flags {measured['list_counts']}; "
        f"{measured['list_unread_tags']} with unread messages on the first page; "
        f"search {SEARCH!r}: {measured['search_rows']} rows"
    )
    print(f"{'':34}{'median':>10}{'p95':>10}{'max':>10}{'n':>5}   (ms, aim {AIM_MS:.0f})")
    for label, key in (
        ("GET /clinic?sort=flags", "list_page"),
        *((path.removeprefix("/clinic"), key) for key, path in LIST_VARIANTS),
        ("GET /clinic/patients/{id}", "patient_page"),
        ("patients_of(sort='flags')", "service_patients_of"),
    ):
        f = measured[key]
        print(
            f"{label:34}{f['median_ms']:>10.1f}{f['p95_ms']:>10.1f}{f['max_ms']:>10.1f}{f['n']:>5}"
        )
    print(
        f"load average before {measured['load_average_before']}, "
        f"after {measured['load_average_after']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--url", default=DEFAULT_URL, help="a PostgreSQL database URL")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="processes for writing, refreshing")
    parser.add_argument(
        "--shared",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="other clinicians' patients are shared, so the measured list has them all",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--reuse", action="store_true", help="measure an existing database")
    parser.add_argument("--generate-only", action="store_true", help="generate, do not measure")
    parser.add_argument(
        "--refresh", action="store_true", help="with --reuse: refresh every patient's figures first"
    )
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument(
        "--budget-s", type=float, default=300.0, help="stop repeating a measurement after this"
    )
    parser.add_argument("--rotate", type=int, default=8, help="patients to open in turn")
    parser.add_argument("--json", action="store_true", help="print only the JSON figures")
    args = parser.parse_args()
    if args.patients < CLINICIANS or args.days < 14:
        parser.error(f"--patients must be at least {CLINICIANS} and --days at least 14")

    report: dict[str, Any] = {"machine": machine(), "url": args.url, "jobs": args.jobs}
    refresh = partial(refresh_and_settle, jobs=args.jobs)
    if args.reuse:
        if args.refresh:
            report["refreshed"] = asdict(refresh(args.url))
        report["measured"] = measure(args.url, args)
        report["database"] = database_figures(args.url)
    else:
        with new_database(args.url, keep=args.keep) as url:
            report["generated"] = generated_figures(generate(url, args))
            report["refreshed"] = asdict(refresh(url))
            report["database"] = database_figures(url)
            log(f"database size {report['database']['database_bytes'] / 1e9:.2f} GB")
            if not args.generate_only:
                report["measured"] = measure(url, args)
    if args.json:
        print(json.dumps(report))
    else:
        print_figures(report)


def generated_figures(generated: Generated) -> dict[str, Any]:
    return {
        "patients": generated.patients,
        "days": generated.days,
        "rows": generated.rows,
        "total_rows": generated.total_rows,
        "profiles": generated.profiles,
        "setup_s": round(generated.setup_s, 1),
        "histories_s": round(generated.histories_s, 1),
        "indexes_s": round(generated.indexes_s, 1),
        "extras_s": round(generated.extras_s, 1),
        "histories_rows_per_s": round(generated.total_rows / max(generated.histories_s, 1e-9)),
    }


if __name__ == "__main__":
    main()
