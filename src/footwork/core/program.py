"""The exercise program as immutable, validated values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_serializer,
    model_validator,
)

from footwork.core.language import N_, UNTRANSLATED, Message, Phrase, Term, Translator
from footwork.core.program_problems import explain_validation_error, invalid
from footwork.core.program_words import (
    ExerciseWords,
    ProgramWords,
    check_languages,
    check_line_counts,
)

Side = Literal["left", "right"]
Direction = Literal["clockwise", "counterclockwise"]
Effort = Literal["hold", "bout", "circle"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

ExerciseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]

# Doses beyond these bounds are almost certainly typing mistakes.
MAX_SECONDS = 3600.0
MAX_REPS = 200


class FrozenModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Translatable(FrozenModel):
    """A model whose file may carry its own translations (a `translations` field)."""

    @model_serializer(mode="wrap")
    def _without_empty_translations(
        self, handler: SerializerFunctionWrapHandler
    ) -> dict[str, object]:
        # A program without translations keeps the shape it always had (stored versions
        # compare equal, JSON outputs unchanged).
        data: dict[str, object] = handler(self)
        if not getattr(self, "translations", None):
            data.pop("translations", None)
        return data


Seconds = Annotated[float, Field(gt=0, le=MAX_SECONDS)]
Pause = Annotated[float, Field(ge=0, le=MAX_SECONDS)]


class Dose(FrozenModel):
    """How one exercise is done in one session.

    The efforts run side by side, direction by direction, rep by rep:
    for each side, for each direction, `reps` efforts of `work_s` with
    `rest_s` between them.
    """

    effort: Effort
    work_s: Seconds
    reps: int = Field(ge=1, le=MAX_REPS)
    rest_s: Pause
    sides: tuple[Side, ...] = ()
    directions: tuple[Direction, ...] = ()

    @model_validator(mode="after")
    def _distinct(self) -> Dose:
        if len(set(self.sides)) != len(self.sides):
            raise invalid("side_twice")
        if len(set(self.directions)) != len(self.directions):
            raise invalid("direction_twice")
        if self.reps > 1 and self.rest_s == 0:
            raise invalid("rest_needed")
        return self

    @property
    def efforts(self) -> int:
        """The number of timed efforts in one session."""
        return self.reps * max(1, len(self.sides)) * max(1, len(self.directions))


class PerDay(FrozenModel):
    kind: Literal["per_day"]
    times: int = Field(ge=1, le=12)


class PerWeek(FrozenModel):
    kind: Literal["per_week"]
    times: int = Field(ge=1, le=21)
    times_max: int | None = Field(default=None, ge=1, le=21)

    @model_validator(mode="after")
    def _range(self) -> PerWeek:
        if self.times_max is not None and self.times_max < self.times:
            raise invalid("times_range")
        return self


class EveryNDays(FrozenModel):
    kind: Literal["every_n_days"]
    days: int = Field(ge=1, le=365)


class OnWeekdays(FrozenModel):
    kind: Literal["weekdays"]
    days: tuple[Weekday, ...] = Field(min_length=1, max_length=7)


Frequency = Annotated[PerDay | PerWeek | EveryNDays | OnWeekdays, Field(discriminator="kind")]


_WEEKDAY_WORDS = {
    "mon": N_("Mon"),
    "tue": N_("Tue"),
    "wed": N_("Wed"),
    "thu": N_("Thu"),
    "fri": N_("Fri"),
    "sat": N_("Sat"),
    "sun": N_("Sun"),
}


def describe_frequency(frequency: Frequency, *, text: Translator = UNTRANSLATED) -> str:
    """A short phrase for people: '3 times a day', '2 to 3 times a week'."""
    match frequency:
        case PerDay(times=1):
            return text.gettext("once a day")
        case PerDay(times=n):
            return text.ngettext("{n} time a day", "{n} times a day", n).format(n=n)
        case PerWeek(times=lo, times_max=hi) if hi is not None and hi != lo:
            return text.gettext("{lo} to {hi} times a week").format(lo=lo, hi=hi)
        case PerWeek(times=1):
            return text.gettext("once a week")
        case PerWeek(times=n):
            return text.ngettext("{n} time a week", "{n} times a week", n).format(n=n)
        case EveryNDays(days=1):
            return text.gettext("every day")
        case EveryNDays(days=n):
            return text.ngettext("every {n} day", "every {n} days", n).format(n=n)
        case OnWeekdays(days=days):
            names = ", ".join(text.gettext(_WEEKDAY_WORDS[d]) for d in days)
            return text.gettext("on {days}").format(days=names)
    raise AssertionError(frequency)  # pragma: no cover


def describe_dose(dose: Dose, *, text: Translator = UNTRANSLATED) -> str:
    """A short phrase for people: '10 holds of 3 s',
    '10 s of continuous circling per direction, each ankle'."""
    seconds = f"{dose.work_s:g}"
    if dose.effort == "circle":
        said = text.gettext("{seconds} s of continuous circling").format(seconds=seconds)
        if dose.reps > 1:
            said = text.ngettext("{reps} bout of {what}", "{reps} bouts of {what}", dose.reps)
            said = said.format(
                reps=dose.reps,
                what=text.gettext("{seconds} s of continuous circling").format(seconds=seconds),
            )
        if dose.directions:
            said = text.gettext("{what} per direction").format(what=said)
        if dose.sides:
            said = text.gettext("{what}, each ankle").format(what=said)
        return said
    if dose.effort == "hold":
        said = text.ngettext("{reps} hold of {seconds} s", "{reps} holds of {seconds} s", dose.reps)
    else:
        said = text.ngettext("{reps} bout of {seconds} s", "{reps} bouts of {seconds} s", dose.reps)
    said = said.format(reps=dose.reps, seconds=seconds)
    if dose.sides and dose.directions:
        return text.gettext("{what} per side and direction").format(what=said)
    if dose.sides:
        return text.gettext("{what} per side").format(what=said)
    if dose.directions:
        return text.gettext("{what} per direction").format(what=said)
    return said


OUR_DEFAULT = N_("our default")


def describe_rest(exercise: Exercise, *, text: Translator = UNTRANSLATED) -> str | None:
    """'resting 3 s between (our default)', or None when there is no rest between efforts."""
    if exercise.dose.efforts <= 1 or exercise.dose.rest_s <= 0:
        return None
    said = text.gettext("resting {seconds} s between").format(seconds=f"{exercise.dose.rest_s:g}")
    return _marked(said, "dose.rest_s" in exercise.assumed, text)


def _marked(said: str, assumed: bool, text: Translator) -> str:
    return f"{said} ({text.gettext(OUR_DEFAULT)})" if assumed else said


def describe_how_often(exercise: Exercise, *, text: Translator = UNTRANSLATED) -> str:
    """The frequency, marked as our default when the source gives none."""
    said = describe_frequency(exercise.frequency, text=text)
    return _marked(said, "frequency" in exercise.assumed, text)


def describe_prescription(exercise: Exercise, *, text: Translator = UNTRANSLATED) -> str:
    """Dose, rest and frequency in one line, our defaults marked as such."""
    rest = describe_rest(exercise, text=text)
    dose = describe_dose(exercise.dose, text=text) + (f", {rest}" if rest else "")
    return f"{dose}; {describe_how_often(exercise, text=text)}"


ASSUMABLE_FIELDS = frozenset({"dose.rest_s", "dose.work_s", "dose.reps", "frequency"})
TIMING_FIELDS = frozenset({"prepare_s", "switch_s", "done_s"})


class Exercise(Translatable):
    id: ExerciseId
    title: Text
    position: Text
    equipment: tuple[Text, ...] = ()
    steps: tuple[Text, ...] = Field(min_length=1)
    safety: tuple[Text, ...] = ()
    dose: Dose
    frequency: Frequency
    assumed: frozenset[str] = frozenset()
    """Fields whose values are our defaults rather than prescribed by the source."""
    translations: dict[str, ExerciseWords] = Field(default_factory=dict)
    """The file's own translations of the words above, by language (core/program_words.py)."""

    @field_serializer("assumed")
    def _sorted_assumed(self, assumed: frozenset[str]) -> list[str]:
        return sorted(assumed)

    @field_validator("translations")
    @classmethod
    def _known_languages(
        cls, translations: dict[str, ExerciseWords], info: ValidationInfo
    ) -> dict[str, ExerciseWords]:
        check_languages(translations)
        fields = ("equipment", "steps", "safety")
        own: dict[str, tuple[str, ...]] = {f: info.data[f] for f in fields if f in info.data}
        check_line_counts(translations, own)
        return translations

    @model_validator(mode="after")
    def _known_assumptions(self) -> Exercise:
        unknown = sorted(self.assumed - ASSUMABLE_FIELDS)
        if unknown:
            raise invalid("assumed_unknown", fields=", ".join(unknown))
        return self


