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

from footwork.core.records import PAIN_REGIONS, REGION_NAMES, PainCheckin, PainRegion

if TYPE_CHECKING:
    # The statistics work on NumPy, imported only when an insight is worked out: the
    # baselines and daily medians below, which other modules use, need none of it.
    from footwork.core.insight_stats import Comparison, Correlation, Slope

Verdict = Literal["not-enough-data", "no-clear-change", "less-pain-small", "less-pain", "more-pain"]
IMPROVED: frozenset[Verdict] = frozenset({"less-pain-small", "less-pain"})
BaselineKind = Literal["before-start", "early"]
"""before-start: scores in the weeks before the program; early: the first scores after it."""

CAVEAT = (
    "This compares your scores over time; it cannot tell what caused a change: time, other "
    "treatment, activity and many other things change pain too."
)


INSIGHT_LIMITS = (
    "The 2-point mark comes from studies of low back pain (Childs et al., Spine 2005); for the "
    "hip, knee and foot it is only a rough guide.",
    "Pain often eases by itself after a bad spell, and people tend to start a program when "
    "their pain is at its worst (regression to the mean): part of a drop may have come anyway.",
    "Looking at several body regions at once raises the chance that one of them shows a "
    "change by luck alone.",
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
) -> tuple[RegionInsight, ...]:
    """An insight for every region with a score, in the order of PAIN_REGIONS.

    `adherence` maps local days to the share of the day's exercises done (0 to 1), e.g.
    `Figure.ratio` from footwork.core.adherence; `local_date` turns an instant into the
    person's local day.
    """
    by_region = daily_pain(checkins, local_date=local_date, today=today)
    return tuple(
        region_insight(
            region, daily, start=start, today=today, adherence=adherence, settings=settings
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
    notes = _trend_notes(trend, trend_from) + _adherence_notes(same_day, next_day, s)

    needed = _needed(len(baseline_days), len(latest_days), latest_first, window_first, start, s)
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
            region, kind, verdict, comparison, span=(today - latest_first).days + 1, s=s
        )
    else:
        verdict = "not-enough-data"
        summary = (
            f"Not enough scores yet to compare your {REGION_NAMES[region]} pain with a "
            f"baseline: Footwork needs {needed}."
        )
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
) -> str | None:
    if baseline < s.min_baseline_days:
        return (
            f"pain scores on {_count(s.min_baseline_days - baseline, 'more day')} to set your "
            f"baseline, then on at least {_count(s.min_latest_days, 'day')} after it"
        )
    if latest < s.min_latest_days:
        where = (
            f"in the last {_span(s.latest_days)}"
            if latest_first == window_first
            else "since your program started"
            if latest_first == start
            else "after your baseline"
        )
        return f"{_count(s.min_latest_days - latest, 'more day')} with a pain score {where}"
    return None


def _trend_notes(trend: Slope | None, since: date) -> tuple[str, ...]:
    if trend is None:
        return ()
    when = f"Since {since.day} {since:%B}"
    if trend.interval.excludes(0.0):
        way = "down" if trend.per_week < 0 else "up"
        likely = _likely(abs(trend.interval.low), abs(trend.interval.high))
        return (
            f"{when}, your pain has been going {way} by about {_points(trend.per_week)} a week"
            f"{likely}.",
        )
    return (f"{when}, your pain shows no clear upward or downward trend.",)


