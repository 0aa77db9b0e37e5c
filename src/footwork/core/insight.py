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
from typing import Literal

import numpy as np

from footwork.core.insight_stats import (
    Correlation,
    Interval,
    Slope,
    bootstrap_shift_interval,
    hodges_lehmann,
    spearman,
    theil_sen,
)
from footwork.core.records import PAIN_REGIONS, REGION_NAMES, PainCheckin, PainRegion

Verdict = Literal["not-enough-data", "no-clear-change", "less-pain-small", "less-pain", "more-pain"]
IMPROVED: frozenset[Verdict] = frozenset({"less-pain-small", "less-pain"})
BaselineKind = Literal["before-start", "early"]
"""before-start: scores in the weeks before the program; early: the first scores after it."""

CAVEAT = (
    "This compares your scores over time; it cannot tell what caused a change: time, other "
    "treatment, activity and many other things change pain too."
)


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
    notes: tuple[str, ...]
    """Plain sentences on the trend and on adherence, where there is enough to say."""
    needed: str | None
    """With too little data: what more is needed, e.g. '3 more days with a pain score ...'."""
    baseline_kind: BaselineKind | None
    baseline: Period | None
    latest: Period | None
    baseline_median: float | None
    latest_median: float | None
    median_change: float | None
    """Latest minus baseline median; negative means less pain."""
    shift: float | None
    """Hodges-Lehmann shift, latest minus baseline, in points; negative means less pain."""
    shift_interval: Interval | None
    reaches_mcid: bool
    """The shift is a drop of at least the MCID."""
    suggest_clinician: bool
    """The shift is a rise of at least the MCID."""
    trend: Slope | None
    adherence_same_day: Correlation | None
    adherence_next_day: Correlation | None

    @property
    def clear_change(self) -> bool:
        """The interval of the shift leaves out zero."""
        return self.shift_interval is not None and self.shift_interval.excludes(0.0)


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


def _baseline(
    days: Sequence[date], start: date, today: date, settings: InsightSettings
) -> tuple[BaselineKind, list[date]]:
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
    s = settings or InsightSettings()
    days = sorted(d for d in daily if d <= today)
    kind, baseline_days = _baseline(days, start, today, s)
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
    same_day, next_day = _adherence_links(daily, adherence, start=start, today=today)
    notes = _trend_notes(trend) + _adherence_notes(same_day, next_day, s)

    needed = _needed(
        len(baseline_days), len(latest_days), latest_first, window_first, start, s
    )
    if needed is not None:
        return RegionInsight(
            region=region,
            verdict="not-enough-data",
            summary=(
                f"Not enough scores yet to compare your {REGION_NAMES[region]} pain with a "
                f"baseline: Footwork needs {needed}."
            ),
            notes=notes,
            needed=needed,
            baseline_kind=kind if baseline_days else None,
            baseline=_period(baseline_days),
            latest=_period(latest_days) if latest_days else None,
            baseline_median=None,
            latest_median=None,
            median_change=None,
            shift=None,
            shift_interval=None,
            reaches_mcid=False,
            suggest_clinician=False,
            trend=trend,
            adherence_same_day=same_day,
            adherence_next_day=next_day,
        )

    before = [daily[d] for d in baseline_days]
    after = [daily[d] for d in latest_days]
    shift = hodges_lehmann(before, after)
    rng = np.random.default_rng([s.seed, PAIN_REGIONS.index(region)])
    interval = bootstrap_shift_interval(
        before, after, confidence=s.confidence, resamples=s.resamples, rng=rng
    )
    verdict = _verdict(shift, interval, s.mcid)
    baseline_median, latest_median = float(median(before)), float(median(after))
    words = _Words(region, kind, s, latest_first == window_first, today - latest_first)
    return RegionInsight(
        region=region,
        verdict=verdict,
        summary=words.summary(verdict, shift, interval, baseline_median, latest_median),
        notes=notes,
        needed=None,
        baseline_kind=kind,
        baseline=_period(baseline_days),
        latest=_period(latest_days),
        baseline_median=baseline_median,
        latest_median=latest_median,
        median_change=latest_median - baseline_median,
        shift=shift,
        shift_interval=interval,
        reaches_mcid=shift <= -s.mcid,
        suggest_clinician=shift >= s.mcid,
        trend=trend,
        adherence_same_day=same_day,
        adherence_next_day=next_day,
    )


