"""The camera sentences of stored sessions, for History, the clinician's page and the
progress report (one line per camera-checked exercise)."""

from __future__ import annotations

from collections.abc import Sequence

from footwork.content.loader import load_program
from footwork.core.language import UNTRANSLATED, Translator
from footwork.core.program import Exercise, Program
from footwork.store.camera import reports_of
from footwork.store.repository import Store
from footwork.vision.summary import camera_sentence


def _exercise(program: Program, exercise_id: str) -> Exercise | None:
    for candidate in (program, load_program()):
        try:
            return candidate.exercise(exercise_id)
        except KeyError:
            continue
    return None


def camera_lines(
    store: Store,
    session_ids: Sequence[str],
    program: Program,
    *,
    text: Translator = UNTRANSLATED,
) -> dict[str, list[str]]:
    """'Resistance band: Camera-checked: 9 of 11 holds reached 5 s' per saved report, by
    session id, in the language of `text`; sessions without a camera report are left out."""
    lines: dict[str, list[str]] = {}
    for session_id, reports in reports_of(store, list(session_ids)).items():
        for saved in reports:
            exercise = _exercise(program, saved.exercise_id)
            if exercise is None:
                continue
            sentence = camera_sentence(saved.report, exercise.dose, text=text)
            title = text.gettext(exercise.title)
            lines.setdefault(session_id, []).append(f"{title}: {sentence}")
    return lines
