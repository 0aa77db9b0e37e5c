"""The terminal in a language: --lang, FOOTWORK_LANG, the locale; the JSON keeps its fields."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def footwork(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "footwork", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env={**clean, "COLUMNS": "120", **env},
    )


def timeline(*args: str, **env: str) -> dict:
    result = footwork(*args, "timeline", "toe-presses", "ankle-circles", "--json", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_german_timeline_has_german_texts_and_the_same_fields_and_timings():
    english, german = timeline(), timeline("--lang", "de")
    assert german["total_s"] == english["total_s"]
    assert len(german["cues"]) == len(english["cues"])
    for en, de in zip(english["cues"], german["cues"], strict=True):
        assert de.keys() == en.keys()
        for field in ("offset_s", "duration_s", "kind", "exercise", "side", "direction", "rep",
                      "reps"):  # fmt: skip
            assert de[field] == en[field], field
        assert len(de["notes"]) == len(en["notes"])
    texts = [c["text"] for c in german["cues"]]
    assert texts[0] == "Machen Sie sich bereit: Zehen drücken. Im Stehen, Knie leicht gebeugt."
    assert "1 von 10. Halten, 3 Sekunden." in texts
    assert "Einheit geschafft. Gut gemacht." in texts
    assert "Wechseln Sie: rechter Fuß, im Uhrzeigersinn." in texts
    notes = german["cues"][0]["notes"]
    assert notes[0] == (
        "Halten Sie eine Hand an einer Wand oder Stuhllehne, wenn Sie sich unsicher fühlen."
    )


def test_the_language_comes_from_the_environment_when_no_option_is_given():
    assert timeline(FOOTWORK_LANG="fr")["cues"][0]["text"].startswith("Préparez-vous")
    assert timeline(LANG="es_ES.UTF-8")["cues"][0]["text"].startswith("Prepárese")
    # LC_ALL outranks LANG; --lang outranks them all.
    assert timeline(LC_ALL="pt_PT.UTF-8", LANG="de_DE")["cues"][0]["text"].startswith("Prepare")
    assert timeline("--lang", "en", LC_ALL="de_DE")["cues"][0]["text"].startswith("Get ready")
    assert timeline(LANG="C.UTF-8")["cues"][0]["text"].startswith("Get ready")


def test_an_unknown_language_is_a_clear_error_with_exit_2():
    result = footwork("--lang", "klingon", "timeline")
    assert result.returncode == 2
    assert "--lang: unknown language 'klingon' (known: en, de, es, fr, pt)" in result.stderr
    result = footwork("exercises", FOOTWORK_LANG="xx")
    assert result.returncode == 2 and "FOOTWORK_LANG: unknown language 'xx'" in result.stderr


def test_exercises_json_keeps_ids_and_numbers_and_the_table_is_translated():
    english = json.loads(footwork("exercises", "--json").stdout)
    german = json.loads(footwork("--lang", "de", "exercises", "--json").stdout)
    assert [e["id"] for e in german["exercises"]] == [e["id"] for e in english["exercises"]]
    assert [e["dose"] for e in german["exercises"]] == [e["dose"] for e in english["exercises"]]
    assert german["exercises"][0]["title"] == "Zehen drücken"
    table = footwork("--lang", "de", "exercises")
    assert table.returncode == 0
    assert "Sicherheit zuerst" in table.stdout and "3-mal am Tag" in table.stdout
