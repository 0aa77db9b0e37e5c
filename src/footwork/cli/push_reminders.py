"""`footwork remind --via push`: the reminders due now, as Web Push notifications to every
device each person allowed. A device the push service calls gone is dropped; a failure on
one device is reported and the others still get theirs."""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.console import Console

from footwork.cli.common import EXIT_FAILURE, fail, program_for, settings_of, translator_of
from footwork.content.loader import load_program
from footwork.core.language import UNTRANSLATED, Translator
from footwork.core.program import Program
from footwork.services import care
from footwork.services.personal import open_personal, open_store
from footwork.services.push import Tally, send_push_reminders
from footwork.store.push import devices_of, people_with_devices
from footwork.store.repository import Store

NO_DEVICE = (
    "no device has allowed reminders: open Settings in the browser on your phone and turn on "
    "'Reminders on this device'"
)


def person_program(store: Store, person_id: str) -> Program:
    """A clinic patient's program: their prescription, or the built-in one."""
    return care.program_for(store, person_id, load_program(), now=datetime.now(UTC))


def remind(ctx: typer.Context, *, all_people: bool) -> None:
    config = settings_of(ctx)
    now = datetime.now(UTC)
    if all_people:
        store = open_store(config)
        people = [(p, person_program(store, p)) for p in people_with_devices(store)]
    else:
        personal = open_personal(config)
        store = personal.store
        if not devices_of(store, personal.person.id):
            raise fail(NO_DEVICE)
        people = [(personal.person.id, program_for(ctx))]
    tally = Tally()
    for person_id, program in people:
        send_push_reminders(store, config, person_id, program, now=now, tally=tally)
    errors = Console(stderr=True, markup=False, highlight=False)
    for problem in tally.problems:
        errors.print(problem)
    Console(markup=False, highlight=False).print(summary(tally, text=translator_of(ctx)))
    if tally.undelivered:
        raise typer.Exit(EXIT_FAILURE)


def summary(tally: Tally, *, text: Translator = UNTRANSLATED) -> str:
    """'2 reminders sent, 1 device dropped.'"""
    n = tally.sent
    parts = [text.ngettext("{n} reminder sent", "{n} reminders sent", n).format(n=n)]
    if n := tally.dropped:
        parts.append(text.ngettext("{n} device dropped", "{n} devices dropped", n).format(n=n))
    if n := tally.undelivered:
        said = text.ngettext("{n} reminder not delivered", "{n} reminders not delivered", n)
        parts.append(said.format(n=n))
    return ", ".join(parts) + "."
