"""The readiness rules: which answers mean what, and when to ask again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from footwork.core.readiness import (
    QUESTION_IDS,
    QUESTIONS,
    ReadinessCheck,
    ReadinessError,
    assess,
    parse_answers,
    readiness_due,
)

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
ALL_NO = dict.fromkeys(QUESTION_IDS, False)


def test_no_to_everything_is_clear():
    assert assess(ALL_NO).level == "clear"


@pytest.mark.parametrize("question", ["falls", "feet", "injury", "serious"])
def test_a_yes_means_check_with_a_clinician_first(question):
    verdict = assess({**ALL_NO, question: True})
    assert verdict.level == "clinician"
    assert "doctor or physiotherapist" in verdict.headline
    assert len(verdict.reasons) == 1


def test_saddle_numbness_or_new_bladder_trouble_is_urgent_whatever_else():
    verdict = assess({**dict.fromkeys(QUESTION_IDS, True)})
    assert verdict.level == "urgent"
    assert "urgent" in verdict.headline.lower()
    assert "Do not start" in verdict.headline


def test_the_questions_cover_the_brief():
    assert set(QUESTION_IDS) == {"falls", "feet", "injury", "serious", "saddle"}


def test_answers_must_all_be_yes_or_no_naming_the_question():
    with pytest.raises(ReadinessError, match=r"^feet: please answer"):
        parse_answers({"falls": "no"})
    with pytest.raises(ReadinessError, match=r"^falls: answer yes or no"):
        parse_answers({**dict.fromkeys(QUESTION_IDS, "no"), "falls": "maybe"})
    with pytest.raises(ReadinessError, match=r"^age: no such question"):
        parse_answers({**dict.fromkeys(QUESTION_IDS, "no"), "age": "no"})
    assert parse_answers({**dict.fromkeys(QUESTION_IDS, "No"), "feet": "yes"})["feet"] is True


def test_asked_before_the_first_session_and_again_after_a_year():
    assert readiness_due(None, now=NOW)
    recent = ReadinessCheck("a", NOW - timedelta(days=364), ALL_NO)
    assert not readiness_due(recent, now=NOW)
    old = ReadinessCheck("b", NOW - timedelta(days=365), ALL_NO)
    assert readiness_due(old, now=NOW)


def test_urgent_answers_are_asked_again_next_time():
    urgent = ReadinessCheck("c", NOW - timedelta(days=1), {**ALL_NO, "saddle": True})
    assert readiness_due(urgent, now=NOW)
    clinician = ReadinessCheck("d", NOW - timedelta(days=1), {**ALL_NO, "falls": True})
    assert not readiness_due(clinician, now=NOW)


def test_yes_and_no_come_as_booleans_or_as_words_short_or_long():
    booleans = {**ALL_NO, "feet": True}
    assert parse_answers(booleans) == booleans
    words = {**dict.fromkeys(QUESTION_IDS, " N "), "falls": "y", "saddle": "n"}
    assert parse_answers(words) == {**ALL_NO, "falls": True}


def test_an_empty_answer_is_asked_for_and_an_unknown_question_lists_the_real_ones():
    with pytest.raises(ReadinessError, match=r"^falls: please answer yes or no$"):
        parse_answers({**ALL_NO, "falls": ""})
    with pytest.raises(ReadinessError) as unknown:
        parse_answers({**ALL_NO, "age": False})
    assert str(unknown.value) == (
        "age: no such question (one of falls, feet, injury, serious, saddle)"
    )


def test_an_urgent_verdict_gives_the_urgent_reason_alone():
    verdict = assess({**dict.fromkeys(QUESTION_IDS, True)})
    saddle = next(q for q in QUESTIONS if q.id == "saddle")
    assert verdict.reasons == (saddle.why,)


def test_a_clear_verdict_says_you_can_start():
    verdict = assess(ALL_NO)
    assert verdict.headline.startswith("No to every question: you can start.")
    assert verdict.reasons == ()
