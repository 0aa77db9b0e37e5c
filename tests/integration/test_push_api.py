"""The Web Push API: a person adds, lists and removes only their own devices; every write needs
the CSRF token and the app's own Origin; bad input is refused with 422 naming the field; text
a person typed stays inert; the settings page offers the section without inline script."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.core.records import Person
from footwork.store.accounts import create_account
from footwork.store.push import devices_of
from footwork.store.repository import Store, new_id
from footwork.web.app import create_app

PASSWORD = "correct horse battery"
# The P-256 generator point, uncompressed: a valid public key to subscribe with.
P256_G = bytes.fromhex(
    "04"
    "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
    "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"
)


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def subscription(endpoint: str, **extra: object) -> dict[str, object]:
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": b64url(P256_G), "auth": b64url(bytes(range(16)))},
        **extra,
    }


@pytest.fixture
def clinic(database_url):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    store: Store = app.state.store
    people = {}
    for name in ("ana", "bo"):
        person = Person(id=new_id(), display_name=name.title(), timezone="UTC")
        store.add_person(person, now=datetime.now(UTC))
        create_account(store, username=name, password=PASSWORD, role="patient",
                       person_id=person.id, now=datetime.now(UTC))  # fmt: skip
        people[name] = person.id
    yield app, people
    store.engine.dispose()


def logged_in(app, name: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(app, base_url="http://127.0.0.1")
    page = client.get("/login", headers={"accept": "text/html"})
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    answer = client.post("/login", data={"username": name, "password": PASSWORD,
                                         "csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    page = client.get("/settings", headers={"accept": "text/html"})
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    return client, {"x-csrf-token": csrf}


ANA_PHONE = "https://fcm.googleapis.com/fcm/send/ana-phone-secret"
BO_PHONE = "https://updates.push.services.mozilla.com/wpush/v2/bo-phone-secret"


def test_each_person_adds_lists_and_removes_only_their_own_devices(clinic):
    app, people = clinic
    ana, ana_h = logged_in(app, "ana")
    bo, bo_h = logged_in(app, "bo")
    added = ana.post("/api/push/subscriptions", json=subscription(ANA_PHONE, label="Pixel"),
                     headers=ana_h)  # fmt: skip
    assert added.status_code == 201, added.text
    assert added.json()["label"] == "Pixel"
    assert added.json()["service"] == "fcm.googleapis.com"
    assert "endpoint" not in added.json()  # the endpoint is the device's secret
    assert bo.post("/api/push/subscriptions", json=subscription(BO_PHONE),
                   headers=bo_h).status_code == 201  # fmt: skip

    assert [d["label"] for d in ana.get("/api/push/subscriptions").json()] == ["Pixel"]
    (bos,) = bo.get("/api/push/subscriptions").json()
    assert bos["service"] == "updates.push.services.mozilla.com"
    assert bos["label"] == "testclient"  # no label given: the browser's User-Agent

    # Bo cannot remove Ana's device, even knowing its endpoint.
    target = f"/api/push/subscriptions?endpoint={quote(ANA_PHONE, safe='')}"
    assert bo.delete(target, headers=bo_h).status_code == 404
    assert len(devices_of(app.state.store, people["ana"])) == 1
    assert ana.delete(target, headers=ana_h).status_code == 204
    assert devices_of(app.state.store, people["ana"]) == []
    assert ana.delete(target, headers=ana_h).status_code == 404
    assert len(devices_of(app.state.store, people["bo"])) == 1

    # The same browser subscribing again renews its keys: still one device.
    for _ in range(2):
        ana.post("/api/push/subscriptions", json=subscription(ANA_PHONE), headers=ana_h)
    assert len(ana.get("/api/push/subscriptions").json()) == 1


def test_the_key_is_the_same_for_everyone_and_for_a_new_app(clinic, database_url):
    app, _ = clinic
    ana, _ = logged_in(app, "ana")
    bo, _ = logged_in(app, "bo")
    key = ana.get("/api/push/key").json()["public_key"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{87}", key)  # 65 bytes, base64url
    assert bo.get("/api/push/key").json()["public_key"] == key
    other_host = create_app(Settings(database_url=database_url, mode="clinic"))
    carol, _ = logged_in(other_host, "ana")
    assert carol.get("/api/push/key").json()["public_key"] == key
    other_host.state.store.engine.dispose()


def test_anonymous_no_csrf_and_foreign_origins_are_refused(clinic):
    app, people = clinic
    anonymous = TestClient(app, base_url="http://127.0.0.1")
    assert anonymous.get("/api/push/key").status_code == 401
    assert anonymous.get("/api/push/subscriptions").status_code == 401
    ana, headers = logged_in(app, "ana")
    body = subscription(ANA_PHONE)
    assert ana.post("/api/push/subscriptions", json=body).status_code == 403
    for foreign in ({"origin": "http://attacker.example"}, {"sec-fetch-site": "cross-site"}):
        answer = ana.post("/api/push/subscriptions", json=body, headers={**headers, **foreign})
        assert answer.status_code == 403, foreign
    assert devices_of(app.state.store, people["ana"]) == []
    assert ana.post("/api/push/subscriptions", json=body, headers=headers).status_code == 201
    target = f"/api/push/subscriptions?endpoint={quote(ANA_PHONE, safe='')}"
    assert ana.delete(target).status_code == 403
    assert len(devices_of(app.state.store, people["ana"])) == 1


LONG = "https://push.example.org/" + "x" * 1100


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"endpoint": "javascript:alert(1)"}, "endpoint", "https://"),
        ({"endpoint": "http://push.example.org/x"}, "endpoint", "https://"),
        ({"endpoint": "https://10.0.0.5/x"}, "endpoint", "private network"),
        ({"endpoint": "https://[::1]/x"}, "endpoint", "this machine"),
        ({"endpoint": "http://127.0.0.1:9/x"}, "endpoint", "https://"),  # not allowed here
        ({"endpoint": "https://user:pw@push.example.org/x"}, "endpoint", "user name"),
        ({"endpoint": "https://push.example.org/a b"}, "endpoint", "spaces"),
        ({"endpoint": LONG}, "endpoint", "1024"),
        ({"endpoint": 42}, "endpoint", "string"),
        ({"keys": {"p256dh": "!!!not-base64", "auth": b64url(bytes(16))}}, "keys.p256dh",
         "base64url"),
        ({"keys": {"p256dh": b64url(P256_G[:64]), "auth": b64url(bytes(16))}}, "keys.p256dh",
         "65 bytes"),
        ({"keys": {"p256dh": b64url(b"\x02" + P256_G[1:]), "auth": b64url(bytes(16))}},
         "keys.p256dh", "uncompressed"),
        ({"keys": {"p256dh": b64url(P256_G), "auth": b64url(bytes(15))}}, "keys.auth",
         "16 bytes"),
        ({"keys": {"p256dh": b64url(P256_G)}}, "keys.auth", "required"),
        ({"label": "x" * 201}, "label", "200"),
        ({"label": "bad\u0000name"}, "label", "control"),
        ({"surprise": 1}, "surprise", "not permitted"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_naming_the_field(clinic, change, field, words):
    app, people = clinic
    ana, headers = logged_in(app, "ana")
    answer = ana.post("/api/push/subscriptions", json={**subscription(ANA_PHONE), **change},
                      headers=headers)  # fmt: skip
    assert answer.status_code == 422, answer.text
    problems = answer.json()["detail"]
    assert any(p["field"] == field and words.lower() in p["message"].lower() for p in problems), (
        problems
    )
    assert devices_of(app.state.store, people["ana"]) == []


def test_a_loopback_endpoint_is_taken_only_when_the_settings_allow_it(sqlite_url):
    app = create_app(Settings(database_url=sqlite_url, push_allow_loopback=True))
    client = TestClient(app, base_url="http://127.0.0.1")
    page = client.get("/settings", headers={"accept": "text/html"})
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    headers = {"x-csrf-token": csrf}
    for endpoint in ("http://127.0.0.1:8123/push/1", "http://localhost:8123/push/2"):
        answer = client.post("/api/push/subscriptions", json=subscription(endpoint),
                             headers=headers)  # fmt: skip
        assert answer.status_code == 201, answer.text
    answer = client.post("/api/push/subscriptions", json=subscription("http://192.168.1.9/p"),
                         headers=headers)  # fmt: skip
    assert answer.status_code == 422
    app.state.store.engine.dispose()


def test_a_script_tag_in_the_label_stays_inert(clinic):
    app, _ = clinic
    ana, headers = logged_in(app, "ana")
    label = "</script><script>alert(1)</script>"
    answer = ana.post("/api/push/subscriptions", json=subscription(ANA_PHONE, label=label),
                      headers=headers)  # fmt: skip
    assert answer.status_code == 201
    listed = ana.get("/api/push/subscriptions")
    assert listed.json()[0]["label"] == label  # kept as typed, as data
    assert listed.headers["content-type"] == "application/json"
    assert listed.headers["x-content-type-options"] == "nosniff"
    page = ana.get("/settings", headers={"accept": "text/html"})
    assert "alert(1)" not in page.text  # labels reach the page only through push.js textContent


def test_the_settings_page_offers_reminders_without_inline_script(clinic):
    app, _ = clinic
    ana, _ = logged_in(app, "ana")
    page = ana.get("/settings", headers={"accept": "text/html"})
    assert page.status_code == 200
    section = page.text[page.text.index('id="push-settings"') :]
    section = section[: section.index("</section>")]
    assert "Reminders on this device" in section
    assert "cannot be turned on here" in section  # shown until push.js finds support
    assert re.search(r'<div id="push-buttons" hidden>', section)
    assert '<script src="/static/push.js" defer></script>' in page.text
    # No inline script: only files, and JSON data blocks (push.js's words), which never run.
    assert not re.search(r'<script(?![^>]*\b(src=|type="application/json"))[^>]*>', page.text)
    assert '<script id="push-words" type="application/json">' in page.text
    script = ana.get("/static/push.js")
    assert script.status_code == 200
    assert "pushManager.subscribe" in script.text and "userVisibleOnly: true" in script.text
