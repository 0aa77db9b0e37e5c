"""The `footwork` command as a person or a script runs it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BUILTIN = Path(__file__).parents[2] / "src/footwork/content/program.toml"


def footwork(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footwork", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "120"},
    )


def work_cues(*ids: str) -> list[dict]:
    result = footwork("timeline", *ids, "--json")
    assert result.returncode == 0, result.stderr
    return [c for c in json.loads(result.stdout)["cues"] if c["kind"] == "work"]


@pytest.mark.parametrize(
    ("exercise_id", "count", "seconds"),
    [
        ("toe-walking", 6, 20.0),
        ("toe-presses", 10, 3.0),
        ("ankle-circles", 4, 10.0),
        ("resistance-band", 11, 5.0),
        ("toe-pickups", 10, 10.0),
    ],
)
def test_timeline_json_has_the_source_dose(exercise_id, count, seconds):
    work = work_cues(exercise_id)
    assert len(work) == count
    assert {c["duration_s"] for c in work} == {seconds}


def test_timeline_json_sides_and_directions():
    circles = work_cues("ankle-circles")
    assert [(c["side"], c["direction"]) for c in circles] == [
        ("left", "clockwise"),
        ("left", "counterclockwise"),
        ("right", "clockwise"),
        ("right", "counterclockwise"),
    ]
    pickups = work_cues("toe-pickups")
    assert [c["side"] for c in pickups].count("left") == 5
    assert [c["side"] for c in pickups].count("right") == 5


def test_timeline_json_has_rests_between_efforts():
    result = footwork("timeline", "toe-walking", "--json")
    data = json.loads(result.stdout)
    kinds = [c["kind"] for c in data["cues"]]
    assert kinds.count("rest") == 5
    assert data["total_s"] == sum(c["duration_s"] for c in data["cues"])
    assert set(data["cues"][0]) == {
        "offset_s",
        "duration_s",
        "kind",
        "exercise",
        "side",
        "direction",
        "rep",
        "reps",
        "text",
        "notes",
    }


def test_exercises_json_lists_the_program():
    result = footwork("exercises", "--json")
    assert result.returncode == 0
    program = json.loads(result.stdout)
    assert [e["id"] for e in program["exercises"]] == [
        "toe-presses",
        "toe-walking",
        "ankle-circles",
        "resistance-band",
        "toe-pickups",
    ]
    band = program["exercises"][3]
    assert "frequency" in band["assumed"]


def test_exercises_table_shows_dose_and_safety():
    result = footwork("exercises")
    assert result.returncode == 0
    assert "10 holds of 3 s" in result.stdout
    assert "2 to 3 times a week" in result.stdout
    assert "Stop at once" in result.stdout
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "once a day (our default)" in flat
    assert "(our default)" in flat.split("toe-presses")[1].split("toe-walking")[0]


def test_session_runs_ten_holds_without_a_terminal():
    result = footwork("session", "toe-presses", "--speed", "20")
    assert result.returncode == 0, result.stderr
    work_lines = [line for line in result.stdout.splitlines() if " work " in line]
    assert len(work_lines) == 10
    assert "10 of 10. Hold, 3 seconds." in work_lines[-1]
    assert "Session complete: 10 of 10 efforts done." in result.stdout


def test_each_exercise_shows_its_safety_notes_before_its_first_effort():
    from footwork.content.guidance import SHORT_RED_FLAGS
    from footwork.content.loader import load_program

    program = load_program()
    result = footwork(
        "session", "--all", "--no-record", "--no-voice", "--speed", "1000",
        "--set", "timing.prepare_s=1",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # The short red flags come first (before the first session of the day).
    first_cue = next(i for i, line in enumerate(lines) if " prepare " in line)
    head = " ".join(lines[:first_cue])
    for flag in SHORT_RED_FLAGS:
        assert flag.split(":")[0][:30] in head
    assert "footwork safety" in head
    for exercise in program.exercises:
        prepare = next(
            i for i, line in enumerate(lines) if " prepare " in line and exercise.title in line
        )
        first_work = next(i for i, line in enumerate(lines) if i > prepare and " work " in line)
        between = "\n".join(lines[prepare:first_work])
        for note in exercise.safety:
            assert f"! {note}" in between, (exercise.id, note)


def test_safety_shows_all_the_advice():
    from footwork.content.guidance import GENERAL_SAFETY

    result = footwork("safety")
    assert result.returncode == 0
    text = " ".join(result.stdout.replace("│", " ").split())
    for line in GENERAL_SAFETY:
        assert " ".join(line.split()) in text


def test_session_of_two_exercises_in_order():
    result = footwork(
        "session", "ankle-circles", "toe-presses", "--speed", "100", "--set", "timing.prepare_s=1"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.index("Ankle circles") < result.stdout.index("Toe presses  ")
    assert "14 of 14 efforts done" in result.stdout


def test_set_changes_the_dose_for_one_run():
    cues = json.loads(
        footwork("timeline", "toe-walking", "--json", "--set", "toe-walking.reps=2").stdout
    )["cues"]
    assert [c["kind"] for c in cues].count("work") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "nope"], "no exercise 'nope'"),
        (["timeline", "toe-walking", "--set", "toe-walking.reps=0"], "reps"),
        (["timeline", "--set", "toe-walking.colour=2"], "unknown field 'colour'"),
        (["timeline", "--set", "oops"], "expected EXERCISE.FIELD=VALUE"),
        (["session", "--speed", "0"], "--speed"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args, message):
    result = footwork(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_program_file_exits_2_naming_file_exercise_and_field(tmp_path):
    broken = tmp_path / "mine.toml"
    broken.write_text(BUILTIN.read_text().replace("reps = 6", "reps = -6"))
    result = footwork("--program", str(broken), "timeline", "toe-walking")
    assert result.returncode == 2
    assert str(broken) in result.stderr
    assert "exercise 'toe-walking'" in result.stderr
    assert "dose.reps" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_program_file_exits_2(tmp_path):
    result = footwork("--program", str(tmp_path / "none.toml"), "exercises")
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_own_program_file_is_used(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(
        BUILTIN.read_text()
        .replace('id = "toe-presses"', 'id = "heel-raises"')
        .replace('title = "Toe presses"', 'title = "Heel raises"')
    )
    result = footwork("--program", str(mine), "timeline", "heel-raises", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cues"][0]["exercise"] == "heel-raises"


def test_ctrl_c_ends_cleanly_with_130():
    process = subprocess.Popen(
        [sys.executable, "-m", "footwork", "session", "toe-walking"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    # Wait for the first cue line, so the player is running.
    assert process.stdout is not None
    for line in process.stdout:
        if "prepare" in line or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Session interrupted: 0 of 6 efforts done." in out
    assert "Traceback" not in err


def test_care_refresh_works_out_the_figures_of_patients_who_lack_them(tmp_path: Path):
    from datetime import UTC, datetime

    from footwork.store.accounts import create_account
    from footwork.store.clinic import add_patient
    from footwork.store.database import ensure_schema, make_engine
    from footwork.store.repository import Store

    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    store, now = Store(engine), datetime.now(UTC)
    doctor = create_account(store, username="dr", password="long enough pw", role="clinician",
                            person_id=None, now=now)  # fmt: skip
    for name in ("One", "Two"):
        add_patient(store, clinician=doctor, display_name=name, timezone="UTC", now=now)
    engine.dispose()
    first = footwork("--database", url, "care", "refresh")
    assert first.returncode == 0, first.stderr
    assert "2 patients refreshed." in first.stdout
    again = footwork("--database", url, "care", "refresh")
    assert "0 patients refreshed." in again.stdout
