"""The PSFS and GROC: checks naming the field, scoring with the exact 2-point boundary, and
when a questionnaire is due."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest

from footwork.core.questionnaires import (
    Change,
    PsfsItem,
    QuestionnaireAnswer,
    QuestionnaireError,
    change_since_first,
    check_answer,
    known_activities,
    parse_form,
    psfs_mean,
    questionnaire_due,
)

START = date(2026, 3, 2)
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def answer(scores: dict[str, int], *, at: datetime = T0, groc: int | None = None,
           id: str = "a1") -> QuestionnaireAnswer:  # fmt: skip
    items = tuple(PsfsItem(activity=a, score=s) for a, s in scores.items())
    return QuestionnaireAnswer(id=id, answered_at=at, psfs=items, groc=groc)


def test_the_score_is_the_mean_of_the_activities():
    assert psfs_mean(answer({"stairs": 3, "walk": 4, "run": 8}).psfs) == 5
    assert answer({"stairs": 3, "walk": 4}).mean == 3.5


@pytest.mark.parametrize(
    ("before", "after", "meaningful"),
    [
        ({"a": 1, "b": 1, "c": 2}, {"a": 3, "b": 3, "c": 4}, True),  # 4/3 -> 10/3: exactly 2
        ({"a": 1, "b": 1, "c": 2}, {"a": 3, "b": 3, "c": 3}, False),  # 5/3: just under
        ({"a": 6, "b": 6}, {"a": 4, "b": 4}, True),  # 2 points worse is meaningful too
        ({"a": 6, "b": 6}, {"a": 5, "b": 4}, False),  # 1.5
        ({"a": 2}, {"a": 4}, True),
    ],
)
def test_a_change_of_two_points_exactly_is_meaningful(before, after, meaningful):
    first = answer(before)
    later = answer(after, id="a2", at=T0 + timedelta(weeks=2), groc=1)
    change = change_since_first(first, later)
    assert change is not None
    assert change.meaningful is meaningful


def test_the_boundary_is_exact_where_floats_are_not():
    change = Change(first=Fraction(4, 3), now=Fraction(10, 3))
    assert change.points == 2 and change.meaningful and change.direction == "better"
    assert not Change(first=Fraction(0), now=Fraction(199, 100)).meaningful


def test_change_counts_only_the_activities_of_the_first_answer():
    first = answer({"stairs": 2, "walk": 4})
    later = answer({"stairs": 5, "Walk ": 5, "dance": 0}, id="a2", groc=2)
    change = change_since_first(first, later)
    assert change is not None and change.first == 3 and change.now == 5
    assert change_since_first(first, first) is None
    assert change_since_first(first, answer({"dance": 9}, id="a3", groc=0)) is None


def test_known_activities_keep_the_order_they_were_named_in():
    a = answer({"stairs": 2, "walk": 4})
    b = answer({"walk": 5, "STAIRS": 5, "dance": 1}, id="b", at=T0 + timedelta(days=14), groc=1)
    assert known_activities([b, a]) == ("stairs", "walk", "dance")


def test_the_first_answer_names_activities_and_has_no_groc():
    items, groc = check_answer([("climb  stairs ", 3)], None, known=())
    assert items == (PsfsItem(activity="climb stairs", score=3),) and groc is None
    with pytest.raises(QuestionnaireError) as error:
        check_answer([("stairs", 3)], 2, known=())
    assert error.value.field == "groc"


@pytest.mark.parametrize(
    ("psfs", "groc", "known", "field"),
    [
        ([], None, (), "activity_0"),
        ([("stairs", 11)], None, (), "score_0"),
        ([("stairs", -1)], None, (), "score_0"),
        ([("stairs", 3), ("x" * 81, 2)], None, (), "activity_1"),
        ([("stairs", 3), ("Stairs", 2)], None, (), "activity_1"),
        ([("walk", 3)], 1, ("stairs",), "score_0"),  # an earlier activity left out
        ([("stairs", 3)], None, ("stairs",), "groc"),  # asked from the second on
        ([("stairs", 3)], 6, ("stairs",), "groc"),
        ([(str(i), 1) for i in range(6)], None, (), "activity_5"),
    ],
)
def test_bad_answers_name_the_field(psfs, groc, known, field):
    with pytest.raises(QuestionnaireError) as error:
        check_answer(psfs, groc, known=known)
    assert error.value.field == field


def test_the_form_takes_known_activities_from_before_not_from_the_page():
    form = {"activity_0": "changed by hand", "score_0": "6", "activity_1": "kneel",
            "score_1": "2", "groc": "+3"}  # fmt: skip
    items, groc = parse_form(form, known=("stairs",))
    assert [(i.activity, i.score) for i in items] == [("stairs", 6), ("kneel", 2)]
    assert groc == 3


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"score_0": "4"}, "activity_0"),
        ({"activity_0": "stairs"}, "score_0"),
        ({"activity_0": "stairs", "score_0": "²"}, "score_0"),
        ({"activity_0": "stairs", "score_0": "5.0"}, "score_0"),
        ({"activity_0": "stairs", "score_0": "5", "groc": "x"}, "groc"),
    ],
)
def test_the_form_names_the_field_it_cannot_read(form, field):
    with pytest.raises(QuestionnaireError) as error:
        parse_form(form, known=())
    assert error.value.field == field


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def test_due_at_the_start_then_after_two_four_and_eight_weeks():
    def due(today: date, answered: list[date]):
        return questionnaire_due(program_start=START, answered=[at(d) for d in answered],
                                 asked=[], today=today)  # fmt: skip

    assert due(START - timedelta(days=1), []) is None
    assert due(START, []).reason == "start"
    assert due(START + timedelta(days=3), [START]) is None
    assert due(START + timedelta(days=13), [START]) is None
    assert due(START + timedelta(days=14), [START]).reason == "week 2"
    assert due(START + timedelta(days=20), [START, START + timedelta(days=15)]) is None
    assert due(START + timedelta(days=28), [START, START + timedelta(days=15)]).reason == "week 4"
    week8 = due(START + timedelta(days=70), [START])
    assert week8.reason == "week 8" and week8.since == START + timedelta(weeks=8)
    assert due(START + timedelta(days=70), [START + timedelta(weeks=8)]) is None


def test_due_when_a_clinician_asks_after_the_last_answer():
    answered = [at(START)]
    asked = [at(START) + timedelta(days=3)]
    due = questionnaire_due(program_start=START, answered=answered, asked=asked,
                            today=START + timedelta(days=3))  # fmt: skip
    assert due is not None and due.reason == "asked"
    answered.append(at(START) + timedelta(days=4))
    assert questionnaire_due(program_start=START, answered=answered, asked=asked,
                             today=START + timedelta(days=4)) is None  # fmt: skip
    assert questionnaire_due(program_start=None, answered=[], asked=asked,
                             today=START).reason == "asked"  # fmt: skip


def test_nothing_is_due_without_a_program_or_a_request():
    assert questionnaire_due(program_start=None, answered=[], asked=[], today=START) is None


def test_the_answers_local_day_decides():
    late = datetime(2026, 3, 15, 23, 30, tzinfo=UTC)  # 16 March in Berlin
    kwargs = {"program_start": START, "answered": [late], "asked": [],
              "today": date(2026, 3, 17)}  # fmt: skip
    assert questionnaire_due(**kwargs).reason == "week 2"  # UTC day 15 is before day 16
    assert questionnaire_due(**kwargs, local_date={late: date(2026, 3, 16)}) is None


def test_the_form_reads_signed_and_two_digit_numbers():
    form = {"activity_0": "stairs", "score_0": "10", "groc": "-5"}
    items, groc = parse_form(form, known=("stairs",))
    assert [(i.activity, i.score) for i in items] == [("stairs", 10)] and groc == -5
    assert parse_form(form | {"groc": "+5"}, known=("stairs",))[1] == 5


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("score_0", "5.0", "a whole number from 0 to 10"),
        ("score_0", "X5", "a whole number from 0 to 10"),
        ("score_0", "1" * 5000, "a whole number from 0 to 10"),
        ("groc", "X2", "a whole number from -5 to +5"),
        ("groc", "+-2", "a whole number from -5 to +5"),
    ],
)
def test_a_number_the_form_cannot_read_gets_its_scale_in_the_message(field, text, message):
    form = {"activity_0": "stairs", "score_0": "5", "groc": "1"} | {field: text}
    with pytest.raises(QuestionnaireError) as error:
        parse_form(form, known=("stairs",))
    assert (error.value.field, error.value.message) == (field, message)


def test_a_request_at_the_moment_of_the_last_answer_is_answered_and_the_newest_counts():
    answered = [at(START)]
    assert questionnaire_due(program_start=None, answered=answered, asked=[at(START)],
                             today=START) is None  # fmt: skip
    asked = [at(START) + timedelta(days=1), at(START) + timedelta(days=5)]
    due = questionnaire_due(program_start=None, answered=answered, asked=asked,
                            today=START + timedelta(days=6))  # fmt: skip
    assert due is not None and (due.reason, due.since) == ("asked", START + timedelta(days=5))


@pytest.mark.parametrize(
    ("psfs", "groc", "known", "field", "message"),
    [
        ([(" ", 3)], None, (), "activity_0", "name the activity"),
        ([("a" * 81, 3)], None, (), "activity_0", "at most 80 characters"),
        ([("stairs", 11)], None, (), "score_0", "a whole number from 0 to 10"),
        ([("stairs", -1)], None, (), "score_0", "a whole number from 0 to 10"),
        ([("stairs", 3), ("Stairs ", 4)], None, (), "activity_1", "'Stairs' is named twice"),
        ([], None, (), "activity_0", "name at least one activity and score it"),
        ([("kneel", 3)], 1, ("stairs",), "score_0", "score 'stairs' again, as before"),
        ([(f"a{i}", 3) for i in range(6)], None, (), "activity_5", "at most 5 activities in all"),
        ([("stairs", 3)], 1, (), "groc", "not asked on the first questionnaire"),
        ([("stairs", 3)], None, ("stairs",), "groc",
         "choose how your problem has changed, from -5 to +5"),
        ([("stairs", 3)], 6, ("stairs",), "groc", "a whole number from -5 to +5"),
        ([("stairs", 3)], -6, ("stairs",), "groc", "a whole number from -5 to +5"),
    ],
)  # fmt: skip
def test_each_refusal_names_its_field_with_its_own_words(psfs, groc, known, field, message):
    with pytest.raises(QuestionnaireError) as error:
        check_answer(psfs, groc, known=known)
    assert (error.value.field, error.value.message) == (field, message)
    assert str(error.value) == f"{field}: {message}"


def test_the_edges_that_are_taken():
    items, groc = check_answer([("a" * 80, 0), ("b", 10)], -5, known=("b",))
    assert [(i.activity, i.score) for i in items] == [("a" * 80, 0), ("b", 10)] and groc == -5
    assert check_answer([(f"a{i}", 3) for i in range(5)], None, known=())[1] is None
    assert check_answer([("  stairs   up ", 3)], 5, known=("stairs up",))[0][0].activity == (
        "stairs up"
    )


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"score_0": "4"}, "activity_0", "name the activity you scored"),
        ({"activity_0": " stairs "}, "score_0", "score 'stairs' from 0 to 10"),
        ({"activity_0": "stairs", "score_0": "3", "activity_1": "kneel", "score_1": " "},
         "score_1", "score 'kneel' from 0 to 10"),
    ],
)  # fmt: skip
def test_the_form_says_what_is_missing(form, field, message):
    with pytest.raises(QuestionnaireError) as error:
        parse_form(form, known=())
    assert (error.value.field, error.value.message) == (field, message)


_GERMAN = {"give a score from %(low)d to %(high)d": "eine Zahl von %(low)d bis %(high)d"}


class _German:
    """A translator that knows one sentence."""

    def gettext(self, message: str, /) -> str:
        return _GERMAN.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


def test_a_refusal_is_told_in_the_readers_language_and_names_its_field():
    error = QuestionnaireError("score_2", "give a score from %(low)d to %(high)d", low=0, high=10)
    assert str(error) == "score_2: give a score from 0 to 10"
    assert error.field == "score_2"
    assert error.text() == "give a score from 0 to 10"
    assert error.text(_German()) == "eine Zahl von 0 bis 10"
    unsure = QuestionnaireError("pain", "100% sure?")  # "% s" is a format: not applied
    assert (str(unsure), unsure.message, unsure.text()) == ("pain: 100% sure?", "100% sure?",
                                                            "100% sure?")  # fmt: skip


@pytest.mark.parametrize("groc", [{}, {"groc": ""}, {"groc": "  "}])
def test_an_empty_first_row_skips_to_the_next_and_no_groc_is_none(groc):
    form = {"activity_0": " ", "score_0": "", "activity_1": "walking", "score_1": "4", **groc}
    assert parse_form(form, known=[]) == ((PsfsItem(activity="walking", score=4),), None)


def test_the_mean_of_no_activities_is_refused_in_these_words():
    with pytest.raises(ValueError) as error:
        psfs_mean(())
    assert str(error.value) == "no activities to score"
