"""Push reminders end to end: a browser's subscription (a key pair made here) goes in through
the API, `send_push_reminders` sends to a push endpoint this test runs on loopback, and the
body it receives decrypts with the subscription's keys (RFC 8291, aes128gcm) to the JSON the
service worker shows; the VAPID header verifies against the stored key (RFC 8292, ES256).
On both databases."""

from __future__ import annotations

import base64
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.services.push import Tally, send_push_reminders, vapid_keys
from footwork.store.push import devices_of, save_device
from footwork.store.repository import Store
from footwork.store.schedule import load_schedule, sent_reminders
from footwork.web.app import create_app


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Browser:
    """The keys a browser makes when it subscribes: a P-256 key pair and a 16-byte secret."""

    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def subscription(self, endpoint: str) -> dict[str, object]:
        return {
            "endpoint": endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)},
        }

    def decrypt(self, body: bytes) -> dict[str, str]:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class PushService:
    """A push endpoint on loopback: records each POST, answers 201 unless told otherwise."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answers: dict[str, int] = {}
        self.redirects: dict[str, str] = {}
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                service.received.append(Received(self.path, headers, body))
                self.send_response(service.answers.get(self.path, 201))
                if self.path in service.redirects:
                    self.send_header("location", service.redirects[self.path])
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def push_service() -> Iterator[PushService]:
    service = PushService()
    yield service
    service.close()


def push_settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        push_allow_loopback=True,
        push_contact="mailto:clinic@example.org",
    )


def morning_tomorrow(store: Store, person_id: str) -> datetime:
    """07:05 tomorrow in the person's timezone: the morning slot (07:00-10:00) is open."""
    zone = load_schedule(store, person_id, now=datetime.now(UTC)).settings.zones[-1]
    local = datetime.now(zone.timezone_info()).date() + timedelta(days=1)
    return datetime.combine(local, time(7, 5), zone.timezone_info())


def verify_vapid(header: str, *, public_key: str, audience: str, contact: str) -> None:
    """RFC 8292: `vapid t=<JWT>,k=<key>`; the JWT is ES256-signed by that key."""
    match = re.fullmatch(r"vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)", header)
    assert match, header
    token, key = match.groups()
    assert key == public_key
    signed, signature = token.rsplit(".", 1)
    head, claims = (json.loads(unb64url(part)) for part in signed.split("."))
    assert head["alg"] == "ES256"
    raw = unb64url(signature)
    verifier = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    verifier.verify(der, signed.encode(), ec.ECDSA(hashes.SHA256()))
    with pytest.raises(InvalidSignature):
        verifier.verify(der, signed.encode() + b"x", ec.ECDSA(hashes.SHA256()))
    assert claims["aud"] == audience
    assert claims["sub"] == contact
    assert claims["exp"] > datetime.now(UTC).timestamp()


