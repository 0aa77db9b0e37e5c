"""The API keeps its records whole: check-ins at once, retried writes, sessions finished at
impossible times, efforts after a finish, and exports that one bad row cannot block."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.services.exchange import export_history
from footwork.services.logging import log_pain_checkin
from footwork.store import tables as t
from footwork.store.accounts import create_account, create_api_token
from footwork.store.clinic import add_patient
from footwork.store.database import ensure_schema, make_engine
from footwork.store.history import load_history
from footwork.store.repository import Store
from footwork.web.app import create_app

PASSWORD = "long enough password"


def clinic_with_patient(url: str):
    """An app with a clinician (token) and a patient (token) under them."""
    app = create_app(Settings(database_url=url, mode="clinic"))
    store: Store = app.state.store
    now = datetime.now(UTC)
    doctor = create_account(store, username="dr-ada", password=PASSWORD, role="clinician",
                            person_id=None, now=now)  # fmt: skip
    person = add_patient(store, clinician=doctor, display_name="Pat", timezone="UTC", now=now)
    account = create_account(store, username="pat", password=PASSWORD, role="patient",
                             person_id=person.id, now=now)  # fmt: skip
    patient_token, _ = create_api_token(store, person_id=person.id, account=account, name="t",
                                        now=now)  # fmt: skip
    doctor_token, _ = create_api_token(store, person_id=None, account=doctor, name="t", now=now)
    return app, person.id, patient_token, doctor_token


def client(app, token: str) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1",
                      headers={"Authorization": f"Bearer {token}"})  # fmt: skip


@pytest.fixture
def clinic(database_url):
    app, person_id, patient_token, doctor_token = clinic_with_patient(database_url)
    yield app, person_id, client(app, patient_token), client(app, doctor_token)
    app.state.store.engine.dispose()


# -- check-ins at once (PostgreSQL, where the old delete-and-insert raced) -------------------


def test_check_ins_at_once_for_a_clinic_patient_all_succeed(postgres_url):
    engine = make_engine(postgres_url)
    ensure_schema(engine)
    store = Store(engine)
    now = datetime.now(UTC)
    doctor = create_account(store, username="dr-cy", password=PASSWORD, role="clinician",
                            person_id=None, now=now)  # fmt: skip
    person = add_patient(store, clinician=doctor, display_name="Pat", timezone="UTC", now=now)
    store.follow_program(person.id, load_program(), now=now)  # so there are figures to keep
    writers, rounds = 6, 4
    errors: list[BaseException] = []

    def check_in(barrier: threading.Barrier) -> None:
        barrier.wait()
        try:
            log_pain_checkin(store, person.id, {"knee-left": 3}, context="any", session_id=None,
                             note=None, now=datetime.now(UTC))  # fmt: skip
        except BaseException as error:  # collected for the assertion
            errors.append(error)

    for _ in range(rounds):
        barrier = threading.Barrier(writers)
        threads = [threading.Thread(target=check_in, args=(barrier,)) for _ in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(t.PainCheckin))
        days = connection.scalar(
            select(func.count()).select_from(t.CareFlags).where(t.CareFlags.person_id == person.id)
        )
    assert stored == writers * rounds
    assert days and days > 0
    engine.dispose()


# -- idempotency keys ---------------------------------------------------------------------------


def test_a_pain_check_in_sent_twice_is_stored_once(clinic):
    _, _, patient, _ = clinic
    body = {"id": str(uuid.uuid4()), "scores": {"foot-left": 4}, "note": "after the walk"}
    first = patient.post("/api/pain", json=body)
    again = patient.post("/api/pain", json=body)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert len(patient.get("/api/history").json()["pain"]) == 1
    other = patient.post("/api/pain", json={**body, "id": str(uuid.uuid4())})
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]


def test_a_balance_test_sent_twice_is_stored_once(clinic):
    _, _, patient, _ = clinic
    body = {"id": str(uuid.uuid4()), "left_s": 12.5, "eyes_closed": True}
    first = patient.post("/api/balance", json=body)
    again = patient.post("/api/balance", json=body)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert len(patient.get("/api/history").json()["balance"]) == 1


# -- sessions: finishing, and what comes after -------------------------------------------------


def _open(patient: TestClient, started: datetime) -> str:
    session_id = str(uuid.uuid4())
    body = {"exercise_ids": ["toe-presses"], "started_at": started.isoformat()}
    answer = patient.put(f"/api/sessions/{session_id}", json=body)
    assert answer.status_code == 200, answer.text
    return session_id


def test_a_finish_before_the_start_is_refused_naming_the_field(clinic):
    _, _, patient, _ = clinic
    started = datetime.now(UTC) - timedelta(hours=1)
    session_id = _open(patient, started)
    before = (started - timedelta(minutes=5)).isoformat()
    answer = patient.post(f"/api/sessions/{session_id}/finish", json={"ended_at": before})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "ended_at"
    assert patient.get("/api/history").json()["sessions"][0]["status"] == "in_progress"


def test_efforts_after_the_finish_are_refused(clinic):
    _, _, patient, _ = clinic
    now = datetime.now(UTC)
    session_id = _open(patient, now - timedelta(minutes=10))
    effort = {"id": str(uuid.uuid4()), "outcome": "done", "actual_s": 3.0,
              "started_at": now.isoformat(), "ended_at": now.isoformat()}  # fmt: skip
    assert patient.put(f"/api/sessions/{session_id}/efforts/1", json=effort).status_code == 200
    finished = patient.post(
        f"/api/sessions/{session_id}/finish", json={"ended_at": now.isoformat()}
    )
    assert finished.status_code == 200
    late = {**effort, "id": str(uuid.uuid4())}
    assert patient.put(f"/api/sessions/{session_id}/efforts/3", json=late).status_code == 409
    # A retry of an effort stored before the finish still answers as before.
    assert patient.put(f"/api/sessions/{session_id}/efforts/1", json=effort).status_code == 200
    [session] = patient.get("/api/history").json()["sessions"]
    assert session["status"] == finished.json()["status"]


def test_a_bad_row_in_the_store_does_not_block_any_export(clinic):
    app, person_id, patient, doctor = clinic
    now = datetime.now(UTC)
    session_id = _open(patient, now - timedelta(minutes=10))
    effort = {"id": str(uuid.uuid4()), "outcome": "done", "actual_s": 3.0,
              "started_at": now.isoformat(), "ended_at": now.isoformat()}  # fmt: skip
    assert patient.put(f"/api/sessions/{session_id}/efforts/1", json=effort).status_code == 200
    store: Store = app.state.store
    with store.engine.begin() as connection:  # as an older version could have written it
        connection.execute(
            update(t.Session)
            .where(t.Session.id == session_id)
            .values(status="partial", ended_at=now - timedelta(days=1))
        )
        connection.execute(
            update(t.Effort)
            .where(t.Effort.id == effort["id"])
            .values(ended_at=now - timedelta(hours=2))
        )
    history = load_history(store, person_id)
    assert history.sessions[0].ended_at == history.sessions[0].started_at
    assert export_history(history, "csv") and export_history(history, "json")
    assert patient.get("/api/fhir").status_code == 200
    assert doctor.get(f"/api/clinic/patients/{person_id}/fhir").status_code == 200


def test_a_session_finished_by_another_worker_takes_no_more_efforts(clinic, database_url):
    """Each worker keeps what never changes about a session (its owner and timeline); whether
    it is still open is read with the write, so a finish by another worker counts at once."""
    app, _, patient, _ = clinic
    now = datetime.now(UTC)
    session_id = _open(patient, now - timedelta(minutes=10))
    effort = {"id": str(uuid.uuid4()), "outcome": "done", "actual_s": 3.0,
              "started_at": now.isoformat(), "ended_at": now.isoformat()}  # fmt: skip
    assert patient.put(f"/api/sessions/{session_id}/efforts/1", json=effort).status_code == 200
    other = create_app(Settings(database_url=database_url, mode="clinic"))
    try:
        token = patient.headers["Authorization"].removeprefix("Bearer ")
        finished = client(other, token).post(
            f"/api/sessions/{session_id}/finish", json={"ended_at": now.isoformat()}
        )
        assert finished.status_code == 200
    finally:
        other.state.store.engine.dispose()
    late = {**effort, "id": str(uuid.uuid4())}
    answer = patient.put(f"/api/sessions/{session_id}/efforts/3", json=late)
    assert answer.status_code == 409, answer.text
    assert "finished" in answer.json()["detail"]
    assert patient.put(f"/api/sessions/{session_id}/efforts/1", json=effort).status_code == 200
    # A session that is gone (erased by another worker) is no longer found.
    with app.state.store.engine.begin() as connection:
        connection.execute(t.Effort.__table__.delete().where(t.Effort.session_id == session_id))
        connection.execute(
            t.SessionExercise.__table__.delete().where(t.SessionExercise.session_id == session_id)
        )
        connection.execute(t.Session.__table__.delete().where(t.Session.id == session_id))
    gone = {**effort, "id": str(uuid.uuid4())}
    assert patient.put(f"/api/sessions/{session_id}/efforts/5", json=gone).status_code == 404
