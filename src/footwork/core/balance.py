"""The guided single-leg stance test: the protocol as data, the tries, and the age reference.

Stand on one leg and time it until the lifted foot touches down or the standing foot moves,
stopping at 45 s; three tries on each leg, first with the eyes open, then closed; the best of
the three counts. Only the leg the person chose is compared with the age reference.
Pure: the shells (terminal, browser) read the clock and pass the seconds in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.records import BALANCE_CAP_S

Number = Callable[[float, int], str]
"""A number written with this many digits after the point, as a language writes it."""


def plain_number(value: float, digits: int) -> str:
    """English: '30.2', '45'."""
    return f"{value:.{digits}f}"


Leg = Literal["left", "right"]
LEGS: tuple[Leg, ...] = ("left", "right")
"""Order of the legs within each round: stand on the left first, then the right."""
TRIES_PER_LEG = 3
CAP_S = BALANCE_CAP_S
CONDITIONS: tuple[bool, ...] = (False, True)
"""Eyes closed? Eyes open comes first, then eyes closed."""

BALANCE_SAFETY = (
    # Translators: Safety note of the balance test.
    N_("Stand next to a wall, a kitchen counter or a sturdy chair, close enough to touch it."),
    # Translators: Safety note of the balance test.
    N_("Clear the floor around you, and stand barefoot or in flat shoes on a firm floor."),
    # Translators: Safety note of the balance test.
    N_("Stop at once if you feel dizzy, unsteady or in pain."),
    # Translators: Safety note of the balance test.
    N_("If your balance is shaky, have someone stand beside you, and skip the eyes-closed part."),
)
"""Shown before the test starts, in the terminal and in the browser."""

HOW_TO_STAND = N_(
    "As in the study the reference values come from (Springer et al., 2007): barefoot, arms "
    "crossed over your chest, the lifted foot near the standing ankle without touching it."
)
TRY_ENDS = N_(
    "A try ends when the lifted foot touches down or the standing foot moves, when your arms "
    "uncross, or (eyes closed) when you open your eyes."
)
"""The protocol's stopping rules, in the terminal and in the browser."""


def other_leg(leg: Leg) -> Leg:
    return "right" if leg == "left" else "left"


def condition_name(eyes_closed: bool) -> str:
    """'eyes open' or 'eyes closed', in English (a catalogue id: the shell translates)."""
    return N_("eyes closed") if eyes_closed else N_("eyes open")


LEG_NAMES: dict[Leg, str] = {"left": N_("Left leg"), "right": N_("Right leg")}


@dataclass(frozen=True, slots=True)
class Trial:
    """One planned try: which condition, which leg to stand on, which of the three."""

    eyes_closed: bool
    leg: Leg
    attempt: int

    @property
    def lifted(self) -> Leg:
        """The foot to lift: the other one."""
        return other_leg(self.leg)


def plan_trials(*, eyes_closed_too: bool = True) -> tuple[Trial, ...]:
    """Every try in order. Legs alternate within a condition, so each leg rests in between."""
    conditions = CONDITIONS if eyes_closed_too else (False,)
    return tuple(
        Trial(eyes_closed=closed, leg=leg, attempt=attempt)
        for closed in conditions
        for attempt in range(1, TRIES_PER_LEG + 1)
        for leg in LEGS
    )


def capped(seconds: float) -> float:
    """A try's time as recorded: never below 0 or above the 45 s cap, to a tenth of a second."""
    if math.isnan(seconds):
        raise ValueError("a try's time must be a number of seconds")
    return round(min(max(seconds, 0.0), CAP_S), 1)


def best_of(times: Iterable[float]) -> float | None:
    """The best of the tries (capped); None when there were none."""
    return max((capped(t) for t in times), default=None)


@dataclass(frozen=True, slots=True)
class ConditionResult:
    """The best time on each leg for one condition; `complete` once every try was made."""

    eyes_closed: bool
    left_s: float | None
    right_s: float | None
    complete: bool

    def best(self, leg: Leg) -> float | None:
        return self.left_s if leg == "left" else self.right_s


