"""The pain insight: periods, verdicts and words, with every number cross-checked against
NumPy and SciPy. The error rates on simulated people are in test_insight_validation.py."""

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
from footwork.core.insight_words import CAVEAT, ENGLISH_WORDING, Wording
from footwork.core.records import PainCheckin
from footwork.i18n import translator

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


# --- Verdicts and words ----------------------------------------------------------------------

CAUSAL = re.compile(
    r"because|thanks to|caused by|the exercises (helped|worked|reduced|made)|reduced your|"
    r"(is|are) working",
    re.IGNORECASE,
)


def alternating(a: float, b: float, n: int) -> list[float]:
    return [a if i % 2 == 0 else b for i in range(n)]


def test_a_drop_of_3_points_is_less_pain_by_at_least_the_mcid():
    result = insight(history(alternating(6, 7, 14), alternating(3, 4, 14)))
    assert result.verdict == "less-pain"
    c = result.comparison
    assert c is not None and c.reaches_mcid and c.clear and not c.suggest_clinician
    assert (c.baseline_median, c.latest_median, c.median_change, c.shift) == (6.5, 3.5, -3, -3)
    assert result.summary.startswith(
        "Your low back pain is lower than before you started: a median of 3.5 in the last two "
        "weeks, against 6.5. A typical day is about 3 points lower"
    )
    assert "as large as the 2 points most people notice" in result.summary
    assert result.summary.endswith(CAVEAT)


def test_a_clear_drop_under_2_points_is_said_to_be_smaller_than_people_notice():
    result = insight(history(alternating(5, 6, 14), alternating(4, 5, 14)))
    assert result.verdict == "less-pain-small"
    assert result.comparison is not None and not result.comparison.reaches_mcid
    assert "a clear drop, but smaller than the 2 points most people notice" in result.summary


def test_a_drop_of_exactly_2_points_reaches_the_mcid():
    # Baseline 6, 7, 6, 7...; latest 4, 5, 4, 5...: the latest-minus-baseline differences are
    # -3, -2, -2 and -1 equally often, so the Hodges-Lehmann shift is exactly -2.
    result = insight(history(alternating(6, 7, 14), alternating(4, 5, 14)))
    c = result.comparison
    assert c is not None and c.shift == -2 and c.clear
    assert c.reaches_mcid and not c.suggest_clinician
    assert result.verdict == "less-pain"
    assert "as large as the 2 points most people notice" in result.summary


def test_a_rise_of_exactly_2_points_suggests_a_clinician():
    result = insight(history(alternating(3, 4, 14), alternating(5, 6, 14)))
    c = result.comparison
    assert c is not None and c.shift == 2 and c.clear
    assert c.suggest_clinician and not c.reaches_mcid
    assert result.verdict == "more-pain"
    assert "A rise of 2 points or more is worth talking over with your doctor" in result.summary


def test_a_change_just_under_2_points_is_below_the_mcid_either_way():
    # Half a point less than the examples above: a shift of 1.5, not 2.
    drop = insight(history(alternating(6, 7, 14), alternating(4.5, 5.5, 14))).comparison
    rise = insight(history(alternating(3, 4, 14), alternating(4.5, 5.5, 14))).comparison
    assert drop is not None and drop.shift == -1.5 and not drop.reaches_mcid
    assert rise is not None and rise.shift == 1.5 and not rise.suggest_clinician


def test_the_same_pain_is_no_clear_change():
    result = insight(history(alternating(5, 6, 14), alternating(6, 5, 14)))
    assert result.verdict == "no-clear-change"
    assert result.summary.startswith(
        "No clear change in your low back pain compared with the weeks before you started"
    )
    assert "The difference on a typical day is 0 points." in result.summary


def test_a_big_but_uncertain_rise_is_no_verdict_yet_but_mentions_a_clinician():
    result = insight(history([1, 9, 2], [8, 2, 9, 4, 7]))
    assert result.verdict == "no-clear-change"
    c = result.comparison
    assert c is not None and c.shift >= 2 and not c.clear and c.suggest_clinician
    assert "More days of scores will make it clearer." in result.summary
    assert "doctor or physiotherapist" in result.summary


