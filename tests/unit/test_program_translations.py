"""A program file's own translations: validated with the field and place named, used when the
person's language matches, else the file's own words."""

from __future__ import annotations

import pytest

from footwork.content.loader import ProgramFileError, parse_program
from footwork.content.localize import localize_exercise, localize_program
from footwork.core.language import UNTRANSLATED
from footwork.i18n import translator

MINE = """
title = "Knee and foot"

[translations.de]
title = "Knie und Fuß"

[timing]
prepare_s = 5
switch_s = 5
done_s = 3

[[exercises]]
id = "heel-raises"
title = "Heel raises"
position = "Standing at a wall"
steps = ["Rise onto your toes.", "Lower slowly."]
safety = ["Stop if your calf cramps."]
dose = { effort = "hold", work_s = 2, reps = 10, rest_s = 2 }
frequency = { kind = "per_day", times = 2 }

[exercises.translations.de]
title = "Fersenheben"
steps = ["Gehen Sie auf die Zehen.", "Langsam absenken."]
safety = ["Hören Sie auf, wenn Ihre Wade krampft."]
"""


def test_the_files_own_words_are_used_in_that_language():
    program = parse_program(MINE, source="mine.toml")
    german = localize_program(program, translator("de"), language="de")
    assert german.title == "Knie und Fuß"
    exercise = german.exercises[0]
    assert exercise.title == "Fersenheben"
    assert exercise.steps == ("Gehen Sie auf die Zehen.", "Langsam absenken.")
    assert exercise.safety == ("Hören Sie auf, wenn Ihre Wade krampft.",)
    assert exercise.position == "Standing at a wall"  # not translated: as written
    assert exercise.dose == program.exercises[0].dose


def test_another_language_gets_the_files_text():
    program = parse_program(MINE, source="mine.toml")
    french = localize_exercise(program.exercises[0], translator("fr"), language="fr")
    assert french.title == "Heel raises" and french.steps[0] == "Rise onto your toes."
    assert localize_program(program, UNTRANSLATED).title == "Knee and foot"


def test_a_file_without_translations_keeps_its_shape():
    plain = MINE.split("[exercises.translations.de]")[0].replace(
        '[translations.de]\ntitle = "Knie und Fuß"\n', ""
    )
    dumped = parse_program(plain, source="m").model_dump(mode="json")
    assert "translations" not in dumped and "translations" not in dumped["exercises"][0]
    with_words = parse_program(MINE, source="m").model_dump(mode="json")
    assert with_words["exercises"][0]["translations"]["de"]["title"] == "Fersenheben"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("[exercises.translations.de]", "[exercises.translations.xx]"),
            "exercise 'heel-raises': translations: unknown language 'xx' (one of de, es, fr, pt)",
        ),
        (
            ('steps = ["Gehen Sie auf die Zehen.", "Langsam absenken."]', 'steps = ["Nur eins."]'),
            "exercise 'heel-raises': translations: de.steps has 1 line(s), the "
            "exercise has 2: translate each line, in the same order",
        ),
        (
            ('title = "Fersenheben"', 'titel = "Fersenheben"'),
            "exercise 'heel-raises': translations.de.titel: Extra inputs are not permitted "
            "(got 'Fersenheben')",
        ),
        (
            ("[translations.de]", "[translations.en]"),
            "translations: unknown language 'en' (one of de, es, fr, pt)",
        ),
    ],
)
def test_a_bad_translation_is_named_by_field_and_place(change, message):
    with pytest.raises(ProgramFileError) as caught:
        parse_program(MINE.replace(*change), source="mine.toml")
    assert caught.value.source == "mine.toml"
    assert message in caught.value.problems


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            ("[exercises.translations.de]", "[exercises.translations.xx]"),
            "Übung 'heel-raises': translations: unbekannte Sprache 'xx' (möglich: de, es, fr, pt)",
        ),
        (
            ('steps = ["Gehen Sie auf die Zehen.", "Langsam absenken."]', 'steps = ["Nur eins."]'),
            "Übung 'heel-raises': translations: de.steps hat 1 Zeile(n), die Übung hat 2: "
            "Übersetzen Sie jede Zeile, in derselben Reihenfolge",
        ),
    ],
)
def test_a_bad_translation_is_said_in_the_persons_language(change, said):
    with pytest.raises(ProgramFileError) as caught:
        parse_program(MINE.replace(*change), source="mine.toml")
    german = translator("de")
    assert said in [problem.say(german) for problem in caught.value.problems]
