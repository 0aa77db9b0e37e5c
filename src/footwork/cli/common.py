"""Helpers shared by the commands."""

from __future__ import annotations

import typer
from rich.console import Console

from footwork.config import Settings

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print an error to stderr; the caller raises the returned Exit."""
    Console(stderr=True).print(f"[bold red]error:[/bold red] {message}", highlight=False)
    return typer.Exit(code)


def settings_of(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings
