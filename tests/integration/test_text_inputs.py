"""Every text input of every API route and form, swept with text that has broken the app
before: NUL (PostgreSQL cannot store it), a lone surrogate (not encodable), a right-to-left
override, and 10,000 characters. Never a 5xx; NUL and lone surrogates refused with 422."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.services.browser import open_session
from footwork.store.accounts import account_by_name, create_account
from footwork.store.clinic import add_patient
from footwork.store.repository import Store
from footwork.web.app import create_app
from tests.integration.test_api_records import clinic_with_patient

PASSWORD = "long enough password"
NUL, SURROGATE, RTL, LONG = "bad\x00value", "bad\ud800value", "\u202eevil", "x" * 10_000
BAD = (NUL, SURROGATE, RTL, LONG)
BASE = "http://127.0.0.1"


def _q(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _expect(answer: Any, value: str, where: str, *, refused: bool) -> None:
    """No 5xx; 422 when `refused`. (A lone surrogate in a URL or a form arrives as U+FFFD,
    valid text: only JSON can carry one, and only there must it be refused.)"""
    assert answer.status_code < 500, (where, repr(value[:20]), answer.status_code, answer.text)
    if refused:
        assert answer.status_code == 422, (where, repr(value[:20]), answer.status_code)


def _variants(body: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """(field, a copy of `body` with that field's text replaced) per bad value and field:
    every string value, and every key of a mapping."""
    if isinstance(body, str):
        for bad in BAD:
            yield where, bad
    elif isinstance(body, dict):
        for key, item in body.items():
            for bad in BAD:
                yield f"{where}.{key} (key)", {bad if k == key else k: v for k, v in body.items()}
            for field, variant in _variants(item, f"{where}.{key}"):
                yield field, {**body, key: variant}
    elif isinstance(body, list):
        for index, item in enumerate(body):
            for field, variant in _variants(item, f"{where}.{index}"):
                yield field, [*body[:index], variant, *body[index + 1 :]]


def _bad_of(variant: Any) -> str:
    """The bad value a variant holds."""
    return next(s for s in BAD if json.dumps(s)[1:-1] in json.dumps(variant))


@pytest.fixture
def world(postgres_url):
    app, person_id, patient_token, doctor_token = clinic_with_patient(postgres_url)
    store: Store = app.state.store
    session_id = str(uuid.uuid4())
    program = load_program()
    open_session(store, person_id, program, [program.exercise("toe-presses")],
                 session_id=session_id, started_at=datetime.now(UTC))  # fmt: skip
    yield app, person_id, session_id, patient_token, doctor_token
    store.engine.dispose()


def _api_bodies(now: str, today: str) -> dict[tuple[str, str], Any]:
    dose = {"reps": 5, "work_s": 3.0, "rest_s": 2.0, "sides": []}
    return {
        ("PUT", "/api/sessions/{session_id}"): {
            "exercise_ids": ["toe-presses"],
            "started_at": now,
        },
        ("PUT", "/api/sessions/{session_id}/efforts/{cue_index}"): {
            "id": str(uuid.uuid4()),
            "outcome": "done",
            "started_at": now,
            "ended_at": now,
            "actual_s": 3.0,
        },
        ("POST", "/api/sessions/{session_id}/finish"): {"ended_at": now},
        ("PUT", "/api/sessions/{session_id}/camera/{exercise_id}/batches/{seq}"): {
            "aspect": 1.0,
            "frames": [{"t": 0.0, "left": {"ankle": [0.5, 0.5, 1.0]}}],
        },
        ("POST", "/api/pain"): {
            "id": str(uuid.uuid4()),
            "scores": {"foot-left": 3},
            "context": "any",
            "note": "n",
        },
        ("POST", "/api/balance"): {"left_s": 10.0, "eyes_closed": False, "note": "n"},
        ("POST", "/api/tokens"): {"name": "t"},
        ("POST", "/api/clinic/patients"): {
            "display_name": "P",
            "timezone": "UTC",
            "email": "a@example.org",
        },
        ("POST", "/api/clinic/patients/{person_id}/invite"): {"email": "a@example.org"},
        ("PUT", "/api/clinic/patients/{person_id}/sharing"): {"shared": True},
        ("POST", "/api/clinic/patients/{person_id}/program"): {
            "exercises": {
                "toe-presses": {"dose": dose, "frequency": {"kind": "per_day", "times": 1}}
            },
            "starts_on": today,
            "note": "n",
        },
        ("POST", "/api/clinic/exercises"): {
            "id": "my-exercise",
            "title": "T",
            "position": "P",
            "equipment": ["band"],
            "steps": ["s"],
            "safety": ["x"],
            "dose": {"effort": "hold", "work_s": 3, "reps": 5, "rest_s": 2, "sides": []},
            "frequency": {"kind": "per_day", "times": 1},
        },
        ("POST", "/api/push/subscriptions"): {
            "endpoint": "https://push.example.org/device",
            "keys": {
                "p256dh": "BGsX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW"
                "T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU",
                "auth": "AAECAwQFBgcICQoLDA0ODw",
            },
            "label": "phone",
        },
        ("POST", "/api/join"): {
            "code": "ABCDE-FGHJK",
            "username": "newbie",
            "password": PASSWORD,
        },
    }


def test_every_api_text_input_takes_bad_text_without_failing(world):
    app, person_id, session_id, patient_token, doctor_token = world
    now, today = datetime.now(UTC).isoformat(), date.today().isoformat()
    patient = TestClient(app, base_url=BASE, headers={"Authorization": f"Bearer {patient_token}"})
    doctor = TestClient(app, base_url=BASE, headers={"Authorization": f"Bearer {doctor_token}"})
    values = {"session_id": session_id, "cue_index": "1", "person_id": person_id,
              "token_id": str(uuid.uuid4()), "exercise_id": "toe-presses",
              "seq": "0"}  # fmt: skip
    bodies = _api_bodies(now, today)
    spec = app.openapi()
    with_body = {(m.upper(), p) for p, ops in spec["paths"].items() for m, o in ops.items()
                 if "requestBody" in o}  # fmt: skip
    assert with_body == set(bodies), "a new route with a body: give it a base body here"
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            client = doctor if path.startswith("/api/clinic/") else patient
            params = operation.get("parameters", [])

            def url(replace: dict[str, str], path: str = path) -> str:
                return re.sub(r"\{(\w+)\}", lambda m: replace.get(m[1]) or values[m[1]], path)

            for p in params:
                for bad in BAD:
                    if p["in"] == "path":
                        target = url({p["name"]: _q(bad)})
                    elif p["in"] == "query":
                        target = f"{url({})}?{p['name']}={_q(bad)}"
                    else:
                        continue
                    body = bodies.get((method.upper(), path))
                    answer = client.request(method.upper(), target, json=body)
                    where = f"{method} {path} {p['name']}"
                    _expect(answer, bad, where, refused=bad == NUL)
            body = bodies.get((method.upper(), path))
            if body is None:
                continue
            for field, variant in _variants(body):
                bad = _bad_of(variant)
                answer = client.request(
                    method.upper(),
                    url({}),
                    content=json.dumps(variant).encode(),
                    headers={"content-type": "application/json"},
                )
                where = f"{method} {path} {field}"
                _expect(answer, bad, where, refused=bad in (NUL, SURROGATE))


def _log_in(app, username: str) -> tuple[TestClient, str]:
    client = TestClient(app, base_url=BASE, headers={"accept": "text/html"})
    token = _csrf(client.get("/login").text)
    answer = client.post("/login", data={"username": username, "password": PASSWORD,
                                         "csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    return client, _csrf(client.get(answer.headers["location"]).text)


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, html
    return match.group(1)


def _post_form(client: TestClient, url: str, form: dict[str, str]) -> Any:
    body = "&".join(f"{_q(k)}={_q(v)}" for k, v in form.items())
    return client.post(url, content=body, follow_redirects=False,
                       headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip


def test_every_form_and_page_input_takes_bad_text_without_failing(world):
    app, person_id, session_id, _, _ = world
    patient, patient_csrf = _log_in(app, "pat")
    doctor, doctor_csrf = _log_in(app, "dr-ada")
    store: Store = app.state.store
    create_account(store, username="boss", password=PASSWORD, role="admin", person_id=None,
                   now=datetime.now(UTC))  # fmt: skip
    admin, admin_csrf = _log_in(app, "boss")
    other = add_patient(store, clinician=account_by_name(store, "dr-ada"), display_name="O",
                        timezone="UTC", now=datetime.now(UTC))  # fmt: skip
    anonymous = TestClient(app, base_url=BASE, headers={"accept": "text/html"})
    anonymous_csrf = _csrf(anonymous.get("/login").text)
    builder = {"use_toe-presses": "on", "reps_toe-presses": "5", "work_s_toe-presses": "3",
               "rest_s_toe-presses": "2", "frequency_toe-presses": "per_day",
               "times_toe-presses": "1", "note": "n"}  # fmt: skip
    builder["starts_on"] = date.today().isoformat()
    forms = [
        (patient, patient_csrf, "/checkin",
         {"foot-left": "3", "note": "n", "context": "any", "session_id": session_id}),
        (patient, patient_csrf, "/settings", {"timezone": "Europe/Berlin",
                                               "morning_start": "07:00", "morning_end": "09:00"}),
        (patient, patient_csrf, "/settings/tokens", {"name": "t"}),
        (doctor, doctor_csrf, "/clinic/patients",
         {"name": "P", "timezone": "UTC", "email": "a@example.org"}),
        (doctor, doctor_csrf, f"/clinic/patients/{person_id}/invite", {"email": "a@example.org"}),
        (doctor, doctor_csrf, f"/clinic/patients/{person_id}/program", builder),
        (doctor, doctor_csrf, "/clinic/tokens", {"name": "t"}),
        (doctor, doctor_csrf, f"/clinic/patients/{person_id}/templates",
         {"name": "T", "visibility": "own", "rule_toe-presses": "reps", "step_toe-presses": "2",
          "ceiling_toe-presses": "20", "weeks_toe-presses": "2", "adherence_toe-presses": "70",
          "pain_toe-presses": "2"}),
        (doctor, doctor_csrf, f"/clinic/patients/{person_id}/templates/builtin/start",
         {"starts_on": date.today().isoformat()}),
        (doctor, doctor_csrf, "/clinic/templates/builtin/rename", {"name": "T"}),
        (patient, patient_csrf, "/settings/contact",
         {"phone": "+49 30 123", "email": "a@example.org", "consent": "on"}),
        (doctor, doctor_csrf, f"/clinic/patients/{person_id}/flags/quiet/acknowledge",
         {"note": "called", "quiet_until": (date.today() + timedelta(days=2)).isoformat()}),
        (patient, patient_csrf, "/settings/erase", {"confirm": "DELETE"}),
        (patient, patient_csrf, f"/history/checkins/{session_id}", {"back": "3"}),
        (doctor, doctor_csrf, f"/clinic/patients/{person_id}/erasure",
         {"decision": "keep", "keep_until": (date.today() + timedelta(days=9)).isoformat()}),
        (doctor, doctor_csrf, f"/clinic/patients/{person_id}/erasure",
         {"decision": "now", "confirm": "DELETE"}),
        (anonymous, anonymous_csrf, "/join", {"code": "ABCDE-FGHJK", "username": "newbie",
                                              "password": PASSWORD, "password_again": PASSWORD}),
        (anonymous, anonymous_csrf, "/login", {"username": "nobody", "password": PASSWORD}),
        (doctor, doctor_csrf, f"/clinic/patients/{other.id}/discharge", {"reason": "done"}),
        (admin, admin_csrf, "/admin/clinicians", {"username": "dr-new"}),
        (admin, admin_csrf, "/admin/retention", {"years": "7"}),
        (admin, admin_csrf, f"/admin/clinicians/{uuid.uuid4()}/deactivate",
         {"handover_to": "x"}),
    ]  # fmt: skip
    for client, csrf, url, base in forms:
        for key in base:
            for bad in BAD:
                answer = _post_form(client, url, {**base, key: bad, "csrf_token": csrf})
                _expect(answer, bad, f"POST {url} {key}", refused=bad == NUL)
    exercise = {"id": "my-exercise", "title": "T", "position": "P", "equipment": "band",
                "steps": "s", "safety": "x", "effort": "hold", "work_s": "3", "reps": "5",
                "rest_s": "2", "times": "1"}  # fmt: skip
    for key in exercise:
        for bad in (NUL, RTL, LONG):  # a client cannot put a lone surrogate in multipart
            answer = doctor.post("/clinic/exercises", follow_redirects=False,
                                 data={**exercise, key: bad, "csrf_token": doctor_csrf},
                                 files={"drawing": ("", b"")})  # fmt: skip
            _expect(answer, bad, f"POST /clinic/exercises {key}", refused=bad == NUL)
    pages = [
        (doctor, "/clinic?q={}"), (doctor, "/clinic/patients/{}"),
        (doctor, "/clinic/patients/{}/program"), (doctor, "/clinic/exercises/{}/drawing"),
        (doctor, "/clinic/patients/{}/templates"),
        (patient, "/checkin?session_id={}"), (patient, "/checkin?context={}"),
        (patient, "/exercises/{}"), (patient, "/calendar/{}.ics"), (patient, "/history?days={}"),
        (patient, "/history/checkins/{}"), (patient, "/history/balance/{}"),
    ]  # fmt: skip
    for client, template in pages:
        for bad in BAD:
            answer = client.get(template.format(_q(bad)), follow_redirects=False)
            _expect(answer, bad, template, refused=bad == NUL)
    progression = f"/clinic/patients/{person_id}/progressions/{{}}"
    in_path = [(patient, patient_csrf, "/settings/tokens/{}/revoke"),
               (doctor, doctor_csrf, "/clinic/tokens/{}/revoke"),
               (doctor, doctor_csrf, "/clinic/templates/{}/delete"),
               (doctor, doctor_csrf, "/clinic/templates/{}/rename"),
               (doctor, doctor_csrf, f"/clinic/patients/{person_id}/templates/{{}}/start"),
               (doctor, doctor_csrf, progression + "/apply"),
               (doctor, doctor_csrf, progression + "/dismiss"),
               (doctor, doctor_csrf, "/clinic/patients/{}/discharge"),
               (doctor, doctor_csrf, "/clinic/patients/{}/readmit"),
               (admin, admin_csrf, "/admin/clinicians/{}/deactivate")]  # fmt: skip
    for client, csrf, template in in_path:
        for bad in BAD:
            answer = _post_form(client, template.format(_q(bad)), {"csrf_token": csrf})
            _expect(answer, bad, template, refused=bad == NUL)


@pytest.mark.parametrize("score", ["²", "٣", "5.0", " 11", "-1"])
def test_a_pain_score_that_is_not_ascii_digits_is_refused(database_url, score):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    store: Store = app.state.store
    now = datetime.now(UTC)
    person = add_patient(store, clinician=create_account(store, username="dr", password=PASSWORD,
                         role="clinician", person_id=None, now=now),
                         display_name="Pat", timezone="UTC", now=now)  # fmt: skip
    create_account(store, username="pat", password=PASSWORD, role="patient", person_id=person.id,
                   now=now)  # fmt: skip
    patient, csrf = _log_in(app, "pat")
    answer = patient.post("/checkin", data={"foot-left": score, "csrf_token": csrf})
    assert answer.status_code == 422 and "whole number from 0 to 10" in answer.text
    store.engine.dispose()
