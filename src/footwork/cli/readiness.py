"""The readiness questions in the terminal: before a first session, and `footwork readiness`."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from footwork.cli.common import EXIT_FAILURE, fail, settings_of, translator_of
from footwork.cli.confirm import confirm
from footwork.core.language import UNTRANSLATED, Translator
from footwork.core.readiness import QUESTIONS, ReadinessCheck, ReadinessError, Verdict
from footwork.services.personal import open_personal
from footwork.services.readiness import readiness_status, record_readiness
from footwork.store.repository import Store

STYLES = {"clear": "green", "clinician": "yellow", "urgent": "red"}


def verdict_panel(verdict: Verdict, *, text: Translator = UNTRANSLATED) -> Panel:
    """What the answers mean, and what to do."""
    lines = [text.gettext(verdict.headline)]
    lines += [f"• {text.gettext(reason)}" for reason in verdict.reasons]
    return Panel(
        Text("\n".join(lines)),
        title=text.gettext("Before you start"),
        border_style=STYLES[verdict.level],
    )


def ask_questions(console: Console, *, text: Translator = UNTRANSLATED) -> dict[str, object]:
    console.print(
        text.gettext(
            "A few questions before your first session (answered once, asked again yearly):"
        ),
        markup=False,
    )
    return {
        q.id: confirm(Text(text.gettext(q.text)), console=console, text=text, default=None)
        for q in QUESTIONS
    }


def check_before_session(
    store: Store, person_id: str, console: Console, *, text: Translator = UNTRANSLATED
) -> None:
    """Ask the readiness questions when due; exit when the answers say not to start now."""
    status = readiness_status(store, person_id, now=datetime.now(UTC))
    if not status.due:
        return
    if not (sys.stdin.isatty() and console.is_terminal):
        console.print(
            text.gettext(
                "Before your first session, please answer the readiness questions: "
                "run `footwork readiness`."
            ),
            highlight=False,
            markup=False,
        )
        return
    answers = ask_questions(console, text=text)
    check = record_readiness(store, person_id, answers, now=datetime.now(UTC))
    confirm_start(check, console, text=text)


def confirm_start(
    check: ReadinessCheck, console: Console, *, text: Translator = UNTRANSLATED
) -> None:
    verdict = check.verdict
    console.print(verdict_panel(verdict, text=text))
    if verdict.level == "urgent":
        raise typer.Exit(EXIT_FAILURE)
    if verdict.level == "clinician" and not confirm(
        text.gettext("Has a clinician told you that you can do these exercises?"),
        console=console,
        text=text,
        default=False,
    ):
        console.print(text.gettext("Come back once you have checked. Your answers are saved."))
        raise typer.Exit(0)


def readiness(
    ctx: typer.Context,
    answers: Annotated[
        str | None,
        typer.Option(
            metavar="QUESTION=yes|no,...",
            help="Answer without prompts, e.g. falls=no,feet=no,injury=no,serious=no,saddle=no.",
        ),
    ] = None,
) -> None:
    """Answer the readiness questions (asked before a first session, again after a year)."""
    personal = open_personal(settings_of(ctx))
    text = translator_of(ctx)
    console = Console(highlight=False)
    if answers is None:
        if not sys.stdin.isatty():
            status = readiness_status(personal.store, personal.person.id, now=datetime.now(UTC))
            if status.latest is None:
                raise fail(text.gettext("no answers yet: run in a terminal, or give --answers"))
            day = f"{status.latest.answered_at:%Y-%m-%d}"
            console.print(text.gettext("Answered on {day}.").format(day=day))
            console.print(verdict_panel(status.latest.verdict, text=text))
            return
        raw = ask_questions(console, text=text)
    else:
        raw = dict(pair.partition("=")[::2] for pair in answers.replace(" ", "").split(",") if pair)
    try:
        check = record_readiness(personal.store, personal.person.id, raw, now=datetime.now(UTC))
    except ReadinessError as error:
        raise fail(f"--answers {error}") from None
    console.print(verdict_panel(check.verdict, text=text))
    if check.verdict.level == "urgent":
        raise typer.Exit(EXIT_FAILURE)