def test_a_rise_of_3_points_is_more_pain_with_a_gentle_word_about_a_clinician():
    result = insight(history(alternating(3, 4, 14), alternating(6, 7, 14)))
    assert result.verdict == "more-pain"
    assert result.comparison is not None and result.comparison.suggest_clinician
    assert "A rise of 2 points or more is worth talking over with your doctor" in result.summary
    assert "Stop any exercise that brings on sharp or worsening pain." in result.summary


def test_a_small_clear_rise_suggests_a_clinician_only_if_it_keeps_rising():
    result = insight(history(alternating(4, 5, 14), alternating(5, 6, 14)))
    assert result.verdict == "more-pain"
    assert result.comparison is not None and not result.comparison.suggest_clinician
    assert "If it keeps rising, talk it over with your doctor or physiotherapist." in (
        result.summary
    )


def test_an_early_baseline_is_named_as_such():
    result = insight(run_of(START, [7] * 7) | run_of(TODAY - timedelta(days=13), [3] * 14))
    assert result.baseline_kind == "early"
    assert result.summary.startswith("Your low back pain is lower than when you started")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (alternating(6, 7, 14), alternating(3, 4, 14)),
        (alternating(5, 6, 14), alternating(4, 5, 14)),
        (alternating(5, 6, 14), alternating(5, 6, 14)),
        (alternating(3, 4, 14), alternating(6, 7, 14)),
        ([6, 6], [3]),
    ],
)
def test_the_words_never_claim_that_the_exercises_caused_a_change(before, after):
    result = insight(history(before, after), adherence=dict.fromkeys(history([], after), 1.0))
    for sentence in (result.summary, *result.notes):
        assert not CAUSAL.search(sentence), sentence
    if result.verdict != "not-enough-data":
        assert result.summary.endswith(CAVEAT)
        assert "exercise" not in result.summary.replace("Stop any exercise", "")


def test_the_same_history_gives_the_same_result_and_the_seed_only_moves_the_interval():
    daily = history([6, 7, 5, 6, 8, 6, 7], [5, 4, 6, 3, 4, 5, 4, 3, 5, 4])
    assert insight(daily) == insight(daily)
    other = insight(daily, settings=InsightSettings(seed=7))
    assert other.comparison is not None and insight(daily).comparison is not None
    assert other.comparison.shift == insight(daily).comparison.shift


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


# --- The words, exactly (each figure, each branch) -------------------------------------------

COMMA = Wording(number=lambda value, digits: f"{value:.{digits}f}".replace(".", ","))
"""A language that writes 2,5: every figure must go through the wording's number format."""
NOT_CAUSE = (
    "This compares your scores over time; it cannot tell what caused a change: time, other "
    "treatment, activity and many other things change pain too."
)
KEEPS_RISING = "If it keeps rising, talk it over with your doctor or physiotherapist."
DOWN_21_DAYS = run_of(START, [8 - 0.25 * i for i in range(21)])


