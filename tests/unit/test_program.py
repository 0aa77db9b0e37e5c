from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from footwork.content.loader import ProgramFileError, load_program, parse_program
from footwork.core.language import say
from footwork.core.program import (
    EveryNDays,
    OnWeekdays,
    OverrideError,
    PerDay,
    PerWeek,
    apply_overrides,
    describe_changes,
    describe_dose,
    describe_frequency,
    describe_prescription,
    describe_rest,
)
from footwork.i18n import translator
from tests.builders import make_dose, make_exercise

BUILTIN = (Path(__file__).parents[2] / "src/footwork/content/program.toml").read_text()


def test_builtin_program_has_the_five_exercises_with_source_frequencies():
    program = load_program()
    assert program.ids == (
        "toe-presses",
        "toe-walking",
        "ankle-circles",
        "resistance-band",
        "toe-pickups",
    )
    freq = {e.id: describe_frequency(e.frequency) for e in program.exercises}
    assert freq == {
        "toe-presses": "3 times a day",
        "toe-walking": "2 times a day",
        "ankle-circles": "2 times a day",
        "resistance-band": "once a day",
        "toe-pickups": "2 to 3 times a week",
    }


def test_values_the_source_leaves_open_are_marked_assumed():
    program = load_program()
    assert "frequency" in program.exercise("resistance-band").assumed
    assert "dose.rest_s" in program.exercise("toe-walking").assumed
    assert "dose.work_s" not in program.exercise("toe-walking").assumed
    assert program.timing.assumed == {"prepare_s", "switch_s", "done_s"}


def test_every_exercise_has_instructions_and_safety_notes():
    for exercise in load_program().exercises:
        assert len(exercise.steps) >= 2
        assert exercise.safety
        assert exercise.position


def test_bad_field_is_named_with_file_and_exercise():
    broken = BUILTIN.replace("work_s = 20", "work_s = -20")
    with pytest.raises(ProgramFileError) as caught:
        parse_program(broken, source="mine.toml")
    message = str(caught.value)
    assert message.startswith("mine.toml: ")
    assert "exercise 'toe-walking'" in message
    assert "dose.work_s" in message
    assert "-20" in message


def test_missing_field_is_named():
    broken = BUILTIN.replace('position = "Seated"\n', "")
    with pytest.raises(ProgramFileError, match=r"exercise 'toe-pickups': position: Field required"):
        parse_program(broken, source="x.toml")


def test_bad_frequency_field_is_named_without_the_union_tag():
    broken = BUILTIN.replace("times_max = 3", "times_max = 1")
    with pytest.raises(ProgramFileError, match=r"exercise 'toe-pickups': frequency: .*times_max"):
        parse_program(broken, source="x.toml")


def test_several_problems_are_all_listed():
    broken = BUILTIN.replace("reps = 10", "reps = 0").replace("reps = 11", "reps = 'many'")
    with pytest.raises(ProgramFileError) as caught:
        parse_program(broken, source="x.toml")
    assert len(caught.value.problems) == 2
    assert "2 problems" in str(caught.value)


def test_invalid_toml_is_reported_not_raised_raw():
    with pytest.raises(ProgramFileError, match="not valid TOML"):
        parse_program("[[exercises]\nid=", source="x.toml")


def test_unknown_field_is_rejected():
    broken = BUILTIN.replace("reps = 10", "reps = 10\nrepz = 3")
    with pytest.raises(ProgramFileError, match=r"dose\.repz: Extra inputs are not permitted"):
        parse_program(broken, source="x.toml")


def test_duplicate_ids_are_rejected():
    broken = BUILTIN.replace('id = "toe-walking"', 'id = "toe-presses"')
    with pytest.raises(ProgramFileError, match="appears more than once"):
        parse_program(broken, source="x.toml")


def test_missing_file(tmp_path):
    with pytest.raises(ProgramFileError, match="no such file"):
        load_program(tmp_path / "nope.toml")


def test_several_reps_need_a_rest():
    with pytest.raises(ValidationError, match="rest_s"):
        make_dose(reps=3, rest_s=0)


def test_one_rep_needs_no_rest():
    assert make_dose(reps=1, rest_s=0).efforts == 1


