"""A program in a person's language: a program file's own words from its `translations`
tables, if it has them for that language; else the catalogue (src/footwork/locale), which
knows the built-in program's words and leaves any other text as written."""

from __future__ import annotations

from footwork.core.language import Translator
from footwork.core.program import Exercise, Program
from footwork.core.program_words import ExerciseWords


def localize_exercise(
    exercise: Exercise, text: Translator, *, language: str | None = None
) -> Exercise:
    """The exercise with its title, position, equipment, steps and safety notes translated;
    ids, doses and everything machine-readable unchanged."""
    own = exercise.translations.get(language) if language else None
    mine = own or ExerciseWords()

    def one(given: str | None, written: str) -> str:
        return given if given is not None else text.gettext(written)

    def lines(given: tuple[str, ...] | None, written: tuple[str, ...]) -> tuple[str, ...]:
        return given if given is not None else tuple(text.gettext(line) for line in written)

    return exercise.model_copy(
        update={
            "title": one(mine.title, exercise.title),
            "position": one(mine.position, exercise.position),
            "equipment": lines(mine.equipment, exercise.equipment),
            "steps": lines(mine.steps, exercise.steps),
            "safety": lines(mine.safety, exercise.safety),
        }
    )


def localize_program(program: Program, text: Translator, *, language: str | None = None) -> Program:
    """The program in `language` (the file's own translations first, then the catalogue's);
    words neither knows stay as written."""
    own = program.translations.get(language) if language else None
    return program.model_copy(
        update={
            "title": own.title if own and own.title else text.gettext(program.title),
            "exercises": tuple(
                localize_exercise(e, text, language=language) for e in program.exercises
            ),
        }
    )
