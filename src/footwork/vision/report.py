"""An analysis against the dose: table rows, JSON, and a plot of the signal with the reps.

Plain values out (rows of strings, dicts, a matplotlib Figure); the command line turns them
into Rich tables and files.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.program import Dose, Exercise
from footwork.vision.results import Analysis, Effort

if TYPE_CHECKING:
    from matplotlib.figure import Figure

HOLD_TOLERANCE_S = 0.5
"""A hold, bout or circle this much short of the dose still counts: where a move starts and
ends is blurred over a few frames."""

DIRECTION_WORDS = {"clockwise": "clockwise", "counterclockwise": "anticlockwise"}


def meets_dose(effort: Effort, dose: Dose) -> bool:
    return effort.kind != "still" and effort.duration_s >= dose.work_s - HOLD_TOLERANCE_S


def group_of(effort: Effort) -> str:
    """'left foot, clockwise', 'right foot' or '' for efforts of both feet."""
    parts = []
    if effort.side:
        parts.append(f"{effort.side} foot")
    if effort.direction:
        parts.append(DIRECTION_WORDS[effort.direction])
    return ", ".join(parts)


def count_groups(efforts: Sequence[Effort], exercise: Exercise) -> dict[str, int]:
    """What counts as a rep, per side and direction where the dose has them.

    Bouts, circles and lifts all count; flex holds count when they last the dose's time
    (the band's holds are what the dose is about). Toe presses cannot be counted.
    """
    dose = exercise.dose
    if exercise.id == "toe-presses":
        return {}
    groups: dict[str, int] = {}
    for side in dose.sides or (None,):
        for direction in dose.directions or (None,):
            groups[group_of(Effort("hold", 0, 0, side=side, direction=direction))] = 0
    for effort in efforts:
        if exercise.id == "resistance-band" and not meets_dose(effort, dose):
            continue
        key = group_of(effort)
        groups[key] = groups.get(key, 0) + 1
    return groups


Number = Callable[[float, int], str]
"""A number with this many digits after the point, as the language writes it."""


def plain_number(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


def _g(value: float, number: Number) -> str:
    """Like f"{value:g}": no decimals for whole numbers."""
    return number(value, 0 if float(value).is_integer() else 1)


# The count groups' labels for people (the keys of `count_groups` are data and stay English).
GROUP_LABELS: dict[tuple[str | None, str | None], str] = {
    (None, "clockwise"): N_("Clockwise"),
    (None, "counterclockwise"): N_("Anticlockwise"),
    ("left", None): N_("Left foot"),
    ("right", None): N_("Right foot"),
    ("left", "clockwise"): N_("Left foot, clockwise"),
    ("left", "counterclockwise"): N_("Left foot, anticlockwise"),
    ("right", "clockwise"): N_("Right foot, clockwise"),
    ("right", "counterclockwise"): N_("Right foot, anticlockwise"),
}
GROUP_FOOT_WORDS: dict[tuple[str | None, str | None], str] = {
    (None, "clockwise"): N_("clockwise"),
    (None, "counterclockwise"): N_("anticlockwise"),
    ("left", None): N_("left foot"),
    ("right", None): N_("right foot"),
    ("left", "clockwise"): N_("left foot, clockwise"),
    ("left", "counterclockwise"): N_("left foot, anticlockwise"),
    ("right", "clockwise"): N_("right foot, clockwise"),
    ("right", "counterclockwise"): N_("right foot, anticlockwise"),
}
NOUNS = {"bout": N_("Bouts"), "circle": N_("Circles"), "hold": N_("Holds")}
EFFORT_WORDS = {
    "bout": N_("bout"),
    "circle": N_("circle"),
    "hold": N_("hold"),
    "still": N_("still spell"),
}


def summary_rows(
    analysis: Analysis,
    exercise: Exercise,
    *,
    text: Translator = UNTRANSLATED,
    number: Number = plain_number,
) -> list[tuple[str, str, str]]:
    """(what, seen, the dose) rows for the person, in the catalogue's language."""
    if not analysis.seen:
        return [(text.gettext("Seen"), text.gettext(analysis.problem or ""), "")]
    dose = exercise.dose
    work = _g(dose.work_s, number)
    of_dose = text.gettext("{reps} of {seconds} s").format(reps=dose.reps, seconds=work)
    rows: list[tuple[str, str, str]] = []
    if exercise.id == "toe-presses":
        rows.append((text.gettext("Presses"), text.gettext("cannot be seen by a camera"), of_dose))
    groups = count_groups(analysis.efforts, exercise)
    for (side, direction), count in _with_keys(groups, analysis.efforts, dose).items():
        mine = [e for e in analysis.efforts if (e.side, e.direction) == (side, direction)]
        label = (
            text.gettext(GROUP_LABELS[side, direction])
            if side or direction
            else text.gettext(NOUNS[dose.effort])
        )
        if exercise.id == "resistance-band":
            label = text.gettext("Holds of {seconds} s or more").format(seconds=work)
        long_enough = sum(meets_dose(e, dose) for e in mine)
        seen = f"{count}"
        if exercise.id != "resistance-band" and mine:
            seen += " " + text.gettext("({count} lasting {seconds} s or more)").format(
                count=long_enough, seconds=work
            )
        rows.append((label, seen, of_dose))
    if exercise.id == "resistance-band":
        short = [e for e in analysis.efforts if not meets_dose(e, dose)]
        if short:
            rows.append((text.gettext("Shorter holds"), f"{len(short)}", ""))
    for measure in analysis.measures:
        if measure.key.startswith(("circles_", "holds_")) or measure.key == "bouts":
            continue
        shown = format_value(measure.value, measure.unit, text=text, number=number)
        rows.append((text.gettext(measure.label), shown, ""))
    return rows


def _with_keys(
    groups: dict[str, int], efforts: Sequence[Effort], dose: Dose
) -> dict[tuple[str | None, str | None], int]:
    """The count groups by (side, direction) instead of their English names."""
    keys: dict[str, tuple[str | None, str | None]] = {
        group_of(Effort("hold", 0, 0, side=side, direction=direction)): (side, direction)
        for side in dose.sides or (None,)
        for direction in dose.directions or (None,)
    }
    for effort in efforts:
        keys.setdefault(group_of(effort), (effort.side, effort.direction))
    return {keys[name]: count for name, count in groups.items()}


def effort_rows(
    analysis: Analysis,
    exercise: Exercise,
    *,
    text: Translator = UNTRANSLATED,
    number: Number = plain_number,
) -> list[tuple[str, ...]]:
    """(#, what, side and direction, starts at, seconds, meets the dose) per effort."""
    rows: list[tuple[str, ...]] = []
    for index, effort in enumerate(analysis.efforts, start=1):
        verdict = (
            ""
            if effort.kind == "still"
            else text.gettext("yes")
            if meets_dose(effort, exercise.dose)
            else (text.gettext("too quick") if effort.kind == "circle" else text.gettext("short"))
        )
        foot = GROUP_FOOT_WORDS.get((effort.side, effort.direction))
        rows.append(
            (
                str(index),
                text.gettext(EFFORT_WORDS[effort.kind]),
                text.gettext(foot) if foot else "",
                clock(effort.start_s, number),
                number(effort.duration_s, 1),
                verdict,
            )
        )
    return rows


def to_json(analysis: Analysis, exercise: Exercise) -> dict[str, Any]:
    """Everything the analysis found, for other tools. The signal itself is left out."""
    coverage = analysis.coverage
    return {
        "exercise": exercise.id,
        "seen": analysis.seen,
        "problem": analysis.problem,
        "coverage": {
            "frames": coverage.frames,
            "duration_s": coverage.duration_s,
            "person_s": coverage.person_s,
            "feet_s": coverage.feet_s,
        },
        "dose": {"work_s": exercise.dose.work_s, "reps": exercise.dose.reps},
        "counts": count_groups(analysis.efforts, exercise) if analysis.seen else {},
        "efforts": [
            {
                "kind": e.kind,
                "side": e.side,
                "direction": e.direction,
                "start_s": e.start_s,
                "end_s": e.end_s,
                "duration_s": round(e.duration_s, 3),
                "meets_dose": meets_dose(e, exercise.dose),
            }
            for e in analysis.efforts
        ],
        "measures": {m.key: None if math.isnan(m.value) else m.value for m in analysis.measures},
        "notes": list(analysis.notes),
        "cannot_see": analysis.cannot_see,
    }


def plot(analysis: Analysis, exercise: Exercise, *, text: Translator = UNTRANSLATED) -> Figure:
    """The key signal over time, the threshold, and each effort found shaded."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 3.6), layout="constrained")
    axes = figure.add_subplot()
    trace = analysis.trace
    title = text.gettext("{title}: what the camera saw").format(title=text.gettext(exercise.title))
    axes.set_title(title)
    axes.set_xlabel(text.gettext("seconds from the start of the video"))
    if trace is None:
        shown = text.gettext(analysis.problem or "nothing to show")
        axes.text(0.5, 0.5, shown, ha="center", va="center")
        axes.set_axis_off()
        return figure
    for line in trace.lines:
        axes.plot(trace.t, line.values, linewidth=1.2, label=line.name)
    if trace.threshold is not None:
        axes.axhline(trace.threshold, color="grey", linestyle="--", linewidth=0.8)
    colours = {"left": "tab:blue", "right": "tab:orange", None: "tab:green"}
    for number, effort in enumerate(analysis.efforts, start=1):
        axes.axvspan(effort.start_s, effort.end_s, color=colours[effort.side], alpha=0.15)
        axes.annotate(
            str(number),
            xy=((effort.start_s + effort.end_s) / 2, 0.98),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="top",
            fontsize=8,
        )
    axes.set_ylabel(text.gettext(trace.label), fontsize=8)
    if len(trace.lines) > 1:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return figure


def clock(seconds: float, number: Number = plain_number) -> str:
    minutes, rest = divmod(max(seconds, 0.0), 60)
    written = number(rest, 1)
    return f"{int(minutes)}:{'0' if rest < 10 else ''}{written}"


def format_value(
    value: float, unit: str, *, text: Translator = UNTRANSLATED, number: Number = plain_number
) -> str:
    if math.isnan(value):
        return text.gettext("not seen")
    if unit == "s":
        return f"{number(value, 1)} s"
    if unit == "°":
        return f"{number(value, 0)}°"
    return f"{_g(value, number)}{unit}"
