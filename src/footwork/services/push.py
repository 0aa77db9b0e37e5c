"""Sending Web Push messages: the installation's VAPID key pair (made once, kept in the
database so every host of a clinic signs with the same key) and delivery to each device a
person allowed, encrypted per RFC 8291 by pywebpush. A device the push service calls gone
(404 or 410) is dropped; any other failure is reported and the device kept."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid, VapidException

from footwork.config import Settings
from footwork.core.language import ENGLISH
from footwork.core.program import Program
from footwork.core.push import endpoint_problem, endpoint_service, push_message
from footwork.core.reminders import Reminder
from footwork.i18n import translator
from footwork.services import schedule as schedule_service
from footwork.services.notify import DeliveryError
from footwork.store.language import chosen_language
from footwork.store.push import Device, app_setting, devices_of, drop_device, keep_app_setting
from footwork.store.repository import Store

VAPID_KEY = "vapid_private_key"
GONE = (404, 410)
TIMEOUT_S = 15.0
MIN_TTL_S = 60


@dataclass(frozen=True, slots=True)
class VapidKeys:
    private_pem: str
    public_key: str
    """The uncompressed P-256 point, base64url: the browser's applicationServerKey."""


@dataclass(slots=True)
class Delivery:
    """What happened to one message across a person's devices."""

    delivered: int = 0
    dropped: int = 0
    failures: list[str] = field(default_factory=list)


def vapid_keys(store: Store, *, now: datetime) -> VapidKeys:
    """The installation's VAPID key pair, made the first time it is asked for."""
    pem = app_setting(store, VAPID_KEY)
    if pem is None:
        key = ec.generate_private_key(ec.SECP256R1())
        made = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        pem = keep_app_setting(store, VAPID_KEY, made, now=now)
    return VapidKeys(private_pem=pem, public_key=public_key_of(pem))


def public_key_of(pem: str) -> str:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    raw = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def push_to_person(
    store: Store,
    settings: Settings,
    person_id: str,
    message: dict[str, str],
    *,
    now: datetime,
    ttl_s: int,
) -> Delivery:
    """Send `message` (JSON) to every device of the person; drop the gone ones."""
    keys = vapid_keys(store, now=now)
    signer = Vapid.from_pem(keys.private_pem.encode())
    data = json.dumps(message, ensure_ascii=False)
    outcome = Delivery()
    for device in devices_of(store, person_id):
        problem = endpoint_problem(device.endpoint, allow_loopback=settings.push_allow_loopback)
        if problem:
            outcome.failures.append(f"{_name(device)}: not sent, its address {problem}")
            continue
        status, error = _send(device, data, signer, settings.push_contact, ttl_s=ttl_s)
        if error is None:
            outcome.delivered += 1
        elif status in GONE:
            drop_device(store, device.id)
            outcome.dropped += 1
        else:
            outcome.failures.append(f"{_name(device)}: {error}")
    return outcome


def _send(
    device: Device, data: str, signer: Vapid, contact: str, *, ttl_s: int
) -> tuple[int | None, str | None]:
    """(HTTP status, None) when the push service took the message, else (status, why)."""
    from pywebpush import WebPushException, webpush  # aiohttp and all: only when sending

    info = {"endpoint": device.endpoint, "keys": {"p256dh": device.p256dh, "auth": device.auth}}
    # A push service never redirects; following one would let an endpoint that passed the
    # address rule send the server somewhere else (inside its own network, say).
    session = requests.Session()
    session.max_redirects = 0
    try:
        webpush(
            info,
            requests_session=session,
            data=data,
            vapid_private_key=signer,
            vapid_claims={"sub": contact},
            ttl=max(MIN_TTL_S, ttl_s),
            timeout=TIMEOUT_S,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        return status, f"the push service answered {status or 'with an error'}"
    except requests.TooManyRedirects:
        return None, "the push service answered with a redirect, which is not followed"
    except requests.RequestException as error:
        return None, f"could not reach the push service ({type(error).__name__})"
    except (ValueError, TypeError, VapidException) as error:
        return None, f"could not encrypt or sign the message ({error})"
    finally:
        session.close()
    return 200, None


def _name(device: Device) -> str:
    return f"device {device.label or '?'} at {endpoint_service(device.endpoint)}"


@dataclass(slots=True)
class Tally:
    """What a run did, over everyone it reminded; `problems` are lines to show."""

    sent: int = 0
    dropped: int = 0
    undelivered: int = 0
    problems: list[str] = field(default_factory=list)


def send_push_reminders(
    store: Store,
    config: Settings,
    person_id: str,
    program: Program,
    *,
    now: datetime,
    tally: Tally,
) -> None:
    """Send one person's due reminders to their devices, adding what happened to `tally`.
    A reminder no device took is given back, so the next run tries it again. The words are
    in the person's chosen language (English when they chose none)."""
    titles = {e.id: e.title for e in program.exercises}
    language = chosen_language(store, person_id) or ENGLISH
    text = translator(language)

    def deliver(reminder: Reminder) -> None:
        ttl_s = int((reminder.window_end - now).total_seconds())
        message = push_message(reminder, titles, text=text, language=language)
        outcome = push_to_person(store, config, person_id, message, now=now, ttl_s=ttl_s)
        tally.dropped += outcome.dropped
        tally.problems.extend(f"could not send to {p}" for p in outcome.failures)
        if outcome.delivered == 0:
            raise DeliveryError("no device took the reminder")

    try:
        sent = schedule_service.send_reminders(
            store, person_id, program, now=now, deliver=deliver, channel="push"
        )
    except DeliveryError:
        tally.undelivered += 1
        return
    tally.sent += len(sent)
