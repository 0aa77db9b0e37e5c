"""The `footwork` command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from footwork.cli import render
from footwork.cli.terminal import run_in_terminal
from footwork.content.loader import ProgramFileError, load_program
from footwork.core.program import OverrideError, Program, apply_overrides, explain_validation_error
from footwork.core.timeline import Timeline, compile_timeline
from footwork.player.events import Sink
from footwork.player.sinks import BellSink, Speaker, SpeechSink, TallySink

app = typer.Typer(
    name="footwork",
    help="Footwork: a coach for home foot exercises.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    Console(stderr=True).print(f"[bold red]error:[/bold red] {message}", highlight=False)
    return typer.Exit(code)


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    program: Annotated[
        Path | None,
        typer.Option("--program", help="Use this program file (TOML) instead of the built-in one."),
    ] = None,
) -> None:
    ctx.obj = {"program_path": program}
    if ctx.invoked_subcommand is None:
        ctx.invoke(session, ctx=ctx)


def _program(ctx: typer.Context, overrides: list[str] | None = None) -> Program:
    try:
        program = load_program(ctx.obj["program_path"])
    except ProgramFileError as error:
        raise fail(str(error)) from None
    if not overrides:
        return program
    pairs: dict[str, str] = {}
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or not value:
            raise fail(f"--set {item}: expected EXERCISE.FIELD=VALUE, e.g. toe-walking.rest_s=30")
        pairs[key.strip()] = value.strip()
    try:
        return apply_overrides(program, pairs)
    except OverrideError as error:
        raise fail(f"--set {error}") from None
    except ValidationError as error:
        raise fail(
            "--set: " + "; ".join(explain_validation_error(error, program.model_dump()))
        ) from None


def _timeline(program: Program, ids: list[str] | None) -> Timeline:
    try:
        exercises = [program.exercise(i) for i in ids] if ids else list(program.exercises)
    except KeyError as error:
        raise fail(error.args[0]) from None
    return compile_timeline(exercises, program.timing)


IdsArgument = Annotated[
    list[str] | None, typer.Argument(help="Exercise ids; none for all.", show_default=False)
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


@app.command()
def exercises(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the exercises in the program with their dose and frequency."""
    program = _program(ctx)
    if as_json:
        print(json.dumps(program.model_dump(mode="json"), indent=2, sort_keys=False))
        return
    console = Console()
    console.print(render.exercises_table(program))
    console.print(render.safety_panel())


@app.command()
def timeline(
    ctx: typer.Context,
    ids: IdsArgument = None,
    as_json: JsonOption = False,
    overrides: SetOption = None,
) -> None:
    """Show the timed steps of a session."""
    compiled = _timeline(_program(ctx, overrides), ids)
    if as_json:
        print(json.dumps(compiled.to_json(), indent=2))
        return
    Console().print(render.timeline_table(compiled))


@app.command()
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
    overrides: SetOption = None,
) -> None:
    """Run a guided, timed session (all exercises, or the ids given)."""
    program = _program(ctx, overrides)
    compiled = _timeline(program, ids)
    console = Console(highlight=False)
    tally = TallySink()
    sinks: list[Sink] = [tally]
    if sound:
        sinks.append(BellSink(console.bell))
    speaker = Speaker.find() if voice else None
    if voice and speaker is None:
        console.print("[dim]Spoken cues are off: espeak-ng is not installed.[/dim]")
    if speaker:
        sinks.append(SpeechSink(speaker.say))
    console.print(render.safety_panel())
    titles = {e.id: e.title for e in program.exercises}
    try:
        outcome = run_in_terminal(
            compiled, console=console, titles=titles, sinks=sinks, speed=speed, stdin=sys.stdin
        )
    finally:
        if speaker:
            speaker.stop()
    console.print(
        render.session_summary(
            outcome, done=tally.done, skipped=tally.skipped, planned=len(compiled.work_cues())
        )
    )
    if outcome == "interrupted":
        raise typer.Exit(EXIT_INTERRUPTED)


def main() -> None:
    app()
