"""INSERT ... ON CONFLICT for the database at hand, its dialect imported when first used.

Importing `sqlalchemy.dialects.postgresql` loads the dialect of every PostgreSQL driver
(asyncpg, psycopg2, pg8000, ...), a few per cent of a command's start; an installation on
SQLite never needs it, and one on PostgreSQL has it loaded by its engine already.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PostgresqlInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert


def insert_for(dialect: str, table: Any) -> PostgresqlInsert | SqliteInsert:
    """`insert(table)` with `on_conflict_do_*` and `excluded`: SQLite's for "sqlite",
    PostgreSQL's otherwise."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    return postgresql_insert(table)


def postgresql_insert(table: Any) -> PostgresqlInsert:
    """PostgreSQL's `insert(table)` (for what runs on PostgreSQL only)."""
    from sqlalchemy.dialects.postgresql import insert

    return insert(table)
