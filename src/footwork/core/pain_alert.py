"""A check-in that needs a caring word at once: a score of 7 or more, or 3 points above the
region's baseline (the baseline of docs/insight.md). Pure: the caller gives the check-ins.

The thresholds are our choice: 7 is where the 0-10 scale's "severe" band is commonly put, and
3 points is above the roughly 2-point change taken as meaningful in back pain (Childs et al.,
Spine 2005), so a rise of 3 is unlikely to be day-to-day noise alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median
from typing import Literal

from footwork.core.insight_periods import InsightSettings, baseline_days_of, daily_pain
from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.records import PainCheckin, PainRegion

ALERT_SCORE = 7
ALERT_RISE = 3.0

ADVICE = (
    N_("Stop the exercises for today and rest the painful area."),
    N_("If it is sharp, or still this bad tomorrow, contact your doctor or physiotherapist."),
    N_(
        "Get urgent care today if the pain comes with numbness around the groin, new bladder or "
        "bowel trouble, weakness in a leg, fever, or a hot, swollen joint."
    ),
)


@dataclass(frozen=True, slots=True)
class PainAlert:
    region: PainRegion
    score: int
    reason: Literal["high", "rise"]
    baseline: float | None = None


def region_baselines(
    checkins: Iterable[PainCheckin],
    *,
    local_date: Callable[[datetime], date],
    start: date,
    today: date,
    insight: InsightSettings | None = None,
) -> dict[PainRegion, float]:
    """Each region's baseline (median of its baseline days), where it has enough days."""
    s = insight or InsightSettings()
    result: dict[PainRegion, float] = {}
    for region, values in daily_pain(checkins, local_date=local_date, today=today).items():
        _, days = baseline_days_of(sorted(values), start, today, s)
        if len(days) >= s.min_baseline_days:
            result[region] = float(median(values[d] for d in days))
    return result


def pain_alerts(
    scores: Mapping[PainRegion, int], baselines: Mapping[PainRegion, float]
) -> list[PainAlert]:
    """The regions of one check-in that call for a caring prompt, worst first."""
    alerts = []
    for region, score in scores.items():
        baseline = baselines.get(region)
        if score >= ALERT_SCORE:
            alerts.append(PainAlert(region, score, "high", baseline))
        elif baseline is not None and score - baseline >= ALERT_RISE:
            alerts.append(PainAlert(region, score, "rise", baseline))
    return sorted(alerts, key=lambda a: -a.score)


def describe_alert(alert: PainAlert, region_name: str, *, text: Translator = UNTRANSLATED) -> str:
    """One line for a person: what we noticed (`region_name` already in their language)."""
    if alert.reason == "rise" and alert.baseline is not None:
        return text.gettext(
            "Your {region} pain is {score} out of 10, {rise} points above your usual {baseline}."
        ).format(
            region=region_name,
            score=alert.score,
            rise=f"{alert.score - alert.baseline:g}",
            baseline=f"{alert.baseline:g}",
        )
    return text.gettext("Your {region} pain is {score} out of 10: that is a lot of pain.").format(
        region=region_name, score=alert.score
    )
