"""The pain insight in plain words: the verdict's sentences with their figures, the notes on
the trend and on adherence, what more is needed, and the caveats. A `Wording` gives the
catalogue and the number and day formats of a language. Pure.

The words never say the exercises caused a change (docs/insight.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from footwork.core.insight_periods import IMPROVED, BaselineKind, InsightSettings, Verdict
from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.records import REGION_NAMES, PainRegion

if TYPE_CHECKING:
    from footwork.core.insight_stats import Comparison, Correlation, Slope

CAVEAT = N_(
    "This compares your scores over time; it cannot tell what caused a change: time, other "
    "treatment, activity and many other things change pain too."
)


INSIGHT_LIMITS = (
    N_(
        "The 2-point mark comes from studies of low back pain (Childs et al., Spine 2005); for "
        "the hip, knee and foot it is only a rough guide."
    ),
    N_(
        "Pain often eases by itself after a bad spell, and people tend to start a program when "
        "their pain is at its worst (regression to the mean): part of a drop may have come "
        "anyway."
    ),
    N_(
        "Looking at several body regions at once raises the chance that one of them shows a "
        "change by luck alone."
    ),
)
"""Shown with every "Is it helping?" section: what the figures cannot tell."""


def _plain_number(value: float, digits: int = 1) -> str:
    """1 digit: '3.5', '3' (no '.0'), never '-0'; more: fixed ('0.45')."""
    if digits != 1:
        return f"{value:.{digits}f}"
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _plain_day(day: date) -> str:
    return f"{day.day} {day:%B}"


@dataclass(frozen=True, slots=True)
class Wording:
    """How the sentences are written: the catalogue, and the number and day formats of the
    language (the shell gives Babel's; English as written by default)."""

    text: Translator = UNTRANSLATED
    number: Callable[[float, int], str] = _plain_number
    day: Callable[[date], str] = _plain_day
    """A day and month without the year: '4 December'."""


ENGLISH_WORDING = Wording()


def _needed(
    baseline: int,
    latest: int,
    latest_first: date,
    window_first: date,
    start: date,
    s: InsightSettings,
    w: Wording,
) -> str | None:
    if baseline < s.min_baseline_days:
        return w.text.gettext(
            "pain scores on %(more)s to set your baseline, then on at least %(days)s after it"
        ) % {
            "more": _more_days(s.min_baseline_days - baseline, w),
            "days": _days(s.min_latest_days, w),
        }
    if latest < s.min_latest_days:
        where = (
            _in_the_last(s.latest_days, w)
            if latest_first == window_first
            else w.text.gettext("since your program started")
            if latest_first == start
            else w.text.gettext("after your baseline")
        )
        return w.text.gettext("%(more)s with a pain score %(where)s") % {
            "more": _more_days(s.min_latest_days - latest, w),
            "where": where,
        }
    return None


def _trend_notes(trend: Slope | None, since: date, w: Wording) -> tuple[str, ...]:
    if trend is None:
        return ()
    when = w.day(since)
    if trend.interval.excludes(0.0):
        likely = _likely(abs(trend.interval.low), abs(trend.interval.high), w)
        said = (
            w.text.gettext(
                "Since %(day)s, your pain has been going down by about %(points)s a week%(likely)s."
            )
            if trend.per_week < 0
            else w.text.gettext(
                "Since %(day)s, your pain has been going up by about %(points)s a week%(likely)s."
            )
        )
        return (said % {"day": when, "points": _points(trend.per_week, w), "likely": likely},)
    return (
        w.text.gettext("Since %(day)s, your pain shows no clear upward or downward trend.")
        % {"day": when},
    )


_CANNOT_COMPARE = {
    "same": N_(
        "Pain the same day and doing the exercises cannot be compared yet: one of them has "
        "been the same every day."
    ),
    "next": N_(
        "Pain the next day and doing the exercises cannot be compared yet: one of them has "
        "been the same every day."
    ),
}
_WENT_WITH = {
    ("same", "lower"): N_(
        "On days when you did more of your exercises, your pain the same day tended to be "
        "lower (Spearman's rho %(rho)s over %(pairs)s days)."
    ),
    ("same", "higher"): N_(
        "On days when you did more of your exercises, your pain the same day tended to be "
        "higher (Spearman's rho %(rho)s over %(pairs)s days)."
    ),
    ("next", "lower"): N_(
        "On days when you did more of your exercises, your pain the next day tended to be "
        "lower (Spearman's rho %(rho)s over %(pairs)s days)."
    ),
    ("next", "higher"): N_(
        "On days when you did more of your exercises, your pain the next day tended to be "
        "higher (Spearman's rho %(rho)s over %(pairs)s days)."
    ),
}
_NOT_CAUSED = N_(
    "The two went together; that does not show that one caused the other (on a bad day, for "
    "one, exercising is harder)."
)
_NOT_WITH = {
    "same": N_(
        "Your pain the same day did not clearly go with how much of your exercises you did "
        "(Spearman's rho %(rho)s over %(pairs)s days)."
    ),
    "next": N_(
        "Your pain the next day did not clearly go with how much of your exercises you did "
        "(Spearman's rho %(rho)s over %(pairs)s days)."
    ),
}


def _adherence_notes(
    same_day: Correlation | None, next_day: Correlation | None, s: InsightSettings, w: Wording
) -> tuple[str, ...]:
    if same_day is None or next_day is None:
        return ()
    if same_day.pairs < s.min_pairs:
        return (
            w.text.ngettext(
                "How your pain goes with doing the exercises needs at least %(days)s with both "
                "a pain score and exercises due; so far there is %(num)s.",
                "How your pain goes with doing the exercises needs at least %(days)s with both "
                "a pain score and exercises due; so far there are %(num)s.",
                same_day.pairs,
            )
            % {"days": _days(s.min_pairs, w), "num": same_day.pairs},
        )
    notes = []
    for link, when in ((same_day, "same"), (next_day, "next")):
        if link.pairs < s.min_pairs:
            continue
        if link.rho is None or link.p_value is None:
            notes.append(w.text.gettext(_CANNOT_COMPARE[when]))
            continue
        figures = {"rho": w.number(link.rho, 2), "pairs": link.pairs}
        if link.p_value < 1 - s.confidence:
            way = "lower" if link.rho < 0 else "higher"
            said = w.text.gettext(_WENT_WITH[when, way]) % figures
            notes.append(f"{said} {w.text.gettext(_NOT_CAUSED)}")
        else:
            notes.append(w.text.gettext(_NOT_WITH[when]) % figures)
    return tuple(notes)


_LOWER = {
    "before-start": N_(
        "Your %(region)s pain is lower than before you started: %(medians)s. A typical day is "
        "about %(points)s lower%(likely)s: %(size)s."
    ),
    "early": N_(
        "Your %(region)s pain is lower than when you started: %(medians)s. A typical day is "
        "about %(points)s lower%(likely)s: %(size)s."
    ),
}
_HIGHER = {
    "before-start": N_(
        "Your %(region)s pain is higher than before you started: %(medians)s. A typical day "
        "is about %(points)s higher%(likely)s."
    ),
    "early": N_(
        "Your %(region)s pain is higher than when you started: %(medians)s. A typical day is "
        "about %(points)s higher%(likely)s."
    ),
}
_NO_CLEAR = {
    "before-start": N_(
        "No clear change in your %(region)s pain compared with the weeks before you started: "
        "%(medians)s."
    ),
    "early": N_(
        "No clear change in your %(region)s pain compared with your first days of scores: "
        "%(medians)s."
    ),
}


def _summary(
    region: PainRegion,
    kind: BaselineKind,
    verdict: Verdict,
    comparison: Comparison,
    *,
    span: int,
    s: InsightSettings,
    w: Wording,
) -> str:
    tr = w.text
    name = tr.gettext(REGION_NAMES[region])
    shift, interval = comparison.shift, comparison.shift_interval
    before, after = comparison.baseline_median, comparison.latest_median
    medians = tr.gettext("a median of %(after)s %(in_last)s, against %(before)s") % {
        "after": w.number(after, 1),
        "in_last": _in_the_last(span, w),
        "before": w.number(before, 1),
    }
    mcid = _points(s.mcid, w)
    sentences: list[str] = []
    if verdict in IMPROVED:
        size = (
            tr.gettext("as large as the %(mcid)s most people notice as a real change, or larger")
            if verdict == "less-pain"
            else tr.gettext("a clear drop, but smaller than the %(mcid)s most people notice")
        ) % {"mcid": mcid}
        likely = _likely(-interval.high, -interval.low, w, unit="lower")
        sentences.append(
            tr.gettext(_LOWER[kind])
            % {
                "region": name,
                "medians": medians,
                "points": _points(shift, w),
                "likely": likely,
                "size": size,
            }
        )
    elif verdict == "more-pain":
        likely = _likely(interval.low, interval.high, w, unit="higher")
        sentences.append(
            tr.gettext(_HIGHER[kind])
            % {"region": name, "medians": medians, "points": _points(shift, w), "likely": likely}
        )
        sentences.append(_clinician(shift, s.mcid, w))
    else:
        sentences.append(tr.gettext(_NO_CLEAR[kind]) % {"region": name, "medians": medians})
        if interval.low == interval.high:
            sentences.append(
                tr.gettext("The difference on a typical day is %(shift)s.")
                % {"shift": _signed(shift, w)}
            )
        else:
            sentences.append(
                tr.gettext(
                    "The difference on a typical day, %(shift)s, is within what the ups and "
                    "downs of your scores can give (likely between %(low)s and %(high)s)."
                )
                % {
                    "shift": _signed(shift, w),
                    "low": _signed(interval.low, w),
                    "high": _signed(interval.high, w),
                }
            )
        if abs(shift) >= s.mcid:
            sentences.append(tr.gettext("More days of scores will make it clearer."))
        if comparison.suggest_clinician:
            sentences.append(_clinician(shift, s.mcid, w))
    return " ".join([*sentences, tr.gettext(CAVEAT)])


def _clinician(shift: float, mcid: float, w: Wording) -> str:
    if shift >= mcid:
        return w.text.gettext(
            "A rise of %(points)s or more is worth talking over with your doctor or "
            "physiotherapist. Stop any exercise that brings on sharp or worsening pain."
        ) % {"points": _points(mcid, w)}
    return w.text.gettext("If it keeps rising, talk it over with your doctor or physiotherapist.")


def _likely(a: float, b: float, w: Wording, *, unit: str = "") -> str:
    """' (likely between a and b unit)'; nothing when the interval is a single value."""
    low, high = sorted((a, b))
    if w.number(low, 1) == w.number(high, 1):
        return ""
    said = {
        "": N_(" (likely between %(low)s and %(high)s)"),
        "lower": N_(" (likely between %(low)s and %(high)s points lower)"),
        "higher": N_(" (likely between %(low)s and %(high)s points higher)"),
    }[unit]
    return w.text.gettext(said) % {"low": w.number(low, 1), "high": w.number(high, 1)}


def _num(value: float) -> str:
    return _plain_number(value, 1)


def _points(value: float, w: Wording) -> str:
    number = w.number(abs(value), 1)
    # Plural forms count whole things: '1 point', '1.5 points', '0 points'.
    count = 1 if abs(round(value, 1)) == 1 else 2
    return w.text.ngettext("%(num)s point", "%(num)s points", count) % {"num": number}


def _signed(value: float, w: Wording) -> str:
    if _num(value) == "0":
        return w.text.gettext("0 points")
    said = w.text.gettext("%(points)s lower") if value < 0 else w.text.gettext("%(points)s higher")
    return said % {"points": _points(value, w)}


def _days(n: int, w: Wording) -> str:
    return w.text.ngettext("%(num)s day", "%(num)s days", n) % {"num": n}


def _more_days(n: int, w: Wording) -> str:
    return w.text.ngettext("%(num)s more day", "%(num)s more days", n) % {"num": n}


_IN_THE_LAST = {
    7: N_("in the last week"),
    14: N_("in the last two weeks"),
    21: N_("in the last three weeks"),
    28: N_("in the last four weeks"),
}


def _in_the_last(days: int, w: Wording) -> str:
    if days in _IN_THE_LAST:
        return w.text.gettext(_IN_THE_LAST[days])
    return w.text.ngettext("in the last %(num)s day", "in the last %(num)s days", days) % {
        "num": days
    }