class Timing(FrozenModel):
    """Program-wide pauses around the efforts."""

    prepare_s: Seconds
    switch_s: Seconds
    done_s: Seconds
    assumed: frozenset[str] = frozenset()

    @field_serializer("assumed")
    def _sorted_assumed(self, assumed: frozenset[str]) -> list[str]:
        return sorted(assumed)

    @model_validator(mode="after")
    def _known_assumptions(self) -> Timing:
        unknown = sorted(self.assumed - TIMING_FIELDS)
        if unknown:
            raise invalid("assumed_unknown", fields=", ".join(unknown))
        return self


class Program(Translatable):
    format: Literal[1] = 1
    title: Text
    timing: Timing
    exercises: tuple[Exercise, ...] = Field(min_length=1)
    translations: dict[str, ProgramWords] = Field(default_factory=dict)
    """The file's own translations of its title, by language."""

    @field_validator("translations")
    @classmethod
    def _known_languages(cls, translations: dict[str, ProgramWords]) -> dict[str, ProgramWords]:
        return check_languages(translations)

    @model_validator(mode="after")
    def _unique_ids(self) -> Program:
        seen: set[str] = set()
        for exercise in self.exercises:
            if exercise.id in seen:
                raise invalid("id_twice", id=exercise.id)
            seen.add(exercise.id)
        return self

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id; KeyError naming the known ids otherwise."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        known = ", ".join(e.id for e in self.exercises)
        raise KeyError(
            Message(
                N_("no exercise '{id}' in this program (known: {known})"),
                {"id": exercise_id, "known": known},
            )
        )

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.exercises)