@pytest.mark.parametrize(
    ("before", "after", "summary"),
    [
        (
            [5] * 7,
            [6] * 14,
            "Your low back pain is higher than before you started: a median of 6 in the last two "
            "weeks, against 5. A typical day is about 1 point higher. If it keeps rising, talk "
            "it over with your doctor or physiotherapist.",
        ),
        (
            [5] * 7,
            [5.96] * 14,
            f"about 1 point higher. {KEEPS_RISING}",
        ),
        (
            [5] * 7,
            [6.4] * 14,
            f"about 1.4 points higher. {KEEPS_RISING}",
        ),
        (
            alternating(5, 6, 14),
            alternating(4, 5, 14),
            "Your low back pain is lower than before you started: a median of 4.5 in the last "
            "two weeks, against 5.5. A typical day is about 1 point lower: a clear drop, but "
            "smaller than the 2 points most people notice.",
        ),
        (
            alternating(6, 7, 14),
            alternating(3, 4, 14),
            "A typical day is about 3 points lower: as large as the 2 points most people "
            "notice as a real change, or larger.",
        ),
        (
            alternating(5, 6, 14),
            alternating(6, 5, 14),
            "No clear change in your low back pain compared with the weeks before you started: "
            "a median of 5.5 in the last two weeks, against 5.5. The difference on a typical "
            "day is 0 points.",
        ),
        (
            [1, 9, 2],
            [8, 2, 9, 4, 7],
            "The difference on a typical day, 2 points higher, is within what the ups and downs "
            "of your scores can give (likely between 5 points lower and 7 points higher). More "
            "days of scores will make it clearer. A rise of 2 points or more is worth talking "
            "over with your doctor or physiotherapist. Stop any exercise that brings on sharp "
            "or worsening pain.",
        ),
        (
            [5, 6, 7, 4],
            [2, 7, 3, 6, 4],
            "The difference on a typical day, 1 point lower, is within what the ups and downs "
            "of your scores can give (likely between 3 points lower and 1 point higher).",
        ),
    ],
)
def test_each_verdict_is_said_in_whole_sentences(before, after, summary):
    said = insight(history(before, after)).summary
    assert said.endswith(f"{summary} {NOT_CAUSE}")
    assert said.startswith("Your low back pain is") or said.startswith("No clear change")


def test_a_clear_change_gives_its_likely_range_in_points():
    lower = insight(DOWN_21_DAYS, today=START + timedelta(days=20))
    assert lower.summary == (
        "Your low back pain is lower than when you started: a median of 4.6 in the last two "
        "weeks, against 7.2. A typical day is about 2.6 points lower (likely between 1.8 and 3.5 "
        "points lower): as large as the 2 points most people notice as a real change, or "
        f"larger. {NOT_CAUSE}"
    )
    higher = insight(
        run_of(START, [2 + 0.1 * i + (0.3 if i % 2 else 0) for i in range(21)]),
        today=START + timedelta(days=20),
    )
    assert "A typical day is about 1 point higher (likely between 0.8 and 1.4 points higher). " in (
        higher.summary
    )
    assert higher.notes == (
        "Since 2 March, your pain has been going up by about 0.7 points a week.",
    )


def test_every_figure_is_written_in_the_wordings_number_format():
    lower = insight(DOWN_21_DAYS, today=START + timedelta(days=20), wording=COMMA)
    assert "a median of 4,6 in the last two weeks, against 7,2. A typical day is about 2,6 " in (
        lower.summary
    )
    assert "(likely between 1,8 and 3,5 points lower)" in lower.summary
    assert lower.notes == (
        "Since 2 March, your pain has been going down by about 1,8 points a week.",
    )
    unclear = insight(history([5, 6, 7, 4], [2, 7, 3, 6, 4]), wording=COMMA).summary
    assert "(likely between 3,0 points lower and 1,0 point higher)" in unclear
    assert ENGLISH_WORDING.number(-0.04, 1) == "0" and ENGLISH_WORDING.number(3.0, 1) == "3"
    assert ENGLISH_WORDING.number(0.456, 2) == "0.46"


def test_a_trend_is_said_with_its_day_direction_and_likely_range():
    result = insight(history(alternating(6, 7, 14), alternating(3, 4, 14)))
    assert result.notes == (
        "Since 16 February, your pain has been going down by about 0.4 points a week (likely "
        "between 0.3 and 0.5).",
    )
    rising = insight(history(alternating(3, 4, 14), alternating(6, 7, 14)))
    assert rising.notes[0].startswith("Since 16 February, your pain has been going up by about")
    flat = insight(history([5] * 7, [6] * 14))
    assert flat.notes == ("Since 23 February, your pain shows no clear upward or downward trend.",)