def test_overrides_replace_numbers_and_clear_the_assumed_mark():
    program = apply_overrides(load_program(), {"toe-walking.rest_s": "30", "timing.prepare_s": 8})
    walking = program.exercise("toe-walking")
    assert walking.dose.rest_s == 30
    assert "dose.rest_s" not in walking.assumed
    assert program.timing.prepare_s == 8
    assert "prepare_s" not in program.timing.assumed


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("toe-walking.colour", "unknown field 'colour'"),
        ("nope.reps", "unknown exercise 'nope'"),
        ("timing.reps", "unknown field 'reps'"),
    ],
)
def test_overrides_with_unknown_keys_are_refused(key, message):
    with pytest.raises(OverrideError, match=message):
        apply_overrides(load_program(), {key: "1"})


def test_overrides_are_validated():
    with pytest.raises(ValidationError):
        apply_overrides(load_program(), {"toe-walking.reps": "0"})


@pytest.mark.parametrize(
    ("frequency", "text"),
    [
        (PerDay(kind="per_day", times=3), "3 times a day"),
        (PerWeek(kind="per_week", times=2, times_max=3), "2 to 3 times a week"),
        (PerWeek(kind="per_week", times=1), "once a week"),
        (EveryNDays(kind="every_n_days", days=2), "every 2 days"),
        (OnWeekdays(kind="weekdays", days=("mon", "thu")), "on Mon, Thu"),
    ],
)
def test_describe_frequency(frequency, text):
    assert describe_frequency(frequency) == text


def test_describe_dose():
    program = load_program()
    assert describe_dose(program.exercise("toe-presses").dose) == "10 holds of 3 s"
    assert (
        describe_dose(program.exercise("ankle-circles").dose)
        == "10 s of continuous circling per direction, each ankle"
    )