OVERRIDABLE_DOSE_FIELDS = ("work_s", "reps", "rest_s")


class OverrideError(ValueError):
    """An override key that names nothing in the program."""


def apply_overrides(program: Program, overrides: Mapping[str, str | float | int]) -> Program:
    """A copy of `program` with some numbers replaced, validated like a program file.

    Keys are `EXERCISE.FIELD` for a dose field (work_s, reps, rest_s) or
    `timing.FIELD` (prepare_s, switch_s, done_s). A replaced value is the
    person's own choice, so it is no longer listed as assumed.
    Raises OverrideError for an unknown key and pydantic's ValidationError
    for a value out of bounds.
    """
    data = program.model_dump()
    by_id = {exercise["id"]: exercise for exercise in data["exercises"]}
    for key, value in overrides.items():
        owner, _, name = key.partition(".")
        if owner == "timing" and name in TIMING_FIELDS:
            data["timing"][name] = value
            data["timing"]["assumed"] = set(data["timing"]["assumed"]) - {name}
        elif owner in by_id and name in OVERRIDABLE_DOSE_FIELDS:
            by_id[owner]["dose"][name] = value
            by_id[owner]["assumed"] = set(by_id[owner]["assumed"]) - {f"dose.{name}"}
        elif owner == "timing" or owner in by_id:
            allowed = TIMING_FIELDS if owner == "timing" else OVERRIDABLE_DOSE_FIELDS
            raise OverrideError(
                Message(
                    N_("{key}: unknown field '{name}' (one of {known})"),
                    {"key": key, "name": name, "known": ", ".join(sorted(allowed))},
                )
            )
        else:
            known = ", ".join(["timing", *by_id])
            raise OverrideError(
                Message(
                    N_("{key}: unknown exercise '{owner}' (one of {known})"),
                    {"key": key, "owner": owner, "known": known},
                )
            )
    return Program.model_validate(data)


__all__ = ["explain_validation_error"]  # re-exported: its home is core/program_problems.py


def describe_changes(old: Program, new: Program) -> list[str]:
    """What changed from `old` to `new`, one short line per change, for the patient.

    Each line is a Message: English as a string, said in another language by the shell."""
    before = {e.id: e for e in old.exercises}
    after = {e.id: e for e in new.exercises}
    lines: list[str] = [
        Message(
            N_("New: {title}, {dose}, {how_often}"),
            {"title": Term(e.title), "dose": _dose(e.dose), "how_often": _often(e.frequency)},
        )
        for e in new.exercises
        if e.id not in before
    ]
    for exercise in new.exercises:
        previous = before.get(exercise.id)
        if previous is None:
            continue
        title = Term(exercise.title)
        for what, was, now in (
            (N_("dose"), _dose(previous.dose), _dose(exercise.dose)),
            (N_("rest"), _seconds(previous.dose.rest_s), _seconds(exercise.dose.rest_s)),
            (N_("how often"), _often(previous.frequency), _often(exercise.frequency)),
        ):
            if was != now:
                lines.append(
                    Message(
                        N_("{title}, {what}: {was} → {now}"),
                        {"title": title, "what": Term(what), "was": was, "now": now},
                    )
                )
        if previous.steps != exercise.steps or previous.safety != exercise.safety:
            lines.append(Message(N_("{title}: the instructions changed"), {"title": title}))
    lines += [
        Message(N_("Stopped: {title}"), {"title": Term(e.title)})
        for e in old.exercises
        if e.id not in after
    ]
    return lines


def _dose(dose: Dose) -> Phrase:
    return Phrase(lambda text: describe_dose(dose, text=text))


def _often(frequency: Frequency) -> Phrase:
    return Phrase(lambda text: describe_frequency(frequency, text=text))


def _seconds(seconds: float) -> Phrase:
    return Phrase(lambda text: text.gettext("{seconds} s").format(seconds=f"{seconds:g}"))
