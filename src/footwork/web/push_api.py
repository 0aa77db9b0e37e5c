"""The JSON API for Web Push: the key a browser subscribes with, and the signed-in person's
own devices (add, list, remove). Same CSRF and Origin rules as every other API write."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator

from footwork.core.push import (
    AUTH_BYTES,
    MAX_ENDPOINT,
    P256DH_BYTES,
    endpoint_problem,
    endpoint_service,
    key_problem,
)
from footwork.services.push import vapid_keys
from footwork.store.push import Device, devices_of, forget_device, save_device
from footwork.web.api import ERRORS, Person
from footwork.web.inputs import CleanText, text_problem
from footwork.web.pages import store_of
from footwork.web.security import check_csrf

router = APIRouter(prefix="/api/push", dependencies=[Depends(check_csrf)], responses=ERRORS)
MAX_LABEL = 200
ENDPOINT_RULE = (
    "The push service's https:// URL, as the browser's PushSubscription gives it (at most "
    f"{MAX_ENDPOINT} characters). http:// and addresses on this machine or a private network "
    "are refused, unless the server is set to take loopback endpoints (tests)."
)


class KeysIn(BaseModel):
    p256dh: Annotated[StrictStr, Field(max_length=2 * P256DH_BYTES)]
    """The browser's P-256 public key, base64url (65 bytes)."""
    auth: Annotated[StrictStr, Field(max_length=2 * AUTH_BYTES)]
    """The browser's authentication secret, base64url (16 bytes)."""

    @field_validator("p256dh")
    @classmethod
    def _p256dh(cls, value: str) -> str:
        return _checked(key_problem(value, size=P256DH_BYTES), value)

    @field_validator("auth")
    @classmethod
    def _auth(cls, value: str) -> str:
        return _checked(key_problem(value, size=AUTH_BYTES), value)


class SubscriptionIn(BaseModel):
    """A PushSubscription as the browser's toJSON() gives it, and an optional device name."""

    model_config = ConfigDict(extra="forbid")

    endpoint: Annotated[StrictStr, Field(max_length=MAX_ENDPOINT, description=ENDPOINT_RULE)]
    expirationTime: float | None = None
    """Kept by the browser; not used here (the name is the browser's own)."""
    keys: KeysIn
    label: Annotated[CleanText, Field(max_length=MAX_LABEL)] | None = None
    """A name for the device; the browser's User-Agent when none is given."""

    @field_validator("endpoint")
    @classmethod
    def _endpoint_shape(cls, value: str) -> str:
        # The full rule needs the server's settings: see _allowed_endpoint.
        return _checked(endpoint_problem(value, allow_loopback=True), value)


class DeviceOut(BaseModel):
    id: str
    label: str
    service: str
    """The push service's host name (the endpoint itself is a secret of the device)."""
    created_at: datetime


def _checked(problem: str | None, value: str) -> str:
    if problem:
        raise ValueError(problem)
    return value


def _out(device: Device) -> DeviceOut:
    return DeviceOut(
        id=device.id,
        label=device.label,
        service=endpoint_service(device.endpoint),
        created_at=device.created_at,
    )


def _label(request: Request, given: str | None) -> str:
    if given and given.strip():
        return given.strip()
    agent = request.headers.get("user-agent", "")[:MAX_LABEL]
    return "" if text_problem(agent) else agent


@router.get("/key")
def public_key(request: Request, person: Person) -> dict[str, str]:
    """The applicationServerKey to subscribe with (VAPID, base64url)."""
    return {"public_key": vapid_keys(store_of(request), now=datetime.now(UTC)).public_key}


@router.get("/subscriptions")
def list_devices(request: Request, person: Person) -> list[DeviceOut]:
    return [_out(d) for d in devices_of(store_of(request), person[1])]


@router.post("/subscriptions", status_code=201)
def add_device(request: Request, person: Person, body: SubscriptionIn) -> DeviceOut:
    settings = request.app.state.settings
    problem = endpoint_problem(body.endpoint, allow_loopback=settings.push_allow_loopback)
    if problem:
        raise HTTPException(422, [{"field": "endpoint", "message": problem}])
    device = save_device(
        store_of(request),
        person[1],
        endpoint=body.endpoint,
        p256dh=body.keys.p256dh,
        auth=body.keys.auth,
        label=_label(request, body.label),
        now=datetime.now(UTC),
    )
    return _out(device)


@router.delete("/subscriptions", status_code=204)
def remove_device(
    request: Request,
    person: Person,
    endpoint: Annotated[str, Query(min_length=1, max_length=MAX_ENDPOINT)],
) -> None:
    """Stop reminders on the device with this endpoint (one of the person's own)."""
    if not forget_device(store_of(request), person[1], endpoint):
        raise HTTPException(404, "no such device")
