"""Clinics: patients under clinicians, invites, the audit log and the exercise library (the
care figures and the patient list are in store/patient_list.py)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from footwork.core.language import N_, Refusal
from footwork.core.program import Exercise
from footwork.core.records import Person
from footwork.store import tables as t
from footwork.store.accounts import (
    HASHER,
    Account,
    AccountError,
    check_credentials,
    end_sign_ins,
    token_hash,
)
from footwork.store.repository import NotFound, Store, new_id

# Crockford-like: no 0/O, 1/I/L or U, so a code read aloud or copied by hand survives.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 10  # 30^10, about 49 bits: with login throttling, not guessable
INVITE_LIFETIME = timedelta(days=7)


class InviteError(Refusal):
    """A code that is unknown, used or expired."""


class ResetForbidden(PermissionError):
    """A new code for a patient who has joined, asked by someone not their own clinician."""


RESET_ACTION = "reset the sign-in code"


class LibraryConflict(ValueError):
    """An exercise id the library already has."""


# -- patients ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Patient:
    person_id: str
    display_name: str
    timezone: str
    clinician_id: str
    clinician_name: str
    shared: bool
    created_at: datetime
    username: str | None
    """The patient's account, once they have joined."""


def add_patient(
    store: Store, *, clinician: Account, display_name: str, timezone: str, now: datetime
) -> Person:
    """A new person under `clinician`'s care (they join later with an invite)."""
    person = Person(id=new_id(), display_name=display_name, timezone=timezone)
    with OrmSession(store.engine) as orm, orm.begin():
        orm.add(
            t.Person(
                id=person.id,
                display_name=person.display_name,
                birth_year=None,
                timezone=timezone,
                created_at=now,
            )
        )
        orm.flush()
        orm.add(
            t.TimezoneChange(
                id=new_id(), person_id=person.id, effective_from=now, timezone=timezone
            )
        )
        orm.add(
            t.Patient(person_id=person.id, clinician_id=clinician.id, shared=False, created_at=now)
        )
    return person


def _patient_query() -> Any:
    clinician = t.Account.__table__.alias("clinician")
    own = t.Account.__table__.alias("own")
    return (
        select(
            t.Patient.person_id,
            t.Person.display_name,
            t.Person.timezone,
            t.Patient.clinician_id,
            clinician.c.username,
            t.Patient.shared,
            t.Patient.created_at,
            own.c.username,
        )
        .join(t.Person, t.Person.id == t.Patient.person_id)
        .join(clinician, clinician.c.id == t.Patient.clinician_id)
        .outerjoin(own, own.c.person_id == t.Patient.person_id)
    )


def get_patient(store: Store, person_id: str) -> Patient | None:
    with store.reader.connect() as connection:
        row = connection.execute(_patient_query().where(t.Patient.person_id == person_id)).first()
    return Patient(*row) if row else None


def followed_by(patient: Patient | None, account: Account | None) -> bool:
    """Whether `account` may follow the patient: their own clinician, or any clinician of the
    clinic when the patient is shared."""
    return (
        patient is not None
        and account is not None
        and account.role == "clinician"
        and (patient.clinician_id == account.id or patient.shared)
    )


def set_shared(store: Store, person_id: str, shared: bool) -> None:
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(update(t.Patient).where(t.Patient.person_id == person_id).values(shared=shared))


