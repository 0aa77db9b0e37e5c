"""The readiness check in the terminal: named before a first session, answered with
`footwork readiness`, urgent answers stop with exit 1."""

from __future__ import annotations

from tests.e2e.test_cli import footwork

ALL_NO = "falls=no,feet=no,injury=no,serious=no,saddle=no"


def test_a_new_persons_first_session_asks_for_the_readiness_check_first():
    result = footwork("session", "toe-presses", "--speed", "200", "--no-voice")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Before your first session, please answer the readiness questions" in out
    assert out.index("readiness questions") < out.index(" prepare ")


def test_once_answered_the_session_does_not_ask_again():
    answered = footwork("readiness", "--answers", ALL_NO)
    assert answered.returncode == 0, answered.stderr
    assert "you can start" in answered.stdout
    result = footwork("session", "toe-presses", "--speed", "200", "--no-voice")
    assert "readiness questions" not in result.stdout
    shown = footwork("readiness")
    assert "Answered on" in shown.stdout


def test_a_yes_says_check_with_a_clinician_and_saddle_numbness_says_urgent():
    clinician = footwork("readiness", "--answers", ALL_NO.replace("falls=no", "falls=yes"))
    assert clinician.returncode == 0
    assert "check with a doctor or physiotherapist" in " ".join(clinician.stdout.split())
    urgent = footwork("readiness", "--answers", ALL_NO.replace("saddle=no", "saddle=yes"))
    assert urgent.returncode == 1
    assert "urgent medical care today" in " ".join(urgent.stdout.split())


def test_a_bad_answer_names_the_question_and_saves_nothing():
    result = footwork("readiness", "--answers", "falls=maybe")
    assert result.returncode == 2
    assert "falls: answer yes or no" in result.stderr
    assert footwork("readiness").returncode == 2  # still nothing saved
