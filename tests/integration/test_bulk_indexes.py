"""The clinic benchmark's bulk load sets the history tables' indexes aside and builds the same
ones again (benchmarks/bulk_indexes.py), also when the load fails."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from footwork.store.database import ensure_schema, make_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bulk_indexes import indexes_of, indexes_set_aside

TABLES = ["sessions", "session_exercises", "efforts", "pain_checkins"]

SCHEMA = sa.text(
    """
    SELECT tablename, indexname, indexdef FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename = ANY(:tables)
    UNION ALL
    SELECT cls.relname, con.conname, pg_get_constraintdef(con.oid)
    FROM pg_constraint con JOIN pg_class cls ON cls.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = cls.relnamespace AND ns.nspname = current_schema()
    WHERE cls.relname = ANY(:tables)
    ORDER BY 1, 2, 3
    """
)


def schema_of(engine: sa.Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(SCHEMA, {"tables": TABLES}).all()
    return [(row[0], row[1], row[2]) for row in rows]


def index_names(engine: sa.Engine) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT indexname FROM pg_indexes"
                " WHERE schemaname = current_schema() AND tablename = ANY(:tables)"
            ),
            {"tables": TABLES},
        )
        return set(rows.scalars())


@pytest.fixture
def engine(postgres_url: str):
    engine = make_engine(postgres_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


def test_indexes_are_gone_during_the_load_and_the_same_after(engine: sa.Engine) -> None:
    before = schema_of(engine)
    aside = indexes_of(engine, TABLES)
    assert {index.table for index in aside} == set(TABLES)
    assert any(index.name == "pk_efforts" for index in aside)
    with indexes_set_aside(engine, TABLES, log=lambda _line: None) as dropped:
        assert {index.name for index in dropped} == {index.name for index in aside}
        left = index_names(engine)
        assert not left & {index.name for index in aside}
        # A primary key another table's foreign key references stays (sessions.id).
        assert "pk_sessions" in left
    assert schema_of(engine) == before


def test_a_failed_load_still_builds_them_again(engine: sa.Engine) -> None:
    before = schema_of(engine)
    with (
        pytest.raises(RuntimeError, match="load failed"),
        indexes_set_aside(engine, TABLES, log=lambda _line: None),
    ):
        raise RuntimeError("load failed")
    assert schema_of(engine) == before


def test_nothing_is_set_aside_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'footwork.db'}")
    ensure_schema(engine)
    with indexes_set_aside(engine, TABLES, log=lambda _line: None) as dropped:
        assert dropped == []
    engine.dispose()
