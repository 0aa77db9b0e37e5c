"""Several writers on one SQLite file at once (a terminal session, the web app): no
'database is locked', and nothing lost."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from footwork.content.loader import load_program
from footwork.core.records import EffortRecord, PlannedExercise
from footwork.store.database import ensure_schema, make_engine
from footwork.store.history import session_summaries
from footwork.store.repository import Store, new_id

ENV = {**os.environ, "COLUMNS": "120"}
SESSION_SPEED = 20  # toe-presses: 65 s of timeline, 3.25 s at this speed, a commit every 0.3 s
MIN_PAIN_LOGS = 3
MAX_PAIN_LOGS = 8
EFFORTS_PER_THREAD = 200


def start(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "footwork", "--database", f"sqlite:///{db}", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=ENV,
    )  # fmt: skip


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def query(db: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        return con.execute(sql).fetchall()


def effort(index: int, at: datetime) -> EffortRecord:
    return EffortRecord(
        id=new_id(), cue_index=index, exercise_id="toe-presses", rep=index + 1,
        outcome="done", started_at=at, ended_at=at + timedelta(seconds=3),
        planned_s=3.0, actual_s=3.0,
    )  # fmt: skip


def test_two_sessions_and_pain_logs_write_one_file_at_once(tmp_path):
    db = tmp_path / "footwork.db"
    session_args = ("session", "toe-presses", "--speed", str(SESSION_SPEED))
    sessions = [start(db, *session_args, "--no-voice", "--no-sound") for _ in range(2)]
    pain_logs: list[subprocess.Popen[str]] = []
    # Keep logging pain from new processes for as long as the sessions run, two at a time:
    # each new one starts when the one before the last has finished (no fixed sleep).
    while len(pain_logs) < MAX_PAIN_LOGS and (
        len(pain_logs) < MIN_PAIN_LOGS or any(p.poll() is None for p in sessions)
    ):
        pain_logs.append(start(db, "log", "pain", "--back", "3"))
        if len(pain_logs) >= 2:
            pain_logs[-2].wait(timeout=120)

    for process in sessions + pain_logs:
        code, out, err = finish(process)
        assert "database is locked" not in err, err
        assert code == 0, f"{process.args}: exit {code}\n{out}\n{err}"
        if process in sessions:
            assert "Session complete: 10 of 10 efforts done." in out

    rows = query(db, "SELECT id, status, started_at, ended_at FROM sessions ORDER BY started_at")
    assert [r[1] for r in rows] == ["completed", "completed"]
    (a, _, a_start, a_end), (b, _, b_start, b_end) = rows
    assert b_start < a_end, "the two sessions did not run at the same time"
    counts = query(db, "SELECT session_id, count(*), count(DISTINCT cue_index) FROM efforts"
                       " WHERE outcome = 'done' GROUP BY session_id")  # fmt: skip
    assert sorted(counts) == sorted([(a, 10, 10), (b, 10, 10)])
    during = query(db, f"SELECT count(*) FROM pain_checkins WHERE recorded_at > '{a_start}'"
                       f" AND recorded_at < '{max(a_end, b_end)}'")  # fmt: skip
    assert during[0][0] >= 1, "no pain was logged while the sessions ran"
    scores = query(db, "SELECT region, score FROM pain_scores")
    assert scores == [("back", 3)] * len(pain_logs)
    assert query(db, "SELECT count(*) FROM people") == [(1,)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_threads_on_two_engines_record_efforts_at_once(tmp_path):
    """Two writers, each with its own engine (as two processes), and a reader on a third."""
    db = tmp_path / "footwork.db"
    stores = [Store(make_engine(f"sqlite:///{db}")) for _ in range(3)]
    ensure_schema(stores[0].engine)
    now = datetime.now(UTC)
    person = stores[0].personal_person(now=now, timezone="UTC")
    version = stores[0].follow_program(person.id, load_program(), now=now)
    plan = [PlannedExercise(exercise_id="toe-presses", planned_efforts=EFFORTS_PER_THREAD)]
    writers = stores[:2]
    session_ids = []
    for n, store in enumerate(writers):
        session_id = store.start_session(
            person.id, program_version_id=version.id, plan=plan, started_at=now, owner=f"t:{n}"
        )
        session_ids.append(session_id)
    barrier = threading.Barrier(3, timeout=120)
    # The writers overlap by construction, not by luck: neither writes its second half before
    # both have written their first, and the reader has read once meanwhile.
    halfway = threading.Barrier(3, timeout=120)
    writing = threading.Event()
    errors: list[BaseException] = []
    reads = 0

    def write(store: Store, session_id: str) -> None:
        try:
            barrier.wait()
            for index in range(EFFORTS_PER_THREAD):
                if index == EFFORTS_PER_THREAD // 2:
                    halfway.wait()
                store.record_effort(session_id, effort(index, now + timedelta(seconds=index)))
        except BaseException as error:
            errors.append(error)

    def read(store: Store) -> None:  # a web page asking for the history meanwhile
        nonlocal reads
        try:
            barrier.wait()
            session_summaries(store, person.id)
            reads += 1
            halfway.wait()
            while writing.is_set():
                session_summaries(store, person.id)
                reads += 1
        except BaseException as error:
            errors.append(error)

    writing.set()
    threads = [threading.Thread(target=write, args=pair)
               for pair in zip(writers, session_ids, strict=True)]  # fmt: skip
    reader = threading.Thread(target=read, args=(stores[2],))
    for thread in [*threads, reader]:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    writing.clear()
    reader.join(timeout=60)
    for store in stores:
        store.engine.dispose()

    assert errors == []
    assert reads > 0
    assert not halfway.broken, "the writers did not both reach halfway"
    counts = query(db, "SELECT session_id, count(DISTINCT cue_index), min(cue_index),"
                       " max(cue_index) FROM efforts GROUP BY session_id")  # fmt: skip
    expected = [(sid, EFFORTS_PER_THREAD, 0, EFFORTS_PER_THREAD - 1) for sid in session_ids]
    assert sorted(counts) == sorted(expected)
