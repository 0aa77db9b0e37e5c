"""Shared fixtures. No test touches the real user's data folder."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import hypothesis
import pytest
import sqlalchemy as sa
import time_machine
from _pytest.nodeid import NodeId
from argon2 import PasswordHasher

from footwork.store import accounts, clinic, database
from footwork.store.database import ensure_schema, make_engine
from footwork.store.repository import Store
from tests.pg_template import Templates

PHOTOS = Path("/usr/share/doc/opencv-doc/examples/data")
"""Debian's OpenCV sample photos, people with their feet in view (package opencv-doc)."""
POSTGRES_URL = os.environ.get(
    "FOOTWORK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


# Hypothesis fails an example that takes over 200 ms by default: a timing assertion, which
# a loaded machine fails at random (tests/unit/test_timeline.py did, twice, in shuffled runs
# at a load of 30). No deadline anywhere; a test that hangs is caught by the CI's time limit.
hypothesis.settings.register_profile("footwork", deadline=None)
hypothesis.settings.load_profile("footwork")


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


def _unique_node_ids(items: list[pytest.Item]) -> None:
    """Give every test a node id of its own. schemathesis names each API operation's test
    `test_x[GET /api/today]` but, on pytest 9, leaves every one with the id `...::test_x`;
    pytest-xdist schedules by node id, and duplicates were silently run once (80 tests lost).
    The operation goes into the id, as it is in the name."""
    seen = Counter(item.nodeid for item in items)
    for item in items:
        if seen[item.nodeid] > 1 and item.parent is not None and item.name != item.nodeid:
            item._id = NodeId.parse(f"{item.parent.nodeid}::{item.name}")  # type: ignore[attr-defined]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    _unique_node_ids(items)


def _fail_on_shared_node_ids(node_ids: list[str]) -> None:
    twice = sorted(n for n, count in Counter(node_ids).items() if count > 1)
    if twice:
        listed = "\n  ".join(twice[:20])
        raise pytest.UsageError(
            f"{len(twice)} node ids are shared by more than one test (give each a name of its"
            f" own, e.g. pytest.param(..., id=...)):\n  {listed}"
        )


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Fail the run when two collected tests share a node id: under pytest-xdist one of them
    would not run, without a word. (Under xdist the controller checks, below: a worker that
    fails here only crashes, without the message.)"""
    if worker_id(session.config) is None:
        _fail_on_shared_node_ids([item.nodeid for item in session.items])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: object, ids: list[str]) -> None:
    """The same check on the controller of a pytest-xdist run, for each worker's collection."""
    _fail_on_shared_node_ids(ids)


@pytest.fixture(autouse=True)
def _private_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Point the default database and data folder at a temporary place."""
    home = tmp_path_factory.mktemp("data-home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("FOOTWORK_DATABASE_URL", f"sqlite:///{home / 'footwork.db'}")
    monkeypatch.delenv(
        "FOOTWORK_LANG", raising=False
    )  # the terminal speaks English unless a test asks


PRODUCTION_HASHER = accounts.HASHER
"""The password hasher Footwork ships (argon2id, the library's recommended parameters), kept
here for the test that pins it: in this process the tests use `QUICK_HASHER` instead."""
QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
"""argon2id at its smallest cost. The shipped parameters cost 64 MiB and three passes per hash,
about 0.1 s on a quiet machine and 2 s or more on a loaded one, paid for every account made and
every log-in of every in-process test. Hashes and checks behave the same (a wrong password is
refused, a hash with other parameters is rehashed at the next log-in); servers and commands
started in a subprocess keep the shipped hasher."""


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for module in (accounts, clinic):
            patch.setattr(module, "HASHER", QUICK_HASHER)
        yield


REAL_UPGRADE = database.upgrade


def _is_empty_sqlite_file(engine: sa.Engine) -> bool:
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return False
    if url.query.get("uri") or url.database.startswith("file:"):
        return False
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0


@pytest.fixture(scope="session", autouse=True)
def _migrate_new_databases_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A new, empty SQLite file brought to the newest revision gets a copy of one database
    migrated once per process (SQLite's backup API), instead of Alembic's 20 steps again: about
    as costly as the rest of an in-process web test. An empty PostgreSQL schema (each test's,
    from `postgres_url`) likewise gets the pg_dump of a schema migrated once per process and
    database (tests/pg_template.py). Everything else goes to Alembic as before: a database
    with any table in it, an upgrade to a given revision (the migration tests), and every
    command or server started in a subprocess."""
    template: list[str] = []
    postgres = Templates(REAL_UPGRADE)

    def upgrade(engine: sa.Engine, revision: str = "head") -> None:
        if revision == "head" and postgres.copy_into(engine):
            return
        if revision != "head" or not _is_empty_sqlite_file(engine):
            REAL_UPGRADE(engine, revision)
            return
        if not template:
            path = tmp_path_factory.mktemp("migrated") / "template.db"
            made = make_engine(f"sqlite:///{path}")
            REAL_UPGRADE(made)
            made.dispose()
            template.append(str(path))
        source = sqlite3.connect(template[0])
        target = sqlite3.connect(str(engine.url.database), timeout=15, isolation_level=None)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(database, "upgrade", upgrade)
        yield


EDGE_OF_DAY = os.environ.get("FOOTWORK_TEST_CLOCK")
"""When set (a local time such as 23:59:59), every in-process test starts at that time of day
in the zone named by TZ, with the clock running: a test that reads the clock at import time,
or assumes that two reads fall on the same day, fails (tests/integration/clock_edges.py)."""


@pytest.fixture(autouse=True)
def _edge_of_day() -> Iterator[None]:
    if not EDGE_OF_DAY:
        yield
        return
    zone = ZoneInfo(os.environ.get("TZ", "UTC"))
    start = datetime.combine(datetime.now(zone).date(), time.fromisoformat(EDGE_OF_DAY), zone)
    with time_machine.travel(start, tick=True):
        yield


def _postgres_reachable(url: str) -> str | None:
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # any failure to connect means: no server here
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return None


def worker_id(config: pytest.Config) -> str | None:
    """The pytest-xdist worker this process is ("gw0", "gw1", ...), None in a plain run. Read
    from the worker's config, not from the environment, which a pytest run in a subprocess
    (tests/integration/clock_edges.py) inherits."""
    workerinput = getattr(config, "workerinput", None)
    return None if workerinput is None else str(workerinput["workerid"])


def _worker_database(base: str, worker: str) -> Iterator[str]:
    """A database of this worker's own next to the base URL's (test_gw0 beside test), made
    afresh (a crashed run may have left one behind) and dropped at the end."""
    url = sa.make_url(base)
    name = f"{url.database}_{worker}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """The PostgreSQL URL to test against; skips where no server runs, but fails in CI, where
    one must. In a plain run it is POSTGRES_URL; under pytest-xdist each worker gets a
    database of its own derived from it (test_gw0, test_gw1, ...). Tests take the URL from
    this fixture or from `postgres_url`, never from POSTGRES_URL."""
    problem = _postgres_reachable(POSTGRES_URL)
    if problem is not None:
        message = f"PostgreSQL is not reachable at {POSTGRES_URL} ({problem})"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the PostgreSQL tests")
        pytest.skip(message)
    worker = worker_id(request.config)
    if worker is None:
        yield POSTGRES_URL
    else:
        yield from _worker_database(POSTGRES_URL, worker)


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
