"""The statistics behind the pain insight: shift, bootstrap interval, trend, rank correlation.

Small wrappers that take plain sequences of daily values and return plain floats, so that
`footwork.core.insight` can stay about windows and words. The method is described in
docs/insight.md; every figure here is cross-checked against SciPy in tests/unit/test_insight.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats  # type: ignore[import-untyped]

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
class Correlation:
    """Spearman's rank correlation; `rho` and `p_value` are None when it cannot be computed."""

    pairs: int
    rho: float | None
    p_value: float | None


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


def _shifts(x: FloatArray, y: FloatArray, axis: int = -1) -> FloatArray:
    """The Hodges-Lehmann shift along `axis` of stacked samples (vectorised for the bootstrap)."""
    x = np.moveaxis(x, axis, -1)
    y = np.moveaxis(y, axis, -1)
    differences = y[..., :, np.newaxis] - x[..., np.newaxis, :]
    flat = differences.reshape(*differences.shape[:-2], -1)
    return np.asarray(np.median(flat, axis=-1), dtype=np.float64)


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
    result = stats.theilslopes(y, x, alpha=confidence)
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
    result = stats.spearmanr(a, b)
    rho, p_value = float(result.statistic), float(result.pvalue)
    if math.isnan(rho) or math.isnan(p_value):
        return Correlation(int(a.size), None, None)
    return Correlation(int(a.size), rho, p_value)
