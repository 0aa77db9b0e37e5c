"""SIGKILL a real `footwork session` at random moments: every finished rep survives, in order.

After each kill the database file is checked as SQLite sees it, then the abandoned session is
closed the way every command closes it (`open_personal`): in this process, and every
CLI_EVERY kills through `footwork history --json` itself (each start of Python costs ~2 s).
The seed is fixed so a failure reproduces; set FOOTWORK_CRASH_SEED to try others and
FOOTWORK_CRASH_ITERATIONS to run longer.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.core.timeline import compile_timeline
from footwork.services.personal import open_personal
from footwork.store.history import session_summaries
from tests.e2e.browser_support import START_TIMEOUT_S

SEED = int(os.environ.get("FOOTWORK_CRASH_SEED", "20260328"))
ITERATIONS = int(os.environ.get("FOOTWORK_CRASH_ITERATIONS", "20"))
CLI_EVERY = 5
SPEED = 40
PROGRAM = load_program()
TIMELINE = compile_timeline([PROGRAM.exercise("toe-presses")], PROGRAM.timing)
WORK_INDEXES = [i for i, cue in enumerate(TIMELINE.cues) if cue.kind == "work"]
PLANNED = len(WORK_INDEXES)
SESSION_S = TIMELINE.total_s / SPEED
STARTUP_WRITES = 3  # a start-up kill comes after 0 to this many changes of the database's log
ENV = {**os.environ, "COLUMNS": "120"}


def footwork(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footwork", "--database", f"sqlite:///{db}", *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=START_TIMEOUT_S, env=ENV,
    )  # fmt: skip


def holds_shown(out: str) -> int:
    return sum(" work " in line for line in out.splitlines())


def kill_window_s(holds: int) -> float:
    """How long after the line of hold number `holds` (0: the first line) the kill may come: up
    to the next hold's line; after the last hold, on past the end of the session."""
    shown_at = TIMELINE.cues[WORK_INDEXES[holds - 1]].offset_s if holds else 0.0
    until = (
        TIMELINE.cues[WORK_INDEXES[holds]].offset_s if holds < PLANNED else TIMELINE.total_s * 1.15
    )
    return (until - shown_at) / SPEED


def read_until_shown(process: subprocess.Popen[bytes], holds: int) -> bytes:
    """The session's output, read until its first line and the line of hold number `holds`."""
    assert process.stdout is not None
    head = b""
    deadline = time.monotonic() + START_TIMEOUT_S  # start-up alone can take a minute when busy
    while not head or holds_shown(head.decode(errors="replace")) < holds:
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"the session did not show hold {holds} in {START_TIMEOUT_S:.0f} s: {head!r}"
        chunk = os.read(process.stdout.fileno(), 1 << 16)
        if not chunk:
            break  # it ended
        head += chunk
    return head


def log_state(db: Path) -> tuple[int, int, int] | None:
    """The database's write-ahead log as the file system shows it (None: there is none)."""
    try:
        found = os.stat(f"{db}-wal")
    except FileNotFoundError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def wait_for_writes(process: subprocess.Popen[bytes], db: Path, writes: int) -> str:
    """Until the session's start-up has changed the database's write-ahead log `writes` times
    (creating or migrating the database, closing abandoned sessions, opening its own), or has
    printed its first line or ended, whichever comes first; which of them it was."""
    assert process.stdout is not None
    before, seen = log_state(db), 0
    deadline = time.monotonic() + START_TIMEOUT_S
    while seen < writes:
        ready, _, _ = select.select([process.stdout], [], [], 0.001)
        if ready:
            return f"at its first line, after {seen} of {writes} writes"
        if process.poll() is not None:
            return f"after it ended, after {seen} of {writes} writes"
        now = log_state(db)
        if now != before:
            before, seen = now, seen + 1
        assert time.monotonic() < deadline, f"start-up wrote {seen} times in {START_TIMEOUT_S} s"
    return f"at start-up write {writes}"


def run_and_kill(db: Path, rng: random.Random) -> tuple[str, str, int, int, str]:
    """Start a session, SIGKILL it at a random moment: stdout, stderr, code, pid, moment.

    The moment is found from what the session does, not from the clock. While it plays: a
    random hold's line is awaited, then the kill comes at a random point before the next hold's
    line (the effort of the hold shown is written in that span). During start-up: at once
    (Python starting, importing), or once the database's write-ahead log has changed a random
    number of times (a migration, an abandoned session closed, its own opened), seen from the
    file system. A busy machine slows the session down but does not move the kills to other
    holds or other steps of start-up."""
    process = subprocess.Popen(
        [sys.executable, "-m", "footwork", "--database", f"sqlite:///{db}",
         "session", "toe-presses", "--speed", str(SPEED), "--no-voice", "--no-sound"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
    )  # fmt: skip
    head = b""
    if rng.random() < 0.2:  # during start-up: imports, migrations, opening the session
        moment = wait_for_writes(process, db, rng.randint(0, STARTUP_WRITES))
    else:  # while the session plays: from its first line to a little after its end
        holds = rng.randint(0, PLANNED)
        head = read_until_shown(process, holds)
        delay = rng.uniform(0, kill_window_s(holds))
        moment = f"{delay:.3f}s after hold {holds} was shown"
        time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGKILL)
    rest, err = process.communicate(timeout=30)
    return (head + rest).decode(), err.decode(), process.returncode, process.pid, moment


