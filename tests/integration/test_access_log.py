"""Every clinic route that reaches a patient's data, as the clinician: each request writes
exactly one entry to the patient's access log. New routes must join the walk."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.store.accounts import create_account, create_api_token
from footwork.store.clinic import access_log, add_patient
from footwork.store.erasure_requests import ask_erasure
from footwork.store.repository import Store
from footwork.web.app import create_app

PASSWORD = "correct horse battery"


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, html
    return match.group(1)


def _requests(person_id: str, csrf: str) -> dict[tuple[str, str], dict]:
    """(method, route path) -> the keyword arguments for one request to it."""
    today = date.today().isoformat()
    program = {
        "exercises": {
            "toe-presses": {
                "dose": {"reps": 5, "work_s": 3, "rest_s": 2},
                "frequency": {"kind": "per_day", "times": 1},
            }
        },
        "starts_on": today,
    }
    form = {"csrf_token": csrf}
    builder = {**form, "use_toe-presses": "on", "reps_toe-presses": "5",
               "work_s_toe-presses": "3", "rest_s_toe-presses": "2",
               "frequency_toe-presses": "per_day", "times_toe-presses": "1",
               "starts_on": today}  # fmt: skip
    return {
        ("GET", "/clinic/patients/{person_id}"): {},
        ("GET", "/clinic/patients/{person_id}/program"): {},
        ("POST", "/clinic/patients/{person_id}/program"): {"data": builder},
        ("POST", "/clinic/patients/{person_id}/invite"): {"data": form},
        ("POST", "/clinic/patients/{person_id}/sharing"): {"data": {**form, "shared": "on"}},
        ("GET", "/clinic/patients/{person_id}/report.pdf"): {},
        ("GET", "/clinic/patients/{person_id}/handout.pdf"): {},
        ("POST", "/clinic/patients/{person_id}/flags/{flag}/acknowledge"): {
            "data": {
                **form,
                "note": "called",
                "quiet_until": (date.today() + timedelta(days=2)).isoformat(),
            }
        },
        ("POST", "/clinic/patients/{person_id}/questionnaires/request"): {"data": form},
        ("GET", "/clinic/patients/{person_id}/templates"): {},
        ("POST", "/clinic/patients/{person_id}/templates"): {
            "data": {**form, "name": "Mine", "visibility": "own"}
        },
        ("POST", "/clinic/patients/{person_id}/templates/{template_id}/start"): {
            "data": {**form, "starts_on": today}
        },
        ("POST", "/clinic/patients/{person_id}/progressions/{exercise_id}/apply"): {"data": form},
        ("POST", "/clinic/patients/{person_id}/progressions/{exercise_id}/dismiss"): {"data": form},
        ("GET", "/clinic/patients/{person_id}/messages"): {},
        ("POST", "/clinic/patients/{person_id}/messages"): {"data": {**form, "body": "Hello"}},
        ("POST", "/clinic/patients/{person_id}/erasure"): {
            "data": {**form, "decision": "keep", "keep_until": "2036-01-02"}
        },
        ("POST", "/clinic/patients/{person_id}/discharge"): {"data": {**form, "reason": "done"}},
        ("POST", "/clinic/patients/{person_id}/readmit"): {"data": form},
        ("GET", "/api/clinic/patients/{person_id}"): {},
        ("GET", "/api/clinic/patients/{person_id}/program"): {},
        ("POST", "/api/clinic/patients/{person_id}/program"): {"json": program},
        ("POST", "/api/clinic/patients/{person_id}/invite"): {"json": {}},
        ("PUT", "/api/clinic/patients/{person_id}/sharing"): {"json": {"shared": True}},
        ("GET", "/api/clinic/patients/{person_id}/fhir"): {},
        ("GET", "/api/clinic/patients/{person_id}/export"): {},
    }


def _patient_routes(app) -> set[tuple[str, str]]:
    return {
        (method, path)
        for route in app.state.routes
        if "{person_id}" in (path := getattr(route, "path", ""))
        for method in set(getattr(route, "methods", None) or ()) - {"HEAD"}
    }


def test_each_read_of_a_patients_data_by_a_clinician_is_logged_once(sqlite_url):
    app = create_app(Settings(database_url=sqlite_url, mode="clinic"))
    store: Store = app.state.store
    now = datetime.now(UTC)
    doctor = create_account(store, username="dr-ada", password=PASSWORD, role="clinician",
                            person_id=None, now=now)  # fmt: skip
    person = add_patient(store, clinician=doctor, display_name="Pat", timezone="UTC", now=now)
    token, _ = create_api_token(store, person_id=None, account=doctor, name="t", now=now)
    api = TestClient(app, base_url="http://127.0.0.1", headers={"Authorization": f"Bearer {token}"})
    page = TestClient(app, base_url="http://127.0.0.1", headers={"accept": "text/html"})
    login = _csrf(page.get("/login").text)
    answer = page.post("/login", data={"username": "dr-ada", "password": PASSWORD,
                                       "csrf_token": login}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    csrf = _csrf(page.get("/clinic").text)
    requests = _requests(person.id, csrf)
    ask_erasure(store, person.id, now=now)  # for the decision
    assert set(requests) == _patient_routes(app), "a new patient route: add it to the walk"
    for (method, path), options in requests.items():
        before = len(access_log(store, person.id))
        url = path.replace("{person_id}", person.id).replace("{flag}", "quiet")
        url = url.replace("{template_id}", "builtin").replace("{exercise_id}", "toe-presses")
        client = api if path.startswith("/api/") else page
        answer = client.request(method, url, follow_redirects=False, **options)
        assert answer.status_code < 500 or answer.status_code == 503, (path, answer.text)
        assert answer.status_code < 400 or answer.status_code == 503, (path, answer.text)
        assert len(access_log(store, person.id)) == before + 1, (method, path)
    store.engine.dispose()