def _period(days: Sequence[date]) -> Period | None:
    return Period(days[0], days[-1], len(days)) if days else None


def _verdict(shift: float, interval: Interval, mcid: float) -> Verdict:
    if interval.high < 0:
        return "less-pain" if shift <= -mcid else "less-pain-small"
    if interval.low > 0:
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


def _adherence_links(
    daily: Mapping[date, float],
    adherence: Mapping[date, float | None] | None,
    *,
    start: date,
    today: date,
) -> tuple[Correlation | None, Correlation | None]:
    """Spearman between a day's adherence and pain the same day, and the next day."""
    if adherence is None:
        return None, None
    links = []
    for lag in (0, 1):
        pairs = [
            (ratio, daily[day + timedelta(days=lag)])
            for day, ratio in sorted(adherence.items())
            if ratio is not None
            and start <= day
            and day + timedelta(days=lag) <= today
            and day + timedelta(days=lag) in daily
        ]
        links.append(spearman([a for a, _ in pairs], [p for _, p in pairs]))
    return links[0], links[1]


def _trend_notes(trend: Slope | None) -> tuple[str, ...]:
    if trend is None:
        return ()
    if trend.interval.excludes(0.0):
        way = "down" if trend.per_week < 0 else "up"
        return (
            f"Over the whole period your pain has been going {way} by about "
            f"{_points(trend.per_week)} a week (likely between {_num(abs(trend.interval.low))} "
            f"and {_num(abs(trend.interval.high))}).",
        )
    return ("Over the whole period there is no clear upward or downward trend.",)


def _adherence_notes(
    same_day: Correlation | None, next_day: Correlation | None, s: InsightSettings
) -> tuple[str, ...]:
    if same_day is None or next_day is None:
        return ()
    if same_day.pairs < s.min_pairs:
        return (
            f"How your pain goes with doing the exercises needs at least "
            f"{_count(s.min_pairs, 'day')} with both a pain score and exercises due; there "
            f"{'is' if same_day.pairs == 1 else 'are'} {_count(same_day.pairs, 'so far')}."
            .replace(" so fars", " so far"),
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


@dataclass(frozen=True, slots=True)
class _Words:
    region: PainRegion
    kind: BaselineKind
    s: InsightSettings
    full_window: bool
    since: timedelta

    def summary(
        self, verdict: Verdict, shift: float, interval: Interval, before: float, after: float
    ) -> str:
        name = REGION_NAMES[self.region]
        baseline = "before you started" if self.kind == "before-start" else "at first"
        span = self.s.latest_days if self.full_window else self.since.days + 1
        medians = f"a median of {_num(after)} in the last {_span(span)}, against {_num(before)}"
        mcid = _points(self.s.mcid)
        if verdict in IMPROVED:
            size = (
                f"as large as the {mcid} most people notice as a real change, or larger"
                if verdict == "less-pain"
                else f"a clear drop, but smaller than the {mcid} most people notice"
            )
            text = (
                f"Your {name} pain is lower than {baseline}: {medians}. A typical day is about "
                f"{_points(shift)} lower (likely between {_num(-interval.high)} and "
                f"{_num(-interval.low)} points lower): {size}."
            )
        elif verdict == "more-pain":
            text = (
                f"Your {name} pain is higher than {baseline}: {medians}. A typical day is about "
                f"{_points(shift)} higher (likely between {_num(interval.low)} and "
                f"{_num(interval.high)} points higher). " + self._clinician(shift)
            )
        else:
            text = (
                f"No clear change in your {name} pain compared with {baseline}: {medians}. "
                f"The difference on a typical day, {_signed(shift)}, is within what the ups and "
                f"downs of your scores can give (likely between {_signed(interval.low)} and "
                f"{_signed(interval.high)})."
            )
            if abs(shift) >= self.s.mcid:
                text += " More days of scores will make it clearer."
            if shift >= self.s.mcid:
                text += " " + self._clinician(shift)
        return f"{text} {CAVEAT}"

    def _clinician(self, shift: float) -> str:
        if shift >= self.s.mcid:
            return (
                f"A rise of {_points(self.s.mcid)} or more is worth talking over with your "
                "doctor or physiotherapist. Stop any exercise that brings on sharp or "
                "worsening pain."
            )
        return "If it keeps rising, talk it over with your doctor or physiotherapist."


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
