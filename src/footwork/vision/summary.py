"""One honest sentence for a saved camera report, for History, the clinician's patient page
and the progress report. Pure: the saved report (`report.to_json`) and the dose in, text out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from footwork.core.program import Dose

PRESSES = "toe-presses"
NOUNS = {"bout": ("bout", "bouts"), "circle": ("circle", "circles"), "hold": ("hold", "holds")}


def _plural(count: int, noun: str) -> str:
    one, many = NOUNS[noun]
    return f"{count} {one if count == 1 else many}"


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 else f"{value:g} s"


def camera_sentence(report: Mapping[str, Any], dose: Dose) -> str:
    """'Camera-checked: 9 of 11 holds reached 5 s', 'Camera-checked: 8 circles (left 4,
    right 4)', 'Camera: nobody was seen'. The dose's time is the one saved with the report
    (the dose of that session) when the report has it."""
    if not report.get("seen"):
        coverage = report.get("coverage") or {}
        if not coverage.get("person_s"):
            return "Camera: nobody was seen"
        return "Camera: the feet were not seen"
    efforts = [e for e in report.get("efforts", []) if isinstance(e, Mapping)]
    if report.get("exercise") == PRESSES:
        still = sum(float(e.get("duration_s", 0)) for e in efforts if e.get("kind") == "still")
        return (
            f"Camera-checked: {still:.0f} s standing still with knees bent (presses cannot be seen)"
        )
    work_s = float((report.get("dose") or {}).get("work_s", dose.work_s))
    noun = dose.effort
    mine = [e for e in efforts if e.get("kind") == noun]
    if not mine:
        return f"Camera-checked: no {NOUNS[noun][1]} seen"
    reached = sum(1 for e in mine if e.get("meets_dose"))
    if noun == "hold":
        counted = f"{reached} of {_plural(len(mine), noun)} reached {_seconds(work_s)}"
    elif noun == "bout" and reached < len(mine):
        counted = f"{_plural(len(mine), noun)}, {reached} reached {_seconds(work_s)}"
    else:
        counted = _plural(len(mine), noun)
    if dose.sides:
        per_side = ", ".join(
            f"{side} {sum(1 for e in mine if e.get('side') == side)}" for side in dose.sides
        )
        counted += f" ({per_side})"
    return f"Camera-checked: {counted}"
