"""The statistics behind the pain insight: shift, bootstrap interval, trend, rank correlation.

They take plain sequences of daily values, so that `footwork.core.insight` can stay about
periods and words. The method is in docs/insight.md; tests/unit/test_insight.py cross-checks
every figure against NumPy and SciPy, tests/unit/test_insight_validation.py checks the error
rates on simulated histories.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Interval:
    """A confidence interval, `low` <= `high`."""

    low: float
    high: float

    def excludes(self, value: float) -> bool:
        return value < self.low or value > self.high


@dataclass(frozen=True, slots=True)
class Slope:
    """A Theil-Sen slope in points per week, with its confidence interval."""

    per_week: float
    interval: Interval
    days: int


@dataclass(frozen=True, slots=True)
class Comparison:
    """The latest period against the baseline; negative changes mean less pain."""

    baseline_median: float
    latest_median: float
    median_change: float
    """Latest minus baseline median."""
    shift: float
    """Hodges-Lehmann shift, latest minus baseline: how a typical day differs, in points."""
    shift_interval: Interval
    """Percentile bootstrap interval of the shift."""
    reaches_mcid: bool
    """The shift is a drop of at least the MCID."""
    suggest_clinician: bool
    """The shift is a rise of at least the MCID."""

    @property
    def clear(self) -> bool:
        """The interval of the shift leaves out zero."""
        return self.shift_interval.excludes(0.0)


@dataclass(frozen=True, slots=True)
class Correlation:
    """Spearman's rank correlation; `rho` and `p_value` are None when it cannot be computed."""

    pairs: int
    rho: float | None
    p_value: float | None


def _scipy_stats() -> Any:
    """scipy.stats, imported when first needed: importing it takes seconds."""
    from scipy import stats  # type: ignore[import-untyped]

    return stats


def _array(values: Sequence[float]) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


def hodges_lehmann(baseline: Sequence[float], latest: Sequence[float]) -> float:
    """The Hodges-Lehmann shift: the median of every latest-minus-baseline difference.

    It estimates how much a typical latest day differs from a typical baseline day, in
    points, and is robust to a few unusual days.
    """
    x, y = _array(baseline), _array(latest)
    if x.size == 0 or y.size == 0:
        raise ValueError("both periods need at least one value")
    return float(np.median(np.subtract.outer(y, x)))


def _shifts(x: FloatArray, y: FloatArray) -> FloatArray:
    """The Hodges-Lehmann shift of each row of `x` (baseline) against the same row of `y`."""
    differences = y[:, :, np.newaxis] - x[:, np.newaxis, :]
    return np.asarray(np.median(differences.reshape(len(x), -1), axis=1), dtype=np.float64)


def bootstrap_shift_interval(
    baseline: Sequence[float],
    latest: Sequence[float],
    *,
    confidence: float,
    resamples: int,
    rng: np.random.Generator,
) -> Interval:
    """Percentile bootstrap interval of the Hodges-Lehmann shift.

    Each period is resampled on its own, with replacement, as scipy.stats.bootstrap does for
    independent samples; the interval is the middle `confidence` share of the resampled shifts.
    """
    x, y = _array(baseline), _array(latest)
    if x.size < 2 or y.size < 2:
        raise ValueError("both periods need at least two values")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    shifts: list[FloatArray] = []
    batch = max(1, 200_000 // (x.size * y.size))  # keeps each batch's memory small
    for done in range(0, resamples, batch):
        size = min(batch, resamples - done)
        xs = x[rng.integers(0, x.size, size=(size, x.size))]
        ys = y[rng.integers(0, y.size, size=(size, y.size))]
        shifts.append(_shifts(xs, ys))
    tail = (1 - confidence) / 2
    low, high = np.quantile(np.concatenate(shifts), [tail, 1 - tail])
    return Interval(float(low), float(high))


def theil_sen(days: Sequence[float], values: Sequence[float], *, confidence: float) -> Slope:
    """Theil-Sen slope of `values` against `days` (day numbers), in points per week.

    The interval is Sen's (1968), as scipy.stats.theilslopes computes it.
    """
    x, y = _array(days), _array(values)
    if x.size < 3 or np.unique(x).size < 2:
        raise ValueError("a trend needs at least three values on two or more days")
    result = _scipy_stats().theilslopes(y, x, alpha=confidence)
    low, high = float(result.low_slope), float(result.high_slope)
    return Slope(float(result.slope) * 7, Interval(low * 7, high * 7), int(x.size))


def spearman(x: Sequence[float], y: Sequence[float]) -> Correlation:
    """Spearman's rho and its two-sided p-value; None where a side never varies."""
    a, b = _array(x), _array(y)
    if a.size != b.size:
        raise ValueError("x and y must pair up")
    if a.size < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        # SciPy warns and returns nan here: a correlation with a constant is undefined.
        return Correlation(int(a.size), None, None)
    result = _scipy_stats().spearmanr(a, b)
    rho, p_value = float(result.statistic), float(result.pvalue)
    if math.isnan(rho) or math.isnan(p_value):
        return Correlation(int(a.size), None, None)
    return Correlation(int(a.size), rho, p_value)


def compare_periods(
    before: Sequence[float],
    after: Sequence[float],
    *,
    mcid: float,
    confidence: float,
    resamples: int,
    rng: np.random.Generator,
) -> Comparison:
    """Medians, the Hodges-Lehmann shift and its bootstrap interval, and the MCID checks."""
    shift = hodges_lehmann(before, after)
    interval = bootstrap_shift_interval(
        before, after, confidence=confidence, resamples=resamples, rng=rng
    )
    baseline_median, latest_median = float(median(before)), float(median(after))
    return Comparison(
        baseline_median=baseline_median,
        latest_median=latest_median,
        median_change=latest_median - baseline_median,
        shift=shift,
        shift_interval=interval,
        reaches_mcid=shift <= -mcid,
        suggest_clinician=shift >= mcid,
    )


def adherence_links(
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
