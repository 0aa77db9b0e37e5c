"""Is it helping? Pain in the latest weeks against a baseline, per region, in plain words.

For each pain region: the daily median score in a baseline period (before the program
started, or else the first week of scores) against the latest two weeks; the Hodges-Lehmann
shift with a bootstrap interval; the Theil-Sen trend; whether the change reaches the minimal
clinically important difference of the 0-10 scale, about 2 points (Childs et al., Spine 2005,
low back pain; a fixed threshold is used for every region); and how pain goes with adherence.
The words never say the exercises caused a change. Method, assumptions and limits:
docs/insight.md. Pure: today and the local dates come from the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from typing import TYPE_CHECKING, Literal

from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.records import PAIN_REGIONS, REGION_NAMES, PainCheckin, PainRegion

if TYPE_CHECKING:
    # The statistics work on NumPy, imported only when an insight is worked out: the
    # baselines and daily medians below, which other modules use, need none of it.
    from footwork.core.insight_stats import Comparison, Correlation, Slope

Verdict = Literal["not-enough-data", "no-clear-change", "less-pain-small", "less-pain", "more-pain"]
IMPROVED: frozenset[Verdict] = frozenset({"less-pain-small", "less-pain"})
BaselineKind = Literal["before-start", "early"]
"""before-start: scores in the weeks before the program; early: the first scores after it."""

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


@dataclass(frozen=True, slots=True)
class InsightSettings:
    before_start_days: int = 28
    """How far back before the start a baseline may reach."""
    min_baseline_days: int = 3
    early_baseline_days: int = 7
    """Without a baseline before the start: the first week from the first score after it."""
    latest_days: int = 14
    min_latest_days: int = 5
    min_trend_days: int = 7
    min_pairs: int = 10
    """Days with both a pain score and an adherence figure before a correlation is shown."""
    mcid: float = 2.0
    """Minimal clinically important difference on the 0-10 scale (Childs et al., 2005)."""
    confidence: float = 0.95
    resamples: int = 2000
    seed: int = 0

    def __post_init__(self) -> None:
        if min(self.min_baseline_days, self.min_latest_days) < 2 or self.min_trend_days < 3:
            raise ValueError("a period needs at least 2 days, a trend at least 3")
        if not 0 < self.confidence < 1 or self.resamples < 1:
            raise ValueError("confidence must be between 0 and 1, resamples at least 1")


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


@dataclass(frozen=True, slots=True)
class Period:
    """The local days from `first` to `last`; `days` of them have a score."""

    first: date
    last: date
    days: int


@dataclass(frozen=True, slots=True)
class RegionInsight:
    region: PainRegion
    verdict: Verdict
    summary: str
    """The verdict in plain words, with its numbers and the caveat on causes."""
    notes: tuple[str, ...]
    """Plain sentences on the trend and on adherence, where there is enough to say."""
    needed: str | None
    """With too little data: what more is needed, e.g. '3 more days with a pain score ...'."""
    baseline_kind: BaselineKind | None
    baseline: Period | None
    latest: Period | None
    comparison: Comparison | None
    """None while there is not enough data."""
    trend: Slope | None
    """Over the scored days from the baseline's first to today; None under min_trend_days."""
    adherence_same_day: Correlation | None
    adherence_next_day: Correlation | None
    """Adherence on a day against pain the next day; both None without adherence figures."""


def daily_pain(
    checkins: Iterable[PainCheckin], *, local_date: Callable[[datetime], date], today: date
) -> dict[PainRegion, dict[date, float]]:
    """One value per region and local day up to `today`: the median of that day's scores.

    Many check-ins on one day are one day's evidence, not several.
    """
    scores: dict[PainRegion, dict[date, list[int]]] = {}
    for checkin in checkins:
        day = local_date(checkin.recorded_at)
        if day > today:
            continue
        for region, score in checkin.scores.items():
            scores.setdefault(region, {}).setdefault(day, []).append(score)
    return {
        region: {day: float(median(values)) for day, values in sorted(scores[region].items())}
        for region in PAIN_REGIONS
        if region in scores
    }