@dataclass(frozen=True, slots=True)
class BalanceRun:
    """A test in progress: the planned tries and the times recorded so far, in order."""

    trials: tuple[Trial, ...] = field(default_factory=plan_trials)
    times: tuple[float, ...] = ()

    @property
    def next_trial(self) -> Trial | None:
        """The try that comes next, or None when all are done."""
        return self.trials[len(self.times)] if len(self.times) < len(self.trials) else None

    @property
    def finished(self) -> bool:
        return len(self.times) >= len(self.trials)

    def record(self, seconds: float) -> BalanceRun:
        """A new run with the next try's time (capped at 45 s) recorded."""
        if self.finished:
            raise ValueError("every try is already recorded")
        return BalanceRun(self.trials, (*self.times, capped(seconds)))

    def times_for(self, *, eyes_closed: bool, leg: Leg) -> tuple[float, ...]:
        done = zip(self.trials, self.times, strict=False)
        return tuple(s for t, s in done if t.eyes_closed == eyes_closed and t.leg == leg)

    def conditions(self) -> tuple[bool, ...]:
        """The conditions in the plan, in order."""
        return tuple(dict.fromkeys(t.eyes_closed for t in self.trials))

    def result(self, eyes_closed: bool) -> ConditionResult:
        planned = sum(1 for t in self.trials if t.eyes_closed == eyes_closed)
        left = self.times_for(eyes_closed=eyes_closed, leg="left")
        right = self.times_for(eyes_closed=eyes_closed, leg="right")
        return ConditionResult(
            eyes_closed=eyes_closed,
            left_s=best_of(left),
            right_s=best_of(right),
            complete=planned > 0 and len(left) + len(right) == planned,
        )

    def results(self) -> tuple[ConditionResult, ...]:
        return tuple(self.result(closed) for closed in self.conditions())


# -- the age reference ------------------------------------------------------------------------

SPRINGER_2007 = (
    "Springer BA, Marin R, Cyhan T, Roberts H, Gill NW. Normative values for the unipedal "
    "stance test with eyes open and closed. J Geriatr Phys Ther. 2007;30(1):8-15. "
    "doi:10.1519/00139143-200704000-00003"
)
REFERENCE_CHECKED = {False: True, True: False}
"""Eyes closed? -> whether the values were confirmed by two independent transcriptions of the
paper's Table 1. Eyes open: yes (ours and an unrelated one agree on every value). Eyes closed:
no (one second-hand summary only), so they are marked unconfirmed wherever they are shown.
See ../shared/reference/clinical.md and docs/balance.md."""
REFERENCE_CAVEAT = N_(
    "A rough guide only: these averages come from one study of healthy adults "
    "(Springer and others, 2007), which timed one leg, the one each person chose; so only your "
    "chosen leg is compared. Two independent copies of the study's table agree on the "
    "eyes-open averages; the eyes-closed ones come from a single summary and are not yet "
    "confirmed. Being below an average is common and is not a diagnosis; if your balance "
    "worries you, talk to your doctor or physiotherapist."
)
UNCONFIRMED = N_("not yet confirmed against the paper")
"""Said next to every eyes-closed comparison."""

Sex = Literal["female", "male"]


