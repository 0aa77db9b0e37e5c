"""Function questionnaires: the Patient-Specific Functional Scale (PSFS) and a Global Rating
of Change (GROC), as data, with their checks, their scoring and when one is due.

Pure: no clock, no database. Sources and licences in docs/questionnaires.md (Stratford et al.
1995 for the PSFS; Kamper et al. 2009 for global rating of change scales). Every question and
label here is in our own words; only the scale anchors follow the instruments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints

from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.program import FrozenModel

MAX_ACTIVITIES = 5
MAX_ACTIVITY_CHARS = 80
MEANINGFUL_CHANGE = 2
"""A change of about 2 points in the PSFS mean is commonly read as meaningful (Stratford et
al. 1995; see docs/questionnaires.md). Reached when the change is at least this, either way."""
DUE_AFTER_WEEKS = (0, 2, 4, 8)
"""At the start of a program, then after 2, 4 and 8 weeks (and whenever a clinician asks)."""

PSFS_SCALE = (0, 10)
GROC_SCALE = (-5, 5)
PSFS_QUESTION = N_(
    "Name up to five everyday activities that your problem makes hard for you, and say "
    "how well you can do each one today."
)
PSFS_ANCHORS = (N_("0: cannot do it at all"), N_("10: as well as before the problem"))
GROC_QUESTION = N_(
    "Since you started the exercises, how would you say your problem has changed overall?"
)
GROC_ANCHORS = (
    N_("-5: very much worse"),
    N_("0: about the same"),
    N_("+5: very much better"),
)
GROC_WORDS = {
    -5: N_("very much worse"),
    -4: N_("much worse"),
    -3: N_("worse"),
    -2: N_("a little worse"),
    -1: N_("a tiny bit worse"),
    0: N_("about the same"),
    1: N_("a tiny bit better"),
    2: N_("a little better"),
    3: N_("better"),
    4: N_("much better"),
    5: N_("very much better"),
}

Activity = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ACTIVITY_CHARS)
]
PsfsScore = Annotated[int, Field(ge=PSFS_SCALE[0], le=PSFS_SCALE[1])]
GrocScore = Annotated[int, Field(ge=GROC_SCALE[0], le=GROC_SCALE[1])]
DueReason = Literal["start", "week 2", "week 4", "week 8", "asked"]


class QuestionnaireError(ValueError):
    """An answer that cannot be taken; `field` names where (for example `score_2`)."""

    def __init__(self, field: str, template: str, **params: object) -> None:
        self.field = field
        self.template = template
        self.params = params
        self.message = template % params if params else template
        super().__init__(f"{field}: {self.message}")

    def text(self, translator: Translator = UNTRANSLATED) -> str:
        """The message in the translator's language (the field name stays as it is)."""
        said = translator.gettext(self.template)
        return said % self.params if self.params else said


class PsfsItem(FrozenModel):
    activity: Activity
    score: PsfsScore


class QuestionnaireAnswer(FrozenModel):
    """One filled-in questionnaire: the PSFS activities with their scores, and the GROC
    (None on the first, where it is not asked)."""

    id: Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]
    answered_at: AwareDatetime
    psfs: tuple[PsfsItem, ...] = Field(min_length=1, max_length=MAX_ACTIVITIES)
    groc: GrocScore | None = None

    @property
    def mean(self) -> float:
        return float(psfs_mean(self.psfs))


def psfs_mean(items: Sequence[PsfsItem]) -> Fraction:
    """The PSFS score: the mean of the activity scores, exact (so a 2-point boundary is
    never missed by a rounding error)."""
    if not items:
        raise ValueError("no activities to score")
    return Fraction(sum(item.score for item in items), len(items))


