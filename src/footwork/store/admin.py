"""A clinic's administration: its clinicians (adding, deactivating with a handover of their
patients), the access log across all patients, and how long discharged records are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session as OrmSession

from footwork.core.language import N_, Plural
from footwork.core.lifecycle import DEFAULT_RETENTION_YEARS, check_retention
from footwork.store import tables as t
from footwork.store.accounts import AccountError, end_sign_ins
from footwork.store.repository import Store

RETENTION_KEY = "retention_years"


class HandoverNeeded(AccountError):
    """A clinician with patients, deactivated without another clinician to take them."""


@dataclass(frozen=True, slots=True)
class Clinician:
    id: str
    username: str
    active: bool
    patients: int
    """Patients whose own clinician they are."""


def clinicians(store: Store) -> list[Clinician]:
    """Every clinician account of the clinic, active ones first, by name."""
    counts = (
        select(t.Patient.clinician_id, func.count().label("n"))
        .group_by(t.Patient.clinician_id)
        .subquery()
    )
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(t.Account.id, t.Account.username, t.Account.deactivated_at, counts.c.n)
            .outerjoin(counts, counts.c.clinician_id == t.Account.id)
            .where(t.Account.role == "clinician")
            .order_by(t.Account.deactivated_at.is_not(None), t.Account.username)
        ).all()
    return [Clinician(r[0], r[1], r[2] is None, int(r[3] or 0)) for r in rows]


def deactivate_clinician(
    store: Store, *, clinician_id: str, handover_to: str | None, now: datetime
) -> int:
    """Deactivate the clinician: their browser sessions and API tokens end at once, and their
    patients go to `handover_to` (an active clinician), in one transaction. Refused
    (HandoverNeeded) when they have patients and no one to take them. Returns how many
    patients were handed over."""
    with OrmSession(store.engine) as orm, orm.begin():
        row = orm.get(t.Account, clinician_id, with_for_update=True)
        if row is None or row.role != "clinician" or row.deactivated_at is not None:
            raise AccountError(N_("no such active clinician"))
        count = orm.scalar(select(func.count()).where(t.Patient.clinician_id == clinician_id)) or 0
        if count:
            if handover_to is None or handover_to == clinician_id:
                raise HandoverNeeded(
                    Plural(
                        "{name} has {n} patient: choose another clinician to take them over",
                        "{name} has {n} patients: choose another clinician to take them over",
                    ),
                    name=row.username,
                    n=count,
                )
            target = orm.get(t.Account, handover_to)
            if target is None or target.role != "clinician" or target.deactivated_at:
                raise HandoverNeeded(N_("hand the patients to an active clinician"))
            orm.execute(
                update(t.Patient)
                .where(t.Patient.clinician_id == clinician_id)
                .values(clinician_id=handover_to)
            )
        row.deactivated_at = now
        end_sign_ins(orm, row)
        return int(count)


@dataclass(frozen=True, slots=True)
class ClinicAccess:
    at: datetime
    actor: str
    action: str
    person_id: str
    patient: str


def clinic_access_log(store: Store, *, limit: int = 500) -> list[ClinicAccess]:
    """Who looked at or changed which patient's data, across the clinic, newest first."""
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(
                t.AuditEvent.at,
                t.AuditEvent.actor_name,
                t.AuditEvent.action,
                t.AuditEvent.person_id,
                t.Person.display_name,
            )
            .join(t.Person, t.Person.id == t.AuditEvent.person_id)
            .order_by(t.AuditEvent.at.desc(), t.AuditEvent.id)
            .limit(limit)
        ).all()
    return [ClinicAccess(*row) for row in rows]


def retention_years(store: Store) -> int:
    """How many years a discharged patient's record is kept (DEFAULT_RETENTION_YEARS unless
    the clinic set it)."""
    with store.reader.connect() as connection:
        value = connection.scalar(
            select(t.AppSetting.value).where(t.AppSetting.key == RETENTION_KEY)
        )
    try:
        return check_retention(int(value)) if value is not None else DEFAULT_RETENTION_YEARS
    except ValueError:
        return DEFAULT_RETENTION_YEARS


def set_retention_years(store: Store, years: int, *, now: datetime) -> None:
    check_retention(years)
    with OrmSession(store.engine) as orm, orm.begin():
        row = orm.get(t.AppSetting, RETENTION_KEY, with_for_update=True)
        if row is None:
            orm.add(t.AppSetting(key=RETENTION_KEY, value=str(years), created_at=now))
        else:
            row.value = str(years)
