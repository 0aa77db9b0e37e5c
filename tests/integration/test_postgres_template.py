"""The PostgreSQL test schemas are copies of one migrated once (tests/pg_template.py): a copy
must be what Alembic makes, object for object and row for row."""

from __future__ import annotations

import re
import uuid

import sqlalchemy as sa

from footwork.store import database
from footwork.store.database import make_engine, newest_migration, stored_revisions
from tests.conftest import REAL_UPGRADE
from tests.pg_template import dump_schema, in_schema


def _schema_of(url: str) -> str:
    return str(sa.make_url(url).query["options"]).split("=", 1)[1]


IN_LIST = re.compile(r"(\s*CONSTRAINT \w+ CHECK) \(\(\((\w+)\)::text = ANY \(.*ARRAY\[.*")


def _in_list(line: str) -> str:
    """A `column IN (...)` check as PostgreSQL prints it, in one form. It prints the one
    Alembic made as ANY((ARRAY['a'::varchar, ...])::text[]) and the same check re-read from
    a dump as ANY(ARRAY[('a'::varchar)::text, ...]): one constraint, two spellings."""
    match = IN_LIST.fullmatch(line)
    if match is None:
        return line
    values = re.findall(r"'([^']*)'::character varying", line)
    return f"{match[1]} {match[2]} IN {values}{',' if line.endswith(',') else ''}"


def _statements(dump: str, schema: str) -> list[str]:
    """The dump's lines, the schema's name replaced, without its comments."""
    lines = in_schema(dump, schema, "s").splitlines()
    return [_in_list(line) for line in lines if line.strip() and not line.startswith("--")]


def test_a_copied_schema_dumps_the_same_as_one_migrated_by_alembic(
    postgres_url: str, postgres_server: str
) -> None:
    copied = make_engine(postgres_url)
    database.upgrade(copied)  # the tests' upgrade: the template's copy
    assert stored_revisions(copied) == [newest_migration()]
    copied.dispose()

    alembic_schema = f"t_alembic_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{alembic_schema}"')
    try:
        migrated = make_engine(f"{postgres_server}?options=-csearch_path%3D{alembic_schema}")
        REAL_UPGRADE(migrated)
        migrated.dispose()
        server = sa.make_url(postgres_server)
        by_alembic = dump_schema(server, alembic_schema)
        by_copy = dump_schema(server, _schema_of(postgres_url))
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{alembic_schema}" CASCADE')
        admin.dispose()
    assert "CREATE TRIGGER stamp_people" in by_alembic  # the dump holds the whole schema
    assert _statements(by_copy, _schema_of(postgres_url)) == _statements(by_alembic, alembic_schema)


def test_a_schema_with_tables_in_it_is_migrated_by_alembic(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    database.upgrade(engine, "0001")
    database.upgrade(engine)
    assert stored_revisions(engine) == [newest_migration()]
    with engine.connect() as connection:
        triggers = connection.exec_driver_sql(
            "SELECT count(*) FROM information_schema.triggers"
            " WHERE trigger_schema = current_schema()"
        ).scalar()
    engine.dispose()
    assert triggers
