"""Compile exercises into a timeline of cues: what happens when, and what to say.

All arithmetic is in whole milliseconds so that offsets and totals are exact.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.program import Direction, Dose, Exercise, Side, Timing

_T = TypeVar("_T")

CueKind = Literal["prepare", "work", "rest", "switch", "done", "session-done"]

_DIRECTION_WORDS = {"clockwise": N_("clockwise"), "counterclockwise": N_("counter-clockwise")}
_EFFORT_WORDS = {"hold": N_("Hold"), "bout": N_("Walk on your toes"), "circle": N_("Circle")}
_CIRCLING_WORDS = {
    None: N_("Keep circling the ankle"),
    "left": N_("Keep circling the left ankle"),
    "right": N_("Keep circling the right ankle"),
}
_GROUP_WORDS = {
    ("left", None): N_("left foot"),
    ("right", None): N_("right foot"),
    ("left", "clockwise"): N_("left foot, clockwise"),
    ("left", "counterclockwise"): N_("left foot, counter-clockwise"),
    ("right", "clockwise"): N_("right foot, clockwise"),
    ("right", "counterclockwise"): N_("right foot, counter-clockwise"),
}

# The get-ready step of an exercise with safety notes lasts longer, so that the notes can be
# read (or heard) before the first effort: our default, not the source's.
READING_MS_PER_NOTE = 3000


@dataclass(frozen=True, slots=True)
class Cue:
    """One step of a session. `rep` counts efforts within one side and direction."""

    offset_ms: int
    duration_ms: int
    kind: CueKind
    exercise: str
    text: str
    side: Side | None = None
    direction: Direction | None = None
    rep: int | None = None
    reps: int | None = None
    notes: tuple[str, ...] = ()
    """Safety notes to show (and say) with this cue: the exercise's own, on its get-ready."""

    @property
    def offset_s(self) -> float:
        return self.offset_ms / 1000

    @property
    def duration_s(self) -> float:
        return self.duration_ms / 1000

    @property
    def end_ms(self) -> int:
        return self.offset_ms + self.duration_ms

    def to_json(self) -> dict[str, object]:
        return {
            "offset_s": self.offset_s,
            "duration_s": self.duration_s,
            "kind": self.kind,
            "exercise": self.exercise,
            "side": self.side,
            "direction": self.direction,
            "rep": self.rep,
            "reps": self.reps,
            "text": self.text,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    cues: tuple[Cue, ...]

    @property
    def total_ms(self) -> int:
        return self.cues[-1].end_ms if self.cues else 0

    @property
    def total_s(self) -> float:
        return self.total_ms / 1000

    def to_json(self) -> dict[str, object]:
        return {"total_s": self.total_s, "cues": [cue.to_json() for cue in self.cues]}

    def work_cues(self) -> tuple[Cue, ...]:
        return tuple(cue for cue in self.cues if cue.kind == "work")


def to_ms(seconds: float) -> int:
    return round(seconds * 1000)


@dataclass(frozen=True, slots=True)
class _Step:
    """A cue before it has an offset."""

    duration_ms: int
    kind: CueKind
    text: str
    side: Side | None = None
    direction: Direction | None = None
    rep: int | None = None
    reps: int | None = None
    notes: tuple[str, ...] = ()


def _exercise_steps(
    exercise: Exercise, timing: Timing, *, next_title: str | None, text: Translator
) -> Iterator[_Step]:
    dose = exercise.dose
    groups = [
        (side, direction)
        for side in _or_none(dose.sides)
        for direction in _or_none(dose.directions)
    ]
    yield _Step(
        to_ms(timing.prepare_s) + READING_MS_PER_NOTE * len(exercise.safety),
        "prepare",
        _prepare_text(exercise, groups[0], text),
        notes=exercise.safety,
    )
    for index, (side, direction) in enumerate(groups):
        if index > 0:
            yield _Step(
                to_ms(timing.switch_s),
                "switch",
                _switch_text(groups[index - 1], (side, direction), text),
                side=side,
                direction=direction,
            )
        for rep in range(1, dose.reps + 1):
            if rep > 1:
                yield _Step(
                    to_ms(dose.rest_s),
                    "rest",
                    _rest_text(dose, text),
                    side=side,
                    direction=direction,
                    rep=rep - 1,
                    reps=dose.reps,
                )
            yield _Step(
                to_ms(dose.work_s),
                "work",
                _work_text(dose, side, direction, rep, text),
                side=side,
                direction=direction,
                rep=rep,
                reps=dose.reps,
            )
    if next_title:
        done = text.gettext("{title} done. Next: {next}.").format(
            title=exercise.title, next=next_title
        )
    else:
        done = text.gettext("{title} done.").format(title=exercise.title)
    yield _Step(to_ms(timing.done_s), "done", done)


def _or_none(values: tuple[_T, ...]) -> tuple[_T | None, ...]:
    return values if values else (None,)


def _group_words(side: Side, direction: Direction | None, text: Translator) -> str:
    """'left foot, clockwise' or 'right foot'."""
    return text.gettext(_GROUP_WORDS[side, direction])


def _prepare_text(
    exercise: Exercise, group: tuple[Side | None, Direction | None], text: Translator
) -> str:
    ready = text.gettext("Get ready: {title}. {position}.").format(
        title=exercise.title, position=exercise.position
    )
    side, direction = group
    if side is not None:
        start = text.gettext("Start with the {group}.").format(
            group=_group_words(side, direction, text)
        )
    elif direction is not None:  # "Start clockwise.", not "Start with the clockwise."
        start = text.gettext("Start {direction}.").format(
            direction=text.gettext(_DIRECTION_WORDS[direction])
        )
    else:
        return ready
    return f"{ready} {start}"


def _switch_text(
    before: tuple[Side | None, Direction | None],
    after: tuple[Side | None, Direction | None],
    text: Translator,
) -> str:
    side, direction = after
    if side is not None and before[0] != side:  # an exercise has sides on every cue or none
        return text.gettext("Change to the {group}.").format(
            group=_group_words(side, direction, text)
        )
    if direction:
        return text.gettext("Change direction: {direction}.").format(
            direction=text.gettext(_DIRECTION_WORDS[direction])
        )
    return text.gettext("Change.")


def _rest_text(dose: Dose, text: Translator) -> str:
    return text.gettext("Rest.") if dose.effort == "bout" else text.gettext("Release and relax.")


def _work_text(
    dose: Dose, side: Side | None, direction: Direction | None, rep: int, text: Translator
) -> str:
    whole = int(dose.work_s) if dose.work_s == int(dose.work_s) else 2  # 2.5: plural
    seconds = text.ngettext("{n} second", "{n} seconds", whole).format(n=f"{dose.work_s:g}")
    if dose.effort == "circle":
        what = text.gettext(_CIRCLING_WORDS[side])
        if direction:
            said = text.gettext("{what} {direction}, {seconds}.").format(
                what=what, direction=text.gettext(_DIRECTION_WORDS[direction]), seconds=seconds
            )
        else:
            said = text.gettext("{what}, {seconds}.").format(what=what, seconds=seconds)
    else:
        said = text.gettext("{effort}, {seconds}.").format(
            effort=text.gettext(_EFFORT_WORDS[dose.effort]), seconds=seconds
        )
    if dose.reps > 1:
        said = text.gettext("{rep} of {reps}. {text}").format(rep=rep, reps=dose.reps, text=said)
    return said


def compile_timeline(
    exercises: Sequence[Exercise], timing: Timing, *, text: Translator = UNTRANSLATED
) -> Timeline:
    """The timeline of a session that runs these exercises in order.

    Every effort becomes a `work` cue and every pause between efforts a `rest`
    cue; each exercise opens with `prepare`, which carries the exercise's safety
    notes and lasts long enough to read them, changes side or direction with
    `switch` and closes with `done`; the session ends with a zero-length
    `session-done` cue. `text` translates the cue words (the exercise's own words come
    translated with it).
    """
    if not exercises:
        raise ValueError("a session needs at least one exercise")
    cues: list[Cue] = []
    offset = 0
    for index, exercise in enumerate(exercises):
        next_title = exercises[index + 1].title if index + 1 < len(exercises) else None
        for step in _exercise_steps(exercise, timing, next_title=next_title, text=text):
            cues.append(
                Cue(
                    offset,
                    step.duration_ms,
                    step.kind,
                    exercise.id,
                    step.text,
                    step.side,
                    step.direction,
                    step.rep,
                    step.reps,
                    step.notes,
                )
            )
            offset += step.duration_ms
    cues.append(
        Cue(
            offset,
            0,
            "session-done",
            exercises[-1].id,
            text.gettext("Session complete. Well done."),
        )
    )
    return Timeline(tuple(cues))
