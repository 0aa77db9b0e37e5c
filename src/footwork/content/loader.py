"""Read a program file (TOML) into a validated Program."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from footwork.core.language import N_, UNTRANSLATED, Message, Translator, say
from footwork.core.program import Program, explain_validation_error

BUILTIN = "program.toml"


class ProgramFileError(Exception):
    """A program file that cannot be used; the message names the file and every problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))

    def __str__(self) -> str:
        return self.say(UNTRANSLATED)

    def say(self, text: Translator) -> str:
        """The file and its problems in the catalogue's language."""
        source = say(self.source, text)
        problems = [say(p, text) for p in self.problems]
        if len(problems) == 1:
            return f"{source}: {problems[0]}"
        count = text.ngettext("{n} problem", "{n} problems", len(problems))
        return "\n".join(
            [f"{source}: {count.format(n=len(problems))}", *(f"  {p}" for p in problems)]
        )


def parse_program(text: str, *, source: str) -> Program:
    """Parse TOML text into a Program; ProgramFileError names `source` on any problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProgramFileError(
            source, [Message(N_("not valid TOML: {error}"), {"error": error})]
        ) from None
    try:
        return Program.model_validate(data)
    except ValidationError as error:
        raise ProgramFileError(source, explain_validation_error(error, data)) from None


def load_program(path: Path | None = None) -> Program:
    """The program in `path`, or the built-in program when `path` is None."""
    if path is None:
        text = resources.files("footwork.content").joinpath(BUILTIN).read_text(encoding="utf-8")
        return parse_program(text, source=Message(N_("built-in program")))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProgramFileError(str(path), [Message(N_("no such file"))]) from None
    except IsADirectoryError:
        raise ProgramFileError(
            str(path), [Message(N_("is a directory, not a program file"))]
        ) from None
    except UnicodeDecodeError:
        raise ProgramFileError(str(path), [Message(N_("not a UTF-8 text file"))]) from None
    except OSError as error:
        raise ProgramFileError(str(path), [error.strerror or str(error)]) from None
    return parse_program(text, source=str(path))
