"""A rep written to an open session (the rep route's write), on SQLite and PostgreSQL: on
PostgreSQL it is one statement in autocommit, so each case here checks both paths agree."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from footwork.core.records import Person
from footwork.store import tables as t
from footwork.store.database import ensure_schema, make_engine
from footwork.store.effort_write import effort_upsert
from footwork.store.history import load_history
from footwork.store.repository import Store, new_id
from footwork.store.stamps import read_stamp

from .test_store import T0, effort, open_session


def test_a_rep_is_written_with_its_times_and_bumps_the_stamp(store):
    person_id, session_id = open_session(store)
    before = read_stamp(store, person_id)
    rep = effort(1, 1).model_copy(update={"side": "left", "direction": "clockwise"})
    assert store.record_open_effort(person_id, session_id, rep) == "in_progress"
    (session,) = load_history(store, person_id).sessions
    (kept,) = session.efforts
    assert kept.model_dump() == rep.model_dump()
    after = read_stamp(store, person_id)
    assert before is not None and after is not None and after.value > before.value


def test_a_retried_rep_keeps_one_row_and_a_done_replaces_a_skip(store):
    person_id, session_id = open_session(store)
    skipped = effort(1, 1, outcome="skipped")
    assert store.record_open_effort(person_id, session_id, skipped) == "in_progress"
    assert store.record_open_effort(person_id, session_id, skipped) == "in_progress"
    stamp = read_stamp(store, person_id)
    assert store.record_open_effort(person_id, session_id, skipped) == "in_progress"
    assert read_stamp(store, person_id) == stamp  # a write that changes nothing: no bump
    done = effort(1, 1, at=T0 + timedelta(minutes=1))
    assert store.record_open_effort(person_id, session_id, done) == "in_progress"
    assert store.record_open_effort(person_id, session_id, effort(1, 1, outcome="skipped")) == (
        "in_progress"
    )
    (session,) = load_history(store, person_id).sessions
    # The row keeps its first id; the done replaced what was skipped, and stays.
    assert [(e.id, e.outcome, e.started_at) for e in session.efforts] == [
        (skipped.id, "done", done.started_at)
    ]


def test_a_rep_to_a_finished_or_missing_or_someone_elses_session_writes_nothing(store):
    person_id, session_id = open_session(store)
    other = store.add_person(Person(id=new_id(), display_name="Other", timezone="UTC"), now=T0)
    rep = effort(1, 1)
    assert store.record_open_effort(other.id, session_id, rep) == "missing"
    assert store.record_open_effort(person_id, new_id(), rep) == "missing"
    store.finish_session(session_id, ended_at=T0 + timedelta(minutes=5))
    status = store.record_open_effort(person_id, session_id, effort(3, 2))
    assert status not in ("in_progress", "missing")
    with store.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(t.Effort)) == 0


def test_an_effort_id_used_by_another_cue_is_refused_and_nothing_is_left_open(store):
    person_id, session_id = open_session(store)
    first = effort(1, 1)
    store.record_open_effort(person_id, session_id, first)
    reused = effort(3, 2).model_copy(update={"id": first.id})
    with pytest.raises(IntegrityError):
        store.record_open_effort(person_id, session_id, reused)
    # The connection went back to the pool usable, and the next rep commits.
    assert store.record_open_effort(person_id, session_id, effort(3, 2)) == "in_progress"
    (session,) = load_history(store, person_id).sessions
    assert [e.cue_index for e in session.efforts] == [1, 3]


def test_reps_of_one_person_on_two_connections_do_not_queue_on_one_stamp_row(postgres_url):
    """PostgreSQL: a write takes the stamp row of its connection's shard, so a second
    connection's rep commits while the first's transaction is still open; the stamp counts
    both (migration 0021)."""
    engine = make_engine(postgres_url)
    ensure_schema(engine)
    store = Store(engine)
    try:
        person_id, session_id = open_session(store)
        before = read_stamp(store, person_id)
        first = engine.connect()
        pid = first.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        others = [engine.connect() for _ in range(4)]  # one of them on another shard
        second = next(
            c
            for c in others
            if c.exec_driver_sql("SELECT pg_backend_pid()").scalar_one() % 16 != pid % 16
        )
        for connection in (first, *others):
            connection.commit()
        with first.begin():
            first.execute(effort_upsert("postgresql", session_id, effort(1, 1)))
            with second.begin():
                second.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
                second.execute(effort_upsert("postgresql", session_id, effort(3, 2)))
        for connection in (first, *others):
            connection.close()
        after = read_stamp(store, person_id)
        assert before is not None and after is not None
        assert after.value == before.value + 2
    finally:
        engine.dispose()


def test_a_transaction_of_many_writes_moves_the_stamp_row_once(postgres_url):
    """An import or an erasure writes thousands of a person's rows in one transaction. Each
    row's trigger must not make a new version of the stamp row: the versions of one row in
    one transaction form a chain every later update walks, so N rows cost N squared
    (20,000 efforts took 48 s). The stamp moves once per transaction, enough for a cache
    that compares stamps between commits."""
    engine = make_engine(postgres_url)
    ensure_schema(engine)
    store = Store(engine)
    person_id, session_id = open_session(store, planned=300)
    before = read_stamp(store, person_id)
    rows = [
        effort(index, index + 1).model_dump() | {"session_id": session_id} for index in range(300)
    ]
    # The backend's counts not yet sent to the statistics (earlier transactions' too).
    stamp_writes = sa.text(
        "SELECT n_tup_ins + n_tup_upd FROM pg_stat_xact_user_tables"
        " WHERE relname = 'person_stamp_shards' AND schemaname = current_schema()"
    )
    with engine.begin() as connection:
        writes_before = connection.scalar(stamp_writes)
        connection.execute(sa.insert(t.Effort), rows[:150])
        connection.execute(sa.insert(t.Effort), rows[150:])
        connection.execute(
            sa.update(t.Effort).where(t.Effort.session_id == session_id).values(actual_s=3.0)
        )
        writes_after = connection.scalar(stamp_writes)
    assert writes_after - writes_before == 1
    after = read_stamp(store, person_id)
    assert before is not None and after is not None and after.value > before.value
    # The next transaction moves it again.
    with engine.begin() as connection:
        connection.execute(sa.delete(t.Effort).where(t.Effort.cue_index < 10))
    again = read_stamp(store, person_id)
    assert again is not None and again.value > after.value
    engine.dispose()


def test_a_rep_on_postgresql_is_one_statement_in_autocommit(postgres_url):
    """The rep route's write on PostgreSQL: one statement, no BEGIN and COMMIT around it, so
    the rows it locks are held only for the server's own work (the module's docstring)."""
    engine = make_engine(postgres_url)
    ensure_schema(engine)
    store = Store(engine)
    try:
        person_id, session_id = open_session(store)
        sent: list[str] = []

        def note(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
            sent.append(statement)

        sa.event.listen(engine, "before_cursor_execute", note)
        assert store.record_open_effort(person_id, session_id, effort(1, 1)) == "in_progress"
        sa.event.remove(engine, "before_cursor_execute", note)
        assert len(sent) == 1 and sent[0].lstrip().upper().startswith("WITH")
        (session,) = load_history(store, person_id).sessions
        assert [e.cue_index for e in session.efforts] == [1]
    finally:
        engine.dispose()
