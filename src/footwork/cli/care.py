"""Commands for clinics: keep the patient list's figures current."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console

from footwork.cli.common import settings_of
from footwork.cli.render import counted
from footwork.services.care import refresh_many, stale_patient_ids
from footwork.services.personal import open_store

care_app = typer.Typer(help="Clinics: the figures behind the patient list.", no_args_is_help=True)


@care_app.command("refresh")
def refresh(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="At most this many patients a run.")] = 100_000,
) -> None:
    """Work out the patient list's figures again where they are out of date.

    That is, for patients whose kept days run out or who recorded something since (a session
    left open). Run it daily, or hourly, from cron."""
    store = open_store(settings_of(ctx))
    ids = stale_patient_ids(store, now=datetime.now(UTC), limit=limit)
    count = refresh_many(store, ids, now=lambda: datetime.now(UTC))
    Console().print(f"{counted(count, 'patient')} refreshed.")
