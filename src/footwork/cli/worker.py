"""`footwork worker`: work out queued care figures, for a clinic on PostgreSQL with
FOOTWORK_CARE_WORKER=true (see docs/deploy.md)."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

from footwork.cli.common import fail, settings_of, translator_of
from footwork.services.care_worker import drain_queue
from footwork.services.personal import open_store


def worker(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Empty the queue, then exit.")] = False,
    interval: Annotated[
        float, typer.Option(min=0.1, help="Seconds between looks at an empty queue.")
    ] = 2.0,
) -> None:
    """Work out the patient list's figures for patients queued by the web app.

    Needs PostgreSQL and FOOTWORK_CARE_WORKER=true on the web app. Run as many as you like:
    each patient is taken by one. SIGTERM or Ctrl-C finishes the patient under way and
    exits."""
    settings = settings_of(ctx)
    if not settings.database_url.startswith("postgresql"):
        raise fail(
            translator_of(ctx).gettext(
                "the worker needs PostgreSQL (FOOTWORK_DATABASE_URL=postgresql+psycopg://...)"
            )
        )
    store = open_store(settings)
    stopping = threading.Event()

    def stop(signum: int, _: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    console = Console()
    errors = Console(stderr=True)

    text = translator_of(ctx)

    def failed(person_id: str, error: Exception) -> None:
        said = text.gettext(
            "error: the figures of patient {person} could not be worked out ({error}); "
            "they stay queued."
        ).format(person=person_id, error=f"{type(error).__name__}: {error}")
        errors.print(said, markup=False, highlight=False)

    total = 0
    while not stopping.is_set():
        total += drain_queue(
            store, now=lambda: datetime.now(UTC), stop=stopping.is_set, failed=failed
        )
        if once:
            break
        stopping.wait(interval)
    said = text.ngettext("{n} patient refreshed.", "{n} patients refreshed.", total)
    console.print(said.format(n=total), highlight=False)
