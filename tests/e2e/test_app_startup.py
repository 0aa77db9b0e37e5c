"""The web app starts without the libraries only some of its routes need: charts
(matplotlib), the camera coach's analyzers (NumPy's signal tools in SciPy), Web Push's
sender (pywebpush, aiohttp) and migrations on a current database (Alembic). Each
`footwork serve` worker and every test server pays the app's start-up; those load with the
first request that needs them.

The app is made in a child process, which lists the modules it imported; the check is on
sys.modules, never on time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.test_cli_startup import loaded

MAKE_APP = """
import sys
from footwork.web.app import create_app
create_app()
print("\\n".join(sorted(sys.modules)))
"""
NOT_AT_START = (
    "alembic",
    "mako",
    "scipy",
    "matplotlib",
    "weasyprint",
    "pywebpush",
    "aiohttp",
    "footwork.vision.analyzers",
    "footwork.vision.signals",
    "footwork.reports.charts",
    "footwork.reports.progress",
)


def child(code: list[str], database_url: str) -> str:
    result = subprocess.run(
        [sys.executable, *code],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        env={**os.environ, "FOOTWORK_DATABASE_URL": database_url},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_app_starts_without_what_only_some_routes_need(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'footwork.db'}"
    child(["-m", "footwork", "today"], url)  # the database made and migrated
    modules = set(child(["-c", MAKE_APP], url).split())
    assert {"footwork.web.app", "fastapi", "sqlalchemy"} <= modules  # the listing works
    assert loaded(modules, NOT_AT_START) == []
