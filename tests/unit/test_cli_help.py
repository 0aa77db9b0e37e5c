"""Every command's --help reads as written: no text eaten as markup, nothing cut short."""

from __future__ import annotations

import re

import typer
from typer._click.utils import make_default_short_help
from typer.testing import CliRunner

from footwork.cli.app import COMMANDS, app


def every_command(group: typer.core.TyperCommand | typer.core.TyperGroup, path=()) -> list:
    """Every command path; looking each up by name loads the lazily registered ones."""
    found: list[tuple[str, ...]] = [path]
    if isinstance(group, typer.core.TyperGroup):
        context = typer.Context(group)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None, name
            found += every_command(command, (*path, name))
    return found


def test_every_help_text_is_whole() -> None:
    root = typer.main.get_command(app)
    commands = every_command(root)
    assert len(commands) > 25
    runner = CliRunner()
    for path in commands:
        result = runner.invoke(app, [*path, "--help"], terminal_width=100)
        text = result.output
        assert result.exit_code == 0, (path, text)
        for defect in (r"\w \.(\s|$)", r"\w\.\.\.$", r"<bool>", r"\(s\)", r"\[/?bold\]"):
            assert not re.search(defect, text, re.MULTILINE), (path, defect, text)
    root_help = runner.invoke(app, ["--help"], terminal_width=100).output
    assert "[env: FOOTWORK_PROGRAM_PATH]" in " ".join(root_help.split())


# Registered with a short help of their own, where the docstring's first sentence is too long.
OWN_SHORT_HELP = {"handout", "watch"}


def test_the_lazy_list_shows_each_commands_own_line() -> None:
    """`footwork --help` lists the commands without loading them: from lines kept in app.py,
    which must say what each command's own help says."""
    root = typer.main.get_command(app)
    assert isinstance(root, typer.core.TyperGroup)
    context = typer.Context(root)
    listed = [lazy.name for lazy in COMMANDS]
    assert root.list_commands(context) == listed
    for lazy in COMMANDS:
        command = root.get_command(context, lazy.name)
        assert command is not None and command.name == lazy.name
        if lazy.name in OWN_SHORT_HELP:
            continue
        first_sentence = make_default_short_help(command.help or "", max_length=1000)
        assert lazy.short_help == first_sentence, lazy.name
