"""An online backup of a SQLite database: a consistent copy while the app keeps writing
(sqlite3's backup API). PostgreSQL has pg_dump for this (docs/deploy.md)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from footwork.config import sqlite_path


class BackupError(ValueError):
    """A backup that cannot be made: what is wrong, in words."""


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy the SQLite database at `database_url` to `target` (a new file, never one that
    exists) as one consistent snapshot; the number of pages copied. The copy is written
    next to `target` and renamed into place, so a crash leaves no half-written backup."""
    source_path = sqlite_path(database_url)
    if source_path is None:
        raise BackupError(
            "only a SQLite file is backed up this way; for PostgreSQL use pg_dump "
            "(see docs/deploy.md)"
        )
    if not source_path.is_file():
        raise BackupError(f"there is no database at {source_path}")
    if target.exists():
        raise BackupError(f"{target} exists already: give a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=15)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
    finally:
        source.close()
    with partial.open("rb") as written:
        os.fsync(written.fileno())
    partial.replace(target)
    return pages
