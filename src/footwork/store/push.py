"""Web Push in the database: the installation's shared settings (the VAPID key pair) and each
person's devices that allowed reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from footwork.store import tables as t
from footwork.store.repository import Store, new_id


@dataclass(frozen=True, slots=True)
class Device:
    """A subscription as the rest of the app sees it."""

    id: str
    person_id: str
    endpoint: str
    p256dh: str
    auth: str
    label: str
    created_at: datetime


def app_setting(store: Store, key: str) -> str | None:
    with OrmSession(store.engine) as orm:
        row = orm.get(t.AppSetting, key)
        return None if row is None else row.value


def keep_app_setting(store: Store, key: str, value: str, *, now: datetime) -> str:
    """Store `value` under `key` unless a value is there already; the stored value wins, so
    two processes making it at once end up with the same one."""
    try:
        with OrmSession(store.engine) as orm, orm.begin():
            orm.add(t.AppSetting(key=key, value=value, created_at=now))
    except IntegrityError:
        stored = app_setting(store, key)
        assert stored is not None
        return stored
    return value


def save_device(
    store: Store,
    person_id: str,
    *,
    endpoint: str,
    p256dh: str,
    auth: str,
    label: str,
    now: datetime,
) -> Device:
    """Add a device, or renew its keys. An endpoint is one browser's: whoever turned
    reminders on from it last owns it (a shared phone moves to the person now using it)."""
    for _ in range(2):
        try:
            with OrmSession(store.engine, expire_on_commit=False) as orm, orm.begin():
                row = orm.scalars(
                    select(t.PushSubscription).where(t.PushSubscription.endpoint == endpoint)
                ).first()
                if row is None:
                    row = t.PushSubscription(id=new_id(), endpoint=endpoint, created_at=now)
                    orm.add(row)
                elif row.person_id != person_id:
                    row.created_at = now
                row.person_id, row.p256dh, row.auth, row.label = person_id, p256dh, auth, label
            return _device(row)
        except IntegrityError:
            continue  # another request added the same endpoint at the same moment: update it
    raise RuntimeError("could not store the subscription")  # pragma: no cover


def devices_of(store: Store, person_id: str) -> list[Device]:
    with OrmSession(store.engine) as orm:
        rows = orm.scalars(
            select(t.PushSubscription)
            .where(t.PushSubscription.person_id == person_id)
            .order_by(t.PushSubscription.created_at, t.PushSubscription.id)
        ).all()
        return [_device(r) for r in rows]


def forget_device(store: Store, person_id: str, endpoint: str) -> bool:
    """Remove one of the person's devices; False when they have none with that endpoint."""
    with OrmSession(store.engine) as orm, orm.begin():
        result = orm.execute(
            delete(t.PushSubscription).where(
                t.PushSubscription.person_id == person_id,
                t.PushSubscription.endpoint == endpoint,
            )
        )
        return bool(getattr(result, "rowcount", 0))


def drop_device(store: Store, device_id: str) -> None:
    """Remove a device the push service says is gone."""
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(delete(t.PushSubscription).where(t.PushSubscription.id == device_id))


def people_with_devices(store: Store) -> list[str]:
    """Everyone with at least one device and reminders not turned off."""
    with OrmSession(store.engine) as orm:
        rows = orm.execute(
            select(t.PushSubscription.person_id)
            .outerjoin(t.PersonSettings, t.PersonSettings.person_id == t.PushSubscription.person_id)
            .where((t.PersonSettings.reminders.is_(None)) | (t.PersonSettings.reminders.is_(True)))
            .distinct()
            .order_by(t.PushSubscription.person_id)
        ).all()
    return [person_id for (person_id,) in rows]


def _device(row: t.PushSubscription) -> Device:
    return Device(
        id=row.id,
        person_id=row.person_id,
        endpoint=row.endpoint,
        p256dh=row.p256dh,
        auth=row.auth,
        label=row.label,
        created_at=row.created_at,
    )
