"""The readiness check before a person's first session, in the spirit of the PAR-Q.

Pure rules: which questions, what each yes means, and when to ask again. A yes to a
"clinician" question means: check with a doctor or physiotherapist before starting. A yes to
the "urgent" question means: do not exercise, get urgent medical care today.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from footwork.core.language import N_

Level = Literal["clear", "clinician", "urgent"]

ASK_AGAIN_AFTER = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    level: Literal["clinician", "urgent"]
    why: str
    """What a yes means, in a line, for the advice."""


QUESTIONS: tuple[Question, ...] = (
    Question(
        "falls",
        N_("Have you had a fall in the last year, or do you often feel dizzy or light-headed?"),
        "clinician",
        N_("Falls or dizziness: standing and balance exercises need a safe set-up first."),
    ),
    Question(
        "feet",
        N_("Do you have diabetes, or numbness, tingling or reduced feeling in your feet?"),
        "clinician",
        N_("Diabetes or reduced feeling in the feet: skin can be hurt without you noticing."),
    ),
    Question(
        "injury",
        N_(
            "In the last three months, have you had surgery, a broken bone or an injury "
            "to your feet, legs, hips or back?"
        ),
        "clinician",
        N_("A recent operation, fracture or injury: it may need time or a changed program."),
    ),
    Question(
        "serious",
        N_(
            "Have you ever had cancer, or do you have weight loss you cannot explain, "
            "or pain that wakes you at night?"
        ),
        "clinician",
        N_(
            "Cancer in the past, unexplained weight loss or night pain: these need a "
            "clinician's look before exercise is the answer."
        ),
    ),
    Question(
        "saddle",
        N_(
            "Do you have numbness around your groin or buttocks (the saddle area), or new "
            "trouble controlling your bladder or bowels?"
        ),
        "urgent",
        N_(
            "Saddle numbness or new bladder or bowel trouble can mean pressure on the nerves "
            "at the base of the spine, which needs urgent care."
        ),
    ),
)

QUESTION_IDS = tuple(q.id for q in QUESTIONS)


class ReadinessError(ValueError):
    """Answers that are missing or not yes/no; the message names the question."""


@dataclass(frozen=True, slots=True)
class Verdict:
    level: Level
    headline: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadinessCheck:
    """One set of answers, as stored."""

    id: str
    answered_at: datetime
    answers: Mapping[str, bool] = field(default_factory=dict)

    @property
    def verdict(self) -> Verdict:
        return assess(self.answers)


HEADLINES: dict[Level, str] = {
    "clear": N_(
        "No to every question: you can start. Stop and ask a clinician if anything changes."
    ),
    "clinician": N_(
        "Please check with a doctor or physiotherapist before you start these exercises, "
        "and tell them what you answered yes to."
    ),
    "urgent": N_(
        "Do not start the exercises. Get urgent medical care today: call your doctor, "
        "an urgent-care service or emergency services."
    ),
}


def parse_answers(raw: Mapping[str, object]) -> dict[str, bool]:
    """Every question answered yes or no (True/False, 'yes'/'no'); ReadinessError otherwise."""
    answers: dict[str, bool] = {}
    for question in QUESTIONS:
        value = raw.get(question.id)
        if isinstance(value, bool):
            answers[question.id] = value
        elif isinstance(value, str) and value.strip().lower() in ("yes", "no", "y", "n"):
            answers[question.id] = value.strip().lower().startswith("y")
        elif value is None or value == "":
            raise ReadinessError(f"{question.id}: please answer yes or no")
        else:
            raise ReadinessError(f"{question.id}: answer yes or no (got {value!r})")
    unknown = sorted(set(raw) - set(QUESTION_IDS))
    if unknown:
        raise ReadinessError(f"{unknown[0]}: no such question (one of {', '.join(QUESTION_IDS)})")
    return answers


def assess(answers: Mapping[str, bool]) -> Verdict:
    """Urgent when the urgent question is yes; clinician when any other is; clear otherwise."""
    yes = [q for q in QUESTIONS if answers.get(q.id)]
    urgent = [q for q in yes if q.level == "urgent"]
    if urgent:
        return Verdict("urgent", HEADLINES["urgent"], tuple(q.why for q in urgent))
    if yes:
        return Verdict("clinician", HEADLINES["clinician"], tuple(q.why for q in yes))
    return Verdict("clear", HEADLINES["clear"])


def readiness_due(latest: ReadinessCheck | None, *, now: datetime) -> bool:
    """Ask (again) when never answered, after a year, or while the last answer was urgent."""
    if latest is None:
        return True
    if latest.verdict.level == "urgent":
        return True
    return now - latest.answered_at >= ASK_AGAIN_AFTER
