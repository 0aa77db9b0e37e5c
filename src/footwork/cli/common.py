"""Helpers shared by the commands."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from typer._click.globals import get_current_context

from footwork.config import Settings
from footwork.content.loader import ProgramFileError, load_program
from footwork.content.localize import localize_exercise
from footwork.core.language import ENGLISH, UNTRANSLATED, Translator, say
from footwork.core.program import (
    Exercise,
    OverrideError,
    Program,
    apply_overrides,
    explain_validation_error,
)
from footwork.i18n import translator

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print an error to stderr; the caller raises the returned Exit."""
    said = _current_translator().gettext("error:")
    Console(stderr=True).print(
        f"[bold red]{escape(said)}[/bold red] {escape(message)}", highlight=False, soft_wrap=True
    )
    return typer.Exit(code)


def _current_translator() -> Translator:
    """The catalogue of the command running now (English before the options are read)."""
    context = get_current_context(silent=True)
    settings = context.find_root().obj if context is not None else None
    return translator(settings.lang or ENGLISH) if isinstance(settings, Settings) else UNTRANSLATED


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


def translator_of(ctx: typer.Context) -> Translator:
    """The catalogue for the language chosen at start-up (--lang, FOOTWORK_LANG, the locale)."""
    return translator(settings_of(ctx).lang or ENGLISH)


def localized(ctx: typer.Context, exercises: Sequence[Exercise]) -> list[Exercise]:
    """The exercises in the chosen language: for the screen and the voice, never the store."""
    text = translator_of(ctx)
    language = settings_of(ctx).lang
    return [localize_exercise(exercise, text, language=language) for exercise in exercises]


def program_for(ctx: typer.Context, overrides: list[str] | None = None) -> Program:
    """The program file (or the built-in one), with any --set changes; exit 2 when invalid."""
    text = translator_of(ctx)
    try:
        program = load_program(settings_of(ctx).program_path)
    except ProgramFileError as error:
        raise fail(error.say(text)) from None
    if not overrides:
        return program
    pairs: dict[str, str] = {}
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or not value:
            said = text.gettext("--set {item}: expected {form}, e.g. {example}")
            raise fail(
                said.format(item=item, form="EXERCISE.FIELD=VALUE", example="toe-walking.rest_s=30")
            )
        pairs[key.strip()] = value.strip()
    try:
        return apply_overrides(program, pairs)
    except OverrideError as error:
        raise fail(f"--set {say(error.args[0], text)}") from None
    except ValidationError as error:
        problems = explain_validation_error(error, program.model_dump())
        raise fail("--set: " + "; ".join(say(p, text) for p in problems)) from None


def pick_exercises(
    program: Program, ids: list[str] | None, text: Translator | None = None
) -> list[Exercise]:
    """The exercises with these ids (all without); exit 2 naming an unknown id."""
    try:
        return [program.exercise(i) for i in ids] if ids else list(program.exercises)
    except KeyError as error:
        raise fail(say(error.args[0], text or UNTRANSLATED)) from None


def write_atomically(path: Path, data: str | bytes | Iterable[str]) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file.
    `data` may be chunks of text (a streamed export): a failure mid-way leaves nothing."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise fail(f"{path}: the folder {directory} does not exist")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, str | bytes):
                stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                for chunk in data:
                    stream.write(chunk.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