def test_a_reminder_reaches_the_device_encrypted_and_signed(database_url, push_service):
    settings = push_settings(database_url)
    app = create_app(settings)
    store: Store = app.state.store
    client = TestClient(app, base_url="http://127.0.0.1")
    page = client.get("/settings", headers={"accept": "text/html"})
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    browser = Browser()
    answer = client.post(
        "/api/push/subscriptions",
        json={**browser.subscription(f"{push_service.origin}/sub/phone"), "label": "My phone"},
        headers={"x-csrf-token": csrf},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["label"] == "My phone"
    public_key = client.get("/api/push/key").json()["public_key"]
    person_id = store.personal_person(now=datetime.now(UTC), timezone="UTC").id
    now = morning_tomorrow(store, person_id)

    tally = Tally()
    send_push_reminders(store, settings, person_id, load_program(), now=now, tally=tally)

    assert (tally.sent, tally.dropped, tally.undelivered, tally.problems) == (1, 0, 0, [])
    (message,) = push_service.received
    assert message.path == "/sub/phone"
    assert message.headers["content-encoding"] == "aes128gcm"
    assert int(message.headers["ttl"]) > 0
    assert b"Toe presses" not in message.body  # encrypted on the wire
    assert browser.decrypt(message.body) == {
        "title": "Footwork: time for your morning exercises",
        "body": "Due now: Toe presses, Toe walking, Ankle circles, Resistance-band flexes. "
        "This slot is open until 10:00.",
        "url": "/today",
        "lang": "en",
    }
    assert public_key == vapid_keys(store, now=now).public_key  # made once, kept
    verify_vapid(
        message.headers["authorization"],
        public_key=public_key,
        audience=push_service.origin,
        contact="mailto:clinic@example.org",
    )
    with pytest.raises(http_ece.ECEException, match="Decryption error"):  # not another browser
        Browser(auth=browser.auth).decrypt(message.body)
    # Sent once: a second run in the same minute sends nothing more.
    again = Tally()
    send_push_reminders(store, settings, person_id, load_program(), now=now, tally=again)
    assert again.sent == 0 and len(push_service.received) == 1
    assert [r.kind for r in sent_reminders(store, person_id, keys_like=str(now.date()))] == [
        "first"
    ]
    store.engine.dispose()


def add_device(store: Store, person_id: str, endpoint: str, label: str) -> Browser:
    browser = Browser()
    save_device(store, person_id, endpoint=endpoint, p256dh=browser.p256dh,
                auth=b64url(browser.auth), label=label, now=datetime.now(UTC))  # fmt: skip
    return browser


def test_a_gone_device_is_dropped_and_a_failing_one_kept_and_reported(store, push_service):
    settings = push_settings("sqlite://")
    person_id = store.personal_person(now=datetime.now(UTC), timezone="UTC").id
    phone = add_device(store, person_id, f"{push_service.origin}/phone", "Phone")
    add_device(store, person_id, f"{push_service.origin}/gone", "Old tablet")
    add_device(store, person_id, f"{push_service.origin}/missing", "Old laptop")
    add_device(store, person_id, f"{push_service.origin}/broken", "Work computer")
    push_service.answers = {"/gone": 410, "/missing": 404, "/broken": 500}
    now = morning_tomorrow(store, person_id)

    tally = Tally()
    send_push_reminders(store, settings, person_id, load_program(), now=now, tally=tally)

    assert (tally.sent, tally.dropped, tally.undelivered) == (1, 2, 0)
    assert tally.problems == [
        "could not send to device Work computer at 127.0.0.1: the push service answered 500"
    ]
    assert sorted(d.label for d in devices_of(store, person_id)) == ["Phone", "Work computer"]
    by_path = {m.path: m for m in push_service.received}
    assert set(by_path) == {"/phone", "/gone", "/missing", "/broken"}
    assert phone.decrypt(by_path["/phone"].body)["url"] == "/today"


def test_a_reminder_no_device_took_is_tried_again_next_run(store, push_service):
    settings = push_settings("sqlite://")
    person_id = store.personal_person(now=datetime.now(UTC), timezone="UTC").id
    add_device(store, person_id, f"{push_service.origin}/broken", "Phone")
    push_service.answers = {"/broken": 503}
    now = morning_tomorrow(store, person_id)

    tally = Tally()
    send_push_reminders(store, settings, person_id, load_program(), now=now, tally=tally)
    assert (tally.sent, tally.undelivered) == (0, 1)
    assert sent_reminders(store, person_id, keys_like=str(now.date())) == []
    assert len(devices_of(store, person_id)) == 1  # kept: 503 is not "gone"

    push_service.answers = {}
    later = Tally()
    send_push_reminders(store, settings, person_id, load_program(), now=now + timedelta(minutes=5),
                        tally=later)  # fmt: skip
    assert (later.sent, later.undelivered) == (1, 0)


def test_an_endpoint_the_settings_no_longer_allow_is_not_posted_to(store, push_service):
    person_id = store.personal_person(now=datetime.now(UTC), timezone="UTC").id
    add_device(store, person_id, f"{push_service.origin}/phone", "Phone")
    strict = Settings(database_url="sqlite://")  # loopback endpoints not taken
    tally = Tally()
    now = morning_tomorrow(store, person_id)
    send_push_reminders(store, strict, person_id, load_program(), now=now, tally=tally)
    assert push_service.received == []
    assert tally.undelivered == 1
    assert "not sent, its address must be an https:// URL" in tally.problems[0]


def test_the_vapid_keys_are_made_once_for_the_whole_installation(store):
    first = vapid_keys(store, now=datetime.now(UTC))
    second = vapid_keys(store, now=datetime.now(UTC))
    assert first == second
    assert len(unb64url(first.public_key)) == 65


def test_a_redirect_from_the_push_service_is_not_followed(store, push_service):
    settings = push_settings("sqlite://")
    person_id = store.personal_person(now=datetime.now(UTC), timezone="UTC").id
    add_device(store, person_id, f"{push_service.origin}/moved", "Phone")
    push_service.answers = {"/moved": 307}
    push_service.redirects = {"/moved": f"{push_service.origin}/inside"}
    tally = Tally()
    now = morning_tomorrow(store, person_id)
    send_push_reminders(store, settings, person_id, load_program(), now=now, tally=tally)
    assert [m.path for m in push_service.received] == ["/moved"]
    assert tally.undelivered == 1
    assert "redirect, which is not followed" in tally.problems[0]
    assert len(devices_of(store, person_id)) == 1
