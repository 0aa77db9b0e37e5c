"""One honest sentence for a saved camera report, for History, the clinician's patient page
and the progress report. Pure: the saved report (`report.to_json`) and the dose in, text out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.program import Dose

PRESSES = "toe-presses"


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 else f"{value:g} s"


def _counted(text: Translator, noun: str, count: int) -> str:
    """'1 hold', '9 holds' in the language of `text`."""
    if noun == "hold":
        said = text.ngettext("{n} hold", "{n} holds", count)
    elif noun == "circle":
        said = text.ngettext("{n} circle", "{n} circles", count)
    else:
        said = text.ngettext("{n} bout", "{n} bouts", count)
    return said.format(n=count)


NONE_SEEN = {
    "hold": N_("Camera-checked: no holds seen"),
    "circle": N_("Camera-checked: no circles seen"),
    "bout": N_("Camera-checked: no bouts seen"),
}


def camera_sentence(
    report: Mapping[str, Any], dose: Dose, *, text: Translator = UNTRANSLATED
) -> str:
    """'Camera-checked: 9 of 11 holds reached 5 s', 'Camera-checked: 8 circles (left 4,
    right 4)', 'Camera: nobody was seen', in the language of `text`. The dose's time is the
    one saved with the report (the dose of that session) when the report has it."""
    if not report.get("seen"):
        coverage = report.get("coverage") or {}
        if not coverage.get("person_s"):
            return text.gettext("Camera: nobody was seen")
        return text.gettext("Camera: the feet were not seen")
    efforts = [e for e in report.get("efforts", []) if isinstance(e, Mapping)]
    if report.get("exercise") == PRESSES:
        still = sum(float(e.get("duration_s", 0)) for e in efforts if e.get("kind") == "still")
        return text.gettext(
            "Camera-checked: {seconds} s standing still with knees bent (presses cannot be seen)"
        ).format(seconds=f"{still:.0f}")
    work_s = float((report.get("dose") or {}).get("work_s", dose.work_s))
    noun = dose.effort
    mine = [e for e in efforts if e.get("kind") == noun]
    if not mine:
        return text.gettext(NONE_SEEN[noun])
    reached = sum(1 for e in mine if e.get("meets_dose"))
    if noun == "hold":
        counted = text.gettext("{reached} of {counted} reached {seconds}").format(
            reached=reached, counted=_counted(text, noun, len(mine)), seconds=_seconds(work_s)
        )
    elif noun == "bout" and reached < len(mine):
        counted = text.gettext("{counted}, {reached} reached {seconds}").format(
            reached=reached, counted=_counted(text, noun, len(mine)), seconds=_seconds(work_s)
        )
    else:
        counted = _counted(text, noun, len(mine))
    if dose.sides:
        per_side = ", ".join(
            f"{text.gettext(SIDE_WORDS.get(side, side))} "
            f"{sum(1 for e in mine if e.get('side') == side)}"
            for side in dose.sides
        )
        counted += f" ({per_side})"
    return text.gettext("Camera-checked: {counted}").format(counted=counted)


SIDE_WORDS = {"left": N_("left"), "right": N_("right")}
