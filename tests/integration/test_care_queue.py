"""The care queue: a write queues its patient in its own transaction, the worker takes each
patient once, and a worker killed mid-way loses nothing (a real `footwork worker`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession

from footwork.content.loader import load_program
from footwork.core.records import PainCheckin, PlannedExercise
from footwork.services.care import care_changed
from footwork.services.care_worker import drain_queue
from footwork.services.logging import log_pain_checkin
from footwork.store import tables as t
from footwork.store.accounts import create_account
from footwork.store.care_queue import claim_next, queue_care, queued_count
from footwork.store.database import ensure_schema, make_engine
from footwork.store.repository import NotFound, Store, new_id

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def queued_store(postgres_url: str) -> Iterator[Store]:
    engine = make_engine(postgres_url)
    ensure_schema(engine)
    yield Store(engine, queue_care=True)
    engine.dispose()


def make_patients(store: Store, count: int) -> list[str]:
    from footwork.store.clinic import add_patient

    clinician = create_account(
        store, username="dr-q", password="a long password", role="clinician",
        person_id=None, now=NOW - timedelta(days=3),
    )  # fmt: skip
    return [
        add_patient(store, clinician=clinician, display_name=f"P{i}", timezone="UTC", now=NOW).id
        for i in range(count)
    ]


def checkin(store: Store, person_id: str, score: int = 3) -> None:
    log_pain_checkin(
        store, person_id, {"back": score}, context="any", session_id=None, note=None, now=NOW
    )


def refreshed(store: Store, person_id: str) -> bool:
    with OrmSession(store.engine) as orm:
        return orm.get(t.CareStatus, person_id) is not None


def test_a_checkin_queues_its_patient_once_and_the_worker_refreshes(queued_store: Store):
    ada, bo = make_patients(queued_store, 2)
    checkin(queued_store, ada)
    checkin(queued_store, ada, 4)
    assert queued_count(queued_store) == 1
    assert not refreshed(queued_store, ada)  # not in the request
    assert drain_queue(queued_store, now=lambda: NOW) == 1
    assert refreshed(queued_store, ada) and not refreshed(queued_store, bo)
    assert queued_count(queued_store) == 0


def test_someone_not_a_patient_is_not_queued(queued_store: Store):
    person = queued_store.personal_person(now=NOW, timezone="UTC")
    checkin(queued_store, person.id)
    assert queued_count(queued_store) == 0


def test_a_finished_session_queues_its_patient_and_an_unknown_one_nothing(queued_store: Store):
    (ada,) = make_patients(queued_store, 1)
    version = queued_store.follow_program(ada, load_program(), now=NOW)
    session_id = queued_store.start_session(
        ada, program_version_id=version.id, started_at=NOW, owner=None,
        plan=[PlannedExercise(exercise_id="toe-presses", planned_efforts=1)],
    )  # fmt: skip
    assert queued_count(queued_store) == 0
    assert queued_store.finish_session(session_id, ended_at=NOW) == "aborted"
    assert queued_count(queued_store) == 1
    with claim_next(queued_store) as claim:
        assert claim is not None and claim.person_id == ada
    with pytest.raises(NotFound):
        queued_store.finish_session(new_id(), ended_at=NOW)
    assert queued_count(queued_store) == 0


def test_without_a_worker_the_refresh_runs_later_or_now(store: Store):
    (ada,) = make_patients(store, 1)
    deferred: list[tuple[object, ...]] = []
    care_changed(store, ada, now=NOW, later=lambda f, *a, **k: deferred.append((f, a, k)))
    assert len(deferred) == 1 and not refreshed(store, ada)
    function, args, kwargs = deferred[0]
    function(*args, **kwargs)  # type: ignore[operator]
    assert refreshed(store, ada)


def test_sqlite_never_queues(sqlite_url: str):
    engine = make_engine(sqlite_url)
    ensure_schema(engine)
    store = Store(engine, queue_care=True)
    (ada,) = make_patients(store, 1)
    checkin(store, ada)
    assert refreshed(store, ada)  # worked out in the request: no worker on SQLite
    assert queued_count(store) == 0
    engine.dispose()


def test_two_workers_take_different_patients(queued_store: Store):
    ada, bo = make_patients(queued_store, 2)
    checkin(queued_store, ada)
    checkin(queued_store, bo)
    with claim_next(queued_store) as first, claim_next(queued_store) as second:
        assert first is not None and second is not None
        assert {first.person_id, second.person_id} == {ada, bo}
        with claim_next(queued_store) as third:
            assert third is None


def test_a_write_during_a_refresh_gets_a_refresh_of_its_own(queued_store: Store):
    (ada,) = make_patients(queued_store, 1)
    queue_care(queued_store, ada)
    with claim_next(queued_store) as claim:
        assert claim is not None
        # The write queues the patient again while the worker holds the row: it waits for
        # the worker's transaction, then queues a new row.
        writer = threading.Thread(target=queue_care, args=(queued_store, ada))
        writer.start()
        _wait_for_lock_waiters(queued_store, 1)
    writer.join()
    assert queued_count(queued_store) == 1


def _wait_for_lock_waiters(store: Store, count: int) -> None:
    """Until `count` connections wait on a lock (a kept promise, not a duration)."""
    deadline = time.monotonic() + 30
    with store.engine.connect() as connection:
        while time.monotonic() < deadline:
            # Backends of this test's database only: pg_locks is the whole server's, where
            # other tests and xdist workers wait on locks of their own at the same time.
            waiting = connection.scalar(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            connection.rollback()  # pg_stat_activity is read once per transaction
            if waiting == count:
                return
            time.sleep(0.05)
    raise AssertionError(f"no {count} connections waiting on a lock")


def _worker(url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "footwork", "--database", url, "worker", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "COLUMNS": "120"},
    )  # fmt: skip


def _hold_care_status(store: Store, person_id: str) -> sa.Connection:
    """Lock the patient's care_status row, so a worker blocks in the middle of saving."""
    connection = store.engine.connect()
    connection.begin()
    connection.execute(
        sa.select(t.CareStatus.person_id)
        .where(t.CareStatus.person_id == person_id)
        .with_for_update()
    )
    return connection


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_worker_stopped_mid_refresh_loses_nothing(
    queued_store: Store, postgres_url: str, signum: int
):
    (ada,) = make_patients(queued_store, 1)
    checkin(queued_store, ada)
    drain_queue(queued_store, now=lambda: NOW)  # a care_status row to hold
    checkin(queued_store, ada, 7)
    held = _hold_care_status(queued_store, ada)
    worker = _worker(postgres_url, "--interval", "0.2")
    try:
        _wait_for_lock_waiters(queued_store, 1)  # the worker is mid-way through the refresh
        worker.send_signal(signum)
        if signum == signal.SIGKILL:
            worker.wait(timeout=30)
    finally:
        held.rollback()
        held.close()
    out, err = worker.communicate(timeout=60)
    if signum == signal.SIGKILL:
        assert worker.returncode == -signal.SIGKILL
        assert queued_count(queued_store) == 1  # rolled back: still queued
        finished = _worker(postgres_url, "--once")
        out, err = finished.communicate(timeout=60)
        assert finished.returncode == 0, err
    else:  # SIGTERM: the refresh under way finishes, then the worker exits
        assert worker.returncode == 0, err
    assert "1 patient refreshed" in out
    assert queued_count(queued_store) == 0
    with OrmSession(queued_store.engine) as orm:
        status = orm.get(t.CareStatus, ada)
    assert status is not None and status.refreshed_at > NOW  # saved by the worker


