"""The full export, old and new side by side: a year of one person's history as JSON and CSV.

Usage: python benchmarks/export.py [--people 5] [--days 365] [--repeats 5]
                                   [--databases sqlite,postgresql] [--postgres-url URL] [--json]

Each database is fresh (a temporary SQLite file, a new PostgreSQL schema dropped at the end)
and filled by benchmarks/store.py's generator: `--people` people with `--days` days each,
three whole-program sessions a day (41 efforts each) and two pain check-ins a day. Then one
person's export is timed both ways, alternately, `--repeats` times each:
- old: `export_history(load_history(...))`, a pydantic model per effort, the whole text built
  in memory (what `footwork export` did before the streaming export);
- new: `stream_history(...)`, rows from server-side cursors in one snapshot, each chunk
  handed on as it is made (the chunks are only counted here, as a file or a socket would take
  them).
Both outputs are compared byte for byte once before timing; the figures are wall-clock
medians and the medians of this process's CPU time, with the peak of Python memory allocated
during one run of each (tracemalloc).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from typing import Any

from footwork.services.exchange import export_history
from footwork.services.export_stream import stream_history
from footwork.store.database import ensure_schema, make_engine
from footwork.store.history import load_history
from footwork.store.repository import Store
from store import DEFAULT_POSTGRES_URL, fresh_postgres, fresh_sqlite, generate_clinic, settle

FORMATS = ("json", "csv")


def old_export(store: Store, person_id: str, fmt: str) -> int:
    return len(export_history(load_history(store, person_id), fmt))  # type: ignore[arg-type]


def new_export(store: Store, person_id: str, fmt: str) -> int:
    return sum(len(chunk) for chunk in stream_history(store, person_id, fmt))  # type: ignore[arg-type]


def _seconds(call: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process (the database server's CPU is not in it;
    on a busy machine the CPU time is the steadier figure)."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def _peak_mib(call: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def run_database(url: str, args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    engine = make_engine(url)
    ensure_schema(engine)
    clinic = generate_clinic(engine, people=args.people, days=args.days, seed=args.seed)
    log(f"  generated {clinic.total_rows:,} rows in {clinic.seconds:.1f} s")
    settle(engine, log)
    store = Store(engine)
    person_id = clinic.person_ids[0]
    figures: dict[str, Any] = {
        "people": args.people,
        "days": args.days,
        "sessions": clinic.rows["sessions"] // args.people,
        "efforts": clinic.rows["efforts"] // args.people,
    }
    for fmt in FORMATS:
        old_text = export_history(load_history(store, person_id), fmt)  # type: ignore[arg-type]
        new_text = "".join(stream_history(store, person_id, fmt))  # type: ignore[arg-type]
        if old_text != new_text:
            raise SystemExit(f"{fmt}: the streamed export differs from the old one")
        old_s: list[tuple[float, float]] = []
        new_s: list[tuple[float, float]] = []
        for _ in range(args.repeats):  # alternately, so both see the same machine
            old_s.append(_seconds(partial(old_export, store, person_id, fmt)))
            new_s.append(_seconds(partial(new_export, store, person_id, fmt)))
        old_median = statistics.median(w for w, _ in old_s)
        new_median = statistics.median(w for w, _ in new_s)
        old_cpu = statistics.median(c for _, c in old_s)
        new_cpu = statistics.median(c for _, c in new_s)
        figures[fmt] = {
            "bytes": len(new_text.encode("utf-8")),
            "identical": True,
            "old_ms_median": round(old_median * 1000, 1),
            "new_ms_median": round(new_median * 1000, 1),
            "speedup": round(old_median / new_median, 2),
            "old_cpu_ms_median": round(old_cpu * 1000, 1),
            "new_cpu_ms_median": round(new_cpu * 1000, 1),
            "cpu_speedup": round(old_cpu / new_cpu, 2),
            "old_peak_mib": round(_peak_mib(partial(old_export, store, person_id, fmt)), 1),
            "new_peak_mib": round(_peak_mib(partial(new_export, store, person_id, fmt)), 1),
        }
        log(f"  {fmt}: {json.dumps(figures[fmt])}")
    engine.dispose()
    return figures


def print_figures(results: dict[str, dict[str, Any]]) -> None:
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"{'database':12}{'format':>8}{'MB':>8}{'old ms':>10}{'new ms':>10}{'speedup':>9}"
          f"{'CPU old':>10}{'CPU new':>10}{'CPU x':>8}{'old MiB':>9}{'new MiB':>9}")  # fmt: skip
    for name, r in results.items():
        for fmt in FORMATS:
            f = r[fmt]
            print(f"{name:12}{fmt:>8}{f['bytes'] / 1e6:>8.1f}{f['old_ms_median']:>10.1f}"
                  f"{f['new_ms_median']:>10.1f}{f['speedup']:>8.1f}x"
                  f"{f['old_cpu_ms_median']:>10.1f}{f['new_cpu_ms_median']:>10.1f}"
                  f"{f['cpu_speedup']:>7.1f}x"
                  f"{f['old_peak_mib']:>9.1f}{f['new_peak_mib']:>9.1f}")  # fmt: skip
    first = next(iter(results.values()))
    print(f"one person's history: {first['days']} days, {first['sessions']:,} sessions, "
          f"{first['efforts']:,} efforts; outputs identical byte for byte")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--json", action="store_true", help="print only the JSON figures")
    args = parser.parse_args()
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    if not databases or set(databases) - {"sqlite", "postgresql"}:
        parser.error(f"--databases: expected sqlite and/or postgresql, got {args.databases!r}")
    if args.people < 1 or args.days < 1 or args.repeats < 1:
        parser.error("--people, --days and --repeats must be at least 1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results: dict[str, dict[str, Any]] = {}
    for name in databases:
        log(f"{name}:")
        fresh = (
            fresh_sqlite(None, keep=False)
            if name == "sqlite"
            else fresh_postgres(args.postgres_url, keep=False)
        )
        with fresh as url:
            results[name] = run_database(url, args, log)
    results_meta = {"load_average": os.getloadavg()[0], "python": platform.python_version()}
    if args.json:
        print(json.dumps({"databases": results, **results_meta}, indent=2))
    else:
        print_figures(results)


if __name__ == "__main__":
    main()
