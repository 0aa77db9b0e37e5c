"""Every route, asked by an anonymous visitor, by patient A reaching for patient B's data, and by
the owner of the data: each answer checked. A new route must be added to ROUTES to pass."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.core.readiness import QUESTION_IDS
from footwork.core.records import Person
from footwork.services.browser import open_session
from footwork.services.readiness import record_readiness
from footwork.store.accounts import create_account, create_api_token, new_calendar_feed
from footwork.store.push import save_device
from footwork.store.repository import Store, new_id
from footwork.web.app import create_app
from tests.integration.test_web_clinic import CLINIC_ROUTES

PASSWORD = "correct horse battery"


@pytest.fixture
def clinic(database_url):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    store: Store = app.state.store
    ids = {}
    for name in ("ana", "bo"):
        person = Person(id=new_id(), display_name=name.title(), timezone="Europe/Berlin")
        store.add_person(person, now=datetime.now(UTC))
        create_account(store, username=name, password=PASSWORD, role="patient",
                       person_id=person.id, now=datetime.now(UTC))  # fmt: skip
        session_id = str(uuid.uuid4())
        program = load_program()
        open_session(store, person.id, program, [program.exercise("toe-presses")],
                     session_id=session_id, started_at=datetime.now(UTC))  # fmt: skip
        feed = new_calendar_feed(store, person.id, now=datetime.now(UTC))
        _, token = create_api_token(store, person_id=person.id, account=None, name="phone",
                                    now=datetime.now(UTC))  # fmt: skip
        record_readiness(store, person.id, dict.fromkeys(QUESTION_IDS, "no"),
                         now=datetime.now(UTC))  # fmt: skip
        endpoint = f"https://push.example.org/{name}-phone"
        save_device(store, person.id, endpoint=endpoint, p256dh=PUSH_KEYS["p256dh"],
                    auth=PUSH_KEYS["auth"], label="phone", now=datetime.now(UTC))  # fmt: skip
        ids[name] = {"person": person.id, "session": session_id, "feed": feed,
                     "token_id": token.id, "push": quote(endpoint, safe="")}  # fmt: skip
    yield app, ids
    store.engine.dispose()


def csrf_of(client: TestClient) -> str:
    page = client.get("/login", headers={"accept": "text/html"})
    match = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert match, page.text
    return match.group(1)


def logged_in(app, name: str) -> tuple[TestClient, str]:
    client = TestClient(app, base_url="http://127.0.0.1")
    token = csrf_of(client)
    answer = client.post("/login", data={"username": name, "password": PASSWORD,
                                         "csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    page = client.get("/today", headers={"accept": "text/html"})
    return client, re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def now() -> str:
    """The moment of the request (read each time: a run may cross midnight)."""
    return datetime.now(UTC).isoformat()


def effort_body() -> dict:
    return {"id": str(uuid.uuid4()), "outcome": "done", "started_at": now(), "ended_at": now(),
            "actual_s": 3.0}  # fmt: skip


# A browser's subscription: the P-256 generator point as its key, 16 bytes as its secret.
PUSH_KEYS = {
    "p256dh": "BGsX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW"
    "T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU",
    "auth": "AAECAwQFBgcICQoLDA0ODw",
}
PUSH_BODY = {"endpoint": "https://push.example.org/new-device", "keys": PUSH_KEYS}

# (method, path template, JSON body or None, for anonymous, for A on B's data, for the owner)
ROUTES = [
    ("GET", "/", None, 303, None, 303),
    ("GET", "/hello", None, 200, None, 200),
    ("GET", "/safety", None, 200, None, 200),
    ("GET", "/what-to-expect", None, 200, None, 200),
    ("GET", "/demos/toe-walking.json", None, 200, None, 200),
    ("GET", "/readiness", None, 303, None, 200),
    ("POST", "/readiness", "form:falls=no&feet=no&injury=no&serious=no&saddle=no",
     303, None, 200),
    ("GET", "/login", None, 200, None, 303),
    ("GET", "/today", None, 303, None, 200),
    ("GET", "/session", None, 303, None, 200),
    ("GET", "/checkin", None, 303, None, 200),
    ("GET", "/history", None, 303, None, 200),
    ("GET", "/balance", None, 303, None, 200),
    ("GET", "/questionnaires", None, 303, None, 200),
    ("POST", "/questionnaires", "form:activity_0=stairs&score_0=4", 303, None, 200),
    ("GET", "/api/questionnaires", None, 401, None, 200),
    ("POST", "/api/questionnaires", {"psfs": [{"activity": "stairs", "score": 4}]},
     401, None, 201),
    ("GET", "/exercises", None, 303, None, 200),
    ("GET", "/exercises/toe-walking", None, 303, None, 200),
    ("GET", "/settings", None, 303, None, 200),
    ("GET", "/calendar/{feed}.ics", None, 200, None, 200),  # the secret link is the key
    ("GET", "/api/timeline?ids=toe-presses", None, 401, None, 200),
    ("GET", "/api/exercises", None, 401, None, 200),
    ("GET", "/api/today", None, 401, None, 200),
    ("GET", "/api/history", None, 401, None, 200),
    ("GET", "/api/export", None, 401, None, 200),
    ("GET", "/api/export?format=csv", None, 401, None, 200),
    ("PUT", "/api/sessions/{session}", {"exercise_ids": ["toe-presses"], "started_at": "{now}"},
     401, 404, 200),
    ("PUT", "/api/sessions/{session}/efforts/1", "effort", 401, 404, 200),
    ("POST", "/api/sessions/{session}/finish", {"ended_at": "{now}"}, 401, 404, 200),
    ("PUT", "/api/sessions/{session}/camera/toe-presses/batches/0",
     {"aspect": 1.0, "frames": [{"t": 0.0}]}, 401, 404, 200),
    ("GET", "/api/sessions/{session}/camera", None, 401, 404, 200),
    ("POST", "/api/pain", {"scores": {"back": 3}, "session_id": "{session}"}, 401, 404, 201),
    ("POST", "/api/balance", {"left_s": 20}, 401, None, 201),
    ("POST", "/checkin", "form:back=3&session_id={session}", 303, 404, 200),
    ("POST", "/settings", "form:timezone=UTC&morning_start=07:00&morning_end=09:00",
     303, None, 200),
    ("POST", "/settings/device-timezone", "form:timezone=Europe/Lisbon", 303, None, 200),
    ("POST", "/settings/calendar", "form:", 303, None, 200),
    ("POST", "/settings/language", "form:language=de", 303, None, 303),
    ("POST", "/settings/tokens", "form:name=watch", 303, None, 200),
    ("POST", "/settings/password",
     "form:current_password=wrong&new_password=tulip orbit 42&new_password_again=tulip orbit 42",
     303, None, 422),
    ("POST", "/settings/tokens/{token_id}/revoke", "form:", 303, 404, 200),
    ("GET", "/api/tokens", None, 401, None, 200),
    ("POST", "/api/tokens", {"name": "watch"}, 401, None, 201),
    ("DELETE", "/api/tokens/{token_id}", None, 401, 404, 204),
    ("GET", "/api/push/key", None, 401, None, 200),
    ("GET", "/api/push/subscriptions", None, 401, None, 200),
    ("POST", "/api/push/subscriptions", PUSH_BODY, 401, None, 201),
    ("DELETE", "/api/push/subscriptions?endpoint={push}", None, 401, 404, 204),
    ("GET", "/progress", None, 303, None, 200),
    ("GET", "/progress.pdf", None, 303, None, 200),
    ("GET", "/handout", None, 303, None, 200),
    ("GET", "/handout.pdf", None, 303, None, 200),
    ("GET", "/history/sessions/{session}", None, 303, 404, 200),
    ("POST", "/history/sessions/{session}/delete", "form:", 303, 404, 303),
    ("POST", "/history/checkins/{session}", "form:back=2", 303, 404, 404),  # not a check-in
    ("GET", "/settings/erase", None, 303, None, 200),
    ("POST", "/settings/erase", "form:confirm=DELETE", 303, None, 403),  # patients ask the clinic
    ("POST", "/settings/erase/request", "form:", 303, None, 303),
    ("POST", "/settings/erase/withdraw", "form:", 303, None, 303),
    ("GET", "/manifest.webmanifest", None, 200, None, 200),
    ("GET", "/sw.js", None, 200, None, 200),
    ("POST", "/logout", "form:", 303, None, 303),
    ("POST", "/login", "form:username=x&password=y", 401, None, 401),
]  # fmt: skip


def call(client: TestClient, method: str, path: str, body, token: str, ids: dict):
    path = path.format(**ids)
    headers = {"accept": "text/html", "x-csrf-token": token}
    if body == "effort":
        return client.request(method, path, json=effort_body(), headers=headers,
                              follow_redirects=False)  # fmt: skip
    if isinstance(body, str) and body.startswith("form:"):
        pairs = dict(p.split("=", 1) for p in body[5:].format(**ids).split("&") if p)
        return client.request(method, path, data={**pairs, "csrf_token": token},
                              headers={"accept": "text/html"}, follow_redirects=False)  # fmt: skip
    if body is not None:
        text = (
            str(body)
            .replace("{session}", ids["session"])
            .replace("{now}", now())
            .replace("'", '"')
            .replace("None", "null")
        )
        return client.request(method, path, content=text, follow_redirects=False,
                              headers={**headers, "content-type": "application/json"})  # fmt: skip
    return client.request(method, path, headers=headers, follow_redirects=False)


def test_every_route_is_in_the_table(clinic):
    app, _ = clinic
    # app.state.routes: every route, flat (app.routes nests each included router)
    served = {(m, r.path) for r in app.state.routes if hasattr(r, "methods")
              and r.path.startswith("/") and not r.path.startswith(("/api/docs", "/openapi",
              "/docs")) for m in r.methods if m != "HEAD"}  # fmt: skip
    assert ("GET", "/settings") in served and len(served) > 60
    listed = {(m, re.sub(r"\?.*", "", p).replace("{feed}", "{token}").replace("/1", "/{cue_index}")
               .replace("toe-walking", "{exercise_id}")
               .replace("/camera/toe-presses/batches/0", "/camera/{exercise_id}/batches/{seq}")
               .replace("/checkins/{session}", "/checkins/{record_id}")
               .replace("/history/sessions/{session}", "/history/{kind}/{record_id}")
               .replace("{session}", "{session_id}"))
              for m, p, *_ in ROUTES}  # fmt: skip
    listed |= {(m, p.replace("{person}", "{person_id}").replace("{token}", "{token_id}")
                .replace("heel-raises", "{exercise_id}").replace("/flags/quiet/", "/flags/{flag}/"))
               for m, p, *_ in CLINIC_ROUTES}  # fmt: skip
    assert served - listed == set()


@pytest.mark.parametrize(("method", "path", "body", "anonymous", "other", "owner"), ROUTES)
def test_each_route_answers_each_visitor_right(clinic, method, path, body, anonymous, other, owner):
    app, ids = clinic
    anon = TestClient(app, base_url="http://127.0.0.1")
    token = csrf_of(anon)
    assert call(anon, method, path, body, token, ids["bo"]).status_code == anonymous
    ana, ana_token = logged_in(app, "ana")
    if other is not None:
        answer = call(ana, method, path, body, ana_token, ids["bo"])
        assert answer.status_code == other, answer.text
    answer = call(ana, method, path, body, ana_token, ids["ana"])
    assert answer.status_code == owner, answer.text


def test_a_patient_sees_only_their_own_history(clinic):
    app, ids = clinic
    bo, bo_token = logged_in(app, "bo")
    bo.post("/api/pain", json={"scores": {"knee-left": 7}}, headers={"x-csrf-token": bo_token})
    ana, _ = logged_in(app, "ana")
    history = ana.get("/api/history").json()
    assert [s["id"] for s in history["sessions"]] == [ids["ana"]["session"]]
    assert history["pain"] == []
    assert "left knee" not in ana.get("/history", headers={"accept": "text/html"}).text


def test_changes_without_the_csrf_token_are_refused(clinic):
    app, _ = clinic
    ana, _ = logged_in(app, "ana")
    answer = ana.post("/api/pain", json={"scores": {"back": 2}})
    assert answer.status_code == 403
    answer = ana.post("/api/pain", json={"scores": {"back": 2}}, headers={"x-csrf-token": "nope"})
    assert answer.status_code == 403
    assert ana.get("/api/history").json()["pain"] == []


def test_logout_ends_the_session_on_the_server(clinic):
    app, _ = clinic
    ana, token = logged_in(app, "ana")
    cookie = ana.cookies.get("footwork_session")
    assert (
        ana.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    )
    replay = TestClient(app, base_url="http://127.0.0.1", cookies={"footwork_session": cookie})
    assert replay.get("/api/today").status_code == 401


def test_login_attempts_are_throttled(clinic):
    app, _ = clinic
    client = TestClient(app, base_url="http://127.0.0.1")
    token = csrf_of(client)
    for _ in range(5):
        answer = client.post("/login", data={"username": "ana", "password": "wrong password",
                                             "csrf_token": token})  # fmt: skip
        assert answer.status_code == 401
    answer = client.post(
        "/login", data={"username": "ana", "password": PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 429
    assert "Too many attempts" in answer.text


def test_session_cookie_is_httponly_and_samesite(clinic):
    app, _ = clinic
    answer = TestClient(app, base_url="http://127.0.0.1").get("/login")
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_bad_input_gets_a_422_with_details_not_a_500(clinic):
    app, ids = clinic
    ana, token = logged_in(app, "ana")
    answer = ana.post("/api/pain", json={"scores": {"back": 11}}, headers={"x-csrf-token": token})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "scores.back"
    page = ana.post("/checkin", data={"back": "12", "csrf_token": token})
    assert page.status_code == 422 and "from 0 to 10" in page.text
    answer = ana.put(f"/api/sessions/{ids['ana']['session']}/efforts/0", json=effort_body(),
                     headers={"x-csrf-token": token})  # fmt: skip
    assert answer.status_code == 409  # cue 0 is the get-ready, not an effort


def test_an_api_token_manages_its_own_persons_tokens_and_a_wrong_one_gets_401(clinic):
    """/api/tokens judged by the Authorization header alone (security.api_token_owner)."""
    app, ids = clinic
    secret, _ = create_api_token(app.state.store, person_id=ids["ana"]["person"], account=None,
                                 name="watch", now=datetime.now(UTC))  # fmt: skip
    client = TestClient(app, base_url="http://127.0.0.1")
    mine = client.get("/api/tokens", headers={"Authorization": f"Bearer {secret}"})
    assert mine.status_code == 200
    assert sorted(token["name"] for token in mine.json()) == ["phone", "watch"]
    for header in ("Bearer fw_not-a-token", "Basic " + secret, "Bearer  "):
        wrong = client.get("/api/tokens", headers={"Authorization": header})
        assert wrong.status_code == 401
        assert wrong.headers["www-authenticate"] == "Bearer"
    anonymous = client.get("/api/tokens")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "log in first"}
    assert anonymous.headers["www-authenticate"] == "Cookie"


def test_the_clinic_api_tells_a_stranger_to_log_in_and_a_patients_token_it_is_not_theirs(clinic):
    """security.api_clinician: 401 with the cookie challenge, 403 for a patient's token."""
    app, ids = clinic
    secret, _ = create_api_token(app.state.store, person_id=ids["ana"]["person"], account=None,
                                 name="watch", now=datetime.now(UTC))  # fmt: skip
    client = TestClient(app, base_url="http://127.0.0.1")
    anonymous = client.get("/api/clinic/patients")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "log in first"}
    assert anonymous.headers["www-authenticate"] == "Cookie"
    patient = client.get("/api/clinic/patients", headers={"Authorization": f"Bearer {secret}"})
    assert patient.status_code == 403
    assert patient.json() == {"detail": "this is for clinicians"}
