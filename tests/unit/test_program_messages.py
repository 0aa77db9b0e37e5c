"""The core's sentences for people (a program file's problems, an unknown exercise, the lines
listing a program change) are English strings that a shell can say in another language."""

from __future__ import annotations

import pickle
import tomllib

import pytest
from pydantic import ValidationError

from footwork.content.loader import ProgramFileError, load_program, parse_program
from footwork.core.language import UNTRANSLATED, Message, Phrase, Term, say
from footwork.core.program import (
    OnWeekdays,
    OverrideError,
    Program,
    apply_overrides,
    describe_changes,
    explain_validation_error,
)
from footwork.i18n import translator
from footwork.reports.translation import install
from tests.unit.test_program import BUILTIN

GERMAN = translator("de")


def problems_of(text: str) -> ProgramFileError:
    with pytest.raises(ProgramFileError) as caught:
        parse_program(text, source="mine.toml")
    return caught.value


def test_a_message_is_its_english_text_and_keeps_what_a_shell_needs():
    said = Message("{n} of {title}", {"n": 3, "title": Term("Toe walking")})
    assert said == "3 of Toe walking" and isinstance(said, str)
    assert said.say(UNTRANSLATED) == "3 of Toe walking"
    assert say(said, GERMAN) == "3 of Zehengang"  # the template is not in the catalogue
    assert say(Term("Toe walking"), GERMAN) == "Zehengang"
    assert say("toe-walking", GERMAN) == "toe-walking"  # data stays as it is
    plural = Message("{n} problem", {"n": 2}, plural="{n} problems", number=2)
    assert plural == "2 problems" and plural.say(GERMAN) == "2 Probleme"
    phrase = Phrase(lambda text: text.gettext("eyes open"))
    assert phrase == "eyes open" and say(phrase, GERMAN) == "Augen offen"
    assert pickle.loads(pickle.dumps(said)) == said


def test_a_program_files_problems_in_german_and_unchanged_in_english():
    error = problems_of(BUILTIN.replace("work_s = 20", "work_s = -20"))
    english = str(error)
    assert english == (
        "mine.toml: exercise 'toe-walking': dose.work_s: Input should be greater than 0.0 (got -20)"
    )
    assert error.say(GERMAN) == (
        "mine.toml: Übung 'toe-walking': dose.work_s: Der Wert muss größer als 0.0 sein "
        "(angegeben: -20)"
    )
    missing = problems_of(BUILTIN.replace('position = "Seated"\n', ""))
    assert "position: Pflichtfeld fehlt" in missing.say(GERMAN)
    several = problems_of(
        BUILTIN.replace("reps = 10", "reps = 0").replace("reps = 11", "reps = 'many'")
    )
    assert "2 problems" in str(several) and "2 Probleme" in several.say(GERMAN)
    assert "Der Wert muss eine ganze Zahl sein" in several.say(GERMAN)


def test_our_own_checks_in_german():
    twice = problems_of(BUILTIN.replace('id = "toe-walking"', 'id = "toe-presses"'))
    assert "exercises: id 'toe-presses' appears more than once" in str(twice)
    assert "Die id 'toe-presses' kommt mehr als einmal vor" in twice.say(GERMAN)
    assert "Value error" not in str(twice)
    sides = problems_of(BUILTIN.replace('sides = ["left", "right"]', 'sides = ["left", "left"]', 1))
    assert "sides: each side may appear once" in str(sides)
    assert "sides: Jede Seite darf nur einmal vorkommen" in sides.say(GERMAN)
    assert "kein gültiges TOML" in problems_of("[[exercises]\nid=").say(GERMAN)


def test_a_missing_file_and_the_built_in_program_are_named_in_german(tmp_path):
    with pytest.raises(ProgramFileError) as caught:
        load_program(tmp_path / "nope.toml")
    assert caught.value.say(GERMAN).endswith("nope.toml: Datei nicht gefunden")


def test_an_unknown_exercise_in_german():
    program = load_program()
    with pytest.raises(KeyError) as caught:
        program.exercise("hopping")
    (message,) = caught.value.args
    assert message.startswith("no exercise 'hopping' in this program (known: toe-presses, ")
    assert say(message, GERMAN).startswith("keine Übung 'hopping' in diesem Programm")
    with pytest.raises(OverrideError) as override:
        apply_overrides(program, {"hopping.reps": 3})
    assert say(override.value.args[0], GERMAN).startswith("hopping.reps: unbekannte Übung")


