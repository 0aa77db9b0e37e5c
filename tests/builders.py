"""Small builders for test values."""

from __future__ import annotations

import re
from typing import Any

from footwork.core.program import Dose, Exercise, PerDay, Timing


def make_dose(**changes: Any) -> Dose:
    values: dict[str, Any] = {"effort": "hold", "work_s": 3, "reps": 2, "rest_s": 1}
    values.update(changes)
    return Dose(**values)


def make_exercise(exercise_id: str = "test-exercise", **changes: Any) -> Exercise:
    values: dict[str, Any] = {
        "id": exercise_id,
        "title": "Test exercise",
        "position": "Standing",
        "steps": ("Do it.",),
        "dose": make_dose(),
        "frequency": PerDay(kind="per_day", times=1),
    }
    values.update(changes)
    return Exercise(**values)


def make_timing(**changes: Any) -> Timing:
    values: dict[str, Any] = {"prepare_s": 5, "switch_s": 4, "done_s": 2}
    values.update(changes)
    return Timing(**values)


class Shouting:
    """A catalogue that upper-cases its words (not the placeholders): shows which texts go
    through it."""

    def gettext(self, message: str, /) -> str:
        parts = re.split(r"(\{[a-z_]*\})", message)
        return "".join(p if p.startswith("{") else p.upper() for p in parts)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self.gettext(singular if n == 1 else plural)
