"""Commands for clinics: keep the patient list's figures current, and e-mail clinicians
their new flags."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console

from footwork.cli.common import fail, settings_of, translator_of
from footwork.core.contact import email_problem
from footwork.services.care import refresh_many, stale_patient_ids
from footwork.services.digest import send_digest
from footwork.services.erasure import erase_due
from footwork.services.lifecycle import purge as purge_records
from footwork.services.notify import DeliveryError
from footwork.services.personal import open_store
from footwork.store.accounts import account_by_name
from footwork.store.erasure_requests import due_erasures

care_app = typer.Typer(
    help="Clinics: the figures behind the patient list, digests, the retention purge.",
    no_args_is_help=True,
)


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
    said = translator_of(ctx).ngettext("{n} patient refreshed.", "{n} patients refreshed.", count)
    Console().print(said.format(n=count), highlight=False)


@care_app.command("digest")
def digest(
    ctx: typer.Context,
    to: Annotated[
        list[str],
        typer.Option(
            help="A clinician and where their digest goes, as USERNAME=EMAIL; repeat for each."
        ),
    ],
    link: Annotated[
        str, typer.Option(help="The patient list's address, for the e-mail.")
    ] = "/clinic",
) -> None:
    """E-mail clinicians the new flags on their own patients.

    Each clinician named with --to gets counts and a link, no names. Off until SMTP is set
    up (FOOTWORK_SMTP_HOST). Run it daily from cron."""
    settings = settings_of(ctx)
    text = translator_of(ctx)
    if not settings.smtp_host:
        Console().print(text.gettext("E-mail is not set up (FOOTWORK_SMTP_HOST): no digest sent."))
        return
    pairs = []
    for entry in to:
        name, _, address = entry.partition("=")
        if not name or email_problem(address):
            raise fail(
                text.gettext("--to {entry}: give USERNAME=EMAIL, e.g. {example}").format(
                    entry=repr(entry), example="dr-ada=ada@clinic.example"
                )
            )
        pairs.append((name, address))
    store = open_store(settings)
    problems = 0
    for name, address in pairs:
        account = account_by_name(store, name)
        if account is None or account.role != "clinician":
            raise fail(
                text.gettext("--to {name}: no clinician with that user name").format(
                    name=repr(name)
                )
            )
        try:
            count = send_digest(
                store, settings, account, to=address, link=link, now=datetime.now(UTC)
            )
        except DeliveryError as error:
            Console(stderr=True).print(f"{name}: {error}", highlight=False)
            problems += 1
            continue
        said = (
            text.ngettext(
                "{name}: {n} new flag e-mailed.", "{name}: {n} new flags e-mailed.", count
            )
            if count
            else text.gettext("{name}: 0 new flags.")
        )
        Console().print(said.format(name=name, n=count), markup=False, highlight=False)
    if problems:
        raise typer.Exit(1)


@care_app.command("purge")
def purge(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be erased; erase nothing.")
    ] = False,
) -> None:
    """Erase discharged records kept past the retention period.

    That is, patients discharged longer ago than the clinic's retention period (10 years
    unless the clinic's admin set another), and patients who asked for erasure whose clinic
    kept the record until a date that has come. Run it daily from a timer."""
    store = open_store(settings_of(ctx))
    now = datetime.now(UTC)
    items = purge_records(store, now=now, dry_run=dry_run)
    # Patients who asked for erasure, whose clinic kept the record until a date now come.
    kept = due_erasures(store, today=now.date())
    if not dry_run:
        erase_due(store, today=now.date(), now=now)
    text = translator_of(ctx)
    console = Console(markup=False, highlight=False)
    for item in items:
        discharged = item.discharge.discharged_at.date().isoformat()
        until = item.kept_until.date().isoformat()
        said = text.gettext("discharged {day}, kept until {until}").format(
            day=discharged, until=until
        )
        console.print(f"{item.discharge.person_id}  {item.discharge.display_name}  {said}")
    for request in kept:
        said = text.gettext("asked for erasure, kept until {until}").format(
            until=request.erase_after
        )
        console.print(f"{request.person_id}  {said}")
    n, m = len(items), len(kept)
    if dry_run:
        first = text.ngettext(
            "{n} discharged record would be erased.", "{n} discharged records would be erased.", n
        )
        second = text.ngettext(
            "{n} record kept after an erasure request would be erased.",
            "{n} records kept after an erasure request would be erased.",
            m,
        )
    else:
        first = text.ngettext("{n} discharged record erased.", "{n} discharged records erased.", n)
        second = text.ngettext(
            "{n} record kept after an erasure request erased.",
            "{n} records kept after an erasure request erased.",
            m,
        )
    console.print(first.format(n=n))
    console.print(second.format(n=m))
