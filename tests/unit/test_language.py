"""The language rules (core/language.py), pure: no environment read, no catalogue."""

from __future__ import annotations

import pytest

from footwork.core.language import (
    UNTRANSLATED,
    UnknownLanguage,
    espeak_voice,
    html_language,
    normalize,
    page_language,
    terminal_language,
)
from footwork.core.timeline import compile_timeline
from tests.builders import Shouting, make_exercise


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("de", "de"), ("de_DE.UTF-8", "de"), ("pt-BR", "pt"), ("FR_ca", "fr"), ("en_XA", "en_XA"),
     ("en-xa", "en_XA"), ("en_GB.UTF-8@euro", "en"), ("C.UTF-8", None), ("POSIX", None),
     ("nl_NL", None), ("", None), ("de.UTF-8", "de"), ("en_XA.UTF-8", "en_XA"),
     ("de-Latn-DE", "de"), ("pt-Latn-BR", "pt"), ("de@euro", "de")],
)  # fmt: skip
def test_normalize_names_the_language_of_a_tag(tag, expected):
    assert normalize(tag) == expected


def test_the_option_wins_then_footwork_lang_then_the_locale_in_posix_order():
    env = {"FOOTWORK_LANG": "fr", "LC_ALL": "es_ES.UTF-8", "LC_MESSAGES": "pt_PT", "LANG": "de"}
    assert terminal_language("de", env) == "de"
    assert terminal_language(None, env) == "fr"
    del env["FOOTWORK_LANG"]
    assert terminal_language(None, env) == "es"
    del env["LC_ALL"]
    assert terminal_language(None, env) == "pt"
    del env["LC_MESSAGES"]
    assert terminal_language(None, env) == "de"
    assert terminal_language(None, {}) == "en"


def test_a_locale_the_system_set_falls_back_to_english_but_an_asked_one_is_an_error():
    assert terminal_language(None, {"LC_ALL": "C", "LANG": "de_DE"}) == "en"  # C decides
    assert terminal_language(None, {"LANG": "ja_JP.UTF-8"}) == "en"
    with pytest.raises(UnknownLanguage, match=r"--lang: unknown language 'ja'"):
        terminal_language("ja", {})
    with pytest.raises(UnknownLanguage, match=r"FOOTWORK_LANG: unknown language 'xx'"):
        terminal_language(None, {"FOOTWORK_LANG": "xx", "LANG": "de"})


def test_a_page_follows_the_choice_then_the_browser_then_english():
    assert page_language("fr", "de") == "fr"
    assert page_language(None, "de") == "de"
    assert page_language(None, None) == "en"
    assert page_language("xx", None) == "en"  # a stored value we no longer ship


def test_tags_and_voices():
    assert html_language("en_XA") == "en-XA" and html_language("de") == "de"
    assert espeak_voice("fr") == "fr-fr" and espeak_voice(None) == "en"
    assert espeak_voice("en_XA") == "en"
    assert espeak_voice("nl") == "en"  # a language without a voice of its own speaks English


def test_every_cue_word_goes_through_the_catalogue_and_timings_do_not_change():
    exercise = make_exercise()
    plain = compile_timeline([exercise], _timing(), text=UNTRANSLATED)
    loud = compile_timeline([exercise], _timing(), text=Shouting())
    assert [c.offset_ms for c in loud.cues] == [c.offset_ms for c in plain.cues]
    for cue in loud.cues:
        words = cue.text.replace(exercise.title, "").replace(exercise.position, "")
        assert words == words.upper(), cue.text


def _timing():
    from footwork.core.program import Timing

    return Timing(prepare_s=5, switch_s=5, done_s=3)


def test_a_refusal_keeps_its_english_and_says_itself_in_a_catalogue():
    from footwork.core.language import Refusal, sentence

    class Shouting:
        def gettext(self, message: str, /) -> str:
            return message.upper().replace("{N}", "{n}")

        def ngettext(self, singular: str, plural: str, n: int, /) -> str:
            return self.gettext(singular if n == 1 else plural)

    refusal = Refusal("wait {n} minutes", "Then try again.", n=15)
    assert str(refusal) == "wait 15 minutes Then try again."
    assert refusal.said(Shouting()) == "WAIT 15 MINUTES THEN TRY AGAIN."
    assert sentence("password: too short") == "Password: too short."
    assert sentence("zu viele Versuche: warten Sie") == "Zu viele Versuche: warten Sie."
    assert sentence("Done.") == "Done."


def test_a_plural_says_the_count_in_the_catalogues_forms():
    from footwork.core.language import Plural

    kind = Plural("{n} session", "{n} sessions")
    assert [kind.said(UNTRANSLATED, n) for n in (0, 1, 2)] == [
        "0 sessions",
        "1 session",
        "2 sessions",
    ]
    assert kind.said(UNTRANSLATED, 1234, lambda n: f"{n:,}") == "1,234 sessions"


def test_an_unknown_language_names_itself_where_it_came_from_and_the_known_ones():
    with pytest.raises(UnknownLanguage) as caught:
        terminal_language("ja", {})
    assert (caught.value.given, caught.value.source) == ("ja", "--lang")
    assert str(caught.value) == "--lang: unknown language 'ja' (known: en, de, es, fr, pt)"


def test_a_sentence_ending_in_a_question_or_exclamation_mark_gets_no_full_stop():
    from footwork.core.language import sentence

    assert sentence("done!") == "Done!"
    assert sentence("try again?") == "Try again?"


def test_a_plural_message_says_its_plural_form_in_a_catalogue():
    from footwork.core.language import Message

    three = Message("{n} session", {"n": 3}, plural="{n} sessions", number=3)
    assert three == "3 sessions"
    assert three.say(UNTRANSLATED) == "3 sessions"
    assert three.say(Shouting()) == "3 SESSIONS"
