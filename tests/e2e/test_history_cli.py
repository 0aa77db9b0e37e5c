"""The history commands as a person runs them: log, history, export, import, db."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture
def run(tmp_path):
    url = f"sqlite:///{tmp_path / 'fw.db'}"

    def footwork(*args: str, database: str = url) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "footwork", "--database", database, *args],
            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
            env={**os.environ, "COLUMNS": "150"},
        )  # fmt: skip

    return footwork


def history(run) -> dict:
    result = run("history", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_session_is_recorded_with_pain_after_it(run):
    result = run(
        "session", "toe-presses", "--speed", "50", "--no-voice", "--pain", "back=4,knee-left=3"
    )
    assert result.returncode == 0, result.stderr
    doc = history(run)
    (session,) = doc["sessions"]
    assert (session["status"], session["done"], session["planned"]) == ("completed", 10, 10)
    assert session["exercises"] == ["toe-presses"]
    (pain,) = doc["pain"]
    assert pain["scores"] == {"back": 4, "knee-left": 3}
    assert (pain["context"], pain["session_id"]) == ("after", session["id"])


def test_no_record_leaves_the_history_empty(run):
    assert run("session", "toe-presses", "--speed", "100", "--no-record").returncode == 0
    assert history(run)["sessions"] == []


def test_log_pain_and_balance_then_show_them(run):
    assert (
        run("log", "pain", "--back", "4", "--knee-left", "3", "--note", "after a walk").returncode
        == 0
    )
    assert run("log", "balance", "--left", "23", "--right", "31", "--eyes-closed").returncode == 0
    doc = history(run)
    assert doc["pain"][0]["scores"] == {"back": 4, "knee-left": 3}
    assert doc["pain"][0]["note"] == "after a walk"
    assert (doc["balance"][0]["left_s"], doc["balance"][0]["eyes_closed"]) == (23.0, True)
    shown = run("history").stdout
    assert "low back" in shown and "left knee" in shown
    assert "closed" in shown and "23" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "pain"], "at least one score"),
        (["log", "pain", "--back", "11"], "--back"),
        (["log", "pain", "--back", "3", "--context", "lunch"], "--context"),
        (["log", "balance"], "--left, --right"),
        (["log", "balance", "--left", "50"], "--left"),
        (["session", "--pain", "elbow=3"], "unknown region"),
        (["session", "--pain", "back=12"], "0 to 10"),
        (["export", "--format", "xml"], "--format"),
    ],
)
def test_bad_input_exits_2_and_records_nothing(run, args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    doc = history(run)
    assert doc == {"sessions": [], "pain": [], "balance": []}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_export_gives_identical_files(run, tmp_path, fmt):
    run("session", "ankle-circles", "--speed", "100", "--pain", "hip-left=2")
    run("log", "balance", "--right", "12.5")
    first, second = tmp_path / f"first.{fmt}", tmp_path / f"second.{fmt}"
    assert run("export", "--format", fmt, "-o", str(first)).returncode == 0
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    imported = run("import", str(first), database=fresh)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 1 session, 1 pain check-in and 1 balance test" in imported.stdout
    assert run("export", "--format", fmt, "-o", str(second), database=fresh).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_a_bad_import_file_is_refused_whole(run, tmp_path):
    run("log", "pain", "--back", "2")
    good = tmp_path / "good.json"
    run("export", "-o", str(good))
    bad = tmp_path / "bad.json"
    bad.write_text(good.read_text().replace('"back": 2', '"back": 12'))
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = run("import", str(bad), database=fresh)
    assert result.returncode == 2
    assert "nothing was imported" in result.stderr
    assert "pain.0.scores.back" in result.stderr
    german = run("--lang", "de", "import", str(bad), database=fresh)
    assert german.returncode == 2
    assert "Feld pain.0.scores.back: Der Wert darf höchstens 10 sein" in german.stderr
    assert history(lambda *a: run(*a, database=fresh)) == {
        "sessions": [],
        "pain": [],
        "balance": [],
    }


def test_importing_twice_is_a_conflict(run, tmp_path):
    run("log", "pain", "--back", "2")
    out = tmp_path / "h.json"
    run("export", "-o", str(out))
    result = run("import", str(out))
    assert result.returncode == 1
    assert "already in the database" in result.stderr


def test_import_of_a_missing_file(run, tmp_path):
    result = run("import", str(tmp_path / "none.json"))
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_db_upgrade(run):
    first = run("db", "upgrade")
    assert first.returncode == 0
    assert "upgraded from empty" in first.stdout
    assert "already up to date" in run("db", "upgrade").stdout
