"""The pain insight's verdicts and the words they are said in: each verdict at the 2-point
mark, each sentence exactly, every figure in the wording's number format, the notes on the
trend and on adherence, and never a word that the exercises caused a change. The helpers are
test_insight.py's."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from footwork.core.insight_periods import InsightSettings
from footwork.core.insight_words import CAVEAT, ENGLISH_WORDING, Wording
from footwork.i18n import translator
from tests.unit.test_insight import CAUSAL, COMMA, START, TODAY, history, insight, run_of

# --- Verdicts and words ----------------------------------------------------------------------


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


# --- The words, exactly (each figure, each branch) -------------------------------------------


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
