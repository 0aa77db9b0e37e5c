"""A program in a person's language: the built-in program's words come from the catalogue
(src/footwork/locale), a program file's own words from its `translations` tables, if any."""

from __future__ import annotations

from footwork.core.language import Translator
from footwork.core.program import Exercise, Program


def localize_exercise(exercise: Exercise, text: Translator) -> Exercise:
    """The exercise with its title, position, equipment, steps and safety notes translated;
    ids, doses and everything machine-readable unchanged."""
    return exercise.model_copy(
        update={
            "title": text.gettext(exercise.title),
            "position": text.gettext(exercise.position),
            "equipment": tuple(text.gettext(item) for item in exercise.equipment),
            "steps": tuple(text.gettext(step) for step in exercise.steps),
            "safety": tuple(text.gettext(note) for note in exercise.safety),
        }
    )


def localize_program(program: Program, text: Translator) -> Program:
    """The program in the catalogue's language; words it does not know stay as written."""
    return program.model_copy(
        update={
            "title": text.gettext(program.title),
            "exercises": tuple(localize_exercise(e, text) for e in program.exercises),
        }
    )