def test_core_imports_nothing_that_does_io():
    code = (
        "import sys, footwork.core.program, footwork.core.timeline; "
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    forbidden = {
        "sqlalchemy",
        "fastapi",
        "typer",
        "rich",
        "sqlite3",
        "footwork.store",
        "footwork.cli",
        "footwork.player",
    }
    assert not {m for m in loaded if m in forbidden or m.split(".")[0] in forbidden}


def test_every_number_the_source_leaves_open_is_marked_as_our_default():
    from footwork.core.program import describe_prescription

    program = load_program()
    band = describe_prescription(program.exercise("resistance-band"))
    assert band == "11 holds of 5 s, resting 5 s between (our default); once a day (our default)"
    presses = describe_prescription(program.exercise("toe-presses"))
    assert presses == "10 holds of 3 s, resting 3 s between (our default); 3 times a day"
    circles = describe_prescription(program.exercise("ankle-circles"))
    assert circles == "10 s of continuous circling per direction, each ankle; 2 times a day"


def test_the_instructions_say_what_a_physiotherapist_would_want():
    program = load_program()
    circles = " ".join(program.exercise("ankle-circles").steps)
    assert "Bend one knee" in circles and "Seated version" in circles
    band = program.exercise("resistance-band")
    assert "towards your shins" in " ".join(band.steps)
    assert "tear" in " ".join(band.steps) and "chair" in band.position
    walking = " ".join(program.exercise("toe-walking").safety)
    assert "socks on a smooth floor" in walking
    assert "calf" in walking and "Achilles" in walking and "heel" in walking
    assert "wall or counter within reach" in walking


GERMAN = translator("de")
BOTH_WAYS = {"sides": ("left", "right"), "directions": ("clockwise", "counterclockwise")}
CIRCLES = make_dose(effort="circle", work_s=10, reps=2, rest_s=5, **BOTH_WAYS)


@pytest.mark.parametrize(
    ("frequency", "english", "german"),
    [
        (PerDay(kind="per_day", times=1), "once a day", "einmal am Tag"),
        (PerDay(kind="per_day", times=3), "3 times a day", "3-mal am Tag"),
        (PerWeek(kind="per_week", times=2), "2 times a week", "2-mal pro Woche"),
        (PerWeek(kind="per_week", times=2, times_max=2), "2 times a week", "2-mal pro Woche"),
        (EveryNDays(kind="every_n_days", days=1), "every day", "jeden Tag"),
        (EveryNDays(kind="every_n_days", days=2), "every 2 days", "alle 2 Tage"),
    ],
)
def test_every_kind_of_frequency_is_said_in_english_and_in_german(frequency, english, german):
    assert describe_frequency(frequency) == english
    assert describe_frequency(frequency, text=GERMAN) == german


@pytest.mark.parametrize(
    ("dose", "english", "german"),
    [
        (
            CIRCLES,
            "2 bouts of 10 s of continuous circling per direction, each ankle",
            "2 Runden mit 10 s durchgehendes Kreisen je Richtung, jedes Sprunggelenk",
        ),
        (make_dose(reps=1, work_s=5, rest_s=0), "1 hold of 5 s", "1 Halten von 5 s"),
        (
            make_dose(sides=("left",), directions=("clockwise",)),
            "2 holds of 3 s per side and direction",
            "2-mal Halten von 3 s je Seite und Richtung",
        ),
        (make_dose(sides=("left",)), "2 holds of 3 s per side", "2-mal Halten von 3 s je Seite"),
        (
            make_dose(effort="bout", directions=("clockwise",)),
            "2 bouts of 3 s per direction",
            "2 Runden von 3 s je Richtung",
        ),
    ],
)
def test_every_shape_of_dose_is_said_in_english_and_in_german(dose, english, german):
    assert describe_dose(dose) == english
    assert describe_dose(dose, text=GERMAN) == german


def test_rest_is_said_only_between_two_efforts_or_more_however_short():
    assert describe_rest(make_exercise(dose=make_dose(reps=1, rest_s=4))) is None
    assert describe_rest(make_exercise(dose=make_dose(reps=2, rest_s=4))) == "resting 4 s between"
    one_per_side = make_dose(reps=1, rest_s=4, sides=("left", "right"))
    assert describe_rest(make_exercise(dose=one_per_side)) == "resting 4 s between"
    short = make_dose(reps=2, rest_s=0.5)
    assert describe_rest(make_exercise(dose=short)) == "resting 0.5 s between"


def test_the_whole_prescription_is_said_in_german():
    band = load_program().exercise("resistance-band")
    assert describe_prescription(band, text=GERMAN) == (
        "11-mal Halten von 5 s, mit 5 s Pause dazwischen (unser Vorschlag); "
        "einmal am Tag (unser Vorschlag)"
    )


EXERCISE_FIELDS = "(one of reps, rest_s, work_s)"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("toe-walking.colour", f"unknown field 'colour' {EXERCISE_FIELDS}"),
        ("toe-walking.dose.reps", f"unknown field 'dose.reps' {EXERCISE_FIELDS}"),
        ("timing.reps", "unknown field 'reps' (one of done_s, prepare_s, switch_s)"),
        (
            "nope.reps",
            "unknown exercise 'nope' (one of timing, toe-presses, toe-walking, "
            "ankle-circles, resistance-band, toe-pickups)",
        ),
    ],
)
def test_an_unknown_override_key_is_told_what_may_be_changed(key, message):
    with pytest.raises(OverrideError) as caught:
        apply_overrides(load_program(), {key: 1})
    assert caught.value.args[0] == f"{key}: {message}"


def test_a_program_change_lists_new_rest_frequency_and_instructions_in_order():
    old = load_program()
    new = apply_overrides(old, {"toe-walking.rest_s": 30})
    changed = {
        "toe-walking": {"frequency": PerDay(kind="per_day", times=1), "safety": ("Go slowly.",)},
        "ankle-circles": {"steps": old.exercise("ankle-circles").steps[:-1]},
    }
    exercises = [e.model_copy(update=changed.get(e.id, {})) for e in new.exercises]
    added = make_exercise("heel-raises", title="Heel raises")
    new = new.model_copy(update={"exercises": (added, *exercises)})
    lines = describe_changes(old, new)
    assert lines == [
        "New: Heel raises, 2 holds of 3 s, once a day",
        "Toe walking, rest: 20 s → 30 s",
        "Toe walking, how often: 2 times a day → once a day",
        "Toe walking: the instructions changed",
        "Ankle circles: the instructions changed",
    ]
    assert [say(line, GERMAN) for line in lines[1:3]] == [
        "Zehengang, Pause: 20 s → 30 s",
        "Zehengang, wie oft: 2-mal am Tag → einmal am Tag",
    ]
