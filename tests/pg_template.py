"""A PostgreSQL schema migrated once per process and copied into each test's empty schema.

Alembic's 20 migrations cost about 2 s of a core per test schema (and 10 s or more of wall
time on a loaded machine); re-running the SQL that `pg_dump` wrote of a schema migrated once
costs a single round trip. The copy is the dump itself, so it holds what Alembic made: the
tables, keys, indexes, the change-stamp functions and triggers, and the rows (alembic_version).
`tests/integration/test_postgres_template.py` checks that a copy dumps the same as a schema
migrated by Alembic.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Callable

import psycopg
import sqlalchemy as sa

PLACEHOLDER = "footwork_template_schema"
"""Stands for the target schema in the kept script (the template's own name is random)."""


def empty_schema(engine: sa.Engine) -> str | None:
    """The name of the engine's current schema if it is PostgreSQL's and holds nothing."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
        if schema is None:
            return None
        things = connection.exec_driver_sql(
            "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid ="
            " c.relnamespace WHERE n.nspname = %(s)s) + (SELECT count(*) FROM pg_proc p JOIN"
            " pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %(s)s)",
            {"s": schema},
        ).scalar()
    return str(schema) if things == 0 else None


def libpq_url(url: sa.URL, schema: str | None = None) -> str:
    """The URL for psql, pg_dump and psycopg, its search_path set to `schema` if given."""
    plain = url.set(drivername="postgresql", query={})
    text = plain.render_as_string(hide_password=False)
    return f"{text}?options=-csearch_path%3D{schema}" if schema else text


def dump_schema(url: sa.URL, schema: str) -> str:
    """`pg_dump` of one schema, structure and rows, as SQL statements psycopg can run."""
    done = subprocess.run(
        ["pg_dump", "--schema", schema, "--inserts", "--no-owner", "--no-privileges",
         "--dbname", libpq_url(url)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    # psql's meta-commands (\restrict, from 15.14 on) are for psql only.
    return "\n".join(line for line in done.stdout.splitlines() if not line.startswith("\\"))


def in_schema(script: str, old: str, new: str) -> str:
    """The dump of schema `old` made to build schema `new`, which exists already."""
    create = f"CREATE SCHEMA {old};"
    assert script.count(create) == 1, f"no single {create!r} in the dump"
    return script.replace(create, "").replace(f"{old}.", f'"{new}".')


class Templates:
    """One migrated schema per database, kept as the script that rebuilds it."""

    def __init__(self, migrate: Callable[[sa.Engine], None]) -> None:
        self.migrate = migrate
        self.scripts: dict[str, str | None] = {}

    def script_for(self, url: sa.URL) -> str | None:
        """The kept script for the database of `url`; None where pg_dump cannot make one
        (not installed, or older than the server), and Alembic does the work as before."""
        key = libpq_url(url)
        if key not in self.scripts:
            self.scripts[key] = self._make(url) if shutil.which("pg_dump") else None
        return self.scripts[key]

    def _make(self, url: sa.URL) -> str | None:
        template = f"t_template_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(libpq_url(url), autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{template}"')
        engine = sa.create_engine(
            url.set(drivername="postgresql+psycopg", query={"options": f"-csearch_path={template}"})
        )
        try:
            self.migrate(engine)
            script = dump_schema(url, template)
        except subprocess.CalledProcessError:
            return None
        finally:
            engine.dispose()
            with psycopg.connect(libpq_url(url), autocommit=True) as connection:
                connection.execute(f'DROP SCHEMA "{template}" CASCADE')
        return in_schema(script, template, PLACEHOLDER)

    def copy_into(self, engine: sa.Engine) -> bool:
        """Build the migrated schema in the engine's empty current schema; False (nothing
        done) if that schema is not empty or there is no template."""
        schema = empty_schema(engine)
        if schema is None:
            return False
        script = self.script_for(engine.url)
        if script is None:
            return False
        with psycopg.connect(libpq_url(engine.url)) as connection:
            connection.execute(script.replace(f'"{PLACEHOLDER}".', f'"{schema}".'))  # type: ignore[arg-type]
        return True