@dataclass(frozen=True, slots=True)
class AgeBand:
    """Mean best-of-three times for one age group (seconds)."""

    low: int
    high: int | None
    eyes_open_s: float
    eyes_closed_female_s: float
    eyes_closed_male_s: float

    @property
    def label(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"

    def holds(self, age: int) -> bool:
        return self.low <= age and (self.high is None or age <= self.high)


# Eyes open 18-39: 44.7 in one summary, 45.1 in another; 44.7 is used (45.1 exceeds the cap).
REFERENCE_BANDS: tuple[AgeBand, ...] = (
    AgeBand(18, 39, 44.7, 13.1, 16.9),
    AgeBand(40, 49, 41.9, 13.5, 12.0),
    AgeBand(50, 59, 41.2, 7.9, 8.6),
    AgeBand(60, 69, 32.1, 3.6, 5.1),
    AgeBand(70, 79, 21.5, 3.7, 2.6),
    AgeBand(80, None, 9.4, 2.1, 1.8),
)
OLDEST_AGE = 120


def band_for(age: int) -> AgeBand | None:
    """The age group that holds `age`; None under 18 (no reference) or past 120."""
    if age > OLDEST_AGE:
        return None
    return next((band for band in REFERENCE_BANDS if band.holds(age)), None)


def parse_sex(value: str | None) -> Sex | None:
    """'female'/'f'/'woman' or 'male'/'m'/'man' (any case); None or '' for not given."""
    if value is None or not value.strip():
        return None
    word = value.strip().lower()
    if word in ("female", "f", "woman", "women"):
        return "female"
    if word in ("male", "m", "man", "men"):
        return "male"
    raise ValueError(f"{value!r}: expected female or male")


def reference_for(age: int, eyes_closed: bool, sex: str | None) -> float | None:
    """The reference mean (s) for this age and condition; None without a reference.

    Eyes open is the same for both sexes. Eyes closed was reported for women and men apart;
    without a sex, their average is used (the study found no real difference between them).
    """
    band = band_for(age)
    if band is None:
        return None
    if not eyes_closed:
        return band.eyes_open_s
    chosen = parse_sex(sex)
    if chosen == "female":
        return band.eyes_closed_female_s
    if chosen == "male":
        return band.eyes_closed_male_s
    return round((band.eyes_closed_female_s + band.eyes_closed_male_s) / 2, 2)


Verdict = Literal["above", "about", "below"]
VERDICT_WORDS: dict[Verdict, str] = {
    "above": N_("above the average for your age"),
    "about": N_("about the average for your age"),
    "below": N_("below the average for your age"),
}
ABOUT_SHARE = 0.2
ABOUT_MIN_S = 2.0
"""Within 20 % of the reference, or 2 s when that is more, counts as about the average: one
timed try varies by that much from day to day."""


def about_range(reference: float) -> tuple[float, float]:
    """The times that count as about the average: (lowest, highest), within 0..45 s."""
    margin = max(reference * ABOUT_SHARE, ABOUT_MIN_S)
    return max(0.0, round(reference - margin, 2)), min(CAP_S, round(reference + margin, 2))


def compare_time(best: float, reference: float) -> Verdict:
    low, high = about_range(reference)
    if best < low:
        return "below"
    if best > high:
        return "above"
    return "about"


@dataclass(frozen=True, slots=True)
class Comparison:
    best_s: float
    reference_s: float
    band: AgeBand
    verdict: Verdict

    @property
    def words(self) -> str:
        return VERDICT_WORDS[self.verdict]

    def sentence(
        self,
        leg: Leg,
        *,
        eyes_closed: bool = False,
        text: Translator = UNTRANSLATED,
        number: Number = plain_number,
    ) -> str:
        """A plain sentence, e.g. 'Left leg: 30.2 s, about the average for your age (...)',
        in the catalogue's language with its `number` format (digits after the point)."""
        if REFERENCE_CHECKED[eyes_closed]:
            said = text.gettext(
                "{leg}: {seconds} s, {verdict} (people aged {ages} averaged about {reference} s)."
            )
        else:
            said = text.gettext(
                "{leg}: {seconds} s, {verdict} (people aged {ages} averaged about {reference} s; "
                "not yet confirmed against the paper)."
            )
        return said.format(
            leg=text.gettext(LEG_NAMES[leg]),
            seconds=number(self.best_s, 1),
            verdict=text.gettext(self.words),
            ages=self.band.label,
            reference=number(self.reference_s, 0),
        )


def compare_with_age(
    best: float | None, *, age: int | None, eyes_closed: bool, sex: str | None = None
) -> Comparison | None:
    """How a best time sits against the reference for `age`; None when either is unknown."""
    if best is None or age is None:
        return None
    band = band_for(age)
    reference = reference_for(age, eyes_closed, sex)
    if band is None or reference is None:
        return None
    return Comparison(capped(best), reference, band, compare_time(capped(best), reference))


def leg_sentences(
    result: ConditionResult,
    *,
    chosen: Leg,
    age: int | None,
    sex: str | None = None,
    text: Translator = UNTRANSLATED,
    number: Number = plain_number,
) -> list[str]:
    """The chosen leg against the reference, and the other leg's time as it is: the study
    timed only the leg each person chose, so a verdict on the other would claim too much."""
    lines = []
    comparison = compare_with_age(
        result.best(chosen), age=age, eyes_closed=result.eyes_closed, sex=sex
    )
    if comparison is not None:
        lines.append(
            comparison.sentence(chosen, eyes_closed=result.eyes_closed, text=text, number=number)
        )
    other = other_leg(chosen)
    if (best := result.best(other)) is not None and comparison is not None:
        said = text.gettext(
            "{leg}: {seconds} s (not compared: the study timed only the leg each person chose)."
        )
        lines.append(said.format(leg=text.gettext(LEG_NAMES[other]), seconds=number(best, 1)))
    return lines


NOT_COMPARED = N_("not compared: the study timed only the leg each person chose")


OLDEST_BIRTH_YEAR = 1900


def birth_year_problem(year: int, *, this_year: int) -> str | None:
    """What is wrong with a birth year someone gave, or None."""
    if not OLDEST_BIRTH_YEAR <= year <= this_year:
        return f"give a year from {OLDEST_BIRTH_YEAR} to {this_year}"
    return None


def age_in(year: int, birth_year: int) -> int:
    """Age reached during `year` (may be one more than today's age before the birthday)."""
    return year - birth_year


def reference_document() -> dict[str, object]:
    """The protocol and the reference as plain data, for the browser to use as is."""

    def condition(band: AgeBand, eyes_closed: bool) -> dict[str, float]:
        reference = reference_for(band.low, eyes_closed, None)
        assert reference is not None
        low, high = about_range(reference)
        return {"reference": reference, "about_low": low, "about_high": high}

    return {
        "cap_s": CAP_S,
        "tries_per_leg": TRIES_PER_LEG,
        "legs": list(LEGS),
        "trials": [
            {"eyes_closed": t.eyes_closed, "leg": t.leg, "lifted": t.lifted, "attempt": t.attempt}
            for t in plan_trials()
        ],
        "bands": [
            {
                "low": band.low,
                "high": band.high,
                "label": band.label,
                "open": condition(band, False),
                "closed": condition(band, True),
            }
            for band in REFERENCE_BANDS
        ],
        "words": dict(VERDICT_WORDS),
        "checked": {"open": REFERENCE_CHECKED[False], "closed": REFERENCE_CHECKED[True]},
        "unconfirmed": UNCONFIRMED,
        "not_compared": NOT_COMPARED,
    }