def pain_insights(
    checkins: Iterable[PainCheckin],
    *,
    start: date,
    today: date,
    local_date: Callable[[datetime], date],
    adherence: Mapping[date, float | None] | None = None,
    settings: InsightSettings | None = None,
    wording: Wording = ENGLISH_WORDING,
) -> tuple[RegionInsight, ...]:
    """An insight for every region with a score, in the order of PAIN_REGIONS.

    `adherence` maps local days to the share of the day's exercises done (0 to 1), e.g.
    `Figure.ratio` from footwork.core.adherence; `local_date` turns an instant into the
    person's local day; `wording` writes the sentences in a language.
    """
    by_region = daily_pain(checkins, local_date=local_date, today=today)
    return tuple(
        region_insight(
            region,
            daily,
            start=start,
            today=today,
            adherence=adherence,
            settings=settings,
            wording=wording,
        )
        for region, daily in by_region.items()
    )


def baseline_days_of(
    days: Sequence[date], start: date, today: date, settings: InsightSettings
) -> tuple[BaselineKind, list[date]]:
    """The baseline's days among the scored `days`: see docs/insight.md, step 2."""
    before = [d for d in days if start - timedelta(days=settings.before_start_days) <= d < start]
    if len(before) >= settings.min_baseline_days:
        return "before-start", before
    after = [d for d in days if start <= d <= today]
    if not after:
        return "early", []
    week = [d for d in after if d < after[0] + timedelta(days=settings.early_baseline_days)]
    if len(week) >= settings.min_baseline_days:
        return "early", week
    return "early", after[: settings.min_baseline_days]


def region_insight(
    region: PainRegion,
    daily: Mapping[date, float],
    *,
    start: date,
    today: date,
    adherence: Mapping[date, float | None] | None = None,
    settings: InsightSettings | None = None,
    wording: Wording = ENGLISH_WORDING,
) -> RegionInsight:
    """The insight for one region from its daily values (see daily_pain)."""
    import numpy as np

    from footwork.core.insight_stats import adherence_links, compare_periods, theil_sen

    s = settings or InsightSettings()
    days = sorted(d for d in daily if d <= today)
    kind, baseline_days = baseline_days_of(days, start, today, s)
    window_first = today - timedelta(days=s.latest_days - 1)
    latest_first = max(window_first, start)
    if baseline_days:
        latest_first = max(latest_first, baseline_days[-1] + timedelta(days=1))
    latest_days = [d for d in days if latest_first <= d]

    trend_from = baseline_days[0] if baseline_days else start
    trend_days = [d for d in days if d >= trend_from]
    trend = None
    if len(trend_days) >= s.min_trend_days:
        trend = theil_sen(
            [(d - trend_from).days for d in trend_days],
            [daily[d] for d in trend_days],
            confidence=s.confidence,
        )
    same_day, next_day = adherence_links(daily, adherence, start=start, today=today)
    w = wording
    notes = _trend_notes(trend, trend_from, w) + _adherence_notes(same_day, next_day, s, w)

    needed = _needed(len(baseline_days), len(latest_days), latest_first, window_first, start, s, w)
    comparison = None
    if needed is None:
        comparison = compare_periods(
            [daily[d] for d in baseline_days],
            [daily[d] for d in latest_days],
            mcid=s.mcid,
            confidence=s.confidence,
            resamples=s.resamples,
            rng=np.random.default_rng([s.seed, PAIN_REGIONS.index(region)]),
        )
        verdict = _verdict(comparison)
        summary = _summary(
            region, kind, verdict, comparison, span=(today - latest_first).days + 1, s=s, w=w
        )
    else:
        verdict = "not-enough-data"
        summary = w.text.gettext(
            "Not enough scores yet to compare your %(region)s pain with a baseline: "
            "Footwork needs %(needed)s."
        ) % {"region": w.text.gettext(REGION_NAMES[region]), "needed": needed}
    return RegionInsight(
        region=region,
        verdict=verdict,
        summary=summary,
        notes=notes,
        needed=needed,
        baseline_kind=kind if baseline_days else None,
        baseline=_period(baseline_days),
        latest=_period(latest_days),
        comparison=comparison,
        trend=trend,
        adherence_same_day=same_day,
        adherence_next_day=next_day,
    )


def _period(days: Sequence[date]) -> Period | None:
    return Period(days[0], days[-1], len(days)) if days else None


def _verdict(comparison: Comparison) -> Verdict:
    """A change counts only when its interval leaves out zero."""
    if comparison.shift_interval.high < 0:
        return "less-pain" if comparison.reaches_mcid else "less-pain-small"
    if comparison.shift_interval.low > 0:
        return "more-pain"
    return "no-clear-change"


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
