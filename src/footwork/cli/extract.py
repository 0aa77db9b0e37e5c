"""Babel extractor for the commands (babel.cfg): the usual gettext calls, and the help texts
Typer reads, which are not calls: command docstrings and `help="..."` arguments.

Only imported by `make translations`, never when a command runs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import IO, Any

from babel.messages.extract import extract_python

_COMMAND_DECORATORS = frozenset({"command", "callback"})


def _command_names(tree: ast.Module) -> set[str]:
    """Functions registered as commands: decorated with .command()/.callback(), or listed by
    app.py (footwork.cli.app.COMMANDS) as a command's target."""
    from footwork.cli.app import COMMANDS

    names = {lazy.target.partition(":")[2] for lazy in COMMANDS}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                call = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(call, ast.Attribute) and call.attr in _COMMAND_DECORATORS:
                    names.add(node.name)
    return names


def help_texts(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) for every command docstring and literal `help=` argument in `source`."""
    tree = ast.parse(source)
    commands = _command_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in commands:
            docstring = ast.get_docstring(node, clean=True)
            if docstring:
                yield node.body[0].lineno, docstring
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                value = keyword.value
                if (
                    keyword.arg == "help"
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    yield value.lineno, value.value


def extract_commands(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, Any, Any, Any]]:
    """What pybabel's python extractor finds, then the help texts (see `help_texts`)."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    for line, text in help_texts(fileobj.read().decode("utf-8")):
        yield line, None, text, ["Help text of a command"]
