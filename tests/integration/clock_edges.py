"""The tests that read the clock, run with every test starting at 23:59:59 local time, in UTC
and in the zones furthest ahead of and behind it: a test that reads the clock at import time or
assumes two reads fall on the same day fails here (see `_edge_of_day` in tests/conftest.py).

One file per zone (test_clock_edges_utc.py, test_clock_edges_ahead.py,
test_clock_edges_behind.py): each zone's run is a pytest in a subprocess that takes minutes, and
`pytest -n N --dist loadfile` hands out whole files, so three files run side by side where one
file with three cases was the last to finish."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every in-process test module that reads the wall clock or calls a route that does.
CLOCK_READERS = [
    "tests/integration/test_web_clinic.py",
    "tests/integration/test_web_access.py",
    "tests/integration/test_web_insight.py",
    "tests/integration/test_reports.py",
]


def run_the_clock_readers_a_second_before_midnight(zone: str) -> None:
    """The clock readers in a pytest of their own, in `zone`, each test starting at 23:59:59."""
    env = {**os.environ, "FOOTWORK_TEST_CLOCK": "23:59:59", "TZ": zone}
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
    command += ["-k", "not postgresql", *CLOCK_READERS]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
