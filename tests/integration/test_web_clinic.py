"""The clinic through the web app: inviting, joining, prescribing, following, the audit log,
and who may reach what."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.store.accounts import account_by_name, create_account, create_api_token
from footwork.store.clinic import add_clinic_exercise, issue_invite
from footwork.store.clinic import add_patient as store_add_patient
from footwork.store.erasure_requests import ask_erasure
from footwork.store.repository import Store
from footwork.store.templates import add_template
from footwork.web.app import create_app
from tests.builders import make_exercise

BERLIN = ZoneInfo("Europe/Berlin")

PASSWORD = "correct horse battery"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def csrf_in(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, html
    return match.group(1)


def browser(app) -> tuple[TestClient, str]:
    client = TestClient(app, base_url="http://127.0.0.1", headers={"accept": "text/html"})
    return client, csrf_in(client.get("/login").text)


def log_in(app, username: str, password: str = PASSWORD) -> tuple[TestClient, str]:
    client, token = browser(app)
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client, csrf_in(client.get(answer.headers["location"]).text)


@pytest.fixture
def app(database_url):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    store: Store = app.state.store
    for name in ("dr-ada", "dr-bo"):
        create_account(store, username=name, password=PASSWORD, role="clinician",
                       person_id=None, now=datetime.now(UTC))  # fmt: skip
    yield app
    store.engine.dispose()


def add_patient(client: TestClient, token: str, name: str) -> tuple[str, str]:
    """Add a patient through the page; returns their person id and invite code."""
    answer = client.post(
        "/clinic/patients",
        data={"name": name, "timezone": "Europe/Berlin", "csrf_token": token},
    )
    assert answer.status_code == 201, answer.text
    code = re.search(r'data-testid="invite-code">([A-Z0-9-]+)<', answer.text).group(1)
    person_id = re.search(r'href="/clinic/patients/([0-9a-f-]{36})"', answer.text).group(1)
    return person_id, code


def join(app, code: str, username: str, password: str = PASSWORD):
    client, token = browser(app)
    answer = client.post(
        "/join",
        data={"code": code, "username": username, "password": password,
              "password_again": password, "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    return client, answer


def test_invite_join_prescribe_follow_and_audit(app):
    doctor, token = log_in(app, "dr-ada")
    person_id, code = add_patient(doctor, token, "Pat Example")
    assert len(code.replace("-", "")) == 10

    patient, answer = join(app, code, "pat")
    assert answer.status_code == 303 and answer.headers["location"] == "/today"
    assert "Today" in patient.get("/today").text
    # The code worked once.
    _, again = join(app, code, "mallory")
    assert again.status_code == 404 and "unknown, used or expired" in again.text

    builder = doctor.get(f"/clinic/patients/{person_id}/program")
    assert builder.status_code == 200 and "Toe presses" in builder.text
    form = {
        "csrf_token": token, "use_toe-presses": "on", "reps_toe-presses": "12",
        "work_s_toe-presses": "5", "rest_s_toe-presses": "3", "frequency_toe-presses": "per_day",
        "times_toe-presses": "2", "note": "Hold a little longer now.",
        "starts_on": patient_today(),
    }  # fmt: skip
    # Out of bounds first: named, nothing saved.
    too_many = {**form, "reps_toe-presses": "500"}
    bad = doctor.post(f"/clinic/patients/{person_id}/program", data=too_many)
    assert bad.status_code == 422 and "dose.reps" in bad.text and "toe-presses" in bad.text
    saved = doctor.post(f"/clinic/patients/{person_id}/program", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text

    today = patient.get("/today").text
    assert "Hold a little longer now." in today
    assert "Toe presses, dose: 10 holds of 3 s → 12 holds of 5 s" in today
    assert "Stopped: Toe walking" in today
    exercises = patient.get("/api/exercises", headers={"x-csrf-token": "unused"}).json()
    assert [e["id"] for e in exercises["exercises"]] == ["toe-presses"]

    page = doctor.get(f"/clinic/patients/{person_id}")
    assert page.status_code == 200 and "Pat Example" in page.text and "12 holds of 5 s" in page.text
    log = patient.get("/access-log").text
    assert "dr-ada" in log and "viewed" in log and "changed program" in log
    api_log = patient.get("/api/access-log").json()
    assert {e["action"] for e in api_log} == {
        "issued an invite",
        "viewed the program",
        "tried to change program",
        "changed program",
        "viewed",
    }


def test_another_clinician_sees_nothing_until_the_patient_is_shared(app):
    ada, ada_token = log_in(app, "dr-ada")
    person_id, _ = add_patient(ada, ada_token, "Quinn Private")
    bo, bo_token = log_in(app, "dr-bo")
    assert "Quinn Private" not in bo.get("/clinic").text
    assert bo.get(f"/clinic/patients/{person_id}").status_code == 404
    invite = bo.post(f"/clinic/patients/{person_id}/invite", data={"csrf_token": bo_token})
    assert invite.status_code == 404
    share = {"csrf_token": ada_token, "shared": "on"}
    ada.post(f"/clinic/patients/{person_id}/sharing", data=share)
    assert "Quinn Private" in bo.get("/clinic").text
    assert bo.get(f"/clinic/patients/{person_id}").status_code == 200
    # Only the patient's own clinician changes the sharing.
    answer = bo.post(f"/clinic/patients/{person_id}/sharing", data={"csrf_token": bo_token})
    assert answer.status_code == 403


def test_a_lost_code_is_replaced_and_the_old_one_stops_working(app):
    doctor, token = log_in(app, "dr-ada")
    person_id, first = add_patient(doctor, token, "Lou Lost")
    answer = doctor.post(f"/clinic/patients/{person_id}/invite", data={"csrf_token": token})
    second = re.search(r'data-testid="invite-code">([A-Z0-9-]+)<', answer.text).group(1)
    assert second != first
    assert join(app, first, "lou")[1].status_code == 404
    assert join(app, second.lower().replace("-", " "), "lou")[1].status_code == 303


def test_an_expired_code_does_not_work(app):
    store: Store = app.state.store
    clinician = account_by_name(store, "dr-ada")
    week_ago = datetime.now(UTC) - timedelta(days=8)
    person = store_add_patient(
        store, clinician=clinician, display_name="Old", timezone="UTC", now=week_ago
    )
    code, _ = issue_invite(store, person_id=person.id, created_by=clinician, now=week_ago)
    assert join(app, code, "old")[1].status_code == 404


def test_patients_and_anonymous_visitors_cannot_use_clinic_pages(app):
    doctor, token = log_in(app, "dr-ada")
    person_id, code = add_patient(doctor, token, "Pia Patient")
    patient, _ = join(app, code, "pia")
    for path in ("/clinic", f"/clinic/patients/{person_id}", "/clinic/exercises"):
        assert patient.get(path).status_code == 403
        anonymous, _ = browser(app)
        assert anonymous.get(path, follow_redirects=False).status_code == 303
    assert patient.get("/api/clinic/patients").status_code == 403


def test_the_library_takes_a_clinic_exercise_with_a_drawing(app):
    doctor, token = log_in(app, "dr-ada")
    answer = doctor.post(
        "/clinic/exercises",
        data={"csrf_token": token, "id": "heel-raises", "title": "Heel raises",
              "position": "Standing", "equipment": "",
              "steps": "Rise onto your toes.\nLower slowly.", "safety": "", "effort": "hold",
              "reps": "10", "work_s": "2", "rest_s": "2", "times": "1"},
        files={"drawing": ("heel.png", PNG, "image/png")},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303, answer.text
    library = doctor.get("/clinic/exercises").text
    assert "Heel raises" in library
    image = doctor.get("/clinic/exercises/heel-raises/drawing")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    # Not an image: refused, and said why.
    answer = doctor.post(
        "/clinic/exercises",
        data={"csrf_token": token, "id": "bad-one", "title": "Bad", "position": "", "equipment": "",
              "steps": "Step.", "safety": "", "effort": "hold", "reps": "10", "work_s": "2",
              "rest_s": "2", "times": "1"},
        files={"drawing": ("x.png", b"<svg onload=alert(1)>", "image/png")},
    )  # fmt: skip
    assert answer.status_code == 422 and "PNG or JPEG" in answer.text
    assert "Bad" not in doctor.get("/clinic/exercises").text


def test_the_api_does_what_the_pages_do(app):
    store: Store = app.state.store
    ada = account_by_name(store, "dr-ada")
    secret, _ = create_api_token(
        store, person_id=None, account=ada, name="ehr", now=datetime.now(UTC)
    )
    api = TestClient(
        app, base_url="http://127.0.0.1", headers={"Authorization": f"Bearer {secret}"}
    )
    invite = api.post(
        "/api/clinic/patients", json={"display_name": "Api Person", "timezone": "UTC"}
    )
    assert invite.status_code == 201, invite.text
    body = invite.json()
    joined = TestClient(app, base_url="http://127.0.0.1").post(
        "/api/join", json={"code": body["code"], "username": "apiperson", "password": PASSWORD}
    )
    assert joined.status_code == 201 and joined.json() == {"username": "apiperson"}
    program = {
        "exercises": {"toe-pickups": {"dose": {"reps": 6, "work_s": 10, "rest_s": 5,
                                               "sides": ["left", "right"]},
                                      "frequency": {"kind": "per_week", "times": 3}}},
        "starts_on": (datetime.now(BERLIN).date() + timedelta(days=2)).isoformat(),
        "note": "From Wednesday",
    }  # fmt: skip
    assigned = api.post(f"/api/clinic/patients/{body['person_id']}/program", json=program)
    assert assigned.status_code == 201, assigned.text
    report = api.get(f"/api/clinic/patients/{body['person_id']}").json()
    assert report["prescriptions"][0]["note"] == "From Wednesday"
    assert report["prescriptions"][0]["changes"][0].startswith("Toe pickups, dose: 5 holds")
    listed = api.get("/api/clinic/patients", params={"name": "api"}).json()
    assert [p["display_name"] for p in listed["patients"]] == ["Api Person"]
    pickups = {
        **program["exercises"]["toe-pickups"],
        "dose": {"reps": 0, "work_s": 10, "rest_s": 5},
    }
    out_of_bounds = {**program, "exercises": {"toe-pickups": pickups}}
    answer = api.post(f"/api/clinic/patients/{body['person_id']}/program", json=out_of_bounds)
    assert answer.status_code == 422
    past = {**program, "starts_on": "2020-01-01"}
    answer = api.post(f"/api/clinic/patients/{body['person_id']}/program", json=past)
    assert answer.status_code == 422 and "starts_on" in answer.text


# (method, path, body, anonymous, a patient, another clinician, the patient's clinician)
PROGRAM_FORM = ("form:use_toe-presses=on&reps_toe-presses=10&work_s_toe-presses=3"
                "&rest_s_toe-presses=3&frequency_toe-presses=per_day&times_toe-presses=3"
                "&starts_on={today}")  # fmt: skip
PROGRAM_JSON = {"exercises": {"toe-presses": {"dose": {"reps": 10, "work_s": 3, "rest_s": 3},
                "frequency": {"kind": "per_day", "times": 3}}}, "starts_on": "{today}"}  # fmt: skip
EXERCISE_FORM = ("form:id=calf-stretch&title=Calf stretch&position=Standing&steps=Lean in."
                 "&effort=hold&reps=3&work_s=20&rest_s=10&times=1")  # fmt: skip
EXERCISE_JSON = {"id": "calf-stretch", "title": "Calf stretch", "position": "Standing",
                 "steps": ["Lean in."], "dose": {"effort": "hold", "work_s": 20, "reps": 3,
                 "rest_s": 10}, "frequency": {"kind": "per_day", "times": 1}}  # fmt: skip
CLINIC_ROUTES = [
    ("GET", "/clinic", None, 303, 403, 200, 200),
    ("GET", "/clinic/patients/new", None, 303, 403, 200, 200),
    ("POST", "/clinic/patients", "form:name=New One&timezone=UTC", 303, 403, 201, 201),
    ("GET", "/clinic/patients/{person}", None, 303, 403, 404, 200),
    ("POST", "/clinic/patients/{person}/invite", "form:", 303, 403, 404, 200),
    ("POST", "/clinic/patients/{person}/invite", "form:language=fr", 303, 403, 404, 200),
    ("POST", "/clinic/patients/{person}/sharing", "form:", 303, 403, 404, 303),
    ("GET", "/clinic/patients/{person}/program", None, 303, 403, 404, 200),
    ("GET", "/clinic/patients/{person}/report.pdf", None, 303, 403, 404, 200),
    ("GET", "/clinic/patients/{person}/handout.pdf", None, 303, 403, 404, 200),
    ("POST", "/clinic/patients/{person}/program", PROGRAM_FORM, 303, 403, 404, 303),
    ("POST", "/clinic/patients/{person}/flags/quiet/acknowledge",
     "form:note=called&quiet_until={tomorrow}", 303, 403, 404, 303),
    ("POST", "/clinic/patients/{person}/questionnaires/request", "form:", 303, 403, 404, 303),
    ("POST", "/clinic/patients/{person}/erasure", "form:decision=keep&keep_until=2036-01-02",
     303, 403, 404, 303),
    ("GET", "/settings/contact", None, 303, 200, 403, 403),
    ("POST", "/settings/contact", "form:phone=+49 30 123&consent=on", 303, 200, 403, 403),
    ("GET", "/clinic/exercises", None, 303, 403, 200, 200),
    ("POST", "/clinic/exercises", EXERCISE_FORM, 303, 403, None, 303),
    ("GET", "/clinic/exercises/heel-raises/drawing", None, 401, 200, 200, 200),
    ("GET", "/clinic/tokens", None, 303, 403, 200, 200),
    ("POST", "/clinic/tokens", "form:name=ehr", 303, 403, 200, 200),
    ("POST", "/clinic/tokens/{token}/revoke", "form:", 303, 403, 404, 303),
    ("GET", "/clinic/templates", None, 303, 403, 200, 200),
    ("POST", "/clinic/templates/{template_id}/rename", "form:name=Renamed", 303, 403, 404, 303),
    ("POST", "/clinic/templates/{template_id}/delete", "form:", 303, 403, 404, 303),
    ("GET", "/clinic/patients/{person}/templates", None, 303, 403, 404, 200),
    ("POST", "/clinic/patients/{person}/templates", "form:name=Mine&visibility=own",
     303, 403, 404, 303),
    ("POST", "/clinic/patients/{person}/templates/{template_id}/start", "form:starts_on={today}",
     303, 403, 404, 303),
    ("POST", "/clinic/patients/{person}/progressions/{exercise_id}/apply", "form:",
     303, 403, 404, 303),
    ("POST", "/clinic/patients/{person}/progressions/{exercise_id}/dismiss", "form:",
     303, 403, 404, 303),
    ("GET", "/join", None, 200, 200, 200, 200),
    ("POST", "/join", "form:code=WRONG-CODE1&username=x&password=long enough pw"
     "&password_again=long enough pw", 404, 404, 404, 404),
    ("GET", "/access-log", None, 303, 200, 403, 403),
    ("GET", "/api/clinic/patients", None, 401, 403, 200, 200),
    ("POST", "/api/clinic/patients", {"display_name": "New"}, 401, 403, 201, 201),
    ("GET", "/api/clinic/patients/{person}", None, 401, 403, 404, 200),
    ("GET", "/api/clinic/patients/{person}/export", None, 401, 403, 404, 200),
    ("POST", "/api/clinic/patients/{person}/invite", None, 401, 403, 404, 201),
    ("PUT", "/api/clinic/patients/{person}/sharing", {"shared": False}, 401, 403, 404, 200),
    ("GET", "/api/clinic/patients/{person}/program", None, 401, 403, 404, 200),
    ("POST", "/api/clinic/patients/{person}/program", PROGRAM_JSON, 401, 403, 404, 201),
    ("GET", "/api/clinic/exercises", None, 401, 403, 200, 200),
    ("POST", "/api/clinic/exercises", EXERCISE_JSON, 401, 403, None, 201),
    ("GET", "/api/access-log", None, 401, 200, 403, 403),
    ("GET", "/api/fhir", None, 401, 200, 403, 403),
    ("GET", "/api/clinic/patients/{person}/fhir", None, 401, 403, 404, 200),
    ("POST", "/api/join", {"code": "WRONG-CODE1", "username": "x",
                           "password": "long enough pw"}, 404, 404, 404, 404),
    # Discharge and re-admission: the patient's own clinician only (re-admitting someone in
    # care is a conflict).
    ("GET", "/clinic/discharged", None, 303, 403, 200, 200),
    ("POST", "/clinic/patients/{person}/discharge", "form:reason=done", 303, 403, 404, 303),
    ("POST", "/clinic/patients/{person}/readmit", "form:", 303, 403, 404, 409),
    # Messages: the patient's own thread; a followed patient's thread for clinicians.
    ("GET", "/messages", None, 303, 200, 403, 403),
    ("POST", "/messages", "form:body=A question", 303, 303, 403, 403),
    ("GET", "/api/messages", None, 401, 200, 403, 403),
    ("POST", "/api/messages", {"body": "A question"}, 401, 201, 403, 403),
    ("GET", "/clinic/patients/{person}/messages", None, 303, 403, 404, 200),
    ("POST", "/clinic/patients/{person}/messages", "form:body=An answer", 303, 403, 404, 303),
    # The clinic admin's pages: for the admin alone (tests/integration/test_web_admin.py).
    ("GET", "/admin", None, 303, 403, 403, 403),
    ("POST", "/admin/clinicians", "form:username=dr-new", 303, 403, 403, 403),
    ("POST", "/admin/clinicians/{account_id}/deactivate", "form:", 303, 403, 403, 403),
    ("POST", "/admin/retention", "form:years=7", 303, 403, 403, 403),
    ("GET", "/admin/access", None, 303, 403, 403, 403),
    # Clinic staff's own account page (patients change their password in Settings).
    ("GET", "/account", None, 303, 403, 200, 200),
    ("POST", "/account/password", "form:current_password=wrong&new_password=tulip orbit 42"
     "&new_password_again=tulip orbit 42", 303, 403, 422, 422),
    ("POST", "/account/language", "form:language=de", 303, 403, 303, 303),
]  # fmt: skip


@pytest.fixture
def clinic_people(app):
    """dr-ada's joined patient 'pat', a clinic exercise with a drawing, and dr-ada's token."""
    store: Store = app.state.store
    ada = account_by_name(store, "dr-ada")
    doctor, token = log_in(app, "dr-ada")
    person_id, code = add_patient(doctor, token, "Pat Route")
    join(app, code, "pat")
    heel = make_exercise("heel-raises")
    add_clinic_exercise(
        store, heel, drawing=(PNG, "image/png"), created_by=ada, now=datetime.now(UTC)
    )
    _, info = create_api_token(store, person_id=None, account=ada, name="t", now=datetime.now(UTC))
    template_id = add_template(store, name="Ada's own", visibility="own", program=load_program(),
                               rules=(), owner=ada, now=datetime.now(UTC))  # fmt: skip
    ask_erasure(store, person_id, now=datetime.now(UTC))  # for the decision route
    return {"person": person_id, "token": info.id, "template_id": template_id,
            "exercise_id": "toe-presses", "account_id": ada.id}  # fmt: skip


def patient_today() -> str:
    """The first day a program may start: today where the test patients live (Berlin), read
    at the request, as a run may cross midnight."""
    return datetime.now(BERLIN).date().isoformat()


def patient_tomorrow() -> str:
    return (datetime.now(BERLIN).date() + timedelta(days=1)).isoformat()


def call(client: TestClient, csrf: str, method: str, path: str, body, ids: dict):
    path = path.format(**ids)
    if isinstance(body, dict):
        body = json.loads(json.dumps(body).replace("{today}", patient_today()))
    if isinstance(body, str):
        filled = body[5:].format(today=patient_today(), tomorrow=patient_tomorrow())
        pairs = dict(p.split("=", 1) for p in filled.split("&") if p)
        return client.request(method, path, data={**pairs, "csrf_token": csrf},
                              follow_redirects=False)  # fmt: skip
    return client.request(method, path, json=body, headers={"x-csrf-token": csrf},
                          follow_redirects=False)  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path", "body", "anonymous", "patient", "other", "own"), CLINIC_ROUTES
)
def test_each_clinic_route_answers_each_visitor_right(
    app, clinic_people, method, path, body, anonymous, patient, other, own
):
    visitors = [(browser(app), anonymous), (log_in(app, "pat"), patient)]
    visitors += [(log_in(app, "dr-bo"), other), (log_in(app, "dr-ada"), own)]
    for (client, csrf), expected in visitors:
        if expected is None:
            continue
        answer = call(client, csrf, method, path, body, clinic_people)
        assert answer.status_code == expected, (client, answer.text[:300])


def test_the_invite_is_e_mailed_when_smtp_is_set_up(database_url, tmp_path):
    from tests.integration.test_reminders_smtp import Controller, Inbox, free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings = Settings(database_url=database_url, mode="clinic", smtp_host="127.0.0.1",
                            smtp_port=controller.port, smtp_starttls=False)  # fmt: skip
        app = create_app(settings)
        create_account(app.state.store, username="dr-ada", password=PASSWORD, role="clinician",
                       person_id=None, now=datetime.now(UTC))  # fmt: skip
        doctor, token = log_in(app, "dr-ada")
        answer = doctor.post("/clinic/patients", data={"name": "Mae Mail", "timezone": "UTC",
                             "email": "mae@example.org", "csrf_token": token})  # fmt: skip
        assert answer.status_code == 201 and "sent to mae@example.org" in answer.text
        code = re.search(r'data-testid="invite-code">([A-Z0-9-]+)<', answer.text).group(1)
        [message] = inbox.messages
        assert message["To"] == "mae@example.org"
        assert code in message.get_payload() and "/join?code=" in message.get_payload()
        app.state.store.engine.dispose()
    finally:
        controller.stop()


def test_without_smtp_the_code_is_still_shown_and_the_problem_named(app):
    doctor, token = log_in(app, "dr-ada")
    answer = doctor.post("/clinic/patients", data={"name": "Nat", "timezone": "UTC",
                         "email": "nat@example.org", "csrf_token": token})  # fmt: skip
    assert answer.status_code == 201
    assert 'data-testid="invite-code"' in answer.text
    assert "e-mail is not configured" in answer.text
