"""Commands for the history: log, history, export, import, db."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError
from rich.console import Console

from footwork.cli import history_view
from footwork.cli.common import (
    EXIT_FAILURE,
    fail,
    program_for,
    settings_of,
    translator_of,
    write_atomically,
)
from footwork.cli.render import pain_alert_panel
from footwork.config import default_database_url
from footwork.core.language import ENGLISH
from footwork.core.records import BALANCE_CAP_S, PainContext, PainRegion
from footwork.reports.fhir import history_bundle
from footwork.services import care
from footwork.services.documents import history_document
from footwork.services.exchange import ImportFileError, parse_history
from footwork.services.export_stream import stream_history
from footwork.services.logging import log_balance_test, log_pain_checkin, pain_alerts_for
from footwork.services.personal import open_personal, open_store
from footwork.store.database import current_revision, open_database, upgrade
from footwork.store.history import (
    ImportConflict,
    balance_tests,
    import_history,
    load_history,
    pain_checkins,
    session_summaries,
)

log_app = typer.Typer(help="Record pain scores or a balance test.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the database.", no_args_is_help=True)

Score = Annotated[int | None, typer.Option(min=0, max=10, show_default=False)]
Stance = Annotated[
    float | None, typer.Option(min=0, max=BALANCE_CAP_S, show_default=False, metavar="SECONDS")
]
Note = Annotated[str | None, typer.Option(help="A note to keep with it.")]


@log_app.command("pain")
def log_pain(
    ctx: typer.Context,
    back: Score = None,
    hip_left: Score = None,
    hip_right: Score = None,
    knee_left: Score = None,
    knee_right: Score = None,
    foot_left: Score = None,
    foot_right: Score = None,
    context: Annotated[str, typer.Option(help="before or after a session, or any time.")] = "any",
    note: Note = None,
) -> None:
    """Record pain from 0 (none) to 10 (worst) for one or more regions."""
    text = translator_of(ctx)
    given: dict[PainRegion, int | None] = {
        "back": back,
        "hip-left": hip_left,
        "hip-right": hip_right,
        "knee-left": knee_left,
        "knee-right": knee_right,
        "foot-left": foot_left,
        "foot-right": foot_right,
    }
    scores = {region: score for region, score in given.items() if score is not None}
    if not scores:
        raise fail(text.gettext("give at least one score, e.g. --back 4 or --knee-left 3"))
    if context not in ("before", "after", "any"):
        raise fail(
            text.gettext("--context: expected before, after or any, got {value}").format(
                value=repr(context)
            )
        )
    personal = open_personal(settings_of(ctx))
    alerts = pain_alerts_for(personal.store, personal.person.id, scores, now=datetime.now(UTC))
    checkin = log_pain_checkin(
        personal.store,
        personal.person.id,
        scores,
        context=_context(context),
        session_id=None,
        note=note,
        now=datetime.now(UTC),
    )
    said = text.gettext("Saved pain scores: {scores}.").format(scores=_scores_text(checkin.scores))
    Console().print(said, highlight=False, markup=False)
    if alerts:
        Console().print(pain_alert_panel(alerts, text=text))


def _context(value: str) -> PainContext:
    return "before" if value == "before" else "after" if value == "after" else "any"


def _scores_text(scores: dict[PainRegion, int]) -> str:
    return ", ".join(f"{region} {score}" for region, score in scores.items())


@log_app.command("balance")
def log_balance(
    ctx: typer.Context,
    left: Stance = None,
    right: Stance = None,
    eyes_closed: Annotated[bool, typer.Option("--eyes-closed", help="Eyes were closed.")] = False,
    note: Note = None,
) -> None:
    """Record a single-leg stance test: seconds on each leg, up to 45."""
    text = translator_of(ctx)
    if left is None and right is None:
        raise fail(text.gettext("give the seconds for --left, --right, or both"))
    personal = open_personal(settings_of(ctx))
    log_balance_test(
        personal.store,
        personal.person.id,
        left_s=left,
        right_s=right,
        eyes_closed=eyes_closed,
        note=note,
        now=datetime.now(UTC),
    )
    Console().print(text.gettext("Saved balance test."), highlight=False)


def history(
    ctx: typer.Context,
    days: Annotated[int, typer.Option(min=1, help="How many days back to show.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for other tools.")] = False,
) -> None:
    """Show your sessions, pain scores and balance tests."""
    personal = open_personal(settings_of(ctx))
    since = datetime.now(UTC) - timedelta(days=days)
    person_id = personal.person.id
    sessions = session_summaries(personal.store, person_id, since=since)
    pain = pain_checkins(personal.store, person_id, since=since)
    balance = balance_tests(personal.store, person_id, since=since)
    if as_json:
        doc = history_document(sessions, pain, balance)
        print(json.dumps(doc, indent=2))
        return
    zone = ZoneInfo(personal.person.timezone)
    text = translator_of(ctx)
    console = Console()
    console.print(history_view.sessions_table(sessions, zone, text=text))
    console.print(history_view.pain_table(pain, zone, text=text))
    console.print(history_view.balance_table(balance, zone, text=text))


Format = Literal["json", "csv"]


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="json, csv, or fhir (a FHIR R4 Bundle for health record systems)."
        ),
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file, not the screen.")
    ] = None,
) -> None:
    """Export your whole history, for a backup or for your clinician."""
    said = translator_of(ctx)
    if fmt not in ("json", "csv", "fhir"):
        raise fail(
            said.gettext("--format: expected json, csv or fhir, got {value}").format(
                value=repr(fmt)
            )
        )
    program = program_for(ctx) if fmt == "fhir" else None
    personal = open_personal(settings_of(ctx))
    chunks: Iterable[str]
    if program is not None:
        now = datetime.now(UTC)
        history = load_history(personal.store, personal.person.id)
        followed = care.program_for(personal.store, personal.person.id, program, now=now)
        language = settings_of(ctx).lang or ENGLISH
        bundle = history_bundle(
            history,
            program=followed,
            generated_at=now,
            language=language,
            text=translator_of(ctx),
        )
        chunks = [bundle.model_dump_json(indent=2) + "\n"]
    else:
        # Streamed from one snapshot, straight to the screen or the file.
        chunks = stream_history(
            personal.store, personal.person.id, "json" if fmt == "json" else "csv"
        )
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        return
    write_atomically(output, chunks)
    exported = said.gettext("Exported to {path}.").format(path=output)
    Console(stderr=True).print(exported, highlight=False, markup=False)


def import_history_file(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A file written by `footwork export`.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="json or csv; default: from the file name.")
    ] = None,
) -> None:
    """Import a history exported by Footwork. All of it is written, or none of it."""
    said = translator_of(ctx)
    chosen = fmt or {".json": "json", ".csv": "csv"}.get(path.suffix.lower())
    if chosen not in ("json", "csv"):
        raise fail(said.gettext("{path}: say --format json or --format csv").format(path=path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(said.gettext("{path}: no such file").format(path=path)) from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise fail(said.gettext("{path}: not a UTF-8 text file").format(path=path)) from None
    try:
        parsed = parse_history(text, "json" if chosen == "json" else "csv", source=str(path))
    except ImportFileError as error:
        raise fail(said.gettext("nothing was imported.") + f"\n{error.said(said)}") from None
    store = open_store(settings_of(ctx))
    try:
        import_history(store, parsed, now=datetime.now(UTC))
    except ImportConflict as error:
        raise fail(error.said(said), EXIT_FAILURE) from None
    except ValidationError as error:  # pragma: no cover - parse_history validated it
        raise fail(str(error)) from None
    sessions = said.ngettext("{n} session", "{n} sessions", len(parsed.sessions))
    pain = said.ngettext("{n} pain check-in", "{n} pain check-ins", len(parsed.pain))
    balance = said.ngettext("{n} balance test", "{n} balance tests", len(parsed.balance))
    Console().print(
        said.gettext("Imported {sessions}, {pain} and {balance} for {name}.").format(
            sessions=sessions.format(n=len(parsed.sessions)),
            pain=pain.format(n=len(parsed.pain)),
            balance=balance.format(n=len(parsed.balance)),
            name=parsed.person.display_name,
        ),
        markup=False,
        highlight=False,
    )


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Apply any pending database migrations (a new database gets them on first use too)."""
    url = settings_of(ctx).database_url
    engine = open_database(url, create_folder=url == default_database_url(), migrate=False)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    said = translator_of(ctx)
    if before == after:
        message = said.gettext("Database at revision {revision} (already up to date).")
    elif before is None:
        message = said.gettext("Database at revision {revision} (upgraded from empty).")
    else:
        message = said.gettext("Database at revision {revision} (upgraded from {before}).")
    Console().print(message.format(revision=after, before=before), highlight=False)
