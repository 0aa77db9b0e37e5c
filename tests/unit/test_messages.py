"""The rules of a patient's message thread: what a message may hold, who may write, and
what is new to each reader."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.core.messages import (
    MAX_LENGTH,
    Message,
    MessageError,
    Side,
    clean_body,
    may_write,
    unread_count,
)
from footwork.web.inputs import text_problem

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def make_message(side: Side, minutes: int) -> Message:
    return Message(f"m{minutes}", "p", side, "x", "hello", T0 + timedelta(minutes=minutes))


def test_a_message_is_trimmed_and_kept_otherwise_as_typed():
    assert clean_body("  Two lines\n\tand a tab \n") == "Two lines\n\tand a tab"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "write something first"),
        (" \n\t ", "write something first"),
        ("x" * (MAX_LENGTH + 1), "at most 2000 characters (this one has 2001)"),
        ("bell\x07", "control characters"),
        ("nul\x00", "control characters"),
        ("del\x7f", "control characters"),
        ("\x1chidden by strip", "control characters"),
    ],
)
def test_a_message_that_cannot_be_sent_says_why(text, why):
    with pytest.raises(MessageError, match=r"^message: ") as error:
        clean_body(text)
    assert why in str(error.value)


def test_the_length_counts_after_trimming():
    assert len(clean_body("  " + "x" * MAX_LENGTH + "\n")) == MAX_LENGTH


@given(st.text(max_size=50))
def test_the_core_refuses_what_the_edge_refuses_for_control_characters(text):
    """The same control-character rule as web.inputs (lone surrogates the edge alone sees)."""
    edge = text_problem(text)
    if edge is not None and "control" in edge:
        with pytest.raises(MessageError):
            clean_body(text)
    if edge is None and text.strip() and len(text.strip()) <= MAX_LENGTH:
        assert clean_body(text) == text.strip()


def test_who_may_write():
    assert may_write(side="patient", in_clinic=True, follows=False, discharged=False) is None
    assert may_write(side="clinician", in_clinic=True, follows=True, discharged=False) is None
    assert "clinicians" in (
        may_write(side="clinician", in_clinic=True, follows=False, discharged=False) or ""
    )
    assert "patients of a clinic" in (
        may_write(side="patient", in_clinic=False, follows=False, discharged=False) or ""
    )
    for side in ("patient", "clinician"):
        closed = may_write(side=side, in_clinic=True, follows=True, discharged=True)
        assert closed is not None and "discharge" in closed


def test_unread_counts_the_other_sides_messages_after_the_readers_mark():
    thread = [make_message("patient", 0), make_message("clinician", 1),
              make_message("clinician", 2), make_message("patient", 3)]  # fmt: skip
    assert unread_count(thread, reader="patient", read_until=None) == 2
    assert unread_count(thread, reader="patient", read_until=T0 + timedelta(minutes=1)) == 1
    assert unread_count(thread, reader="clinician", read_until=T0) == 1
    assert unread_count(thread, reader="clinician", read_until=T0 + timedelta(minutes=3)) == 0


def test_the_reasons_not_to_write_are_exact():
    assert may_write(side="patient", in_clinic=False, follows=True, discharged=True) == (
        "messages are for patients of a clinic: there is no clinician to write to"
    )
    assert may_write(side="clinician", in_clinic=True, follows=False, discharged=True) == (
        "only the patient's clinicians can write to them"
    )
    assert may_write(side="clinician", in_clinic=True, follows=True, discharged=True) == (
        "this conversation has ended with the discharge: it can be read, not added to"
    )


_GERMAN = {"message: give at most %(n)d characters": "Nachricht: höchstens %(n)d Zeichen"}


class _German:
    """A translator that knows one sentence."""

    def gettext(self, message: str, /) -> str:
        return _GERMAN.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


def test_a_refusal_is_told_in_the_readers_language_with_its_figures():
    error = MessageError("message: give at most %(n)d characters", n=5)
    assert str(error) == "message: give at most 5 characters"
    assert error.text() == "message: give at most 5 characters"
    assert error.text(_German()) == "Nachricht: höchstens 5 Zeichen"


def test_a_refusal_without_figures_is_told_as_written_even_with_a_percent_sign():
    assert MessageError("message: 100% empty").text() == "message: 100% empty"


def test_a_control_character_is_refused_in_these_words():
    with pytest.raises(MessageError) as error:
        clean_body("nul\x00")
    assert str(error.value) == "message: must not contain control characters (such as NUL)"
