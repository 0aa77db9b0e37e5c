"""Progression rules: when a patient has kept to an exercise long enough, well enough and
without more pain, the next step of its dose (more reps, or longer efforts, up to a ceiling).

A rule only suggests: the clinician applies the step or dismisses it. Pure: the caller gives
the evidence (days at the current dose, adherence, pain change) and the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import Field, model_validator

from footwork.core.language import UNTRANSLATED, Translator
from footwork.core.program import Dose, Exercise, ExerciseId, FrozenModel, Program

StepKind = Literal["reps", "hold"]
"""reps: more repetitions; hold: each effort lasts longer (seconds)."""

# The prescribing bounds (services.prescribing.BOUNDS): a ceiling past these is a slip.
MAX_REPS_CEILING = 100
MAX_SECONDS_CEILING = 600.0
EPSILON = 1e-9


class ProgressionRule(FrozenModel):
    """After `weeks` weeks at one dose, with adherence of at least `min_adherence` (0-1) and
    pain up by less than `max_pain_rise` points: `step` more (reps, or seconds per effort),
    never past `ceiling`."""

    exercise_id: ExerciseId
    kind: StepKind
    step: float = Field(gt=0, le=60)
    ceiling: float = Field(gt=0, le=MAX_SECONDS_CEILING)
    weeks: int = Field(default=2, ge=1, le=12)
    min_adherence: float = Field(default=0.7, ge=0, le=1)
    max_pain_rise: float = Field(default=2.0, gt=0, le=10)

    @model_validator(mode="after")
    def _whole_reps(self) -> ProgressionRule:
        if self.kind == "reps":
            if not float(self.step).is_integer():
                raise ValueError("step: reps go up by a whole number")
            if not float(self.ceiling).is_integer() or self.ceiling > MAX_REPS_CEILING:
                raise ValueError(f"ceiling: a whole number of reps up to {MAX_REPS_CEILING}")
        return self


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the patient did at the current dose."""

    days: int
    """Whole local days at the current dose, up to yesterday."""
    adherence: float | None
    """Done against prescribed (0-1) over the rule's weeks; None: nothing was prescribed."""
    pain_change: float | None
    """The largest rise of a region's pain against its baseline; None: too few check-ins."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    exercise_id: str
    rule: ProgressionRule
    evidence: Evidence
    before: Dose
    after: Dose


def qualifies(rule: ProgressionRule, evidence: Evidence) -> bool:
    """Long enough at this dose, adherence at least the rule's, and pain not up by the
    rule's rise (a rise of exactly `max_pain_rise` does not qualify; no pain figure does
    not block, and the page says there was none)."""
    if evidence.days < rule.weeks * 7:
        return False
    if evidence.adherence is None or evidence.adherence + EPSILON < rule.min_adherence:
        return False
    return evidence.pain_change is None or evidence.pain_change < rule.max_pain_rise - EPSILON


def next_dose(rule: ProgressionRule, dose: Dose) -> Dose | None:
    """The dose one step on, capped at the ceiling; None when the ceiling is reached."""
    if rule.kind == "reps":
        if dose.reps >= rule.ceiling:
            return None
        reps = min(dose.reps + int(rule.step), int(rule.ceiling))
        # More than one rep needs a rest between them (core.program.Dose).
        rest = dose.rest_s if dose.rest_s > 0 else 1.0
        return dose.model_copy(update={"reps": reps, "rest_s": rest})
    if dose.work_s >= rule.ceiling - EPSILON:
        return None
    return dose.model_copy(update={"work_s": min(dose.work_s + rule.step, rule.ceiling)})


def suggest(
    rule: ProgressionRule,
    exercise: Exercise,
    evidence: Evidence,
    *,
    dismissed_until: date | None,
    today: date,
) -> Suggestion | None:
    """The next step for `exercise` when the patient qualifies, it is not dismissed for now
    and the ceiling is not reached; None otherwise."""
    if rule.exercise_id != exercise.id:
        return None
    if dismissed_until is not None and today < dismissed_until:
        return None
    if not qualifies(rule, evidence):
        return None
    after = next_dose(rule, exercise.dose)
    if after is None:
        return None
    return Suggestion(exercise.id, rule, evidence, exercise.dose, after)


def dismissed_until(rule: ProgressionRule, today: date) -> date:
    """A dismissed step is quiet for one more qualifying period."""
    return today + timedelta(days=rule.weeks * 7)


def with_dose(program: Program, exercise_id: str, dose: Dose) -> Program:
    """`program` with one exercise's dose replaced (validated like a program)."""
    data = program.model_dump(mode="json")
    for exercise in data["exercises"]:
        if exercise["id"] == exercise_id:
            exercise["dose"] = dose.model_dump(mode="json")
            exercise["assumed"] = []
    return Program.model_validate(data)


def rule_problems(program: Program, rules: tuple[ProgressionRule, ...]) -> list[str]:
    """Rules that do not fit the program: an exercise it lacks, two rules for one exercise,
    or a ceiling below the dose it starts from."""
    problems = []
    seen: set[str] = set()
    for rule in rules:
        if rule.exercise_id in seen:
            problems.append(f"exercise {rule.exercise_id!r}: one rule per exercise")
        seen.add(rule.exercise_id)
        if rule.exercise_id not in program.ids:
            problems.append(f"exercise {rule.exercise_id!r}: not in the program")
            continue
        dose = program.exercise(rule.exercise_id).dose
        start = dose.reps if rule.kind == "reps" else dose.work_s
        if rule.ceiling < start:
            problems.append(
                f"exercise {rule.exercise_id!r}: ceiling {rule.ceiling:g} is below the dose"
                f" it starts from ({start:g})"
            )
    return problems


def describe_rule(rule: ProgressionRule, *, text: Translator = UNTRANSLATED) -> str:
    """'after 2 weeks with adherence of at least 70 % and pain up by less than 2:
    2 more reps, up to 20'."""
    step = (
        text.gettext("{step} more reps, up to {ceiling}")
        if rule.kind == "reps"
        else text.gettext("{step} s longer each, up to {ceiling} s")
    ).format(step=f"{rule.step:g}", ceiling=f"{rule.ceiling:g}")
    return text.ngettext(
        "after {n} week with adherence of at least {share} % and pain up by less than"
        " {points}: {step}",
        "after {n} weeks with adherence of at least {share} % and pain up by less than"
        " {points}: {step}",
        rule.weeks,
    ).format(
        n=rule.weeks,
        share=f"{rule.min_adherence * 100:g}",
        points=f"{rule.max_pain_rise:g}",
        step=step,
    )
