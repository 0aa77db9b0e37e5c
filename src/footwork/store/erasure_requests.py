"""A patient's request for erasure and their clinic's decision (clinic mode)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from footwork.store import tables as t
from footwork.store.repository import Store


@dataclass(frozen=True, slots=True)
class ErasureRequest:
    person_id: str
    requested_at: datetime
    erase_after: date | None
    """None: no decision yet; a date: the clinic keeps the record until then."""
    decided_at: datetime | None
    decided_by: str | None


def _value(row: t.ErasureRequest) -> ErasureRequest:
    return ErasureRequest(
        row.person_id, row.requested_at, row.erase_after, row.decided_at, row.decided_by
    )


def erasure_request(store: Store, person_id: str) -> ErasureRequest | None:
    with OrmSession(store.engine) as orm:
        row = orm.get(t.ErasureRequest, person_id)
        return None if row is None else _value(row)


def ask_erasure(store: Store, person_id: str, *, now: datetime) -> ErasureRequest:
    """Record the request once; asking again keeps the first (and any decision)."""
    with OrmSession(store.engine, expire_on_commit=False) as orm, orm.begin():
        row = orm.get(t.ErasureRequest, person_id, with_for_update=True)
        if row is None:
            row = t.ErasureRequest(person_id=person_id, requested_at=now)
            orm.add(row)
    return _value(row)


def withdraw_erasure(store: Store, person_id: str) -> bool:
    """Withdraw an undecided request; False when there is none or it was decided."""
    with OrmSession(store.engine) as orm, orm.begin():
        row = orm.get(t.ErasureRequest, person_id, with_for_update=True)
        if row is None or row.decision is not None:
            return False
        orm.delete(row)
    return True


def keep_until(
    store: Store, person_id: str, erase_after: date, *, decided_by: str, now: datetime
) -> bool:
    """The clinic keeps the record until `erase_after`; False when there is no request."""
    with OrmSession(store.engine) as orm, orm.begin():
        row = orm.get(t.ErasureRequest, person_id, with_for_update=True)
        if row is None:
            return False
        row.decision = "retain"
        row.erase_after = erase_after
        row.decided_at = now
        row.decided_by = decided_by
    return True


def due_erasures(store: Store, *, today: date) -> list[ErasureRequest]:
    """Requests whose kept-until date has come."""
    with OrmSession(store.engine) as orm:
        rows = orm.scalars(
            select(t.ErasureRequest)
            .where(t.ErasureRequest.decision == "retain", t.ErasureRequest.erase_after <= today)
            .order_by(t.ErasureRequest.erase_after)
        ).all()
        return [_value(row) for row in rows]