def _adherence_notes(
    same_day: Correlation | None, next_day: Correlation | None, s: InsightSettings
) -> tuple[str, ...]:
    if same_day is None or next_day is None:
        return ()
    if same_day.pairs < s.min_pairs:
        return (
            f"How your pain goes with doing the exercises needs at least "
            f"{_count(s.min_pairs, 'day')} with both a pain score and exercises due; so far "
            f"there {'is' if same_day.pairs == 1 else 'are'} {same_day.pairs}.",
        )
    notes = []
    for link, when in ((same_day, "the same day"), (next_day, "the next day")):
        if link.pairs < s.min_pairs:
            continue
        if link.rho is None or link.p_value is None:
            notes.append(
                f"Pain {when} and doing the exercises cannot be compared yet: one of them "
                "has been the same every day."
            )
        elif link.p_value < 1 - s.confidence:
            way = "lower" if link.rho < 0 else "higher"
            notes.append(
                f"On days when you did more of your exercises, your pain {when} tended to be "
                f"{way} (Spearman's rho {link.rho:.2f} over {link.pairs} days). The two went "
                "together; that does not show that one caused the other (on a bad day, for "
                "one, exercising is harder)."
            )
        else:
            notes.append(
                f"Your pain {when} did not clearly go with how much of your exercises you did "
                f"(Spearman's rho {link.rho:.2f} over {link.pairs} days)."
            )
    return tuple(notes)


def _summary(
    region: PainRegion,
    kind: BaselineKind,
    verdict: Verdict,
    comparison: Comparison,
    *,
    span: int,
    s: InsightSettings,
) -> str:
    name = REGION_NAMES[region]
    shift, interval = comparison.shift, comparison.shift_interval
    before, after = comparison.baseline_median, comparison.latest_median
    than, versus = (
        ("before you started", "the weeks before you started")
        if kind == "before-start"
        else ("when you started", "your first days of scores")
    )
    medians = f"a median of {_num(after)} in the last {_span(span)}, against {_num(before)}"
    mcid = _points(s.mcid)
    if verdict in IMPROVED:
        size = (
            f"as large as the {mcid} most people notice as a real change, or larger"
            if verdict == "less-pain"
            else f"a clear drop, but smaller than the {mcid} most people notice"
        )
        text = (
            f"Your {name} pain is lower than {than}: {medians}. A typical day is about "
            f"{_points(shift)} lower{_likely(-interval.high, -interval.low, ' points lower')}: "
            f"{size}."
        )
    elif verdict == "more-pain":
        text = (
            f"Your {name} pain is higher than {than}: {medians}. A typical day is about "
            f"{_points(shift)} higher{_likely(interval.low, interval.high, ' points higher')}. "
            f"{_clinician(shift, s.mcid)}"
        )
    else:
        text = f"No clear change in your {name} pain compared with {versus}: {medians}. "
        if interval.low == interval.high:
            text += f"The difference on a typical day is {_signed(shift)}."
        else:
            text += (
                f"The difference on a typical day, {_signed(shift)}, is within what the ups "
                f"and downs of your scores can give (likely between {_signed(interval.low)} "
                f"and {_signed(interval.high)})."
            )
        if abs(shift) >= s.mcid:
            text += " More days of scores will make it clearer."
        if comparison.suggest_clinician:
            text += " " + _clinician(shift, s.mcid)
    return f"{text} {CAVEAT}"


def _clinician(shift: float, mcid: float) -> str:
    if shift >= mcid:
        return (
            f"A rise of {_points(mcid)} or more is worth talking over with your doctor or "
            "physiotherapist. Stop any exercise that brings on sharp or worsening pain."
        )
    return "If it keeps rising, talk it over with your doctor or physiotherapist."


def _likely(a: float, b: float, unit: str = "") -> str:
    """' (likely between a and b unit)'; nothing when the interval is a single value."""
    low, high = sorted((a, b))
    if _num(low) == _num(high):
        return ""
    return f" (likely between {_num(low)} and {_num(high)}{unit})"


def _num(value: float) -> str:
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _points(value: float) -> str:
    number = _num(abs(value))
    return f"{number} point" + ("" if number == "1" else "s")


def _signed(value: float) -> str:
    if _num(value) == "0":
        return "0 points"
    return f"{_points(value)} {'lower' if value < 0 else 'higher'}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _span(days: int) -> str:
    weeks = {7: "week", 14: "two weeks", 21: "three weeks", 28: "four weeks"}
    return weeks.get(days, _count(days, "day"))
