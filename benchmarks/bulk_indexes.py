"""A bulk load on PostgreSQL: set tables' indexes aside while rows go in, then build them again.

Inserting tens of millions of rows into tables indexed on random uuids touches a random
index page per row. Once the indexes outgrow `shared_buffers` (128 MB by default) nearly
every row reads a page in and writes another out: the year-long clinic slowed to about 4,000
rows a second that way. Building each index once after the load sorts the keys instead.

Indexes that a foreign key relies on (a primary key another table references) stay, as do
the constraints themselves; everything else is dropped and made again from the definitions
PostgreSQL gives (`pg_get_indexdef`, `pg_get_constraintdef`), so the schema afterwards is the
one Alembic made. The rebuild runs even when the load fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import Engine

# Every index on the tables, with its constraint when it backs one, except those a foreign
# key references (pg_constraint.conindid of a foreign key names the referenced index).
_INDEXES = sa.text(
    """
    SELECT cls.relname AS table_name, idx.relname AS index_name,
           con.conname AS constraint_name,
           pg_get_constraintdef(con.oid) AS constraint_def,
           pg_get_indexdef(i.indexrelid) AS index_def
    FROM pg_index i
    JOIN pg_class idx ON idx.oid = i.indexrelid
    JOIN pg_class cls ON cls.oid = i.indrelid
    JOIN pg_namespace ns ON ns.oid = cls.relnamespace AND ns.nspname = current_schema()
    LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u')
    WHERE cls.relname = ANY(:tables)
      AND NOT EXISTS (
          SELECT 1 FROM pg_constraint fk WHERE fk.contype = 'f' AND fk.conindid = i.indexrelid
      )
    ORDER BY cls.relname, idx.relname
    """
)


@dataclass(frozen=True)
class AsideIndex:
    table: str
    name: str
    constraint: str | None
    definition: str

    def drop(self) -> str:
        if self.constraint is not None:
            return f'ALTER TABLE "{self.table}" DROP CONSTRAINT "{self.constraint}"'
        return f'DROP INDEX "{self.name}"'

    def create(self) -> str:
        if self.constraint is not None:
            table, constraint = self.table, self.constraint
            return f'ALTER TABLE "{table}" ADD CONSTRAINT "{constraint}" {self.definition}'
        return self.definition


def indexes_of(engine: Engine, tables: Sequence[str]) -> list[AsideIndex]:
    with engine.connect() as connection:
        rows = connection.execute(_INDEXES, {"tables": list(tables)}).all()
    return [
        AsideIndex(
            table=row.table_name,
            name=row.index_name,
            constraint=row.constraint_name,
            definition=row.constraint_def if row.constraint_name else row.index_def,
        )
        for row in rows
    ]


@contextmanager
def indexes_set_aside(
    engine: Engine,
    tables: Sequence[str],
    log: Callable[[str], None],
    *,
    work_mem: str = "1GB",
) -> Iterator[list[AsideIndex]]:
    """Drop the indexes of `tables` (PostgreSQL only) for the block; build them after it."""
    if engine.dialect.name != "postgresql":
        yield []
        return
    aside = indexes_of(engine, tables)
    with engine.begin() as connection:
        for index in aside:
            connection.exec_driver_sql(index.drop())
    log(f"set aside {len(aside)} indexes of {', '.join(tables)} for the load")
    try:
        yield aside
    finally:
        for index in aside:
            log(f"  building {index.name} on {index.table}")
            with engine.begin() as connection:
                connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{work_mem}'")
                connection.exec_driver_sql(index.create())
        log(f"built {len(aside)} indexes again")
