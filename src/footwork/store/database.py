"""Engines and migrations: the database URL alone picks SQLite or PostgreSQL."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

from footwork.config import sqlite_path
from footwork.core.language import N_, Refusal
from footwork.store.revision import newest_migration

# SQLite settings, chosen for a personal history that must survive crashes:
# - WAL lets a reader (the web app) and a writer (a terminal session) work at once.
# - synchronous=FULL syncs the WAL at every commit, so a committed rep survives a power cut,
#   not only a process crash; a rep is a few writes every few seconds, so the cost is small.
# - busy_timeout makes a second writer wait for the lock instead of failing at once.
# - BEGIN IMMEDIATE takes the write lock at the start of every writing transaction, so two
#   writers queue on busy_timeout instead of deadlocking on a read-to-write upgrade. Reads go
#   through `reader(engine)` and start a plain BEGIN: in WAL they never wait for a writer.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=15000",
    "PRAGMA foreign_keys=ON",
)


URL_FORMS = "sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME"


class DatabaseUnavailable(Refusal):
    """The database at a URL cannot be used; the message names the URL and what is wrong
    (`said`: in a reader's language)."""


def open_database(url: str, *, create_folder: bool = False, migrate: bool = True) -> Engine:
    """An engine for `url` that has answered once, migrated unless `migrate` is false.

    A SQLite file's folder must exist; only `create_folder` (the default data folder) makes
    it, so a mistyped path is an error instead of a new, empty history elsewhere.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(
            N_("{url} is not a database URL ({forms})"), url=repr(url), forms=URL_FORMS
        ) from None
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseUnavailable(
            N_("{url}: {driver} databases are not supported ({forms})"),
            url=shown,
            driver=repr(parsed.drivername),
            forms=URL_FORMS,
        )
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_path(path.absolute(), shown, create_folder)
    try:
        engine = make_engine(url)
        with engine.connect():
            pass
        if migrate:
            ensure_schema(engine)
    except (SQLAlchemyError, NoSuchModuleError, ImportError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        # Translators: {reason} is the database driver's own message, in English.
        raise DatabaseUnavailable(
            N_("{url}: the database cannot be used ({reason})"), url=shown, reason=reason
        ) from error
    return engine


def _check_sqlite_path(path: Path, shown: str, create_folder: bool) -> None:
    folder = path.parent
    if path.is_dir():
        raise DatabaseUnavailable(
            N_("{url}: {path} is a folder, not a database file"), url=shown, path=path
        )
    if folder.exists() and not folder.is_dir():
        raise DatabaseUnavailable(
            N_("{url}: {folder} is a file, not a folder"), url=shown, folder=folder
        )
    if folder.is_dir():
        return
    if not create_folder:
        raise DatabaseUnavailable(
            N_("{url}: the folder {folder} does not exist (create it first, or check the path)"),
            url=shown,
            folder=folder,
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(
            N_("{url}: cannot create the folder {folder} ({reason})"),
            url=shown,
            folder=folder,
            reason=error.strerror,
        ) from None


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for `url`, with SQLite set up for durability and concurrent use."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15}, **options)
        _tune_sqlite(engine)
        return engine
    engine = create_engine(url, pool_pre_ping=True, **options)
    if engine.dialect.name == "postgresql":
        _tune_postgresql(engine)
    return engine


def _tune_postgresql(engine: Engine) -> None:
    # JIT compilation pays off for long analytic queries; for Footwork's short, indexed ones
    # it adds hundreds of milliseconds of compile time to a few milliseconds of work.
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.commit()


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


READ_ONLY = "footwork_read_only"


def reader(engine: Engine) -> Engine:
    """The same engine and pool, for transactions that only read."""
    return engine.execution_options(**{READ_ONLY: True})


# Alembic (and Mako, which it loads) costs more to import than the rest of a command's
# start-up, so it is imported only when a migration is to run or be inspected: on a database
# that is already current, `ensure_schema` compares revisions with plain SQL.


def _alembic_config(connection: Connection | None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("footwork.store").joinpath("migrations"))
    )
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision, as Alembic sees the migration scripts."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, as Alembic reads it; None before the first migration."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision`; safe to run on an up-to-date database."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def stored_revisions(engine: Engine) -> list[str]:
    """The revisions in the database's alembic_version table, read with plain SQL."""
    with reader(engine).connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return []
        rows = connection.execute(text("SELECT version_num FROM alembic_version"))
        return [row[0] for row in rows]


def ensure_schema(engine: Engine) -> None:
    """Bring the database up to date on first use or after an upgrade of Footwork.

    The usual case, a database already at the newest revision, costs one small query; any
    other (a new database, an older one, or one newer than this copy knows) goes to Alembic,
    which migrates it or says what is wrong.
    """
    if stored_revisions(engine) != [newest_migration()]:
        upgrade(engine)
