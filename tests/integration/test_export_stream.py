"""The streamed export: the same bytes as the model-built export on both databases, read back
by the import, and one consistent snapshot while others write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text, update

from footwork.core.records import BalanceTest, EffortRecord, PainCheckin, PlannedExercise
from footwork.services.exchange import export_history, parse_history
from footwork.services.export_stream import stream_history
from footwork.store import tables as t
from footwork.store.camera import save_report
from footwork.store.export_rows import snapshot
from footwork.store.history import import_history, load_history
from footwork.store.messages import add_message
from footwork.store.repository import Store, new_id
from tests.integration.test_exchange import T0, empty_store, fill

FORMATS = ["json", "csv"]


def fill_rich(store: Store) -> str:
    """`fill`'s history and the awkward cases: a name and notes beyond ASCII, floats that
    print in exponent form, an open session without efforts, efforts with no side, a stored
    effort that ends before it starts, a camera report with nested values."""
    person_id = fill(store)
    with store.engine.begin() as connection:
        connection.execute(
            update(t.Person)
            .where(t.Person.id == person_id)
            .values(display_name='Zoë "Ñ" 山田 \\ tab\there', birth_year=1950)
        )
    version = store.program_versions(person_id)[0]
    start = T0 + timedelta(days=5, hours=8, microseconds=7)
    session_id = store.start_session(
        person_id, program_version_id=version.id, started_at=start, owner=None,
        plan=[PlannedExercise(exercise_id="toe-presses", planned_efforts=3),
              PlannedExercise(exercise_id="ankle-circles", planned_efforts=2)],
    )  # fmt: skip
    efforts = []
    for cue, (planned, actual) in enumerate([(1e-05, 0.0), (3.0, 1e16), (2.5, 123456789.125)]):
        at = start + timedelta(seconds=10 * cue)
        effort = EffortRecord(
            id=new_id(), cue_index=cue, exercise_id="toe-presses", rep=cue + 1, outcome="done",
            started_at=at, ended_at=at + timedelta(seconds=3), planned_s=planned, actual_s=actual,
        )  # fmt: skip
        store.record_effort(session_id, effort)
        efforts.append(effort)
    with store.engine.begin() as connection:  # a row written before the API refused it
        connection.execute(
            update(t.Effort)
            .where(t.Effort.id == efforts[1].id)
            .values(ended_at=efforts[1].started_at - timedelta(seconds=1))
        )
    report = {"exercise": "toe-presses", "measures": {"lift": [0.1, 2e-7, None]}, "note": "ü"}
    save_report(store, session_id, "toe-presses", report=report, frames=0, now=start)
    store.start_session(
        person_id, program_version_id=version.id, started_at=start + timedelta(hours=1),
        owner=None, plan=[PlannedExercise(exercise_id="ankle-circles", planned_efforts=1)],
    )  # fmt: skip
    store.add_balance(
        person_id,
        BalanceTest(id=new_id(), recorded_at=start, right_s=45.0, note="à la maison ✓"),
    )
    add_message(store, person_id=person_id, side="patient", author_id=None, author_name="Zoë",
                body="Ça va — 好", now=start + timedelta(minutes=5), attachment=None)  # fmt: skip
    return person_id


def streamed(store: Store, person_id: str, fmt: str) -> str:
    return "".join(stream_history(store, person_id, fmt))  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_stream_is_byte_for_byte_the_model_built_export(store, fmt):
    person_id = fill_rich(store)
    history = load_history(store, person_id)
    assert len(history.sessions) == 4 and history.sessions[-1].ended_at is None
    assert streamed(store, person_id, fmt) == export_history(history, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_import_reads_the_stream_back(store, tmp_path, fmt):
    person_id = fill_rich(store)
    first = streamed(store, person_id, fmt)
    target = empty_store(f"sqlite:///{tmp_path / 'other.db'}")
    import_history(target, parse_history(first, fmt, source=f"x.{fmt}"), now=T0)  # type: ignore[arg-type]
    assert load_history(target, person_id) == load_history(store, person_id)
    assert streamed(target, person_id, fmt) == first


def test_an_unknown_person_fails_before_any_text(store):
    with pytest.raises(LookupError):
        stream_history(store, "nobody", "json")


def _add_session(store: Store, person_id: str, version_id: str, at) -> str:  # type: ignore[no-untyped-def]
    session_id = store.start_session(
        person_id, program_version_id=version_id, started_at=at, owner=None,
        plan=[PlannedExercise(exercise_id="ankle-circles", planned_efforts=2)],
    )  # fmt: skip
    for cue in range(2):
        store.record_effort(session_id, EffortRecord(
            id=new_id(), cue_index=cue, exercise_id="ankle-circles", side="left",
            direction="clockwise", rep=cue + 1, outcome="done", started_at=at,
            ended_at=at + timedelta(seconds=5), planned_s=5.0, actual_s=5.0,
        ))  # fmt: skip
    store.finish_session(session_id, ended_at=at + timedelta(minutes=1))
    store.add_pain(person_id, PainCheckin(
        id=new_id(), recorded_at=at, context="after", session_id=session_id, scores={"back": 1},
    ))  # fmt: skip
    return session_id


@pytest.mark.parametrize("fmt", FORMATS)
def test_writes_during_an_export_are_wholly_out_of_it(store, fmt):
    person_id = fill_rich(store)
    version_id = store.program_versions(person_id)[0].id
    before = streamed(store, person_id, fmt)
    chunks = stream_history(store, person_id, fmt)  # type: ignore[arg-type]
    first = next(chunks)  # the snapshot is taken: the person has been read
    # Another writer adds a whole session (efforts, a check-in) and one more effort to an old
    # session, each committed, while the export has read only the person.
    added = _add_session(store, person_id, version_id, T0 + timedelta(days=3))
    old_session = load_history(store, person_id).sessions[0]
    store.record_effort(old_session.id, EffortRecord(
        id=new_id(), cue_index=99, exercise_id="ankle-circles", rep=1, outcome="done",
        started_at=old_session.started_at, ended_at=old_session.started_at, planned_s=1.0,
        actual_s=1.0,
    ))  # fmt: skip
    during = first + "".join(chunks)
    assert during == before
    assert added not in during
    after = streamed(store, person_id, fmt)
    assert added in after and after == export_history(load_history(store, person_id), fmt)


def test_the_snapshot_is_one_read_only_transaction(store):
    with snapshot(store) as connection:
        if store.engine.dialect.name == "postgresql":
            level = connection.exec_driver_sql("SHOW transaction_isolation").scalar()
            read_only = connection.exec_driver_sql("SHOW transaction_read_only").scalar()
            assert (level, read_only) == ("repeatable read", "on")
            # a client that stops reading loses the connection after a minute idle
            idle = "SHOW idle_in_transaction_session_timeout"
            assert connection.exec_driver_sql(idle).scalar() == "1min"
        else:
            assert connection.connection.dbapi_connection.in_transaction  # type: ignore[union-attr]
            connection.execute(text("SELECT 1"))
            assert connection.in_transaction()
    if store.engine.dialect.name == "postgresql":  # only for the snapshot's transaction
        with store.reader.connect() as connection:
            idle = "SHOW idle_in_transaction_session_timeout"
            assert connection.exec_driver_sql(idle).scalar() == "0"


@pytest.mark.parametrize("fmt", FORMATS)
def test_times_stored_in_another_form_are_read_through_the_column_type(store, fmt):
    person_id = fill_rich(store)
    if store.engine.dialect.name == "sqlite":  # text SQLAlchemy would not write, but reads
        with store.engine.begin() as connection:
            connection.exec_driver_sql(
                "UPDATE efforts SET started_at = substr(started_at, 1, 16) || ':05.5' "
                "WHERE id = (SELECT min(id) FROM efforts)"
            )
    assert streamed(store, person_id, fmt) == export_history(load_history(store, person_id), fmt)
