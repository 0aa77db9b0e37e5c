"""Backups that restore: SQLite through `footwork backup` (the backup API, while a writer is
connected) and PostgreSQL through pg_dump and pg_restore into a fresh database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from footwork.services.logging import log_pain_checkin
from footwork.store.database import ensure_schema, make_engine
from footwork.store.history import pain_checkins
from footwork.store.repository import Store

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def footwork(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footwork", "--database", database_url, *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip


def with_records(database_url: str) -> tuple[Store, str]:
    engine = make_engine(database_url)
    ensure_schema(engine)
    store = Store(engine)
    person = store.personal_person(now=NOW, timezone="UTC")
    for score in (2, 5, 7):
        log_pain_checkin(
            store, person.id, {"back": score}, context="any", session_id=None, note=None, now=NOW
        )
    return store, person.id


def scores(database_url: str, person_id: str) -> list[int]:
    engine = make_engine(database_url)
    try:
        return sorted(c.scores["back"] for c in pain_checkins(Store(engine), person_id))
    finally:
        engine.dispose()


def test_a_sqlite_backup_taken_while_in_use_restores(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'footwork.db'}"
    store, person_id = with_records(url)
    with store.engine.connect():  # the app still has the database open
        done = footwork(url, "backup", str(tmp_path / "copy.db"))
    assert done.returncode == 0, done.stderr
    assert "Backed up to" in done.stdout
    store.engine.dispose()
    (tmp_path / "footwork.db").unlink()
    restored = tmp_path / "restored.db"
    shutil.copy(tmp_path / "copy.db", restored)  # the restore: the copy in the database's place
    assert scores(f"sqlite:///{restored}", person_id) == [2, 5, 7]
    again = footwork(f"sqlite:///{restored}", "backup", str(tmp_path / "copy.db"))
    assert again.returncode == 2 and "exists already" in again.stderr


def test_backup_of_postgresql_says_to_use_pg_dump(postgres_url: str, tmp_path: Path):
    done = footwork(postgres_url, "backup", str(tmp_path / "copy.db"))
    assert done.returncode == 2
    assert "pg_dump" in done.stderr
    assert not (tmp_path / "copy.db").exists()


def _libpq(url: str, database: str | None = None) -> str:
    """The URL for pg_dump and pg_restore (no driver, no search_path option)."""
    parsed = make_url(url).set(drivername="postgresql", query={})
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install postgresql-client (tools/test-env.sh)")
    return path


def test_a_postgresql_dump_restores_into_a_fresh_database(postgres_url: str, tmp_path: Path):
    store, person_id = with_records(postgres_url)
    store.engine.dispose()
    schema = make_url(postgres_url).query["options"].split("=", 1)[1]
    server = make_engine(_libpq(postgres_url).replace("postgresql:", "postgresql+psycopg:", 1))
    with server.connect() as connection:
        server_major = int(connection.scalar(sa.text("SHOW server_version_num")) or 0) // 10000
    client = subprocess.run([_tool("pg_dump"), "--version"], capture_output=True, text=True)
    client_major = int(client.stdout.split()[2].split(".")[0])
    assert client_major >= server_major, f"pg_dump {client_major} for server {server_major}"
    dump = tmp_path / "footwork.dump"
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", f"--schema={schema}", f"--file={dump}",
         _libpq(postgres_url)],
        check=True, timeout=120,
    )  # fmt: skip
    fresh = f"restore_{uuid.uuid4().hex[:12]}"
    admin = make_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(
            [_tool("pg_restore"), "--no-owner", f"--dbname={_libpq(postgres_url, fresh)}",
             str(dump)],
            check=True, timeout=120,
        )  # fmt: skip
        restored = make_url(postgres_url).set(database=fresh).render_as_string(False)
        assert scores(restored, person_id) == [2, 5, 7]
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{fresh}" WITH (FORCE)')
        admin.dispose()
        server.dispose()
