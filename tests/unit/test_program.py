from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from footwork.content.loader import ProgramFileError, load_program, parse_program
from footwork.core.program import (
    EveryNDays,
    OnWeekdays,
    OverrideError,
    PerDay,
    PerWeek,
    apply_overrides,
    describe_dose,
    describe_frequency,
)
from tests.builders import make_dose

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
