"""The pain insight: one value a day, periods, too little data and the settings, with every
number cross-checked against NumPy and SciPy. The verdicts and their words are in
test_insight_words.py, the error rates on simulated people in test_insight_validation.py."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from scipy import stats

from footwork.core.insight import RegionInsight, pain_insights, region_insight
from footwork.core.insight_periods import (
    IMPROVED,
    InsightSettings,
    Period,
    baseline_days_of,
    daily_pain,
)
from footwork.core.insight_stats import (
    bootstrap_shift_interval,
    hodges_lehmann,
    spearman,
    theil_sen,
)
from footwork.core.insight_words import CAVEAT, Wording
from footwork.core.records import PainCheckin

ZONE = ZoneInfo("Europe/Berlin")
START = date(2026, 3, 2)
TODAY = START + timedelta(days=41)  # six weeks in
_ids = count(1)


def local_date(instant: datetime) -> date:
    return instant.astimezone(ZONE).date()


def checkin(day: date, hour: int = 9, **scores: int) -> PainCheckin:
    return PainCheckin(
        id=f"p{next(_ids)}",
        recorded_at=datetime.combine(day, time(hour), ZONE),
        scores={region.replace("_", "-"): score for region, score in scores.items()},
    )


def run_of(first: date, values: list[float]) -> dict[date, float]:
    """One value a day from `first` on."""
    return {first + timedelta(days=i): float(v) for i, v in enumerate(values)}


def history(before: list[float], after: list[float], *, today: date = TODAY) -> dict[date, float]:
    """`before` on the days just before the start, `after` on the days ending `today`."""
    return run_of(START - timedelta(days=len(before)), before) | run_of(
        today - timedelta(days=len(after) - 1), after
    )


def insight(daily: dict[date, float], today: date = TODAY, **kwargs: object) -> RegionInsight:
    return region_insight("back", daily, start=START, today=today, **kwargs)


CAUSAL = re.compile(
    r"because|thanks to|caused by|the exercises (helped|worked|reduced|made)|reduced your|"
    r"(is|are) working",
    re.IGNORECASE,
)


COMMA = Wording(number=lambda value, digits: f"{value:.{digits}f}".replace(".", ","))
"""A language that writes 2,5: every figure must go through the wording's number format."""


# --- One value per local day -------------------------------------------------------------


def test_a_day_counts_once_with_the_median_of_its_scores():
    checkins = [
        checkin(START, 8, back=2, knee_left=3),
        checkin(START, 13, back=4),
        checkin(START, 19, back=9, knee_left=6),
        checkin(START + timedelta(days=1), 9, knee_left=5),
    ]
    daily = daily_pain(checkins, local_date=local_date, today=TODAY)
    assert list(daily) == ["back", "knee-left"]  # in the order of PAIN_REGIONS
    assert daily["back"] == {START: 4.0}
    assert daily["knee-left"] == {START: 4.5, START + timedelta(days=1): 5.0}


def test_days_are_local_and_later_checkins_are_left_out():
    late_evening = PainCheckin(
        id="late", recorded_at=datetime(2026, 3, 2, 23, 30, tzinfo=UTC), scores={"back": 5}
    )
    tomorrow = checkin(TODAY + timedelta(days=1), back=1)
    daily = daily_pain([late_evening, tomorrow], local_date=local_date, today=TODAY)
    assert daily == {"back": {date(2026, 3, 3): 5.0}}  # 00:30 in Berlin


def test_pain_insights_covers_each_scored_region_independently():
    checkins = [checkin(START - timedelta(days=d), back=6) for d in range(1, 8)]
    checkins += [checkin(TODAY - timedelta(days=d), back=3, foot_right=2) for d in range(14)]
    both = pain_insights(checkins, start=START, today=TODAY, local_date=local_date)
    assert [i.region for i in both] == ["back", "foot-right"]
    back_only = [c for c in checkins if "foot-right" not in c.scores] + [
        checkin(TODAY - timedelta(days=d), back=3) for d in range(14)
    ]
    alone = pain_insights(back_only, start=START, today=TODAY, local_date=local_date)
    assert alone[0] == both[0]
    assert both[1].baseline_kind == "early"  # no foot scores before the start


# --- Periods -------------------------------------------------------------------------------


def test_the_baseline_is_the_weeks_before_the_start_when_there_are_enough():
    result = insight(history([6, 7, 6, 6], [3] * 14))
    assert result.baseline_kind == "before-start"
    assert result.baseline == Period(START - timedelta(days=4), START - timedelta(days=1), 4)
    assert result.latest == Period(TODAY - timedelta(days=13), TODAY, 14)