def same_activity(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


@dataclass(frozen=True, slots=True)
class Change:
    """The change in the PSFS mean since the first answer, over the activities named then."""

    first: Fraction
    now: Fraction

    @property
    def points(self) -> Fraction:
        return self.now - self.first

    @property
    def meaningful(self) -> bool:
        """At least MEANINGFUL_CHANGE points either way (exactly 2.0 counts)."""
        return abs(self.points) >= MEANINGFUL_CHANGE

    @property
    def direction(self) -> Literal["better", "worse", "same"]:
        return "better" if self.points > 0 else "worse" if self.points < 0 else "same"


def change_since_first(first: QuestionnaireAnswer, answer: QuestionnaireAnswer) -> Change | None:
    """The mean now of the first answer's activities against their mean then; None when
    the answer scores none of them (or is the first)."""
    if answer.id == first.id:
        return None
    again = [
        item
        for item in answer.psfs
        if any(same_activity(item.activity, old.activity) for old in first.psfs)
    ]
    matched = [
        old for old in first.psfs if any(same_activity(old.activity, i.activity) for i in again)
    ]
    if not again:
        return None
    return Change(first=psfs_mean(matched), now=psfs_mean(again))


def known_activities(answers: Sequence[QuestionnaireAnswer]) -> tuple[str, ...]:
    """Every activity named so far, in the order first named: shown back to be re-scored."""
    found: list[str] = []
    for answer in sorted(answers, key=lambda a: a.answered_at):
        for item in answer.psfs:
            if not any(same_activity(item.activity, f) for f in found):
                found.append(item.activity)
    return tuple(found)


def check_answer(
    psfs: Sequence[tuple[str, int]],
    groc: int | None,
    *,
    known: Sequence[str],
) -> tuple[tuple[PsfsItem, ...], int | None]:
    """Items and GROC checked against what was answered before: every activity named
    before is scored again, new ones may be added up to five in all, the GROC is asked
    from the second questionnaire on. QuestionnaireError names the field."""
    items: list[PsfsItem] = []
    for index, (raw_activity, score) in enumerate(psfs):
        activity = " ".join(raw_activity.split())
        if not activity:
            raise QuestionnaireError(f"activity_{index}", N_("name the activity"))
        if len(activity) > MAX_ACTIVITY_CHARS:
            raise QuestionnaireError(
                f"activity_{index}", N_("at most %(most)s characters"), most=MAX_ACTIVITY_CHARS
            )
        if not PSFS_SCALE[0] <= score <= PSFS_SCALE[1]:
            raise QuestionnaireError(f"score_{index}", N_("a whole number from 0 to 10"))
        if any(same_activity(activity, i.activity) for i in items):
            raise QuestionnaireError(
                f"activity_{index}", N_("%(activity)s is named twice"), activity=repr(activity)
            )
        items.append(PsfsItem(activity=activity, score=score))
    if not items:
        raise QuestionnaireError("activity_0", N_("name at least one activity and score it"))
    for index, old in enumerate(known):
        if not any(same_activity(old, i.activity) for i in items):
            raise QuestionnaireError(
                f"score_{index}", N_("score %(activity)s again, as before"), activity=repr(old)
            )
    if len(items) > MAX_ACTIVITIES:
        raise QuestionnaireError(
            f"activity_{MAX_ACTIVITIES}",
            N_("at most %(most)s activities in all"),
            most=MAX_ACTIVITIES,
        )
    if not known and groc is not None:
        raise QuestionnaireError("groc", N_("not asked on the first questionnaire"))
    if known and groc is None:
        raise QuestionnaireError("groc", N_("choose how your problem has changed, from -5 to +5"))
    if groc is not None and not GROC_SCALE[0] <= groc <= GROC_SCALE[1]:
        raise QuestionnaireError("groc", N_("a whole number from -5 to +5"))
    return tuple(items), groc


def parse_form(
    form: Mapping[str, str], *, known: Sequence[str]
) -> tuple[tuple[PsfsItem, ...], int | None]:
    """A page's fields (activity_i, score_i for i < 5, groc) as checked items. Activities
    named before are taken from `known`, not from the form (they are shown, not typed)."""
    pairs: list[tuple[str, int]] = []
    for index in range(MAX_ACTIVITIES):
        activity = known[index] if index < len(known) else form.get(f"activity_{index}", "")
        score_text = form.get(f"score_{index}", "").strip()
        if not activity.strip():
            if score_text:
                raise QuestionnaireError(f"activity_{index}", N_("name the activity you scored"))
            continue
        if not score_text:
            raise QuestionnaireError(
                f"score_{index}",
                N_("score %(activity)s from 0 to 10"),
                activity=repr(activity.strip()),
            )
        pairs.append((activity, _whole(score_text, f"score_{index}", PSFS_SCALE)))
    groc_text = form.get("groc", "").strip()
    groc = _whole(groc_text, "groc", GROC_SCALE) if groc_text else None
    return check_answer(pairs, groc, known=known)


def _whole(text: str, field: str, scale: tuple[int, int]) -> int:
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > 2:
        if scale == GROC_SCALE:
            raise QuestionnaireError(field, N_("a whole number from -5 to +5"))
        raise QuestionnaireError(field, N_("a whole number from 0 to 10"))
    return int(text)


@dataclass(frozen=True, slots=True)
class Due:
    reason: DueReason
    since: date


def questionnaire_due(
    *,
    program_start: date | None,
    answered: Sequence[datetime],
    asked: Sequence[datetime],
    today: date,
    local_date: Mapping[datetime, date] | None = None,
) -> Due | None:
    """Whether a questionnaire is due on local day `today`: the newest of the start, week
    2, 4 and 8 of the program that has come and has no answer on or after it, or a
    clinician's request made after the last answer. `local_date` maps each answer time to
    the patient's local day (default: the UTC date)."""
    days = {moment: (local_date or {}).get(moment, moment.date()) for moment in answered}
    last_answer = max(answered, default=None)
    if any(last_answer is None or request > last_answer for request in asked):
        newest = max(asked)
        return Due("asked", newest.date())
    if program_start is None:
        return None
    reached = [
        (weeks, program_start + timedelta(weeks=weeks))
        for weeks in DUE_AFTER_WEEKS
        if program_start + timedelta(weeks=weeks) <= today
    ]
    if not reached:
        return None
    weeks, since = reached[-1]
    if any(day >= since for day in days.values()):
        return None
    reason: DueReason = "start" if weeks == 0 else f"week {weeks}"  # type: ignore[assignment]
    return Due(reason, since)
