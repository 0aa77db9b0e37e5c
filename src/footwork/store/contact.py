"""Patients' contact details for their clinicians: phone and e-mail, kept only with the
patient's consent (withdrawing consent deletes them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from footwork.store import tables as t
from footwork.store.repository import Store


@dataclass(frozen=True, slots=True)
class Contact:
    phone: str | None
    email: str | None
    consented_at: datetime


def get_contact(store: Store, person_id: str) -> Contact | None:
    """The person's contact details, if they consented to keep them."""
    return contacts_of(store, [person_id]).get(person_id)


def contacts_of(store: Store, person_ids: Iterable[str]) -> dict[str, Contact]:
    """The contact details of each of `person_ids` who consented (a page of the list)."""
    ids = list(person_ids)
    if not ids:
        return {}
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(
                t.PatientContact.person_id,
                t.PatientContact.phone,
                t.PatientContact.email,
                t.PatientContact.consented_at,
            ).where(
                t.PatientContact.person_id.in_(ids),
                t.PatientContact.consented.is_(True),
                t.PatientContact.consented_at.is_not(None),
            )
        ).all()
    return {row[0]: Contact(row[1], row[2], row[3]) for row in rows if row[3] is not None}


def save_contact(
    store: Store,
    person_id: str,
    *,
    phone: str | None,
    email: str | None,
    consent: bool,
    now: datetime,
) -> None:
    """Keep the person's phone and e-mail with their consent (given now, or earlier and
    kept), or delete them when they withdraw it. Values come validated (web.contact)."""
    with OrmSession(store.engine) as orm, orm.begin():
        row = orm.get(t.PatientContact, person_id, with_for_update=True)
        if not consent or not (phone or email):
            if row is not None:
                orm.execute(delete(t.PatientContact).where(t.PatientContact.person_id == person_id))
            return
        if row is None:
            orm.add(
                t.PatientContact(
                    person_id=person_id,
                    phone=phone,
                    email=email,
                    consented=True,
                    consented_at=now,
                    updated_at=now,
                )
            )
            return
        row.phone, row.email, row.updated_at = phone, email, now
        if not row.consented or row.consented_at is None:
            row.consented, row.consented_at = True, now
