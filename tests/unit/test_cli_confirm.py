"""Yes/no questions in the terminal's language: Rich's Confirm with the catalogue's keys
("[j/n]" in German), the English y and n taken as well."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from footwork.cli.confirm import Ask
from footwork.i18n import translator


def ask(language: str, typed: str, default: object = ...) -> tuple[object, str]:
    """The answer to typing `typed` (lines), and what the terminal showed."""
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    question = Ask("Weiter?", console=console, text=translator(language))
    answer = question(default=default, stream=io.StringIO(typed))
    return answer, out.getvalue()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("j\n", True), ("J\n", True), ("y\n", True), ("n\n", False), (" N \n", False)],
)
def test_german_takes_j_and_n_and_the_english_keys(typed, expected):
    answer, shown = ask("de", typed)
    assert answer is expected
    assert "Weiter? [j/n]" in shown


def test_german_says_what_to_type_after_a_wrong_key_and_shows_its_default():
    answer, shown = ask("de", "x\nj\n", default=False)
    assert answer is True
    assert "Weiter? [j/n] (n)" in shown
    assert "Bitte j oder n eingeben" in shown


@pytest.mark.parametrize(("language", "keys"), [("en", "[y/n]"), ("es", "[s/n]"),
                                                ("fr", "[o/n]"), ("pt", "[s/n]")])  # fmt: skip
def test_each_language_shows_its_keys_and_an_empty_answer_is_the_default(language, keys):
    answer, shown = ask(language, "\n", default=None)
    assert answer is None and keys in shown
