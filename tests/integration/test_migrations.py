"""Migrations: a new database gets the schema; an old one upgrades without loss."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.util.exc import CommandError

from footwork.content.loader import load_program
from footwork.store import database
from footwork.store.database import (
    current_revision,
    ensure_schema,
    head_revision,
    make_engine,
    newest_migration,
    stored_revisions,
    upgrade,
)
from footwork.store.history import load_history
from footwork.store.repository import Store
from footwork.store.tables import Base

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def test_a_new_database_gets_the_whole_schema(database_url):
    engine = make_engine(database_url)
    assert current_revision(engine) is None
    ensure_schema(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        # The migrations build exactly what the models describe.
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    ensure_schema(engine)  # a second run changes nothing
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_database_from_the_first_release_upgrades_without_loss(database_url):
    engine = make_engine(database_url)
    upgrade(engine, "0001")
    # Write as the first release did: plain SQL against the 0001 schema.
    program = load_program().model_dump(mode="json")
    with engine.begin() as c:
        c.execute(
            sa.text(
                "INSERT INTO people (id, display_name, birth_year, timezone, created_at) "
                "VALUES ('p1', 'Ana', 1961, 'Europe/Lisbon', :t)"
            ),
            {"t": T0},
        )
        c.execute(
            sa.text(
                "INSERT INTO program_versions (id, person_id, version, created_at, "
                "program, note) VALUES ('v1', 'p1', 1, :t, :program, NULL)"
            ),
            {"t": T0, "program": json.dumps(program)},
        )
        c.execute(
            sa.text(
                "INSERT INTO sessions (id, person_id, program_version_id, started_at, "
                "ended_at, status, owner) VALUES ('s1', 'p1', 'v1', :t, :t, "
                "'partial', NULL)"
            ),
            {"t": T0},
        )
        c.execute(sa.text("INSERT INTO session_exercises VALUES ('s1', 0, 'toe-presses', 10)"))
        c.execute(sa.text("INSERT INTO efforts (id, session_id, cue_index, exercise_id, side, "
                          "direction, rep, outcome, started_at, ended_at, planned_s, actual_s) "
                          "VALUES ('e1', 's1', 1, 'toe-presses', NULL, NULL, 1, 'done', :t, :t, "
                          "3.0, 3.0)"), {"t": T0})  # fmt: skip
    ensure_schema(engine)
    assert current_revision(engine) == head_revision()
    history = load_history(Store(engine), "p1")
    assert history.person.display_name == "Ana"
    assert history.person.birth_year == 1961
    (session,) = history.sessions
    assert (session.status, session.done_efforts, session.planned_efforts) == ("partial", 1, 10)
    assert session.efforts[0].started_at == T0
    assert history.programs[0].program == load_program()
    assert history.pain == () and history.balance == ()
    engine.dispose()


def test_the_cheap_head_is_alembics_head():
    # ensure_schema compares with the newest file name instead of loading Alembic: the two
    # must agree, so every migration is named NNNN_topic.py with revision "NNNN".
    assert newest_migration() == head_revision()


def test_a_current_database_is_not_handed_to_alembic(database_url, monkeypatch):
    engine = make_engine(database_url)
    assert stored_revisions(engine) == []
    ensure_schema(engine)
    assert stored_revisions(engine) == [head_revision()]

    def no_upgrade(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a current database was migrated again")

    monkeypatch.setattr(database, "upgrade", no_upgrade)
    ensure_schema(engine)
    engine.dispose()


def test_an_older_database_is_upgraded(database_url):
    engine = make_engine(database_url)
    upgrade(engine, "0012")
    ensure_schema(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_database_newer_than_this_copy_is_refused_by_name(database_url):
    engine = make_engine(database_url)
    ensure_schema(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(CommandError, match="9999"):
        ensure_schema(engine)
    engine.dispose()
