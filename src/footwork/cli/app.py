"""The `footwork` command.

Each command's module is imported only when that command runs (see cli/lazy.py): `footwork
--help` and `footwork today` must not pay for NumPy, WeasyPrint, Alembic or the camera code.
A test (tests/e2e/test_cli_startup.py) pins the heavy modules they must not import.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from footwork.cli.lazy import Lazy, lazy_group
from footwork.core.language import ENGLISH, N_, UnknownLanguage, terminal_language

EXIT_USAGE = 2  # footwork.cli.common.EXIT_USAGE, without importing what common needs
SPOKEN = [ENGLISH]
"""The language the root options chose, for an error that main() reports after the command."""

# In the order `footwork --help` lists them; each line is the command's own short help
# (tests/unit/test_cli_help.py checks it against the command).
COMMANDS = (
    Lazy(
        "exercises",
        "footwork.cli.session:exercises",
        N_("List the exercises in the program with their dose and frequency."),
    ),
    Lazy(
        "safety",
        "footwork.cli.session:safety",
        N_("Show all the safety advice: when to stop, when to see a clinician, when to get help."),
    ),
    Lazy("timeline", "footwork.cli.session:timeline", N_("Show the timed steps of a session.")),
    Lazy(
        "session",
        "footwork.cli.session:session",
        N_("Run a guided, timed session: what is due now, the ids given, or --all."),
    ),
    Lazy(
        "serve",
        "footwork.cli.serve:serve",
        N_("Start the web app (personal: no login on this computer)."),
    ),
    Lazy(
        "password",
        "footwork.cli.serve:password",
        N_("Set or reset the password this computer's Footwork asks for when served to others."),
    ),
    Lazy(
        "today",
        "footwork.cli.schedule:today",
        N_("What is due now, later today, done, and where the week stands."),
    ),
    Lazy(
        "stats",
        "footwork.cli.schedule:stats",
        N_("Adherence over the last 7 and 30 days, and the current streak."),
    ),
    Lazy(
        "settings",
        "footwork.cli.schedule:settings",
        N_("Show or change your timezone, slots, reminders and birth year."),
    ),
    Lazy("remind", "footwork.cli.schedule:remind", N_("Send the reminders due now.")),
    Lazy(
        "history",
        "footwork.cli.records:history",
        N_("Show your sessions, pain scores and balance tests."),
    ),
    Lazy(
        "export",
        "footwork.cli.records:export",
        N_("Export your whole history, for a backup or for your clinician."),
    ),
    Lazy(
        "forget",
        "footwork.cli.forget:forget",
        N_("Erase every session, check-in, balance test, setting, token and account of yours."),
    ),
    Lazy(
        "import",
        "footwork.cli.records:import_history_file",
        N_("Import a history exported by Footwork."),
    ),
    Lazy(
        "report",
        "footwork.cli.report:report",
        N_('Your progress: adherence, pain, minutes and balance charts, and "is it helping?".'),
    ),
    Lazy(
        "handout",
        "footwork.cli.report:handout",
        N_("A printable handout of your program, with a four-week log."),
    ),
    Lazy(
        "balance",
        "footwork.cli.balance:balance",
        N_("Take the guided single-leg balance test and save the best times to your history."),
    ),
    Lazy(
        "readiness",
        "footwork.cli.readiness:readiness",
        N_("Answer the readiness questions (asked before a first session, again after a year)."),
    ),
    Lazy(
        "analyze",
        "footwork.cli.vision:analyze",
        N_("Check a video of one exercise against its dose (needs the vision extra)."),
    ),
    Lazy(
        "watch",
        "footwork.cli.vision:watch",
        N_("Watch one exercise live from a camera, with counts on screen."),
    ),
    Lazy("log", "footwork.cli.records:log_app", N_("Record pain scores or a balance test.")),
    Lazy("calendar", "footwork.cli.schedule:calendar_app", N_("Your schedule as a calendar.")),
    Lazy(
        "account",
        "footwork.cli.serve:account_app",
        N_("Accounts for a clinic: patients and clinicians."),
    ),
    Lazy(
        "care",
        "footwork.cli.care:care_app",
        N_("Clinics: the figures behind the patient list, digests, the retention purge."),
    ),
    Lazy(
        "worker",
        "footwork.cli.worker:worker",
        N_("Work out the patient list's figures for patients queued by the web app."),
    ),
    Lazy(
        "backup",
        "footwork.cli.backup:backup",
        N_("Copy the SQLite database to a new file, safely while the app runs."),
    ),
    Lazy("db", "footwork.cli.records:db_app", N_("Manage the database.")),
)

app = typer.Typer(
    name="footwork",
    cls=lazy_group(COMMANDS, rich_markup_mode=None),
    help="Footwork: a coach for home foot exercises.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: Rich markup would eat every [bracketed] word of our texts.
    rich_markup_mode=None,
    context_settings={"max_content_width": 120},
)


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    program: Annotated[
        Path | None,
        typer.Option(
            "--program",
            help="Use this program file (TOML) instead of the built-in one "
            "[env: FOOTWORK_PROGRAM_PATH].",
        ),
    ] = None,
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            metavar="URL",
            help="Database URL (sqlite:///PATH or postgresql+psycopg://...); "
            "default: SQLite in your data folder [env: FOOTWORK_DATABASE_URL].",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            # Eager, to be known when --help (eager too) shows the help in that language.
            is_eager=True,
            help="Language of the texts, the help and the voice: en, de, es, fr, pt "
            "[env: FOOTWORK_LANG; default: LC_ALL, LC_MESSAGES, LANG].",
        ),
    ] = None,
) -> None:
    from footwork.config import Settings

    try:
        language = terminal_language(lang, os.environ)
    except UnknownLanguage as error:
        from footwork.cli.common import fail

        raise fail(str(error)) from None
    if not gc.isenabled():  # started by main(): the command's module is loaded by now
        gc.freeze()  # what start-up made lives to the end: no collection need walk it again
        gc.enable()
    SPOKEN[0] = language
    given: dict[str, Any] = {"program_path": program, "database_url": database, "lang": language}
    ctx.obj = Settings(**{k: v for k, v in given.items() if v is not None})
    if ctx.invoked_subcommand is None:
        from footwork.cli.session import session

        ctx.invoke(session, ctx=ctx)


def main() -> None:
    # Loading a command imports some hundred modules and makes next to no garbage, yet the
    # collector would walk them again and again, and once more at exit (a third of `today`'s
    # CPU). Off until the root callback, which freezes what start-up made and turns it on.
    gc.disable()
    try:
        app()
    except Exception as error:
        from footwork.cli.common import fail
        from footwork.store.database import DatabaseUnavailable

        if not isinstance(error, DatabaseUnavailable):
            raise
        from footwork.i18n import translator

        fail(error.said(translator(SPOKEN[0])))
        sys.exit(EXIT_USAGE)
