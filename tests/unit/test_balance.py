"""The balance test's core: the plan of tries, best of three, the age reference and its words."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.core.balance import (
    CAP_S,
    REFERENCE_BANDS,
    TRIES_PER_LEG,
    VERDICT_WORDS,
    BalanceRun,
    Trial,
    about_range,
    age_in,
    band_for,
    best_of,
    birth_year_problem,
    capped,
    compare_time,
    compare_with_age,
    parse_sex,
    plan_trials,
    reference_document,
    reference_for,
)
from tests.builders import Shouting

seconds = st.floats(min_value=-10, max_value=1000, allow_nan=False, allow_infinity=False)
three_tries = st.lists(seconds, min_size=3, max_size=3)


def run_with(times: list[float], *, eyes_closed_too: bool = True) -> BalanceRun:
    run = BalanceRun(plan_trials(eyes_closed_too=eyes_closed_too))
    for value in times:
        run = run.record(value)
    return run


# -- the plan -------------------------------------------------------------------------------


def test_the_plan_has_three_tries_per_leg_eyes_open_first_legs_alternating():
    trials = plan_trials()
    assert len(trials) == 12
    assert trials[:4] == (
        Trial(eyes_closed=False, leg="left", attempt=1),
        Trial(eyes_closed=False, leg="right", attempt=1),
        Trial(eyes_closed=False, leg="left", attempt=2),
        Trial(eyes_closed=False, leg="right", attempt=2),
    )
    assert all(not t.eyes_closed for t in trials[:6])
    assert all(t.eyes_closed for t in trials[6:])
    for closed in (False, True):
        for leg in ("left", "right"):
            attempts = [t.attempt for t in trials if t.eyes_closed == closed and t.leg == leg]
            assert attempts == list(range(1, TRIES_PER_LEG + 1))


def test_the_lifted_foot_is_the_other_one():
    assert Trial(eyes_closed=False, leg="left", attempt=1).lifted == "right"
    assert Trial(eyes_closed=False, leg="right", attempt=1).lifted == "left"


def test_eyes_open_only_plans_six_tries():
    trials = plan_trials(eyes_closed_too=False)
    assert len(trials) == 6
    assert not any(t.eyes_closed for t in trials)
    assert run_with([10] * 6, eyes_closed_too=False).conditions() == (False,)


def test_next_trial_walks_the_plan_then_stops():
    run = BalanceRun()
    seen = []
    while run.next_trial is not None:
        seen.append(run.next_trial)
        run = run.record(5)
    assert tuple(seen) == plan_trials()
    assert run.finished
    with pytest.raises(ValueError, match="already recorded"):
        run.record(3)


def test_recording_returns_a_new_run():
    run = BalanceRun()
    after = run.record(12.34)
    assert run.times == ()
    assert after.times == (12.3,)


# -- time arithmetic ------------------------------------------------------------------------


@given(seconds)
def test_a_try_is_capped_between_zero_and_45(value):
    assert 0 <= capped(value) <= CAP_S
    if 0 <= value <= CAP_S:
        assert abs(capped(value) - value) <= 0.05 + 1e-9


@pytest.mark.parametrize(
    ("value", "recorded"),
    [(44.9, 44.9), (44.94, 44.9), (45.0, 45.0), (45.01, 45.0), (60.0, 45.0), (-0.1, 0.0)],
)
def test_the_cap_is_exactly_45_seconds(value: float, recorded: float):
    assert CAP_S == 45.0
    assert capped(value) == recorded


def test_capped_rejects_nan():
    with pytest.raises(ValueError):
        capped(math.nan)


@given(three_tries)
def test_best_of_three_is_the_largest_capped_try_and_never_above_45(tries):
    best = best_of(tries)
    assert best is not None
    assert best <= CAP_S
    assert best == max(capped(t) for t in tries)
    assert all(best >= capped(t) for t in tries)


def test_best_of_nothing_is_none():
    assert best_of([]) is None


@given(st.lists(seconds, min_size=12, max_size=12))
def test_results_are_the_best_per_leg_and_condition(times):
    run = run_with(times)
    by = {(t.eyes_closed, t.leg): [] for t in run.trials}
    for trial, value in zip(run.trials, times, strict=True):
        by[(trial.eyes_closed, trial.leg)].append(value)
    for result in run.results():
        assert result.complete
        assert result.left_s == best_of(by[(result.eyes_closed, "left")])
        assert result.right_s == best_of(by[(result.eyes_closed, "right")])
        assert result.left_s is not None and result.left_s <= CAP_S
        assert result.right_s is not None and result.right_s <= CAP_S


@given(st.integers(min_value=0, max_value=11))
def test_a_condition_is_complete_only_once_its_six_tries_are_in(count):
    run = run_with([20.0] * count)
    open_result, closed_result = run.results()
    assert open_result.complete == (count >= 6)
    assert closed_result.complete is False
    if count == 0:
        assert open_result.left_s is None and open_result.right_s is None


def test_a_try_past_the_cap_counts_as_45():
    run = run_with([50.0, 3.0])
    assert run.times == (45.0, 3.0)
    assert run.result(False).left_s == 45.0
    assert run.result(False).right_s == 3.0


# -- the reference --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "label"),
    [(18, "18-39"), (39, "18-39"), (40, "40-49"), (59, "50-59"), (65, "60-69"), (79, "70-79"),
     (80, "80+"), (101, "80+")],
)  # fmt: skip
def test_age_bands(age, label):
    band = band_for(age)
    assert band is not None and band.label == label


@pytest.mark.parametrize("age", [-1, 0, 12, 17, 121])
def test_no_reference_outside_the_studied_ages(age):
    assert band_for(age) is None
    assert reference_for(age, False, None) is None
    assert reference_for(age, True, "female") is None


def test_reference_values_as_transcribed():
    assert reference_for(30, False, None) == 44.7
    assert reference_for(65, False, "female") == 32.1
    assert reference_for(85, False, "male") == 9.4
    assert reference_for(30, True, "female") == 13.1
    assert reference_for(30, True, "male") == 16.9
    assert reference_for(75, True, "M") == 2.6
    assert reference_for(45, True, None) == pytest.approx((13.5 + 12.0) / 2)


def test_the_reference_falls_with_age_eyes_open():
    values = [band.eyes_open_s for band in REFERENCE_BANDS]
    assert values == sorted(values, reverse=True)
    assert all(0 < v <= CAP_S for v in values)


def test_bands_cover_18_to_120_without_gaps():
    assert all(band_for(age) is not None for age in range(18, 121))
    for earlier, later in itertools.pairwise(REFERENCE_BANDS):
        assert earlier.high is not None and later.low == earlier.high + 1


def test_parse_sex():
    assert parse_sex(None) is None
    assert parse_sex(" ") is None
    assert parse_sex("Female") == "female"
    assert parse_sex("m") == "male"
    with pytest.raises(ValueError, match="expected female or male"):
        parse_sex("other")


@given(st.floats(min_value=0, max_value=CAP_S), st.floats(min_value=0.5, max_value=CAP_S))
def test_about_range_surrounds_the_reference_within_the_cap(best, reference):
    low, high = about_range(reference)
    assert 0 <= low <= reference <= high <= CAP_S
    verdict = compare_time(best, reference)
    assert verdict == ("below" if best < low else "above" if best > high else "about")


def test_comparison_words_are_plain_and_never_alarming():
    assert compare_time(32.0, 32.1) == "about"
    assert compare_time(10.0, 32.1) == "below"
    assert compare_time(45.0, 21.5) == "above"
    assert compare_time(45.0, 44.7) == "about"  # at the cap, young people are about average
    assert compare_time(1.0, 2.1) == "about"  # within 2 s of a small reference
    for words in VERDICT_WORDS.values():
        assert "average for your age" in words
        for alarming in ("risk", "fall", "danger", "abnormal", "poor", "fail"):
            assert alarming not in words


def test_compare_with_age():
    comparison = compare_with_age(30.23, age=64, eyes_closed=False)
    assert comparison is not None
    assert comparison.verdict == "about"
    assert comparison.band.label == "60-69"
    assert comparison.sentence("left") == (
        "Left leg: 30.2 s, about the average for your age (people aged 60-69 averaged about 32 s)."
    )
    assert compare_with_age(None, age=64, eyes_closed=False) is None
    assert compare_with_age(20.0, age=None, eyes_closed=False) is None
    assert compare_with_age(20.0, age=15, eyes_closed=True) is None
    closed = compare_with_age(12.0, age=30, eyes_closed=True, sex="male")
    assert closed is not None and closed.reference_s == 16.9


def test_age_in():
    assert age_in(2026, 1960) == 66


def test_reference_document_is_json_and_matches_the_python_rule():
    document = json.loads(json.dumps(reference_document()))
    assert document["cap_s"] == CAP_S
    assert document["tries_per_leg"] == 3
    assert document["legs"] == ["left", "right"]
    assert len(document["trials"]) == 12
    assert document["trials"][0] == {
        "eyes_closed": False,
        "leg": "left",
        "lifted": "right",
        "attempt": 1,
    }
    assert document["checked"] == {"open": True, "closed": False}
    assert document["not_compared"].startswith("not compared")
    assert [b["label"] for b in document["bands"]] == [b.label for b in REFERENCE_BANDS]
    sixties = document["bands"][3]
    assert sixties["open"]["reference"] == 32.1
    low, high = about_range(32.1)
    assert (sixties["open"]["about_low"], sixties["open"]["about_high"]) == (low, high)
    assert document["words"]["below"] == "below the average for your age"


def test_the_balance_core_imports_nothing_that_does_io():
    code = "import sys, footwork.core.balance; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    forbidden = {"sqlalchemy", "fastapi", "typer", "rich", "sqlite3", "footwork.store",
                 "footwork.cli", "footwork.player", "footwork.web"}  # fmt: skip
    assert not {m for m in loaded if m in forbidden or m.split(".")[0] in forbidden}


def test_only_the_chosen_leg_gets_a_verdict():
    from footwork.core.balance import ConditionResult, leg_sentences

    result = ConditionResult(eyes_closed=False, left_s=40.0, right_s=12.0, complete=True)
    left = leg_sentences(result, chosen="left", age=70)
    assert left[0].startswith("Left leg: 40.0 s, above the average")
    assert (
        left[1]
        == "Right leg: 12.0 s (not compared: the study timed only the leg each person chose)."
    )
    right = leg_sentences(result, chosen="right", age=70)
    assert right[0].startswith("Right leg: 12.0 s, below the average")
    assert leg_sentences(result, chosen="left", age=None) == []  # no age, no verdict at all
    one_leg = ConditionResult(eyes_closed=True, left_s=None, right_s=3.0, complete=False)
    assert leg_sentences(one_leg, chosen="left", age=70) == []
    (closed,) = leg_sentences(one_leg, chosen="right", age=70)
    assert closed.endswith("; not yet confirmed against the paper).")


@pytest.mark.parametrize(
    ("given", "sex"),
    [("female", "female"), (" F ", "female"), ("Woman", "female"), ("women", "female"),
     ("male", "male"), ("M", "male"), ("man", "male"), ("MEN", "male"), ("", None), (None, None)],
)  # fmt: skip
def test_every_spelling_of_sex_is_read(given, sex):
    assert parse_sex(given) == sex


def test_an_unknown_sex_and_a_time_that_is_no_number_are_refused_in_these_words():
    with pytest.raises(ValueError) as error:
        parse_sex("x")
    assert str(error.value) == "'x': expected female or male"
    with pytest.raises(ValueError) as error:
        capped(float("nan"))
    assert str(error.value) == "a try's time must be a number of seconds"


@pytest.mark.parametrize(("year", "problem"), [(1899, True), (1900, False), (2026, False),
                                               (2027, True)])  # fmt: skip
def test_a_birth_year_is_taken_from_1900_to_this_year(year, problem):
    said = birth_year_problem(year, this_year=2026)
    assert said == ("give a year from 1900 to 2026" if problem else None)


def test_a_finished_run_refuses_another_try_in_these_words():
    run = run_with([10.0] * 6, eyes_closed_too=False)
    with pytest.raises(ValueError) as error:
        run.record(3)
    assert str(error.value) == "every try is already recorded"


def test_a_condition_is_complete_by_its_own_planned_tries():
    open_only = run_with([10.0] * 6, eyes_closed_too=False)
    assert open_only.result(False).complete
    # Eyes closed was not planned: nothing to complete, so it is not complete.
    assert not open_only.result(True).complete
    one_try = BalanceRun((Trial(eyes_closed=False, leg="left", attempt=1),)).record(10.0)
    assert one_try.result(False).complete
    assert one_try.result(False).left_s == 10.0 and one_try.result(False).right_s is None


def test_the_about_range_is_given_to_a_hundredth_of_a_second():
    assert about_range(32.1) == (25.68, 38.52)  # 20 % either side
    assert about_range(10.01) == (8.01, 12.01)  # 2 s either side, not 8.008
    assert about_range(4.35) == (2.35, 6.35)


def test_the_chosen_legs_sentence_uses_the_sex_the_catalogue_and_the_number_format():
    from footwork.core.balance import ConditionResult, leg_sentences

    closed = ConditionResult(eyes_closed=True, left_s=14.0, right_s=9.5, complete=True)
    # Men aged 18-39 averaged 16.9 s eyes closed, women 13.1 s; without a sex, 15.0 s.
    (man, _) = leg_sentences(closed, chosen="left", age=30, sex="male")
    assert "averaged about 17 s" in man
    (anyone, _) = leg_sentences(closed, chosen="left", age=30)
    assert "averaged about 15 s" in anyone

    def comma(value: float, digits: int) -> str:
        return f"{value:.{digits}f}".replace(".", ",")

    said = leg_sentences(closed, chosen="left", age=30, sex="f", text=Shouting(), number=comma)
    assert said[0] == (
        "LEFT LEG: 14,0 S, ABOUT THE AVERAGE FOR YOUR AGE (PEOPLE AGED 18-39 AVERAGED ABOUT 13 S;"
        " NOT YET CONFIRMED AGAINST THE PAPER)."
    )
    assert said[1].startswith("RIGHT LEG: 9,5 S (NOT COMPARED")


def test_the_reference_document_gives_each_bands_ages_and_eyes_closed_averages():
    document = reference_document()
    bands = document["bands"]
    assert isinstance(bands, list)
    assert [(b["low"], b["high"]) for b in bands] == [(b.low, b.high) for b in REFERENCE_BANDS]
    sixties = bands[3]
    assert sixties["closed"] == {"reference": 4.35, "about_low": 2.35, "about_high": 6.35}
    assert sixties["open"] == {"reference": 32.1, "about_low": 25.68, "about_high": 38.52}
    assert document["unconfirmed"] == "not yet confirmed against the paper"
