"""`footwork --help` and `footwork today` start without the heavy libraries other commands need.

Each runs in a child process with this test's private data folder; the child lists the
modules it imported when it exits. The check is on sys.modules, never on time (the time is
measured by benchmarks/cli_startup.py).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from footwork.content.loader import load_program

# Run `python -m footwork ARGS...`, then write sorted(sys.modules) to the file named first.
# Also `gc:on` or `gc:off` and `frozen:N`: whether the collector runs when the command ends
# and how many objects start-up froze out of its reach.
LIST_MODULES = """
import gc, runpy, sys
listing, sys.argv = sys.argv[1], ["footwork", *sys.argv[2:]]
try:
    runpy.run_module("footwork", run_name="__main__", alter_sys=True)
finally:
    with open(listing, "w", encoding="utf-8") as stream:
        stream.write("\\n".join(sorted(sys.modules)))
        stream.write(f"\\ngc:{'on' if gc.isenabled() else 'off'}\\nfrozen:{gc.get_freeze_count()}")
"""

# Needed only by other commands: charts and insight statistics, PDFs, FHIR export,
# migrations, the camera coach, Web Push.
HEAVY = (
    "numpy",
    "scipy",
    "matplotlib",
    "weasyprint",
    "fhir",
    "fhir_core",
    "alembic",
    "mako",
    "mediapipe",
    "cv2",
    "footwork.vision",
    "pywebpush",
    "cryptography",
    "aiohttp",
    "icalendar",
)
# `today` on SQLite needs neither pydantic-settings (the settings read the environment
# themselves), PostgreSQL's dialect (its INSERT is imported by the statement that uses it),
# nor the store modules of the clinic, its episodes, messages and the history.
TODAY_ALSO_WITHOUT = (
    "pydantic_settings",
    "sqlalchemy.dialects.postgresql",
    "footwork.store.accounts",
    "footwork.store.clinic",
    "footwork.store.episodes",
    "footwork.store.history",
    "footwork.store.messages",
    "footwork.store.questionnaires",
)
# On the everyday call (the database current, its person made, no session in progress)
# `today` reads with sqlite3 (store/sqlite_today.py): no SQLAlchemy, no ORM, no tables, and
# none of the schedule services that go through them; nor the records and balance norms
# that only `footwork settings` uses.
EVERYDAY_TODAY_ALSO_WITHOUT = (
    "sqlalchemy",
    "footwork.store.tables",
    "footwork.store.repository",
    "footwork.store.database",
    "footwork.store.schedule",
    "footwork.services.schedule",
    "footwork.services.personal",
    "footwork.core.insight",
    "footwork.core.insight_periods",
    "footwork.core.insight_words",
    "footwork.core.records",
    "footwork.core.balance",
)
# --help needs none of the database, the models or Rich either.
HELP_ALSO_WITHOUT = ("sqlalchemy", "pydantic", "pydantic_settings", "rich", "footwork.store")


def modules_of(tmp_path: Path, *args: str) -> set[str]:
    listing = tmp_path / "modules.txt"
    result = subprocess.run(
        [sys.executable, "-c", LIST_MODULES, str(listing), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        env={**os.environ, "COLUMNS": "120"},
    )
    assert result.returncode == 0, result.stderr
    return set(listing.read_text(encoding="utf-8").split())


def loaded(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(p for p in packages if any(m == p or m.startswith(p + ".") for m in modules))


def test_help_imports_no_command(tmp_path: Path) -> None:
    modules = modules_of(tmp_path, "--help")
    assert "footwork.cli.app" in modules  # the listing works
    assert loaded(modules, HEAVY + HELP_ALSO_WITHOUT) == []
    assert sorted(m for m in modules if m.startswith("footwork.cli.")) == [
        "footwork.cli.app",
        "footwork.cli.lazy",
    ]


def test_today_imports_what_it_shows_and_no_more(tmp_path: Path) -> None:
    assert os.environ["FOOTWORK_DATABASE_URL"].startswith("sqlite:")
    first = modules_of(tmp_path, "today")  # a new database: created and migrated
    assert {"alembic", "sqlalchemy.dialects.sqlite", "footwork.store.tables"} <= first
    modules = modules_of(tmp_path, "today")  # the everyday case: the schema is current
    assert {"footwork.cli.schedule", "footwork.store.sqlite_today", "rich.console"} <= modules
    assert loaded(modules, HEAVY + TODAY_ALSO_WITHOUT + EVERYDAY_TODAY_ALSO_WITHOUT) == []
    # main() keeps the collector off while the command loads, then freezes what start-up
    # made and turns it back on before the command runs.
    assert "gc:on" in modules
    frozen = next(m for m in modules if m.startswith("frozen:"))
    assert int(frozen.removeprefix("frozen:")) > 10_000


def test_today_with_a_session_in_progress_opens_the_store(tmp_path: Path) -> None:
    # A session no live process owns is closed (a write), so the store opens as before.
    modules_of(tmp_path, "today")
    url = os.environ["FOOTWORK_DATABASE_URL"]
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        (person_id,) = connection.execute("SELECT id FROM people").fetchone()
        connection.execute(
            "INSERT INTO program_versions (id, person_id, version, created_at, program) "
            "VALUES ('v', ?, 1, '2026-12-01 08:00:00.000000', ?)",
            (person_id, json.dumps(load_program(None).model_dump(mode="json"))),
        )
        connection.execute(
            "INSERT INTO sessions (id, person_id, program_version_id, started_at, status, owner) "
            "VALUES ('s', ?, 'v', '2026-12-01 08:00:00.000000', 'in_progress', NULL)",
            (person_id,),
        )
    modules = modules_of(tmp_path, "today")
    assert {"sqlalchemy", "footwork.store.repository"} <= modules
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        (status,) = connection.execute("SELECT status FROM sessions").fetchone()
    assert status != "in_progress"
    assert loaded(modules, HEAVY + TODAY_ALSO_WITHOUT) == []
