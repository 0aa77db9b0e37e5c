"""`footwork forget`: erase everything this computer's Footwork keeps about you."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console

from footwork.cli.common import fail, settings_of, translator_of
from footwork.cli.confirm import confirm
from footwork.core.language import UNTRANSLATED, Translator
from footwork.services.erasure import ErasureRefused, ErasureReport, erase_person
from footwork.services.personal import open_store
from footwork.store.accounts import owner_account


def removed_lines(report: ErasureReport, *, text: Translator = UNTRANSLATED) -> list[str]:
    """One line per kind of record removed: '12 sessions'."""
    return [item.kind.said(text, item.count) for item in report.removed if item.count]


def forget(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask; erase at once.")] = False,
) -> None:
    """Erase every session, check-in, balance test, setting, token and account of yours.

    It cannot be undone. To keep a copy first: footwork export -o my-footwork.json
    """
    settings = settings_of(ctx)
    text = translator_of(ctx)
    if settings.mode == "clinic":
        raise fail(text.gettext("a clinic's patients ask for erasure in the web app's Settings"))
    console = Console(highlight=False)
    if not yes:
        if not (sys.stdin.isatty() and console.is_terminal):
            raise fail(text.gettext("footwork forget needs a terminal to confirm, or --yes"))
        console.print(
            text.gettext(
                "This erases everything Footwork keeps about you. "
                "To keep a copy first: footwork export -o my-footwork.json"
            ),
            markup=False,
        )
        if not confirm(
            text.gettext("Erase everything now?"), console=console, text=text, default=False
        ):
            console.print(text.gettext("Nothing was erased."))
            return
    store = open_store(settings)
    people = store.people()
    if len(people) > 1:
        raise fail(
            text.gettext(
                "this database holds more than one person (a clinic's): nothing was erased"
            )
        )
    if not people:
        console.print(text.gettext("There was nothing to erase."))
        return
    owner = owner_account(store)
    try:
        report = erase_person(store, people[0].id, now=datetime.now(UTC), actor=owner)
    except ErasureRefused as error:
        raise fail(str(error)) from None
    erased = ", ".join(removed_lines(report, text=text))
    console.print(text.gettext("Erased: {records}.").format(records=erased))
    if owner is not None:
        console.print(
            text.gettext("The password is gone too; set a new one with: footwork password")
        )
