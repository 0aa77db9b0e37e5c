"""A program file's own translations: `[exercises.translations.de]` tables of its words.

A person's or a clinic's program file may carry, for each exercise, its title, position,
equipment, steps and safety notes in other languages (docs/translating.md). Lists must keep
the file's number of lines, so that no step and no safety note goes missing in a language.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from footwork.core.language import ENGLISH, LANGUAGES

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
TRANSLATABLE = tuple(code for code in LANGUAGES if code != ENGLISH)
"""The languages a file may add: a file's own text is its first language."""


class ExerciseWords(BaseModel):
    """An exercise's words in one language; a field left out stays as the file has it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Text | None = None
    position: Text | None = None
    equipment: tuple[Text, ...] | None = None
    steps: tuple[Text, ...] | None = None
    safety: tuple[Text, ...] | None = None


class ProgramWords(BaseModel):
    """The program's title in one language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Text | None = None


W = TypeVar("W", bound=BaseModel)


def check_languages(translations: dict[str, W]) -> dict[str, W]:
    """The tables, if every key is a language a file may add; a clear error otherwise."""
    for code in translations:
        if code not in TRANSLATABLE:
            raise PydanticCustomError(
                "translation_language",
                "unknown language '{given}' (one of {known})",
                {"given": code, "known": ", ".join(TRANSLATABLE)},
            )
    return translations


def check_line_counts(
    translations: dict[str, ExerciseWords], own: dict[str, tuple[str, ...]]
) -> None:
    """Each translated list has as many lines as the file's own (`own`: field -> lines)."""
    for code, words in translations.items():
        for field, lines in own.items():
            given = getattr(words, field)
            if given is not None and len(given) != len(lines):
                raise PydanticCustomError(
                    "translation_lines",
                    "{code}.{field} has {given} line(s), the exercise has {own}: translate "
                    "each line, in the same order",
                    {"code": code, "field": field, "given": len(given), "own": len(lines)},
                )
