"""push.js's words (the status lines of Settings' reminders on this device) come from the page,
in its language; the {name} parts it fills in are kept in every language."""

from __future__ import annotations

import re

import pytest

from tests.integration.test_web_language import HTML, json_block, personal  # noqa: F401

PLACEHOLDER = re.compile(r"\{\w+\}")


def test_push_words_are_in_the_page_language(personal):  # noqa: F811
    english = json_block(personal.get("/settings", headers=HTML).text, "push-words")
    german = json_block(
        personal.get("/settings", headers={**HTML, "accept-language": "de"}).text, "push-words"
    )
    assert english["on"] == "Reminders are on for this device."
    assert german["on"] == "Erinnerungen sind auf diesem Gerät eingeschaltet."
    assert german["device"] == "{label} ({service}), seit {since}"
    assert german.keys() == english.keys()


@pytest.mark.parametrize("language", ["de", "es", "fr", "pt", "en-XA"])
def test_push_words_keep_their_placeholders_and_leave_no_english(personal, language):  # noqa: F811
    page = personal.get("/settings", headers={**HTML, "accept-language": language}).text
    english = json_block(personal.get("/settings", headers=HTML).text, "push-words")
    words = json_block(page, "push-words")
    for key, text in words.items():
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(english[key])), key
        assert text != english[key], (language, key)