# -- invites ----------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def issue_invite(
    store: Store,
    *,
    person_id: str,
    created_by: Account,
    now: datetime,
    lifetime: timedelta = INVITE_LIFETIME,
    language: str | None = None,
) -> tuple[str, datetime]:
    """A new one-time code for the patient (shown once, kept only as a hash); any earlier
    unused code stops working: a lost code is replaced, never recovered.

    For a patient who has joined, a code sets a new password: a reset. Only the patient's own
    clinician may issue it (ResetForbidden otherwise); it goes into the patient's access log,
    and it logs the patient out everywhere and revokes their API tokens at once.

    `language`, when given, becomes the patient's chosen language when they use the code."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires = now + lifetime
    with OrmSession(store.engine) as orm, orm.begin():
        account = orm.scalars(select(t.Account).where(t.Account.person_id == person_id)).first()
        if account is not None:
            patient = orm.get(t.Patient, person_id)
            if patient is None or patient.clinician_id != created_by.id:
                raise ResetForbidden(
                    "only the patient's own clinician can give a patient who has joined a new code"
                )
            end_sign_ins(orm, account)
            orm.add(access_event(person_id, created_by, RESET_ACTION, now))
        orm.execute(
            delete(t.Invite).where(t.Invite.person_id == person_id, t.Invite.used_at.is_(None))
        )
        orm.add(
            t.Invite(
                code_hash=token_hash(code),
                person_id=person_id,
                created_by=created_by.id,
                created_at=now,
                expires_at=expires,
                used_at=None,
                language=language,
            )
        )
    return format_code(code), expires


def invite_person(store: Store, code: str, *, now: datetime) -> str | None:
    """The person a valid (unused, unexpired) code is for."""
    with OrmSession(store.reader) as orm:
        row = orm.get(t.Invite, token_hash(normalise_code(code)))
        if row is None or row.used_at is not None or row.expires_at <= now:
            return None
        return row.person_id


def redeem_invite(
    store: Store, code: str, *, username: str, password: str, now: datetime
) -> Account:
    """Use a code: the patient's account is created with this user name and password (or, for
    a patient who already has one and lost the password, given the new password and logged
    out everywhere, their API tokens revoked). The code then stops working."""
    name = check_credentials(username, password)
    hashed = token_hash(normalise_code(code))
    try:
        with OrmSession(store.engine, expire_on_commit=False) as orm, orm.begin():
            invite = orm.get(t.Invite, hashed, with_for_update=True)
            if invite is None or invite.used_at is not None or invite.expires_at <= now:
                raise InviteError(N_("that code is unknown, used or expired: ask for a new one"))
            # Claim the code first: of two uses at once, one updates the row and one finds
            # it used.
            claimed = orm.execute(
                update(t.Invite)
                .where(t.Invite.code_hash == hashed, t.Invite.used_at.is_(None))
                .values(used_at=now)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise InviteError(N_("that code is unknown, used or expired: ask for a new one"))
            if invite.language is not None:
                person = orm.get(t.Person, invite.person_id)
                if person is not None:
                    person.language = invite.language
            account = orm.scalars(
                select(t.Account).where(t.Account.person_id == invite.person_id)
            ).first()
            if account is None:
                account = t.Account(
                    id=new_id(),
                    username=name,
                    password_hash=HASHER.hash(password),
                    role="patient",
                    person_id=invite.person_id,
                    created_at=now,
                )
                orm.add(account)
                orm.flush()
            else:
                account.password_hash = HASHER.hash(password)
                end_sign_ins(orm, account)
            return Account(account.id, account.username, "patient", account.person_id)
    except IntegrityError:
        raise AccountError(N_("the user name {name} is taken"), name=repr(name)) from None


# -- the audit log ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str


def access_event(person_id: str, actor: Account, action: str, now: datetime) -> t.AuditEvent:
    """A line of the patient's access log: who did what, when."""
    return t.AuditEvent(
        id=new_id(),
        person_id=person_id,
        actor_id=actor.id,
        actor_name=actor.username,
        action=action[:40],
        at=now,
    )


def record_access(
    store: Store, *, person_id: str, actor: Account, action: str, now: datetime
) -> None:
    with OrmSession(store.engine) as orm, orm.begin():
        orm.add(access_event(person_id, actor, action, now))


def access_log(store: Store, person_id: str, *, limit: int = 500) -> list[AuditEntry]:
    """Who looked at or changed the person's data, newest first."""
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(t.AuditEvent.at, t.AuditEvent.actor_name, t.AuditEvent.action)
            .where(t.AuditEvent.person_id == person_id)
            .order_by(t.AuditEvent.at.desc(), t.AuditEvent.id)
            .limit(limit)
        ).all()
    return [AuditEntry(*row) for row in rows]


# -- the clinic's exercise library ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LibraryExercise:
    exercise: Exercise
    has_drawing: bool


def clinic_exercises(store: Store) -> list[LibraryExercise]:
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(t.ClinicExercise.exercise, t.ClinicExercise.drawing_type.is_not(None)).order_by(
                t.ClinicExercise.created_at, t.ClinicExercise.id
            )
        ).all()
    return [LibraryExercise(Exercise.model_validate(data), bool(has)) for data, has in rows]


def add_clinic_exercise(
    store: Store,
    exercise: Exercise,
    *,
    drawing: tuple[bytes, str] | None,
    created_by: Account,
    now: datetime,
) -> None:
    """Add an exercise to the library; ValueError when its id is taken."""
    try:
        with OrmSession(store.engine) as orm, orm.begin():
            orm.add(
                t.ClinicExercise(
                    id=exercise.id,
                    exercise=exercise.model_dump(mode="json"),
                    drawing=drawing[0] if drawing else None,
                    drawing_type=drawing[1] if drawing else None,
                    created_by=created_by.id,
                    created_at=now,
                )
            )
    except IntegrityError:
        raise LibraryConflict(f"the library already has an exercise {exercise.id!r}") from None


def clinic_drawing(store: Store, exercise_id: str) -> tuple[bytes, str]:
    with store.reader.connect() as connection:
        row = connection.execute(
            select(t.ClinicExercise.drawing, t.ClinicExercise.drawing_type).where(
                t.ClinicExercise.id == exercise_id
            )
        ).first()
    if row is None or row[0] is None:
        raise NotFound(f"no drawing for {exercise_id!r}")
    return row[0], row[1] or "application/octet-stream"