def test_a_trend_needs_seven_scored_days_and_no_more():
    assert insight(run_of(START, [5, 6, 5, 6, 5, 6, 5]), today=START + timedelta(days=6)).trend
    assert not insight(run_of(START, [5, 6, 5, 6, 5, 6]), today=START + timedelta(days=5)).trend


ADHERENCE_RNG_DAYS = [START + timedelta(days=i) for i in range(30)]


def test_adherence_notes_say_the_way_the_figures_and_what_they_do_not_show():
    rng = np.random.default_rng(3)
    ratios = {day: float(rng.uniform()) for day in ADHERENCE_RNG_DAYS}
    # Pain the next day rises with the day's adherence; the same day it is unrelated.
    pain = {day + timedelta(days=1): float(round(2 + 5 * r)) for day, r in ratios.items()}
    daily = history([6] * 7, []) | {d: v for d, v in pain.items() if d <= TODAY}
    result = insight(daily, adherence=ratios, wording=COMMA)
    same, following = result.adherence_same_day, result.adherence_next_day
    assert same is not None and same.rho is not None and same.p_value is not None
    assert following is not None and following.rho is not None
    assert same.p_value > 0.05 and 0 < following.rho < 1
    assert result.notes[1:] == (
        "Your pain the same day did not clearly go with how much of your exercises you did "
        f"(Spearman's rho {same.rho:.2f} over 29 days).".replace(".", ",", 1),
        "On days when you did more of your exercises, your pain the next day tended to be "
        f"higher (Spearman's rho {following.rho:.2f} over 30 days).".replace(".", ",", 1)
        + " The two went together; that does not show that one caused the other (on a bad "
        "day, for one, exercising is harder).",
    )


def test_adherence_notes_at_and_under_the_number_of_days_they_need():
    ten = {TODAY - timedelta(days=i): 0.1 * i for i in range(10)}
    result = insight(history([6] * 7, [3, 4] * 7), adherence=ten)
    assert result.adherence_same_day is not None and result.adherence_same_day.pairs == 10
    assert result.notes[1].startswith("Your pain the same day did not clearly go with")
    needs = "How your pain goes with doing the exercises needs at least 10 days with both a "
    one = insight(history([6] * 7, [3] * 14), adherence={TODAY: 0.5})
    assert one.notes[1:] == (f"{needs}pain score and exercises due; so far there is 1.",)
    none = insight(history([6] * 7, [3] * 14), adherence={START: 0.5})
    assert none.notes[1:] == (f"{needs}pain score and exercises due; so far there are 0.",)
    always = dict.fromkeys(ADHERENCE_RNG_DAYS[:20], 1.0)
    flat = insight(history([6] * 7, []) | run_of(START, [3, 4] * 10), adherence=always)
    assert [note.split(" and doing")[0] for note in flat.notes[1:]] == [
        "Pain the same day",
        "Pain the next day",
    ]


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


def test_a_rise_under_one_point_inside_the_ups_and_downs_is_still_higher():
    summary = insight(history([5, 6, 6, 5], [6, 6, 5, 7, 6])).summary
    assert "The difference on a typical day, 0.5 points higher, is within what the ups and " in (
        summary
    )
    assert "(likely between 0 points and 1 point higher)" in summary


def test_the_days_are_counted_in_the_persons_language():
    german = Wording(text=translator("de"))
    nine = insight(run_of(START, [6] * 16), today=START + timedelta(days=15), wording=german)
    assert "ein Median von 6 in den letzten 9 Tagen gegenüber 6." in nine.summary
    first = insight({START: 5.0}, today=START, wording=german)
    assert first.needed == (
        "Schmerzwerte für 2 weitere Tage für Ihren Ausgangswert, danach für mindestens 5 Tage"
    )
    one = InsightSettings(min_pairs=1)
    none_yet = insight(history([6] * 7, [3] * 14), adherence={START: 0.5}, settings=one)
    assert none_yet.notes[1] == (
        "How your pain goes with doing the exercises needs at least 1 day with both a pain "
        "score and exercises due; so far there are 0."
    )