def test_scores_older_than_four_weeks_before_the_start_are_not_a_baseline():
    old = run_of(START - timedelta(days=40), [7, 7, 7, 7])
    result = insight(old | run_of(START + timedelta(days=2), [5] * 40))
    assert result.baseline_kind == "early"
    # The first week from the first score after the start.
    assert result.baseline == Period(START + timedelta(days=2), START + timedelta(days=8), 7)


def test_a_sparse_first_week_gives_way_to_the_first_three_scored_days():
    daily = (
        run_of(START, [6])
        | run_of(START + timedelta(days=5), [6])
        | {START + timedelta(days=12): 6.0}
        | run_of(TODAY - timedelta(days=13), [4] * 14)
    )
    result = insight(daily)
    assert result.baseline == Period(START, START + timedelta(days=12), 3)


def test_the_latest_period_starts_after_the_baseline():
    today = START + timedelta(days=15)
    result = insight(run_of(START, [6] * 16), today=today)
    assert result.baseline == Period(START, START + timedelta(days=6), 7)
    assert result.latest == Period(START + timedelta(days=7), today, 9)
    assert result.comparison is not None
    assert "a median of 6 in the last 9 days, against 6" in result.summary
    assert "The difference on a typical day is 0 points." in result.summary


# --- Too little data -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("daily", "today", "needed"),
    [
        (history([6] * 7, [3, 3]), TODAY, "3 more days with a pain score in the last two weeks"),
        (
            history([6] * 7, [3, 3, 4, 4]),
            TODAY,
            "1 more day with a pain score in the last two weeks",
        ),
        (
            run_of(START, [6] * 9),
            START + timedelta(days=8),
            "3 more days with a pain score after your baseline",
        ),
        (
            history([6] * 7, [4, 4], today=START + timedelta(days=1)),
            START + timedelta(days=1),
            "3 more days with a pain score since your program started",
        ),
        (
            {START: 5.0},
            START,
            "pain scores on 2 more days to set your baseline, then on at least 5 days after it",
        ),
    ],
)
def test_with_too_little_data_it_says_what_more_is_needed(daily, today, needed):
    result = insight(daily, today=today)
    assert result.verdict == "not-enough-data"
    assert result.comparison is None
    assert result.needed == needed
    assert result.summary == (
        "Not enough scores yet to compare your low back pain with a baseline: "
        f"Footwork needs {result.needed}."
    )


def test_a_history_with_no_latest_scores_does_not_fail_before_the_start():
    result = insight(history([6] * 7, []), today=START - timedelta(days=1))
    assert result.needed == "5 more days with a pain score since your program started"


# --- Cross-checks against NumPy and SciPy -----------------------------------------------------

BEFORE = [6.0, 7, 5, 6, 8, 6, 7, 6, 5, 7]
AFTER = [5.0, 4, 6, 3, 4, 5, 4, 3, 5, 4, 2, 4, 5]


def test_medians_and_shift_agree_with_numpy():
    result = insight(history(BEFORE, AFTER))
    c = result.comparison
    assert c is not None
    assert c.baseline_median == np.median(BEFORE)
    assert c.latest_median == np.median(AFTER)
    assert c.shift == np.median([y - x for x in BEFORE for y in AFTER])
    assert c.shift == hodges_lehmann(BEFORE, AFTER)