def test_the_worker_refuses_sqlite_with_a_clear_message(sqlite_url: str):
    done = subprocess.run(
        [sys.executable, "-m", "footwork", "--database", sqlite_url, "worker", "--once"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert done.returncode == 2
    assert "the worker needs PostgreSQL" in done.stderr


def test_a_patient_whose_refresh_fails_stays_queued_and_the_others_go_on(
    queued_store: Store, monkeypatch: pytest.MonkeyPatch
):
    import footwork.services.care_worker as care_worker

    ada, bo = make_patients(queued_store, 2)
    queue_care(queued_store, ada)
    queue_care(queued_store, bo)
    real = care_worker.refresh_care

    def broken_for_ada(store: Store, person_id: str, **kwargs: object) -> bool:
        if person_id == ada:
            raise RuntimeError("a record the core cannot read")
        return real(store, person_id, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(care_worker, "refresh_care", broken_for_ada)
    heard: list[str] = []
    done = drain_queue(queued_store, now=lambda: NOW, failed=lambda p, e: heard.append(p))
    assert (done, heard) == (1, [ada])
    assert refreshed(queued_store, bo) and not refreshed(queued_store, ada)
    assert queued_count(queued_store) == 1  # Ada waits for the next round
    with pytest.raises(RuntimeError):
        drain_queue(queued_store, now=lambda: NOW)  # without `failed`: the error shows


def test_a_checkin_after_the_figures_is_caught_by_the_hourly_refresh(store: Store):
    from footwork.services.care import refresh_care, stale_patient_ids

    (ada,) = make_patients(store, 1)
    refresh_care(store, ada, now=NOW)
    assert ada not in stale_patient_ids(store, now=NOW)
    store.add_pain(
        ada,
        PainCheckin(
            id=new_id(), recorded_at=NOW + timedelta(minutes=1), context="any",
            session_id=None, note=None, scores={"back": 4},
        ),
    )  # fmt: skip  # as if the process died before its refresh after the answer
    assert ada in stale_patient_ids(store, now=NOW + timedelta(minutes=2))
