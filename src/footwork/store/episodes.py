"""Episodes of care: discharging a patient, re-admitting them, and the discharged records
the retention purge looks at.

A patient with no episode row is in their first episode, begun when they were added. The
current discharge is also kept on the patient row (patients.discharged_at), so the patient
list leaves discharged patients out within its one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from footwork.core.lifecycle import Discharge
from footwork.store import tables as t
from footwork.store.accounts import Account
from footwork.store.clinic import access_event
from footwork.store.repository import NotFound, Store, new_id

REASON_LENGTH = 500


class EpisodeError(ValueError):
    """A discharge of someone already discharged, or a re-admission of someone in care."""


@dataclass(frozen=True, slots=True)
class Episode:
    started_at: datetime
    ended_at: datetime | None
    reason: str | None


def episodes(store: Store, person_id: str) -> list[Episode]:
    """The patient's episodes, oldest first (the first one implied when none is stored)."""
    with OrmSession(store.reader) as orm:
        patient = orm.get(t.Patient, person_id)
        if patient is None:
            return []
        rows = orm.scalars(
            select(t.Episode).where(t.Episode.person_id == person_id).order_by(t.Episode.started_at)
        ).all()
        if not rows:
            return [Episode(patient.created_at, patient.discharged_at, None)]
        return [Episode(r.started_at, r.ended_at, r.reason) for r in rows]


def episode_start(store: Store, person_id: str) -> datetime | None:
    """When the current episode began, for a patient re-admitted at least once; None for a
    patient in their first episode (their baseline is the program's own start)."""
    with store.reader.connect() as connection:
        return connection.scalar(
            select(t.Patient.admitted_at).where(t.Patient.person_id == person_id)
        )


def is_discharged(store: Store, person_id: str) -> bool:
    with store.reader.connect() as connection:
        at = connection.scalar(
            select(t.Patient.discharged_at).where(t.Patient.person_id == person_id)
        )
    return at is not None


def discharge(store: Store, *, person_id: str, actor: Account, reason: str, now: datetime) -> None:
    """End the patient's current episode: they leave the list, their flags and reminders
    stop, and their record stays for the clinic's retention period."""
    with OrmSession(store.engine) as orm, orm.begin():
        patient = orm.get(t.Patient, person_id, with_for_update=True)
        if patient is None:
            raise NotFound(person_id)
        if patient.discharged_at is not None:
            raise EpisodeError("the patient is already discharged")
        current = orm.scalars(
            select(t.Episode).where(t.Episode.person_id == person_id, t.Episode.ended_at.is_(None))
        ).first()
        if current is None:
            current = t.Episode(id=new_id(), person_id=person_id, started_at=patient.created_at)
            orm.add(current)
        current.ended_at = now
        current.reason = reason.strip()[:REASON_LENGTH] or None
        patient.discharged_at = now
        # Flags stop: the kept figures go (the list and the digest read only these).
        orm.execute(delete(t.CareFlags).where(t.CareFlags.person_id == person_id))
        orm.execute(delete(t.CareStatus).where(t.CareStatus.person_id == person_id))
        orm.add(access_event(person_id, actor, "discharged", now))


def readmit(store: Store, *, person_id: str, actor: Account, now: datetime) -> None:
    """Start a new episode: the patient is back on the list, with a baseline of its own."""
    with OrmSession(store.engine) as orm, orm.begin():
        patient = orm.get(t.Patient, person_id, with_for_update=True)
        if patient is None:
            raise NotFound(person_id)
        if patient.discharged_at is None:
            raise EpisodeError("the patient is in care")
        orm.add(t.Episode(id=new_id(), person_id=person_id, started_at=now))
        patient.discharged_at = None
        patient.admitted_at = now
        orm.add(access_event(person_id, actor, "re-admitted", now))


def discharged_patients(store: Store, *, clinician: Account | None = None) -> list[Discharge]:
    """Discharged patients, longest gone first: all of them (for the purge) or those
    `clinician` follows (their own, and shared ones)."""
    query = (
        select(t.Patient.person_id, t.Person.display_name, t.Patient.discharged_at)
        .join(t.Person, t.Person.id == t.Patient.person_id)
        .where(t.Patient.discharged_at.is_not(None))
        .order_by(t.Patient.discharged_at, t.Patient.person_id)
    )
    if clinician is not None:
        query = query.where((t.Patient.clinician_id == clinician.id) | t.Patient.shared.is_(True))
    with store.reader.connect() as connection:
        rows = connection.execute(query).all()
    return [Discharge(row[0], row[1], row[2]) for row in rows if row[2] is not None]


@dataclass(frozen=True, slots=True)
class EpisodeState:
    discharged: bool
    episodes: list[Episode]


def episode_state(store: Store, person_id: str) -> EpisodeState:
    """For the patient's page: their episodes, and whether they are discharged now."""
    found = episodes(store, person_id)
    return EpisodeState(bool(found) and found[-1].ended_at is not None, found)
