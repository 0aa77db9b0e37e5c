"""Commands whose module is imported only when they run or show their own help.

Typer turns every registered function into a command at start-up, which means importing every
command's module, and with them NumPy, SQLAlchemy, WeasyPrint, FHIR models, the vision code...
before `footwork --help` prints a line. Typer has no lazy commands of its own, but its group
class is Click's (`typer.Typer(cls=...)`), and Click looks sub-commands up by name through
`get_command` (the "lazily loading subcommands" pattern of Click's documentation). So the root
group here holds a placeholder per command, with the one line `footwork --help` lists, and
swaps in the real command the first time it is looked up.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer import _click as click
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True)
class Lazy:
    """A command (a function) or a group of them (a typer.Typer) in another module."""

    name: str
    target: str
    """module:attribute"""
    short_help: str
    """The line `footwork --help` shows, so listing the commands imports none of them."""

    def load(self, settings: dict[str, Any]) -> click.Command:
        """The real command, built as Typer builds it under a root with these settings."""
        module_name, _, attribute = self.target.partition(":")
        found = getattr(importlib.import_module(module_name), attribute)
        root = typer.Typer(add_completion=False, **settings)
        root.callback()(_nothing)  # a root with a callback is a group, whatever it holds
        if isinstance(found, typer.Typer):
            root.add_typer(found, name=self.name)
        else:
            root.command(self.name, short_help=self.short_help)(found)
        group = typer.main.get_command(root)
        assert isinstance(group, TyperGroup)
        return group.commands[self.name]


def _nothing() -> None:
    pass


class _Placeholder(TyperCommand):
    def __init__(self, lazy: Lazy) -> None:
        super().__init__(lazy.name, short_help=lazy.short_help)
        self.lazy = lazy


class LazyGroup(TyperGroup):
    """A TyperGroup whose `lazy_commands` (see `lazy_group`) load on first use."""

    lazy_commands: tuple[Lazy, ...] = ()
    command_settings: dict[str, Any] = {}  # noqa: RUF012 - read only
    """Typer settings for the commands that are plain functions (markup mode and the like)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for lazy in self.lazy_commands:
            self.commands.setdefault(lazy.name, _Placeholder(lazy))
        self._listing = False

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if isinstance(command, _Placeholder) and not self._listing:
            command = self.commands[cmd_name] = command.lazy.load(self.command_settings)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The list needs one line per command, which the placeholders have: load none.
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


def lazy_group(commands: tuple[Lazy, ...], **command_settings: Any) -> type[LazyGroup]:
    """A LazyGroup class for `typer.Typer(cls=...)` holding these commands, in this order."""
    return type(
        "FootworkGroup",
        (LazyGroup,),
        {"lazy_commands": commands, "command_settings": command_settings},
    )