def hodges_lehmann_along(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    x, y = np.moveaxis(x, axis, -1), np.moveaxis(y, axis, -1)
    differences = y[..., :, None] - x[..., None, :]
    return np.median(differences.reshape(*differences.shape[:-2], -1), axis=-1)


@pytest.mark.parametrize("whole_scores", [False, True])
def test_the_bootstrap_interval_agrees_with_scipy(whole_scores: bool):
    rng = np.random.default_rng(5)
    before = rng.normal(6, 1.5, 12)
    after = rng.normal(4.5, 1.5, 15)
    if whole_scores:
        before, after = np.round(before), np.round(after)
    ours = bootstrap_shift_interval(
        before.tolist(), after.tolist(), confidence=0.95, resamples=20_000, rng=rng
    )
    scipy = stats.bootstrap(
        (before, after),
        hodges_lehmann_along,
        n_resamples=20_000,
        method="percentile",
        vectorized=True,
        rng=np.random.default_rng(6),
    ).confidence_interval
    # Bootstrap noise only: whole scores move the ends in half points.
    tolerance = 0.5 if whole_scores else 0.1
    assert ours.low == pytest.approx(scipy.low, abs=tolerance)
    assert ours.high == pytest.approx(scipy.high, abs=tolerance)


def test_the_trend_is_scipys_theil_sen_slope_per_week():
    rng = np.random.default_rng(2)
    days = [d for d in range(-14, 42) if rng.random() > 0.3]
    values = [float(np.clip(np.round(6 - 0.05 * d + rng.normal(0, 1.2)), 0, 10)) for d in days]
    daily = {START + timedelta(days=d): v for d, v in zip(days, values, strict=True)}
    trend = insight(daily).trend
    assert trend is not None
    x = np.array(days, dtype=float) - days[0]
    expected = stats.theilslopes(values, x, alpha=0.95)
    assert trend.per_week == pytest.approx(expected.slope * 7)
    assert trend.interval.low == pytest.approx(expected.low_slope * 7)
    assert trend.interval.high == pytest.approx(expected.high_slope * 7)
    assert trend.days == len(days)
    pairwise = [
        (values[j] - values[i]) / (x[j] - x[i]) for i in range(len(x)) for j in range(i + 1, len(x))
    ]
    assert trend.per_week == pytest.approx(np.median(pairwise) * 7)


def test_adherence_is_compared_with_pain_the_same_day_and_the_next_day():
    rng = np.random.default_rng(3)
    ratios = {START + timedelta(days=i): float(rng.uniform()) for i in range(30)}
    # Pain the day after is set by the day's adherence alone; same-day pain is unrelated to it.
    pain = {day + timedelta(days=1): round(8 - 5 * r) for day, r in ratios.items()}
    daily = history([6] * 7, []) | {d: float(v) for d, v in pain.items() if d <= TODAY}
    result = insight(daily, adherence=ratios)
    same, following = result.adherence_same_day, result.adherence_next_day
    assert same is not None and following is not None
    pairs = [(ratios[d], daily[d + timedelta(days=1)]) for d in ratios]
    rho, p = stats.spearmanr(*zip(*pairs, strict=True))
    assert following.pairs == 30
    assert following.rho == pytest.approx(rho) and following.p_value == pytest.approx(p)
    assert following.rho == pytest.approx(-1.0, abs=0.02)
    same_pairs = [(ratios[d], daily[d]) for d in ratios if d in daily]
    assert same.pairs == len(same_pairs) == 29
    ranks = [stats.rankdata(side) for side in zip(*same_pairs, strict=True)]
    assert same.rho == pytest.approx(np.corrcoef(*ranks)[0, 1])
    assert any("your pain the next day tended to be lower" in n for n in result.notes)
    assert any("that does not show that one caused the other" in n for n in result.notes)


def test_a_correlation_with_something_that_never_varies_is_left_out_without_a_warning():
    always = dict.fromkeys((START + timedelta(days=i) for i in range(20)), 1.0)
    daily = history([6] * 7, []) | run_of(START, [3, 4] * 10)
    result = insight(daily, adherence=always)
    assert result.adherence_same_day is not None
    assert result.adherence_same_day.rho is None and result.adherence_same_day.pairs == 20
    assert any("has been the same every day" in n for n in result.notes)
    assert spearman([1, 2, 3], [4, 4, 4]).rho is None


def test_too_few_paired_days_says_how_many_are_needed():
    ratios = {START + timedelta(days=i): 0.5 + i / 20 for i in range(6)}
    result = insight(history([6] * 7, [3] * 14), adherence=ratios)
    assert result.adherence_same_day is not None and result.adherence_same_day.rho is None
    assert any("needs at least 10 days" in n and "so far there are 0" in n for n in result.notes)


def test_no_adherence_figures_means_no_correlation():
    result = insight(history([6] * 7, [3] * 14))
    assert result.adherence_same_day is None and result.adherence_next_day is None


@pytest.mark.parametrize(
    "change", [{"min_latest_days": 1}, {"min_trend_days": 2}, {"confidence": 1.0}]
)
def test_settings_that_cannot_work_are_refused(change: dict[str, float]):
    with pytest.raises(ValueError):
        InsightSettings(**change)


def test_the_statistics_refuse_what_they_cannot_compute():
    with pytest.raises(ValueError):
        hodges_lehmann([], [1.0])
    with pytest.raises(ValueError):
        bootstrap_shift_interval([1.0], [1.0, 2.0], confidence=0.95, resamples=10, rng=None)
    with pytest.raises(ValueError):
        theil_sen([1.0, 2.0], [3.0, 4.0], confidence=0.95)


# --- Properties --------------------------------------------------------------------------------

QUICK = InsightSettings(resamples=200)
scores = st.integers(min_value=0, max_value=10).map(float)


@settings(max_examples=80, deadline=None)
@given(
    scores_from_30_days_before=st.lists(
        st.one_of(st.none(), scores, scores), min_size=30, max_size=72
    ),
    today_offset=st.integers(min_value=-5, max_value=41),
)
def test_the_verdict_follows_the_numbers(
    scores_from_30_days_before: list[float | None], today_offset: int
):
    today = START + timedelta(days=today_offset)
    first = START - timedelta(days=30)
    daily = {
        first + timedelta(days=i): v
        for i, v in enumerate(scores_from_30_days_before)
        if v is not None
    }
    result = insight(daily, today=today, settings=QUICK)
    c = result.comparison
    event("compared" if c is not None else "not enough data")
    assert (result.verdict == "not-enough-data") == (c is None) == (result.needed is not None)
    for period in (result.baseline, result.latest):
        assert period is None or period.first <= period.last <= today
    if c is None:
        return
    assert result.baseline is not None and result.latest is not None
    assert result.baseline.last < result.latest.first
    assert result.latest.first > today - timedelta(days=14)
    assert result.baseline.days >= 3 and result.latest.days >= 5
    assert c.median_change == c.latest_median - c.baseline_median
    assert c.shift_interval.low <= c.shift_interval.high
    assert (result.verdict in IMPROVED) == (c.shift_interval.high < 0)
    assert (result.verdict == "more-pain") == (c.shift_interval.low > 0)
    assert (result.verdict == "less-pain") == (result.verdict in IMPROVED and c.shift <= -2)
    assert result.summary.endswith(CAVEAT) and not CAUSAL.search(result.summary)


def test_the_insight_modules_import_nothing_that_does_io():
    code = (
        "import sys, footwork.core.insight, footwork.core.insight_stats; "
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    forbidden = {"sqlalchemy", "fastapi", "typer", "rich", "footwork.store", "footwork.cli"}
    assert not {m for m in loaded if m in forbidden or m.split(".")[0] in forbidden}


# --- At the edges ------------------------------------------------------------------------------


def test_a_trend_needs_seven_scored_days_and_no_more():
    assert insight(run_of(START, [5, 6, 5, 6, 5, 6, 5]), today=START + timedelta(days=6)).trend
    assert not insight(run_of(START, [5, 6, 5, 6, 5, 6]), today=START + timedelta(days=5)).trend


def test_a_score_four_weeks_before_the_start_still_counts_and_no_scores_mean_no_baseline():
    four_weeks = [START - timedelta(days=28), START - timedelta(days=2), START - timedelta(days=1)]
    assert baseline_days_of(four_weeks, START, TODAY, InsightSettings()) == (
        "before-start",
        four_weeks,
    )
    assert baseline_days_of([], START, TODAY, InsightSettings()) == ("early", [])
    lonely = insight({START - timedelta(days=1): 5.0}, today=START - timedelta(days=1))
    assert lonely.baseline_kind is None and lonely.baseline is None


def test_a_checkin_after_today_does_not_hide_the_ones_after_it():
    later, earlier = checkin(TODAY + timedelta(days=1), back=9), checkin(TODAY, back=4)
    assert daily_pain([later, earlier], local_date=local_date, today=TODAY) == {
        "back": {TODAY: 4.0}
    }


def test_pain_insights_passes_adherence_settings_and_wording_on_to_each_region():
    days = [TODAY - timedelta(days=i) for i in range(30)]
    checkins = [checkin(d, back=3 + i % 4) for i, d in enumerate(days)]
    ratios = {d: (i % 5) / 4 for i, d in enumerate(days)}
    quick = InsightSettings(resamples=50, min_pairs=5, seed=4)
    (result,) = pain_insights(checkins, start=START, today=TODAY, local_date=local_date,
                              adherence=ratios, settings=quick, wording=COMMA)  # fmt: skip
    daily = daily_pain(checkins, local_date=local_date, today=TODAY)["back"]
    expected = region_insight("back", daily, start=START, today=TODAY, adherence=ratios,
                              settings=quick, wording=COMMA)  # fmt: skip
    assert result == expected
    assert result != region_insight("back", daily, start=START, today=TODAY, adherence=ratios)


def test_the_same_history_gives_the_same_interval_every_time():
    rng = np.random.default_rng(11)
    daily = history(list(rng.uniform(5, 8, 9)), list(rng.uniform(3, 7, 14)))
    first = insight(daily, settings=QUICK).comparison
    assert first is not None
    for _ in range(3):
        again = insight(daily, settings=QUICK).comparison
        assert again is not None and again.shift_interval == first.shift_interval


def test_the_smallest_settings_that_work_are_taken_and_the_refusals_say_why():
    InsightSettings(min_baseline_days=2, min_latest_days=2, min_trend_days=3, resamples=1)
    with pytest.raises(ValueError, match=r"^a period needs at least 2 days, a trend at least 3$"):
        InsightSettings(min_trend_days=2)
    with pytest.raises(
        ValueError, match=r"^confidence must be between 0 and 1, resamples at least 1$"
    ):
        InsightSettings(confidence=0.0)
    with pytest.raises(ValueError, match=r"resamples at least 1$"):
        InsightSettings(resamples=0)
