"""Every command's --help reads as written: no text eaten as markup, nothing cut short."""

from __future__ import annotations

import re

import typer
from typer.testing import CliRunner

from footwork.cli.app import app


def every_command(group: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, command in getattr(group, "commands", {}).items():
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
