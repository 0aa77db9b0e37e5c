"""The statistics of the pain insight at their edges: what they accept, what they refuse and
with which words, and the days the adherence links pair up. Their figures against NumPy and
SciPy are in test_insight.py."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from scipy import stats

from footwork.core.insight_stats import (
    Interval,
    adherence_links,
    bootstrap_shift_interval,
    compare_periods,
    hodges_lehmann,
    spearman,
    theil_sen,
)

DAY = date(2026, 3, 2)


def test_an_interval_excludes_only_values_outside_its_ends():
    interval = Interval(-1.0, 0.0)
    assert not interval.excludes(0.0) and not interval.excludes(-1.0)
    assert not interval.excludes(-0.5)
    assert interval.excludes(0.01) and interval.excludes(-1.01)


def test_the_shift_takes_one_value_on_either_side():
    assert hodges_lehmann([2.0, 4.0], [7.0]) == 4.0
    assert hodges_lehmann([5.0], [1.0, 2.0]) == -3.5
    assert isinstance(hodges_lehmann([1], [2]), float)


@pytest.mark.parametrize(("before", "after"), [([], [1.0]), ([1.0], [])])
def test_the_shift_refuses_an_empty_period(before, after):
    with pytest.raises(ValueError, match=r"^both periods need at least one value$"):
        hodges_lehmann(before, after)


def interval(before, after, *, confidence=0.9, resamples=200):
    return bootstrap_shift_interval(
        before, after, confidence=confidence, resamples=resamples, rng=np.random.default_rng(1)
    )


def test_the_bootstrap_works_from_two_values_a_period():
    result = interval([5.0, 6.0], [2.0, 3.0])
    assert -4.0 <= result.low <= result.high <= -2.0


@pytest.mark.parametrize(("before", "after"), [([5.0], [2.0, 3.0]), ([5.0, 6.0], [2.0])])
def test_the_bootstrap_refuses_a_period_of_one_value(before, after):
    with pytest.raises(ValueError, match=r"^both periods need at least two values$"):
        interval(before, after)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5, -0.1])
def test_the_bootstrap_refuses_a_confidence_outside_0_to_1(confidence):
    with pytest.raises(ValueError, match=r"^confidence must be between 0 and 1$"):
        interval([1.0, 2.0], [3.0, 4.0], confidence=confidence)


def test_the_bootstrap_interval_does_not_hang_on_the_batch_size():
    # 500 x 500 values: fewer resamples in a batch than 1 if it were not kept at least 1.
    rng = np.random.default_rng(4)
    result = interval(rng.normal(5, 1, 500).tolist(), rng.normal(3, 1, 500).tolist(), resamples=3)
    assert result.low <= result.high


def test_the_trend_needs_three_values_on_two_days():
    assert theil_sen([0, 1, 2], [3.0, 2.0, 1.0], confidence=0.95).per_week == -7.0
    assert theil_sen([0, 0, 1], [3.0, 3.0, 2.0], confidence=0.95).days == 3
    for days in ([0, 1], [4, 4, 4]):
        with pytest.raises(
            ValueError, match=r"^a trend needs at least three values on two or more days$"
        ):
            theil_sen(days, [1.0] * len(days), confidence=0.95)


def test_the_trend_interval_follows_the_confidence_asked_for():
    rng = np.random.default_rng(8)
    days = list(range(30))
    values = [6 - 0.1 * d + float(rng.normal(0, 1)) for d in days]
    narrow = theil_sen(days, values, confidence=0.5)
    expected = stats.theilslopes(values, days, alpha=0.5)
    assert narrow.interval.low == pytest.approx(expected.low_slope * 7)
    assert narrow.interval.high == pytest.approx(expected.high_slope * 7)
    wide = theil_sen(days, values, confidence=0.95)
    assert wide.interval.low < narrow.interval.low and narrow.interval.high < wide.interval.high


def test_a_correlation_from_three_pairs_on():
    result = spearman([1, 2, 3], [3, 1, 2])
    assert result.pairs == 3 and result.rho == pytest.approx(-0.5)
    assert result.p_value == pytest.approx(stats.spearmanr([1, 2, 3], [3, 1, 2]).pvalue)
    two = spearman([1, 2], [2, 1])
    assert (two.pairs, two.rho, two.p_value) == (2, None, None)


def test_a_correlation_refuses_unpaired_values():
    with pytest.raises(ValueError, match=r"^x and y must pair up$"):
        spearman([1, 2, 3], [1, 2])


def test_periods_are_compared_against_the_mcid_given():
    before, after = [6.0, 7.0] * 7, [4.0, 5.0] * 7
    rng = np.random.default_rng(0)
    at_2 = compare_periods(before, after, mcid=2, confidence=0.9, resamples=200, rng=rng)
    at_3 = compare_periods(before, after, mcid=3, confidence=0.9, resamples=200, rng=rng)
    assert at_2.shift == -2 and at_2.reaches_mcid and not at_3.reaches_mcid
    assert (at_2.baseline_median, at_2.latest_median, at_2.median_change) == (6.5, 4.5, -2.0)


def test_the_adherence_links_pair_days_up_to_today_and_not_after():
    ratios = {DAY + timedelta(days=i): i / 10 for i in range(6)}
    pain = {DAY + timedelta(days=i): float(10 - i) for i in range(7)}
    today = DAY + timedelta(days=5)
    same, following = adherence_links(pain, ratios, start=DAY, today=today)
    assert same is not None and following is not None
    assert same.pairs == 6  # today's adherence and today's pain count
    assert following.pairs == 5  # the pain of the day after today is not in yet
    assert same.rho == pytest.approx(-1.0) and following.rho == pytest.approx(-1.0)
    before_start, _ = adherence_links(pain, ratios, start=DAY + timedelta(days=2), today=today)
    assert before_start is not None and before_start.pairs == 4
    assert adherence_links(pain, None, start=DAY, today=today) == (None, None)
