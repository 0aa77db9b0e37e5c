"""today, stats, settings, calendar and session-what-is-due, as a person runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from icalendar import Calendar

from tests.e2e.test_cli import BUILTIN


@pytest.fixture
def run(tmp_path):
    url = f"sqlite:///{tmp_path / 'fw.db'}"

    def footwork(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "footwork", "--database", url, *args],
            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
            env={**os.environ, "COLUMNS": "150"},
        )  # fmt: skip

    return footwork


def as_json(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_session_runs_what_is_due_and_today_and_stats_follow(run):
    # One slot all day long, so what is due does not depend on the hour the test runs.
    assert run("settings", "--timezone", "UTC", "--slot", "all-day=00:00-23:59").returncode == 0
    before = as_json(run("today", "--json"))
    assert before["due_now"] == ["toe-presses", "toe-walking", "ankle-circles", "resistance-band",
                                 "toe-pickups"]  # fmt: skip
    assert len(before["occurrences"]) == 8  # 3 + 2 + 2 + 1, all in the one slot
    first = run("session", "--speed", "400", "--no-voice")
    assert first.returncode == 0, first.stderr
    due = "Due now: Toe presses, Toe walking, Ankle circles, Resistance-band flexes, Toe pickups."
    assert due in first.stdout  # fmt: skip
    after = as_json(run("today", "--json"))
    assert [o["state"] for o in after["occurrences"]].count("done") == 4
    assert after["due_now"] == ["toe-presses", "toe-walking", "ankle-circles"]
    assert after["weeks"][0]["done"] == 1
    stats = as_json(run("stats", "--json"))
    today = stats["last_7_days"]
    assert today["by_exercise"]["resistance-band"]["ratio"] == 1
    assert today["by_exercise"]["toe-presses"] == {"done": 1, "prescribed": 1, "ratio": 1}
    assert stats["streak_days"] == 0  # today is not complete yet
    shown = run("today").stdout
    assert "Due now: Toe presses, Toe walking, Ankle circles." in shown


def test_settings_refuse_bad_values(run):
    for args, message in [
        (["--timezone", "Mars/Base"], "unknown timezone"),
        (["--slot", "morning=7-10"], "NAME=HH:MM-HH:MM"),
        (["--slot", "late=22:00-01:00"], "end must come after"),
        (["--slot", "a=07:00-10:00", "--slot", "b=09:00-11:00"], "overlap"),
        (["--email", "not-an-address"], "does not look like an e-mail"),
        (["--birth-year", "1850"], "--birth-year 1850: give a year from 1900 to"),
    ]:
        result = run("settings", *args)
        assert result.returncode == 2, args
        assert message in result.stderr, args
    shown = run("settings").stdout
    assert "morning 07:00-10:00, midday 12:00-14:00" in shown
    assert "birth year" in shown and "1850" not in shown


def test_settings_keep_the_birth_year(run):
    assert run("settings", "--birth-year", "1961").returncode == 0
    assert re.search(r"birth year\s+.?\s*1961", run("settings").stdout)


def test_calendar_export_writes_an_ics_file(run, tmp_path):
    out = tmp_path / "footwork.ics"
    result = run("settings", "--timezone", "Europe/Berlin")
    assert result.returncode == 0
    assert run("calendar", "export", "-o", str(out)).returncode == 0
    calendar = Calendar.from_ical(out.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 4
    assert {str(e["DTSTART"].params.get("TZID")) for e in events} == {"Europe/Berlin"}


def test_nothing_due_without_a_terminal_exits_0_with_advice(run, tmp_path):
    # One exercise, on a weekday that is not today: nothing is due now.
    from datetime import UTC, datetime, timedelta

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%a").lower()
    program = tmp_path / "program.toml"
    program.write_text(
        BUILTIN.read_text().split("[[exercises]]")[0]
        + f"""
[[exercises]]
id = "heel-raises"
title = "Heel raises"
position = "Standing"
steps = ["Rise onto your toes.", "Lower slowly."]
[exercises.dose]
effort = "hold"
work_s = 2
reps = 3
rest_s = 1
[exercises.frequency]
kind = "weekdays"
days = ["{tomorrow}"]
"""
    )
    run("settings", "--timezone", "UTC")
    result = run("--program", str(program), "session", "--speed", "400")
    assert result.returncode == 0, result.stderr
    assert "Nothing is due right now." in result.stdout
    assert "footwork session --all" in result.stdout
    assert " work " not in result.stdout  # no session ran