def test_the_lines_of_a_program_change_in_german_and_unchanged_in_english():
    old = load_program()
    new = apply_overrides(old, {"toe-walking.reps": 8})
    new = new.model_copy(update={"exercises": new.exercises[1:]})  # toe-presses stopped
    lines = describe_changes(old, new)
    assert "Toe walking, dose: 6 bouts of 20 s → 8 bouts of 20 s" in lines
    assert "Stopped: Toe presses" in lines
    german = [say(line, GERMAN) for line in lines]
    assert "Zehengang, Dosis: 6 Runden von 20 s → 8 Runden von 20 s" in german, german
    assert "Beendet: Zehen drücken" in german
    added = describe_changes(new, old)
    assert say(added[0], GERMAN).startswith("Neu: Zehen drücken, ")


def test_pages_say_them_with_the_say_filter():
    import jinja2

    env = install(jinja2.Environment(autoescape=True))
    page = env.from_string("{% for p in problems %}<li>{{ p | say }}</li>{% endfor %}")
    problems = [Message("choose at least one exercise"), "a <name>"]
    html = page.render(problems=problems, lang="de")
    assert html == "<li>Wählen Sie mindestens eine Übung</li><li>a &lt;name&gt;</li>"


@pytest.mark.parametrize(
    ("broken", "english", "german"),
    [
        (
            BUILTIN.replace('id = "toe-walking"\n', ""),
            "exercise #2: id: Field required",
            "Übung #2: id: Pflichtfeld fehlt",
        ),
        (
            BUILTIN.replace("prepare_s = 5", "prepare_s = -1", 1),
            "timing.prepare_s: Input should be greater than 0 (got -1)",
            "timing.prepare_s: Der Wert muss größer als 0.0 sein (angegeben: -1)",
        ),
        (
            BUILTIN.replace('title = "Toe walking"', 'title = ""', 1),
            "exercise 'toe-walking': title: String should have at least 1 character (got '')",
            "Übung 'toe-walking': title: Der Text muss mindestens 1 Zeichen haben (angegeben: '')",
        ),
        (  # pydantic's English writes 3600, the catalogue's template its value, 3600.0
            BUILTIN.replace("work_s = 20", "work_s = 4000", 1),
            "exercise 'toe-walking': dose.work_s: Input should be less than or equal to 3600 "
            "(got 4000)",
            "Übung 'toe-walking': dose.work_s: Der Wert darf höchstens 3600.0 sein "
            "(angegeben: 4000)",
        ),
        (  # a kind of problem without a template: pydantic's English in every language
            BUILTIN.replace('assumed = ["prepare_s", "switch_s", "done_s"]', "assumed = 5", 1),
            "timing.assumed: Input should be a valid frozenset (got 5)",
            "timing.assumed: Input should be a valid frozenset (angegeben: 5)",
        ),
    ],
)
def test_each_problem_is_one_line_in_english_and_in_german(broken, english, german):
    (problem,) = problems_of(broken).problems
    assert problem == english
    if german is not None:
        assert say(problem, GERMAN) == german


def test_an_exercise_that_is_not_a_table_is_named_by_its_place():
    data = tomllib.loads(BUILTIN)
    data["exercises"][1] = 5
    with pytest.raises(ValidationError) as caught:
        Program.model_validate(data)
    (problem,) = explain_validation_error(caught.value, data)
    assert problem == (
        "exercise #2: program: Input should be a valid dictionary or instance of Exercise (got 5)"
    )
    assert say(problem, GERMAN).startswith("Übung #2: Programm: ")


def test_a_count_above_one_takes_the_plural_in_german():
    data = {"kind": "weekdays", "days": ["mon"] * 8}
    with pytest.raises(ValidationError) as caught:
        OnWeekdays.model_validate(data)
    (problem,) = explain_validation_error(caught.value, data)
    assert problem == "days: Tuple should have at most 7 items after validation, not 8"
    assert say(problem, GERMAN) == "days: darf höchstens 7 Einträge haben, nicht 8"
