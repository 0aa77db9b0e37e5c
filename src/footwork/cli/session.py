"""The program's own commands: exercises, safety, timeline and the guided session."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from footwork.cli import render
from footwork.cli.common import (
    EXIT_INTERRUPTED,
    fail,
    localized,
    pick_exercises,
    program_for,
    settings_of,
    translator_of,
)
from footwork.cli.confirm import confirm
from footwork.cli.readiness import check_before_session
from footwork.cli.terminal import run_in_terminal
from footwork.content.guidance import FULL_SAFETY_HINT
from footwork.content.localize import localize_program
from footwork.core.language import UNTRANSLATED, Translator, espeak_voice
from footwork.core.program import Exercise, Program
from footwork.core.records import PAIN_REGIONS, PainRegion, PainScoresError, parse_pain_scores
from footwork.core.timeline import compile_timeline
from footwork.player.events import Sink
from footwork.player.sinks import BellSink, Speaker, SpeechSink, TallySink
from footwork.services import schedule as schedule_service
from footwork.services.logging import log_pain_checkin, pain_alerts_for
from footwork.services.personal import open_personal, this_process
from footwork.services.recording import RecordingSink, WallClock, start_recorded_session
from footwork.services.safety import first_session_today
from footwork.store.repository import Store

IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(metavar="ID", help="Exercise ids; none for all.", show_default=False),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="EXERCISE.FIELD=VALUE",
        help="Change a number for this run, e.g. toe-walking.rest_s=30 or timing.prepare_s=10.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for other tools.")]


def exercises(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the exercises in the program with their dose and frequency."""
    text = translator_of(ctx)
    program = localize_program(program_for(ctx), text, language=settings_of(ctx).lang)
    if as_json:
        print(json.dumps(program.model_dump(mode="json"), indent=2, sort_keys=False))
        return
    console = Console()
    console.print(render.exercises_table(program, text=text))
    console.print(render.safety_panel(text=text))


def safety(ctx: typer.Context) -> None:
    """Show all the safety advice: when to stop, when to see a clinician, when to get help."""
    Console().print(render.safety_panel(text=translator_of(ctx)))


def timeline(
    ctx: typer.Context,
    ids: IdsArgument = None,
    as_json: JsonOption = False,
    overrides: SetOption = None,
) -> None:
    """Show the timed steps of a session."""
    program = program_for(ctx, overrides)
    text = translator_of(ctx)
    chosen = localized(ctx, pick_exercises(program, ids, translator_of(ctx)))
    compiled = compile_timeline(chosen, program.timing, text=text)
    if as_json:
        print(json.dumps(compiled.to_json(), indent=2))
        return
    Console().print(render.timeline_table(compiled, text=text))


