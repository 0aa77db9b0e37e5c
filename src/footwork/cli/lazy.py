"""Commands whose module is imported only when they run or show their own help.

Typer turns every registered function into a command at start-up, which means importing every
command's module, and with them NumPy, SQLAlchemy, WeasyPrint, FHIR models, the vision code...
before `footwork --help` prints a line. Typer has no lazy commands of its own, but its group
class is Click's (`typer.Typer(cls=...)`), and Click looks sub-commands up by name through
`get_command` (the "lazily loading subcommands" pattern of Click's documentation). So the root
group here holds a placeholder per command, with the one line `footwork --help` lists, and
swaps in the real command the first time it is looked up.

Our help texts (command docstrings, `help=` of options, the listed lines) are translated when
a command is loaded or the list is shown, into the language `--lang`, `FOOTWORK_LANG` or the
locale asks for (Click's own words, "Usage:" and "Options", come from Click). The catalogue is
read only for a language other than English.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from typing import Any

import typer
from typer import _click as click
from typer.core import TyperCommand, TyperGroup

from footwork.core.language import ENGLISH, UnknownLanguage, terminal_language


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
            command = command.lazy.load(self.command_settings)
            translate_help(command, help_language(ctx))
            self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        translate_help(self, help_language(ctx), recurse=False)
        super().format_help(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The list needs one line per command, which the placeholders have: load none.
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


def help_language(ctx: click.Context) -> str:
    """The language asked for by the root's --lang (parsed by now), else the environment's.

    An unknown one shows English help here; the root's callback reports it as an error."""
    option = ctx.find_root().params.get("lang")
    try:
        return terminal_language(option if isinstance(option, str) else None, os.environ)
    except UnknownLanguage:
        return ENGLISH


def translate_help(command: click.Command, language: str, *, recurse: bool = True) -> None:
    """Our help texts of `command` (and its sub-commands) in `language`, in place: the command
    objects are built afresh for each run of the program."""
    if language == ENGLISH or getattr(command, "_footwork_language", None) == language:
        return
    from footwork.i18n import translator  # reads the catalogue: only for other languages

    text = translator(language)
    command._footwork_language = language  # type: ignore[attr-defined]
    if command.help:
        command.help = text.gettext(command.help)
    if command.short_help:
        command.short_help = text.gettext(command.short_help)
    for param in command.params:
        own = getattr(param, "help", None)
        if isinstance(own, str) and own:
            param.help = text.gettext(own)  # type: ignore[attr-defined]
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            if isinstance(sub, _Placeholder):
                sub.short_help = text.gettext(sub.lazy.short_help)
            elif recurse:
                translate_help(sub, language)


def lazy_group(commands: tuple[Lazy, ...], **command_settings: Any) -> type[LazyGroup]:
    """A LazyGroup class for `typer.Typer(cls=...)` holding these commands, in this order."""
    return type(
        "FootworkGroup",
        (LazyGroup,),
        {"lazy_commands": commands, "command_settings": command_settings},
    )
