"""An analysis against the dose: table rows, JSON, and a plot of the signal with the reps.

Plain values out (rows of strings, dicts, a matplotlib Figure); the command line turns them
into Rich tables and files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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


def summary_rows(analysis: Analysis, exercise: Exercise) -> list[tuple[str, str, str]]:
    """(what, seen, the dose) rows for the person."""
    if not analysis.seen:
        return [("Seen", analysis.problem or "", "")]
    dose = exercise.dose
    noun = {"bout": "bouts", "circle": "circles", "hold": "holds"}[dose.effort]
    rows: list[tuple[str, str, str]] = []
    if exercise.id == "toe-presses":
        rows.append(("Presses", "cannot be seen by a camera", f"{dose.reps} of {dose.work_s:g} s"))
    for group, count in count_groups(analysis.efforts, exercise).items():
        mine = [e for e in analysis.efforts if group_of(e) == group]
        label = (group[0].upper() + group[1:]) if group else noun.capitalize()
        if exercise.id == "resistance-band":
            label = f"Holds of {dose.work_s:g} s or more"
        long_enough = sum(meets_dose(e, dose) for e in mine)
        seen = f"{count}"
        if exercise.id != "resistance-band" and mine:
            seen += f" ({long_enough} lasting {dose.work_s:g} s or more)"
        rows.append((label, seen, f"{dose.reps} of {dose.work_s:g} s"))
    if exercise.id == "resistance-band":
        short = [e for e in analysis.efforts if not meets_dose(e, dose)]
        if short:
            rows.append(("Shorter holds", f"{len(short)}", ""))
    for measure in analysis.measures:
        if measure.key.startswith(("circles_", "holds_")) or measure.key == "bouts":
            continue
        rows.append((measure.label, format_value(measure.value, measure.unit), ""))
    return rows


def effort_rows(analysis: Analysis, exercise: Exercise) -> list[tuple[str, ...]]:
    """(#, what, side and direction, starts at, seconds, meets the dose) per effort."""
    words = {"bout": "bout", "circle": "circle", "hold": "hold", "still": "still spell"}
    rows: list[tuple[str, ...]] = []
    for number, effort in enumerate(analysis.efforts, start=1):
        verdict = (
            ""
            if effort.kind == "still"
            else "yes"
            if meets_dose(effort, exercise.dose)
            else ("too quick" if effort.kind == "circle" else "short")
        )
        rows.append(
            (
                str(number),
                words[effort.kind],
                group_of(effort),
                clock(effort.start_s),
                f"{effort.duration_s:.1f}",
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


def plot(analysis: Analysis, exercise: Exercise) -> Figure:
    """The key signal over time, the threshold, and each effort found shaded."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 3.6), layout="constrained")
    axes = figure.add_subplot()
    trace = analysis.trace
    axes.set_title(f"{exercise.title}: what the camera saw")
    axes.set_xlabel("seconds from the start of the video")
    if trace is None:
        axes.text(0.5, 0.5, analysis.problem or "nothing to show", ha="center", va="center")
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
    axes.set_ylabel(trace.label, fontsize=8)
    if len(trace.lines) > 1:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return figure


def clock(seconds: float) -> str:
    minutes, rest = divmod(max(seconds, 0.0), 60)
    return f"{int(minutes)}:{rest:04.1f}"


def format_value(value: float, unit: str) -> str:
    if math.isnan(value):
        return "not seen"
    if unit == "s":
        return f"{value:.1f} s"
    if unit == "°":
        return f"{value:.0f}°"
    return f"{value:g}{unit}"
