"""`footwork backup`: a consistent copy of a SQLite database while it is in use."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from footwork.cli.common import fail, settings_of, translator_of
from footwork.store.backup import BackupError, backup_sqlite


def backup(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(help="The new file to write the copy to.")],
) -> None:
    """Copy the SQLite database to a new file, safely while the app runs.

    To restore, stop the app and put the copy in the database's place. For PostgreSQL use
    pg_dump and pg_restore (docs/deploy.md)."""
    try:
        pages = backup_sqlite(settings_of(ctx).database_url, target)
    except BackupError as error:
        raise fail(str(error)) from None
    said = translator_of(ctx).ngettext(
        "Backed up to {path} ({n} page).", "Backed up to {path} ({n} pages).", pages
    )
    Console().print(said.format(path=target, n=pages), markup=False, highlight=False)
