"""Where a saved camera report is shown: the person's History, the clinician's patient page
and the progress report; each one sentence per checked exercise, escaped."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.services.browser import open_session
from footwork.store.accounts import create_account
from footwork.store.camera import save_report
from footwork.store.clinic import add_patient
from footwork.store.repository import Store
from footwork.web.app import create_app

PASSWORD = "long enough password"
EVIL = "Band </script><script>alert(1)</script>"


def hold(seconds: float, meets: bool) -> dict:
    return {"kind": "hold", "side": None, "direction": None, "start_s": 1.0,
            "end_s": 1.0 + seconds, "duration_s": seconds, "meets_dose": meets}  # fmt: skip


REPORT = {"exercise": "resistance-band", "seen": True, "problem": None,
          "coverage": {"frames": 300, "duration_s": 30.0, "person_s": 30.0, "feet_s": 30.0},
          "dose": {"work_s": 5.0, "reps": 11}, "counts": {"": 2},
          "efforts": [hold(6, True), hold(5.8, True), hold(2, False)],
          "measures": {}, "notes": [], "cannot_see": None}  # fmt: skip
NOBODY = {"exercise": "toe-pickups", "seen": False, "problem": "No one was seen in the video.",
          "coverage": {"frames": 30, "duration_s": 3.0, "person_s": 0.0, "feet_s": 0.0},
          "efforts": []}  # fmt: skip
LINE = "Camera-checked: 2 of 3 holds reached 5 s"


def log_in(app, username: str) -> TestClient:
    client = TestClient(app, base_url="http://127.0.0.1", headers={"accept": "text/html"})
    page = client.get("/login").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"username": username, "password": PASSWORD,
                                         "csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    return client


@pytest.fixture
def checked(database_url):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    store: Store = app.state.store
    now = datetime.now(UTC)
    doctor = create_account(store, username="dr-ada", password=PASSWORD, role="clinician",
                            person_id=None, now=now)  # fmt: skip
    person = add_patient(store, clinician=doctor, display_name="Pat", timezone="UTC", now=now)
    create_account(store, username="pat", password=PASSWORD, role="patient",
                   person_id=person.id, now=now)  # fmt: skip
    builtin = load_program()
    exercises = tuple(
        e.model_copy(update={"title": EVIL}) if e.id == "resistance-band" else e
        for e in builtin.exercises
    )
    program = builtin.model_copy(update={"exercises": exercises})
    store.assign_program(person.id, program, starts_on=now.date(), assigned_by=doctor.id,
                         note=None, now=now)  # fmt: skip
    session_id = str(uuid.uuid4())
    chosen = [program.exercise("resistance-band"), program.exercise("toe-pickups")]
    open_session(store, person.id, program, chosen, session_id=session_id, started_at=now)
    save_report(store, session_id, "resistance-band", report=REPORT, frames=300, now=now)
    save_report(store, session_id, "toe-pickups", report=NOBODY, frames=30, now=now)
    yield app, person.id
    store.engine.dispose()


def assert_shown(html: str) -> None:
    assert LINE in html
    assert "Toe pickups: Camera: nobody was seen" in html
    assert "Band &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;: " + LINE in html
    assert EVIL not in html


def test_history_shows_the_camera_sentence_escaped(checked):
    app, _ = checked
    html = log_in(app, "pat").get("/history").text
    assert_shown(html)
    assert html.count('data-testid="camera"') == 2


def test_the_clinicians_patient_page_shows_it_and_logs_the_read(checked):
    app, person_id = checked
    doctor = log_in(app, "dr-ada")
    html = doctor.get(f"/clinic/patients/{person_id}").text
    assert_shown(html)
    log = log_in(app, "pat").get("/access-log").text
    assert "dr-ada" in log


def test_the_progress_report_has_a_camera_checked_section(checked):
    app, _ = checked
    html = log_in(app, "pat").get("/progress").text
    assert "Camera-checked sessions" in html
    assert_shown(html)


def test_no_camera_section_without_a_camera_report(database_url):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    store: Store = app.state.store
    now = datetime.now(UTC)
    doctor = create_account(store, username="dr-bo", password=PASSWORD, role="clinician",
                            person_id=None, now=now)  # fmt: skip
    person = add_patient(store, clinician=doctor, display_name="Pat", timezone="UTC", now=now)
    create_account(store, username="pat", password=PASSWORD, role="patient",
                   person_id=person.id, now=now)  # fmt: skip
    program = load_program()
    open_session(store, person.id, program, [program.exercise("toe-walking")],
                 session_id=str(uuid.uuid4()), started_at=now)  # fmt: skip
    client = log_in(app, "pat")
    assert "Camera-checked sessions" not in client.get("/progress").text
    assert 'data-testid="camera"' not in client.get("/history").text
    store.engine.dispose()