def session(
    ctx: typer.Context,
    ids: IdsArgument = None,
    speed: Annotated[
        float, typer.Option(min=0.01, max=1000, help="Run N times faster (for demos and tests).")
    ] = 1.0,
    sound: Annotated[
        bool, typer.Option(help="Ring the terminal bell at each start and stop.")
    ] = True,
    voice: Annotated[bool, typer.Option(help="Speak each cue with espeak-ng.")] = True,
    record: Annotated[
        bool, typer.Option(help="Save the session and every rep to your history.")
    ] = True,
    pain: Annotated[
        str | None,
        typer.Option(
            metavar="REGION=SCORE,...",
            # Written out for the catalogue; tests/e2e/test_cli_language_all.py checks the list.
            help="Pain after the session, 0-10, e.g. back=4,knee-left=3 (regions: back, "
            "hip-left, hip-right, knee-left, knee-right, foot-left, foot-right).",
        ),
    ] = None,
    overrides: SetOption = None,
    run_all: Annotated[
        bool, typer.Option("--all", help="Run the whole program, whether due or not.")
    ] = False,
) -> None:
    """Run a guided, timed session: what is due now, the ids given, or --all."""
    program = program_for(ctx, overrides)
    pain_after = _pain_scores(pain) if pain else None
    console = Console(highlight=False)
    choose_due = not ids and not run_all
    personal = open_personal(settings_of(ctx)) if record or choose_due else None
    if choose_due:
        assert personal is not None
        chosen = _due_now(ctx, personal.store, personal.person.id, program, console)
    else:
        chosen = pick_exercises(program, ids, translator_of(ctx))
    if personal is not None:
        check_before_session(personal.store, personal.person.id, console, text=translator_of(ctx))
    first_today = personal is None or first_session_today(
        personal.store, personal.person.id, now=datetime.now(UTC)
    )
    tally = TallySink()
    sinks: list[Sink] = [tally]
    recorded = None
    if record:
        assert personal is not None
        now = datetime.now(UTC)
        recorded = start_recorded_session(
            personal.store, personal.person.id, program, chosen, now=now, owner=this_process()
        )
        to_wall = WallClock(wall_now=now, monotonic_now=time.monotonic())
        sinks.append(RecordingSink(personal.store, recorded.session_id, to_wall))
    # The store keeps the program as written; the screen and the voice speak the language.
    text = translator_of(ctx)
    compiled = compile_timeline(localized(ctx, chosen), program.timing, text=text)
    if sound:
        sinks.append(BellSink(console.bell))
    speaker = Speaker.find(voice=espeak_voice(settings_of(ctx).lang)) if voice else None
    if voice and speaker is None:
        off = text.gettext("Spoken cues are off: espeak-ng is not installed.")
        console.print(off, style="dim", markup=False)
    if speaker:
        sinks.append(SpeechSink(speaker.say))
    if first_today:
        console.print(render.safety_panel(short=True, text=text))
    else:
        console.print(text.gettext(FULL_SAFETY_HINT), highlight=False, markup=False)
    titles = {e.id: e.title for e in localized(ctx, program.exercises)}
    try:
        outcome = run_in_terminal(
            compiled,
            console=console,
            titles=titles,
            sinks=sinks,
            speed=speed,
            stdin=sys.stdin,
            text=text,
        )
    finally:
        if speaker:
            speaker.stop()
    console.print(
        render.session_summary(
            outcome,
            done=tally.done,
            skipped=tally.skipped,
            planned=len(compiled.work_cues()),
            text=text,
        )
    )
    if outcome == "interrupted":
        raise typer.Exit(EXIT_INTERRUPTED)
    if recorded is None or personal is None:
        return
    if pain_after is None and sys.stdin.isatty() and console.is_terminal:
        pain_after = ask_pain(console, text=text)
    if pain_after:
        alerts = pain_alerts_for(
            personal.store, personal.person.id, pain_after, now=datetime.now(UTC)
        )
        log_pain_checkin(
            personal.store,
            personal.person.id,
            pain_after,
            context="after",
            session_id=recorded.session_id,
            note=None,
            now=datetime.now(UTC),
        )
        console.print(text.gettext("Pain scores saved."))
        if alerts:
            console.print(render.pain_alert_panel(alerts, text=translator_of(ctx)))


def _due_now(
    ctx: typer.Context, store: Store, person_id: str, program: Program, console: Console
) -> list[Exercise]:
    """The exercises due now. When none is, offer the whole program; without a terminal, exit 0."""
    text = translator_of(ctx)
    status = schedule_service.today(store, person_id, program, now=datetime.now(UTC))
    titles = {e.id: e.title for e in localized(ctx, program.exercises)}
    due = status.due_now()
    if due:
        said = text.gettext("Due now: {titles}.").format(titles=", ".join(titles[i] for i in due))
        console.print(said, markup=False)
        return [program.exercise(i) for i in due]
    later = [s.occurrence for s in status.occurrences if s.state == "later"]
    message = text.gettext("Nothing is due right now.")
    if later:
        message += " " + text.gettext("Next: {title} from {time}.").format(
            title=titles[later[0].exercise_id], time=f"{later[0].start:%H:%M}"
        )
    console.print(message, markup=False)
    if (
        sys.stdin.isatty()
        and console.is_terminal
        and confirm(
            text.gettext("Run the whole program anyway?"), console=console, text=text, default=False
        )
    ):
        return list(program.exercises)
    console.print(
        text.gettext("Run `footwork session --all` for the whole program, or name the exercises."),
        markup=False,
    )
    raise typer.Exit(0)


def _pain_scores(text: str) -> dict[PainRegion, int]:
    try:
        scores = parse_pain_scores(text)
    except PainScoresError as error:
        raise fail(f"--pain {error}") from None
    if not scores:
        raise fail("--pain: give at least one REGION=SCORE, e.g. back=4")
    return scores


def ask_pain(console: Console, *, text: Translator = UNTRANSLATED) -> dict[PainRegion, int]:
    """Ask for pain scores once the session is over; Enter skips."""
    said = text.gettext(
        "How is your pain now, from 0 (none) to 10 (worst)? Type e.g. {example} ({regions}), "
        "or press Enter to skip."
    ).format(example="back=3 knee-left=2", regions=", ".join(PAIN_REGIONS))
    console.print(said, markup=False)
    while True:
        try:
            answer = console.input("pain> ")
        except (EOFError, KeyboardInterrupt):
            return {}
        try:
            return parse_pain_scores(answer)
        except PainScoresError as error:
            console.print(f"[red]{escape(str(error))}[/red]")
