"""Is it helping? Pain in the latest weeks against a baseline, per region, in plain words.

For each pain region: the daily median score in a baseline period (before the program
started, or else the first week of scores) against the latest two weeks; the Hodges-Lehmann
shift with a bootstrap interval; the Theil-Sen trend; whether the change reaches the minimal
clinically important difference of the 0-10 scale, about 2 points (Childs et al., Spine 2005,
low back pain; a fixed threshold is used for every region); and how pain goes with adherence.
The words never say the exercises caused a change. Method, assumptions and limits:
docs/insight.md. Pure: today and the local dates come from the caller.

The settings, periods and baselines are in core.insight_periods, the sentences in
core.insight_words, the statistics in core.insight_stats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from footwork.core.insight_periods import (
    BaselineKind,
    InsightSettings,
    Period,
    Verdict,
    baseline_days_of,
    daily_pain,
)
from footwork.core.insight_words import (
    ENGLISH_WORDING,
    Wording,
    _adherence_notes,
    _needed,
    _summary,
    _trend_notes,
)
from footwork.core.records import PAIN_REGIONS, REGION_NAMES, PainCheckin, PainRegion

if TYPE_CHECKING:
    # The statistics work on NumPy, imported only when an insight is worked out: the
    # baselines and daily medians (core.insight_periods), which other modules use, need none
    # of it.
    from footwork.core.insight_stats import Comparison, Correlation, Slope


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
