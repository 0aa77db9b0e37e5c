"""Progression rules: who qualifies, at the boundaries, and the next step of a dose."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from footwork.core.program import Program
from footwork.core.progression import (
    Evidence,
    ProgressionRule,
    describe_rule,
    dismissed_until,
    next_dose,
    qualifies,
    rule_problems,
    suggest,
    with_dose,
)
from tests.builders import make_dose, make_exercise, make_timing

TODAY = date(2026, 12, 4)


def make_rule(**changes: object) -> ProgressionRule:
    values: dict[str, object] = {"exercise_id": "test-exercise", "kind": "reps", "step": 2,
                                 "ceiling": 10, "weeks": 2, "min_adherence": 0.7,
                                 "max_pain_rise": 2}  # fmt: skip
    values.update(changes)
    return ProgressionRule.model_validate(values)


def evidence(days: int = 14, adherence: float | None = 0.8, pain: float | None = 0.0) -> Evidence:
    return Evidence(days=days, adherence=adherence, pain_change=pain)


def test_exactly_the_rules_adherence_qualifies_and_just_under_does_not():
    rule = make_rule()
    assert qualifies(rule, evidence(adherence=7 / 10))
    assert qualifies(rule, evidence(adherence=9.8 / 14))  # 0.7 with float noise
    assert not qualifies(rule, evidence(adherence=0.69))
    assert not qualifies(rule, evidence(adherence=None))  # nothing was prescribed


def test_pain_up_by_exactly_the_rise_does_not_qualify_and_just_under_does():
    rule = make_rule()
    assert not qualifies(rule, evidence(pain=2.0))
    assert not qualifies(rule, evidence(pain=3.5))
    assert qualifies(rule, evidence(pain=1.5))
    assert qualifies(rule, evidence(pain=-1.0))
    assert qualifies(rule, evidence(pain=None))  # too few scores: the page says so


def test_the_weeks_at_one_dose_must_be_complete():
    rule = make_rule(weeks=2)
    assert not qualifies(rule, evidence(days=13))
    assert qualifies(rule, evidence(days=14))


def test_reps_go_up_by_the_step_and_stop_at_the_ceiling():
    rule = make_rule(step=2, ceiling=10)
    assert next_dose(rule, make_dose(reps=6)).reps == 8
    assert next_dose(rule, make_dose(reps=9)).reps == 10  # capped, not 11
    assert next_dose(rule, make_dose(reps=10)) is None  # ceiling reached
    assert next_dose(rule, make_dose(reps=12)) is None


def test_one_rep_without_rest_gets_a_rest_when_it_becomes_more():
    after = next_dose(make_rule(step=2, ceiling=10), make_dose(reps=1, rest_s=0))
    assert after is not None and after.reps == 3 and after.rest_s == 1.0
    for rest in (0.5, 3.0):  # a rest already there is kept as it is
        kept = next_dose(make_rule(step=2, ceiling=10), make_dose(reps=2, rest_s=rest))
        assert kept is not None and kept.rest_s == rest


def test_holds_get_longer_and_leave_the_reps_alone():
    rule = make_rule(kind="hold", step=2, ceiling=8)
    after = next_dose(rule, make_dose(reps=5, work_s=3))
    assert after is not None and after.work_s == 5 and after.reps == 5
    assert next_dose(rule, make_dose(work_s=7)).work_s == 8
    assert next_dose(rule, make_dose(work_s=8)) is None


def test_a_suggestion_needs_qualifying_a_free_step_and_no_dismissal_in_force():
    exercise = make_exercise(dose=make_dose(reps=4, rest_s=1))
    rule = make_rule()
    step = suggest(rule, exercise, evidence(), dismissed_until=None, today=TODAY)
    assert step is not None and step.before.reps == 4 and step.after.reps == 6
    assert (step.exercise_id, step.rule, step.evidence) == (exercise.id, rule, evidence())
    assert (
        suggest(rule, exercise, evidence(adherence=0.5), dismissed_until=None, today=TODAY) is None
    )
    quiet = dismissed_until(rule, TODAY)
    assert quiet == date(2026, 12, 18)
    assert suggest(rule, exercise, evidence(), dismissed_until=quiet, today=TODAY) is None
    assert suggest(rule, exercise, evidence(), dismissed_until=quiet, today=quiet) is not None
    at_ceiling = make_exercise(dose=make_dose(reps=10, rest_s=1))
    assert suggest(rule, at_ceiling, evidence(), dismissed_until=None, today=TODAY) is None
    other = make_exercise("other-exercise")
    assert suggest(rule, other, evidence(), dismissed_until=None, today=TODAY) is None


def test_reps_rules_take_whole_numbers_and_bounded_ceilings():
    with pytest.raises(ValidationError, match="whole number"):
        make_rule(step=1.5)
    with pytest.raises(ValidationError, match="ceiling"):
        make_rule(ceiling=150)
    with pytest.raises(ValidationError):
        make_rule(min_adherence=1.2)
    assert make_rule(kind="hold", step=1.5, ceiling=30).step == 1.5


def test_rules_that_do_not_fit_the_program_are_named():
    program = Program(title="P", timing=make_timing(),
                      exercises=(make_exercise(dose=make_dose(reps=12, rest_s=1)),))  # fmt: skip
    assert rule_problems(program, (make_rule(ceiling=20),)) == []
    problems = rule_problems(program, (make_rule(), make_rule(exercise_id="nope"),
                                       make_rule(ceiling=20)))  # fmt: skip
    assert any("below the dose" in p for p in problems)
    assert any("'nope': not in the program" in p for p in problems)
    assert any("one rule per exercise" in p for p in problems)


def test_with_dose_changes_one_exercise_only():
    program = Program(title="P", timing=make_timing(),
                      exercises=(make_exercise("a"), make_exercise("b")))  # fmt: skip
    changed = with_dose(program, "a", make_dose(reps=9))
    assert changed.exercise("a").dose.reps == 9
    assert changed.exercise("b") == program.exercise("b")


def test_the_rule_reads_as_a_sentence():
    assert describe_rule(make_rule()) == (
        "after 2 weeks with adherence of at least 70 % and pain up by less than 2: "
        "2 more reps, up to 10"
    )
    assert describe_rule(make_rule(kind="hold", weeks=1, ceiling=20)).endswith(
        "2 s longer each, up to 20 s"
    )


def test_a_ceiling_equal_to_the_starting_dose_fits_and_one_below_is_named_exactly():
    program = Program(title="P", timing=make_timing(),
                      exercises=(make_exercise(dose=make_dose(reps=12, work_s=5)),))  # fmt: skip
    assert rule_problems(program, (make_rule(ceiling=12),)) == []
    assert rule_problems(program, (make_rule(ceiling=11),)) == [
        "exercise 'test-exercise': ceiling 11 is below the dose it starts from (12)"
    ]
    # A hold rule starts from the seconds of work, not the repetitions.
    assert rule_problems(program, (make_rule(kind="hold", ceiling=5),)) == []
    assert rule_problems(program, (make_rule(kind="hold", ceiling=4.5),)) == [
        "exercise 'test-exercise': ceiling 4.5 is below the dose it starts from (5)"
    ]


def test_one_week_reads_in_the_singular():
    assert describe_rule(make_rule(weeks=1)) == (
        "after 1 week with adherence of at least 70 % and pain up by less than 2: "
        "2 more reps, up to 10"
    )
