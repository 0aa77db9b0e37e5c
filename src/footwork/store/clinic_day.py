"""What the clinician's list and patient page show beside the kept figures: each patient's
timezone and when they were added, the first prescription still to start, and namesakes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, or_, select

from footwork.store import tables as t
from footwork.store.accounts import Account
from footwork.store.repository import Store


def zones_and_added(store: Store, person_ids: Iterable[str]) -> dict[str, tuple[str, datetime]]:
    """Each patient's timezone and when they were added."""
    ids = list(person_ids)
    if not ids:
        return {}
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(t.Person.id, t.Person.timezone, t.Patient.created_at)
            .join(t.Patient, t.Patient.person_id == t.Person.id)
            .where(t.Person.id.in_(ids))
        ).all()
    return {row[0]: (row[1], row[2]) for row in rows}


def prescribed_starts(store: Store, person_ids: Iterable[str]) -> dict[str, list[date]]:
    """The start days of each patient's prescriptions that name one (clinic prescriptions)."""
    ids = list(person_ids)
    if not ids:
        return {}
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(t.ProgramVersion.person_id, t.ProgramVersion.starts_on).where(
                t.ProgramVersion.person_id.in_(ids),
                t.ProgramVersion.assigned_by.is_not(None),
                t.ProgramVersion.starts_on.is_not(None),
            )
        ).all()
    result: dict[str, list[date]] = {}
    for person_id, starts_on in rows:
        if starts_on is not None:
            result.setdefault(person_id, []).append(starts_on)
    return result


def namesakes(store: Store, clinician: Account, name: str, *, besides: str) -> list[str]:
    """The ids of other patients the clinician follows with the same name (case and spaces
    aside), so adding a second one is not silent."""
    with store.reader.connect() as connection:
        return list(
            connection.scalars(
                select(t.Patient.person_id)
                .join(t.Person, t.Person.id == t.Patient.person_id)
                .where(
                    or_(t.Patient.clinician_id == clinician.id, t.Patient.shared.is_(True)),
                    func.lower(func.trim(t.Person.display_name)) == name.strip().lower(),
                    t.Patient.person_id != besides,
                )
                .order_by(t.Patient.created_at)
            )
        )
