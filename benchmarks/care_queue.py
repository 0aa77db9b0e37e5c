"""CPU time of a check-in request with the care refresh in the request, after the answer,
or queued for `footwork worker`, on SQLite and PostgreSQL, side by side in one run.

One clinic patient with `--days` of history (a session a day, a check-in a day) and a
prescribed program; then `--checkins` check-ins through the same service the web routes
call (services.logging.log_pain_checkin), in each mode:

- inline: the refresh in the request (what the app did before the queue);
- after:  the request part, then the refresh as the app runs it after the answer has gone
          (Starlette BackgroundTasks; the default, and always on SQLite);
- queued: the request part (the check-in and the queue row, one transaction), then
          `footwork worker`'s part (drain_queue) - PostgreSQL only.

"request" is what a request costs before its answer; "refresh" is the part done after it
(in the web process for `after`, in the worker for `queued`). CPU is this process's CPU
(time.process_time); PostgreSQL's own CPU is not in it, so wall time is shown too.
Run: .venv/bin/python benchmarks/care_queue.py [--postgres URL] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from footwork.content.loader import load_program
from footwork.core.records import EffortRecord
from footwork.services.care_worker import drain_queue
from footwork.services.logging import log_pain_checkin
from footwork.services.recording import start_recorded_session
from footwork.store.accounts import create_account
from footwork.store.clinic import add_patient
from footwork.store.database import ensure_schema, make_engine
from footwork.store.repository import Store, new_id

DEFAULT_POSTGRES = os.environ.get(
    "FOOTWORK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def seed(store: Store, *, days: int, now: datetime) -> str:
    """A clinic patient with a program and `days` of sessions and check-ins."""
    program = load_program()
    first = now - timedelta(days=days)
    clinician = create_account(
        store, username="dr-bench", password="a long password", role="clinician",
        person_id=None, now=first - timedelta(days=1),
    )  # fmt: skip
    person = add_patient(
        store, clinician=clinician, display_name="Bench", timezone="UTC", now=first
    )
    store.assign_program(
        person.id, program, starts_on=first.date(), assigned_by=clinician.id, note=None, now=first
    )
    exercise = program.exercises[0]
    for day in range(days):
        when = first + timedelta(days=day, hours=8)
        recorded = start_recorded_session(
            store, person.id, program, [exercise], now=when, owner=None
        )
        for index, cue in enumerate(recorded.timeline.cues):
            if cue.kind != "work":
                continue
            store.record_effort(
                recorded.session_id,
                EffortRecord(
                    id=new_id(), cue_index=index, exercise_id=cue.exercise, side=cue.side,
                    direction=cue.direction, rep=cue.rep or 1, outcome="done",
                    started_at=when, ended_at=when + timedelta(seconds=3),
                    planned_s=cue.duration_s, actual_s=cue.duration_s,
                ),
            )  # fmt: skip
        store.finish_session(recorded.session_id, ended_at=when + timedelta(minutes=5))
        log_pain_checkin(
            store, person.id, {"back": 3 + day % 3}, context="any", session_id=None,
            note=None, now=when + timedelta(minutes=6),
        )  # fmt: skip
    return person.id


@contextmanager
def measured() -> Iterator[dict[str, float]]:
    result: dict[str, float] = {}
    cpu, wall = time.process_time(), time.perf_counter()
    yield result
    result["cpu_ms"] = (time.process_time() - cpu) * 1000
    result["wall_ms"] = (time.perf_counter() - wall) * 1000


def run_mode(store: Store, person_id: str, mode: str, *, count: int, now: datetime) -> dict:
    """`count` check-ins in `mode`; per check-in: the request part and the refresh part."""
    request: list[dict[str, float]] = []
    refresh: list[dict[str, float]] = []
    for n in range(count):
        deferred: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []

        def keep(function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
            deferred.append((function, args, kwargs))  # noqa: B023 (used within this turn)

        later = keep if mode == "after" else None
        with measured() as part:
            log_pain_checkin(
                store, person_id, {"back": 2 + n % 4}, context="any", session_id=None,
                note=None, now=now, later=later,
            )  # fmt: skip
        request.append(part)
        if mode == "inline":
            continue
        with measured() as part:
            if mode == "after":
                for function, args, kwargs in deferred:
                    function(*args, **kwargs)
            else:
                assert drain_queue(store, now=lambda: now) == 1
        refresh.append(part)
    return {"request": summary(request), "refresh": summary(refresh) if refresh else None}


def summary(parts: list[dict[str, float]]) -> dict[str, float]:
    return {
        key: round(statistics.median(p[key] for p in parts), 2) for key in ("cpu_ms", "wall_ms")
    }


@contextmanager
def postgres_database(url: str) -> Iterator[str]:
    """A schema of its own in the PostgreSQL database at `url`, dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def measure(url: str, modes: list[str], *, days: int, count: int) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0)
    engine = make_engine(url)
    ensure_schema(engine)
    plain = Store(engine)
    person_id = seed(plain, days=days, now=now)
    queued = Store(engine, queue_care=True)
    results = {}
    for _ in range(2):  # warm up caches and connections once, measure the second round
        for mode in modes:
            store = queued if mode == "queued" else plain
            results[mode] = run_mode(store, person_id, mode, count=count, now=now)
    engine.dispose()
    return results


def machine() -> dict[str, Any]:
    model = platform.machine()
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu": model,
        "load": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="a PostgreSQL URL")
    parser.add_argument("--days", type=int, default=60, help="days of history")
    parser.add_argument("--checkins", type=int, default=20, help="check-ins per mode")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    report: dict[str, Any] = {"machine": machine(), "days": args.days, "checkins": args.checkins}
    with tempfile.TemporaryDirectory() as folder:
        sqlite = f"sqlite:///{Path(folder) / 'bench.db'}"
        report["sqlite"] = measure(sqlite, ["inline", "after"], days=args.days, count=args.checkins)
    with postgres_database(args.postgres) as url:
        report["postgresql"] = measure(
            url, ["inline", "after", "queued"], days=args.days, count=args.checkins
        )
    report["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
        return
    m = report["machine"]
    print(f"{m['date']}  {m['cpus']} x {m['cpu']}  load {m['load']} -> {m['load_after']}")
    print(f"one patient, {args.days} days of history; median of {args.checkins} check-ins")
    print(f"{'database':<11} {'mode':<7} {'request CPU':>12} {'request wall':>13} "
          f"{'refresh CPU':>12} {'refresh wall':>13}")  # fmt: skip
    for database in ("sqlite", "postgresql"):
        for mode, figures in report[database].items():
            request = figures["request"]
            line = f"{database:<11} {mode:<7} {request['cpu_ms']:>9.1f} ms"
            line += f" {request['wall_ms']:>10.1f} ms"
            if figures["refresh"]:
                after = figures["refresh"]
                where = " (worker)" if mode == "queued" else " (after the answer)"
                line += f" {after['cpu_ms']:>9.1f} ms {after['wall_ms']:>10.1f} ms{where}"
            else:
                line += f" {'(in the request)':>26}"
            print(line)


if __name__ == "__main__":
    main()