def closed_sessions(db: Path, *, cli: bool) -> dict[str, dict]:
    """Close abandoned sessions as any command does; each session's status and counts."""
    if cli:
        history = footwork(db, "history", "--json")
        assert history.returncode == 0, history.stderr
        return {s["id"]: s for s in json.loads(history.stdout)["sessions"]}
    personal = open_personal(Settings(database_url=f"sqlite:///{db}"))
    try:
        summaries = session_summaries(personal.store, personal.person.id)
    finally:
        personal.store.engine.dispose()
    return {s.id: {"status": s.status, "done": s.done, "skipped": s.skipped,
                   "planned": s.planned} for s in summaries}  # fmt: skip


def read_database(db: Path) -> dict[str, dict]:
    """Check the file as SQLite sees it, read-only; every session with its efforts."""
    if not db.exists():
        return {}
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "sessions" not in tables:
            assert "alembic_version" not in tables, f"half-migrated database: {tables}"
            return {}
        sessions = {}
        query = "SELECT id, status, started_at, ended_at, owner FROM sessions"
        for sid, status, started, ended, owner in con.execute(query):
            plan = con.execute(
                "SELECT exercise_id, planned_efforts FROM session_exercises"
                " WHERE session_id = ? ORDER BY position", (sid,),
            ).fetchall()  # fmt: skip
            efforts = con.execute(
                "SELECT cue_index, exercise_id, rep, outcome, started_at, ended_at"
                " FROM efforts WHERE session_id = ? ORDER BY cue_index", (sid,),
            ).fetchall()  # fmt: skip
            sessions[sid] = {"status": status, "started_at": started, "ended_at": ended,
                             "owner": owner, "plan": plan, "efforts": efforts}  # fmt: skip
        return sessions


def check_session(sid: str, s: dict) -> int:
    """The session's efforts are the first k planned ones, all done; returns k."""
    assert s["plan"] == [("toe-presses", PLANNED)], f"{sid}: plan {s['plan']}"
    k = len(s["efforts"])
    assert [e[0] for e in s["efforts"]] == WORK_INDEXES[:k], f"{sid}: cue indexes"
    assert [e[2] for e in s["efforts"]] == list(range(1, k + 1)), f"{sid}: reps"
    assert {(e[1], e[3]) for e in s["efforts"]} <= {("toe-presses", "done")}
    started = datetime.fromisoformat(s["started_at"])
    for effort in s["efforts"]:
        assert started <= datetime.fromisoformat(effort[4]) <= datetime.fromisoformat(effort[5])
    if s["status"] == "in_progress":
        assert s["owner"] and s["ended_at"] is None
    else:
        assert s["status"] == expected_status(k), f"{sid}: {s['status']} with {k} done"
        assert s["ended_at"] is not None and datetime.fromisoformat(s["ended_at"]) >= started
    return k


def expected_status(done: int) -> str:
    return "completed" if done == PLANNED else "partial" if done else "aborted"


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_at_most_the_rep_in_progress(tmp_path):
    db = tmp_path / "footwork.db"
    rng = random.Random(SEED)
    seen: set[str] = set()
    tally: dict[str, int] = {}
    print(f"seed {SEED}, {ITERATIONS} kills, session {SESSION_S:.3f}s at speed {SPEED}")
    for attempt in range(ITERATIONS):
        out, err, code, pid, moment = run_and_kill(db, rng)
        where = f"seed {SEED}, kill {attempt} at {moment} (exit {code})"
        print(where)
        assert code in (-signal.SIGKILL, 0), f"{where}: {err}"
        assert "Traceback" not in err, f"{where}: {err}"

        sessions = read_database(db)
        new = set(sessions) - seen
        assert len(new) <= 1, where
        assert not out or new, f"{where}: it printed, so its session row was committed"
        for sid, session in sessions.items():
            check_session(sid, session)
        killed = next(iter(new), None)
        k = len(sessions[killed]["efforts"]) if killed else 0
        running = {sid for sid, s in sessions.items() if s["status"] == "in_progress"}
        assert running <= {killed}, f"{where}: older sessions left open: {running}"
        assert all(sessions[sid]["owner"].endswith(f":{pid}") for sid in running), where
        holds = holds_shown(out)
        # A hold's line is printed before its effort is written, and the effort is
        # committed before the next line: only the last hold shown can be missing.
        assert k <= holds <= k + 1, f"{where}: {holds} holds shown, {k} efforts saved\n{out}"
        if "Session complete:" in out:
            assert killed and sessions[killed]["status"] == "completed", where

        shown = closed_sessions(db, cli=attempt % CLI_EVERY == CLI_EVERY - 1)
        assert set(shown) == set(sessions), where
        assert all(s["status"] != "in_progress" for s in shown.values()), where
        for sid, got in shown.items():
            done = len(sessions[sid]["efforts"])
            assert got["status"] == expected_status(done), f"{where}: {sid} {got}"
            assert (got["done"], got["skipped"], got["planned"]) == (done, 0, PLANNED), where
        if killed:
            tally[shown[killed]["status"]] = tally.get(shown[killed]["status"], 0) + 1
        seen |= new
    print(f"sessions by outcome: {tally}")
    # The random moments must have hit the middle of sessions, not only their edges. A kill
    # soon after hold 2 to 9 is shown leaves a partial session however slow the machine (the
    # moment is chosen from the output): about 12 of 20 with the fixed seed.
    assert tally.get("partial", 0) >= ITERATIONS // 4, tally
