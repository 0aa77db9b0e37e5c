"""Shared fixtures. No test touches the real user's data folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine

from footwork.store.database import ensure_schema, make_engine
from footwork.store.repository import Store

PHOTOS = Path("/usr/share/doc/opencv-doc/examples/data")
"""Debian's OpenCV sample photos, people with their feet in view (package opencv-doc)."""
POSTGRES_URL = os.environ.get(
    "FOOTWORK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _in_ci() -> bool:
    return bool(os.environ.get("CI"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """In CI (the CI environment variable set) a skipped test is a failed one: CI has every
    extra, PostgreSQL and Chromium, so a skip there means a test that did not run."""
    report = yield
    if _in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped in CI, where every test must run: {reason}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    """A whole module skipped at collection (pytest.importorskip) fails in CI too."""
    report = yield
    if _in_ci() and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every test must run: {report.longrepr}"
    return report


@pytest.fixture(autouse=True)
def _private_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Point the default database and data folder at a temporary place."""
    home = tmp_path_factory.mktemp("data-home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("FOOTWORK_DATABASE_URL", f"sqlite:///{home / 'footwork.db'}")
    monkeypatch.delenv(
        "FOOTWORK_LANG", raising=False
    )  # the terminal speaks English unless a test asks


EDGE_OF_DAY = os.environ.get("FOOTWORK_TEST_CLOCK")
"""When set (a local time such as 23:59:59), every in-process test starts at that time of day
in the zone named by TZ, with the clock running: a test that reads the clock at import time,
or assumes that two reads fall on the same day, fails (tests/integration/test_clock_edges.py)."""


@pytest.fixture(autouse=True)
def _edge_of_day() -> Iterator[None]:
    if not EDGE_OF_DAY:
        yield
        return
    zone = ZoneInfo(os.environ.get("TZ", "UTC"))
    start = datetime.combine(datetime.now(zone).date(), time.fromisoformat(EDGE_OF_DAY), zone)
    with time_machine.travel(start, tick=True):
        yield


def _postgres_reachable() -> str | None:
    try:
        engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # any failure to connect means: no server here
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return None


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The PostgreSQL URL; skips where no server runs, but fails in CI, where one must."""
    problem = _postgres_reachable()
    if problem is not None:
        message = f"PostgreSQL is not reachable at {POSTGRES_URL} ({problem})"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the PostgreSQL tests")
        pytest.skip(message)
    return POSTGRES_URL


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A URL whose connections use a fresh schema of their own, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_server)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in postgres_server else "?"
    yield f"{postgres_server}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'footwork.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs once on SQLite and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    engine = make_engine(database_url)
    ensure_schema(engine)
    yield Store(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def photos() -> Path:
    """Debian's OpenCV sample photos (opencv-doc, installed by tools/test-env.sh)."""
    assert (PHOTOS / "messi5.jpg").exists(), (
        f"{PHOTOS} has no photos: run `make test-env` as root (apt-get install opencv-doc)"
    )
    return PHOTOS
