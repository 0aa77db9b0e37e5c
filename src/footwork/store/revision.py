"""The newest migration, told from the migration files' names alone (no SQLAlchemy, no
Alembic): what a current database's alembic_version holds."""

from __future__ import annotations

import re
from importlib import resources

_MIGRATION_FILE = re.compile(r"(\d{4})_\w+\.py")


def newest_migration() -> str:
    """The newest revision by file name: migrations are named NNNN_topic.py with revision
    "NNNN" in one linear chain (a test checks this against Alembic's own head)."""
    versions = resources.files("footwork.store").joinpath("migrations", "versions")
    numbers = [
        match.group(1)
        for entry in versions.iterdir()
        if (match := _MIGRATION_FILE.fullmatch(entry.name))
    ]
    return max(numbers)
