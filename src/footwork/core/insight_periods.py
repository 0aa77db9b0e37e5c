"""The pain insight's terms and periods: its settings, the names of its verdicts and
baselines, one value per region and local day, and the baseline's days.

Used by core.insight and, without the statistics or the words, by core.care and
core.pain_alert (their baselines are the insight's). Pure: today and the local dates come
from the caller. Method: docs/insight.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from typing import Literal

from footwork.core.records import PAIN_REGIONS, PainCheckin, PainRegion

Verdict = Literal["not-enough-data", "no-clear-change", "less-pain-small", "less-pain", "more-pain"]
IMPROVED: frozenset[Verdict] = frozenset({"less-pain-small", "less-pain"})
BaselineKind = Literal["before-start", "early"]
"""before-start: scores in the weeks before the program; early: the first scores after it."""


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
