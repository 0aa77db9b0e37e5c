"""Clinics: patients under clinicians, invites, the audit log, the exercise library, and the
maintained care figures behind the patient list."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Date, and_, case, delete, exists, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from footwork.core.care import (
    LOW_ADHERENCE,
    PAIN_RISE,
    QUIET_DAYS,
    CareFigures,
    FlagName,
    Flags,
)
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
from footwork.store.episodes_sql import in_care, since_quiet
from footwork.store.repository import NotFound, Store, new_id

# Crockford-like: no 0/O, 1/I/L or U, so a code read aloud or copied by hand survives.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 10  # 30^10, about 49 bits: with login throttling, not guessable
INVITE_LIFETIME = timedelta(days=7)


class InviteError(ValueError):
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
                raise InviteError("that code is unknown, used or expired: ask for a new one")
            # Claim the code first: of two uses at once, one updates the row and one finds
            # it used.
            claimed = orm.execute(
                update(t.Invite)
                .where(t.Invite.code_hash == hashed, t.Invite.used_at.is_(None))
                .values(used_at=now)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise InviteError("that code is unknown, used or expired: ask for a new one")
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
        raise AccountError(f"the user name {name!r} is taken") from None


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


# -- maintained care figures and the patient list ---------------------------------------------


def save_care(
    store: Store,
    person_id: str,
    figures: Iterable[CareFigures],
    *,
    last_session_at: datetime | None,
    now: datetime,
    orm: OrmSession | None = None,
) -> None:
    """Replace the person's care figures (one row per local day) in one transaction: `orm`'s
    when given (the worker's claim, see store/care_queue.py), else a transaction of its own.

    An upsert, not delete-and-insert: two refreshes of the same patient at once (two
    check-ins) each write whole rows, and neither can trip over the other's primary key."""
    figures = list(figures)
    rows = [
        {
            "person_id": person_id,
            "as_of": f.as_of,
            "adherence_done": f.adherence.done,
            "adherence_prescribed": f.adherence.prescribed,
            "pain_change": f.pain_change,
            "pain_region": f.pain_region,
            "pain_alert": f.pain_alert,
        }
        for f in figures
    ]
    horizon = max((f.as_of for f in figures), default=now.date())
    status = {
        "person_id": person_id,
        "last_session_at": last_session_at,
        "refreshed_at": now,
        "horizon": horizon,
    }
    if orm is not None:
        _write_care(store, orm, person_id, figures, rows, status)
        return
    with OrmSession(store.engine) as own, own.begin():
        _write_care(store, own, person_id, figures, rows, status)


def _write_care(
    store: Store,
    orm: OrmSession,
    person_id: str,
    figures: list[CareFigures],
    rows: list[dict[str, Any]],
    status: dict[str, Any],
) -> None:
    orm.execute(
        delete(t.CareFlags).where(
            t.CareFlags.person_id == person_id,
            t.CareFlags.as_of.not_in([f.as_of for f in figures]),
        )
    )
    if rows:
        orm.execute(_upsert(store, t.CareFlags, rows, keys=("person_id", "as_of")))
    orm.execute(_upsert(store, t.CareStatus, [status], keys=("person_id",)))


def _upsert(store: Store, table: Any, rows: list[dict[str, Any]], *, keys: tuple[str, ...]) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE for SQLite and PostgreSQL alike."""
    dialect = store.engine.dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(table).values(rows)
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={c: statement.excluded[c] for c in rows[0] if c not in keys},
    )


def _local_today(today_by_zone: Mapping[str, date], otherwise: date) -> Any:
    """The patient's local today, by their timezone, as an SQL expression."""
    if not today_by_zone:
        return literal(otherwise, Date)
    return case(
        *((t.Person.timezone == zone, literal(day, Date)) for zone, day in today_by_zone.items()),
        else_=literal(otherwise, Date),
    )


SortKey = Literal["flags", "name", "adherence", "pain", "last_session"]


@dataclass(frozen=True, slots=True)
class PatientRow:
    person_id: str
    display_name: str
    clinician_name: str
    shared: bool
    joined: bool
    last_session_at: datetime | None
    adherence_done: float | None
    adherence_prescribed: float | None
    pain_change: float | None
    pain_region: str | None
    low_adherence: bool
    pain_up: bool
    quiet: bool
    current: bool
    """False when no figures are kept for the patient's today (they are being refreshed)."""

    @property
    def adherence(self) -> float | None:
        if not self.adherence_prescribed:
            return None
        return (self.adherence_done or 0.0) / self.adherence_prescribed

    @property
    def flags(self) -> Flags:
        return Flags(self.low_adherence, self.pain_up, self.quiet)

    @property
    def flag_count(self) -> int:
        return self.flags.count


@dataclass(frozen=True, slots=True)
class PatientPage:
    rows: list[PatientRow]
    total: int
    """Patients matching the filters."""
    counts: dict[str, int]
    """Over all the clinician's patients: 'all' and one count per flag."""


def patient_list(
    store: Store,
    *,
    clinician: Account,
    today_by_zone: Mapping[str, date],
    now: datetime,
    flag: FlagName | None = None,
    name: str | None = None,
    sort: SortKey = "flags",
    offset: int = 0,
    limit: int = 50,
) -> PatientPage:
    """One page of the patients `clinician` follows, with their flags, in one query (and one
    for the counts): the figures were kept per local day by services.care, so nothing is
    computed per patient here. `today_by_zone` gives each patient timezone's local today."""
    zone_today = _local_today(today_by_zone, now.date())
    flags = t.CareFlags
    status = t.CareStatus
    low = case(
        (
            and_(
                flags.adherence_prescribed > 0,
                flags.adherence_done < LOW_ADHERENCE * flags.adherence_prescribed,
            ),
            1,
        ),
        else_=0,
    )
    pain = case((or_(flags.pain_change >= PAIN_RISE, flags.pain_alert.is_(True)), 1), else_=0)
    quiet_from = now - timedelta(days=QUIET_DAYS)
    quiet = case((since_quiet(status.last_session_at) < quiet_from, 1), else_=0)

    def loud(flag: Any, name: FlagName) -> Any:
        """1 when the flag is up and no acknowledgement keeps it quiet on the local today."""
        running = exists().where(
            t.FlagAck.person_id == t.Patient.person_id,
            t.FlagAck.flag == name,
            t.FlagAck.quiet_until > zone_today,
        )
        return case((and_(flag == 1, ~running), 1), else_=0)

    # Acknowledged flags are shown (with who and until when) but neither sort nor filter.
    loud_flags = {
        "low_adherence": loud(low, "low_adherence"),
        "pain_up": loud(pain, "pain_up"),
        "quiet": loud(quiet, "quiet"),
    }
    count = sum(loud_flags.values()).label("flag_count")
    visible = in_care(or_(t.Patient.clinician_id == clinician.id, t.Patient.shared.is_(True)))
    base: Any = (
        select(t.Patient.person_id)
        .join(t.Person, t.Person.id == t.Patient.person_id)
        .outerjoin(status, status.person_id == t.Patient.person_id)
        .outerjoin(flags, and_(flags.person_id == t.Patient.person_id, flags.as_of == zone_today))
        .where(visible)
    )
    with store.reader.connect() as connection:
        totals = connection.execute(
            base.with_only_columns(
                func.count(), *(func.sum(loud) for loud in loud_flags.values())
            ).order_by(None)
        ).one()
        counts = {
            "all": int(totals[0] or 0),
            "low_adherence": int(totals[1] or 0),
            "pain_up": int(totals[2] or 0),
            "quiet": int(totals[3] or 0),
        }
        filtered = base
        if name:
            pattern = (
                "%"
                + name.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                + "%"
            )
            filtered = filtered.where(func.lower(t.Person.display_name).like(pattern, escape="\\"))
        if flag is not None:
            filtered = filtered.where(loud_flags[flag] == 1)
        total = (
            counts["all"]
            if filtered is base
            else int(
                connection.scalar(filtered.with_only_columns(func.count()).order_by(None)) or 0
            )
        )
        ratio = case(
            (flags.adherence_prescribed > 0, flags.adherence_done / flags.adherence_prescribed),
            else_=None,
        )
        orders: dict[str, list[Any]] = {
            "flags": [count.desc(), func.lower(t.Person.display_name)],
            "name": [func.lower(t.Person.display_name)],
            "adherence": [ratio.is_(None), ratio, func.lower(t.Person.display_name)],
            "pain": [
                flags.pain_change.is_(None),
                flags.pain_change.desc(),
                func.lower(t.Person.display_name),
            ],
            "last_session": [
                status.last_session_at.is_not(None),
                status.last_session_at,
                func.lower(t.Person.display_name),
            ],
        }
        order = orders[sort]
        own = t.Account.__table__.alias("own")
        clinician_account = t.Account.__table__.alias("clinician")
        rows = connection.execute(
            filtered.with_only_columns(
                t.Patient.person_id,
                t.Person.display_name,
                clinician_account.c.username,
                t.Patient.shared,
                own.c.id.is_not(None),
                status.last_session_at,
                flags.adherence_done,
                flags.adherence_prescribed,
                flags.pain_change,
                flags.pain_region,
                low,
                pain,
                quiet,
                flags.as_of.is_not(None),
            )
            .join(clinician_account, clinician_account.c.id == t.Patient.clinician_id)
            .outerjoin(own, own.c.person_id == t.Patient.person_id)
            .order_by(*order, t.Patient.person_id)
            .offset(offset)
            .limit(limit)
        ).all()
    return PatientPage(
        [
            PatientRow(
                row[0],
                row[1],
                row[2],
                bool(row[3]),
                bool(row[4]),
                row[5],
                row[6],
                row[7],
                row[8],
                row[9],
                bool(row[10]),
                bool(row[11]),
                bool(row[12]),
                bool(row[13]),
            )
            for row in rows
        ],
        total,
        counts,
    )


def patient_timezones(store: Store, *, clinician: Account) -> list[str]:
    """The timezones of the patients `clinician` follows (a handful, even in a large clinic)."""
    with store.reader.connect() as connection:
        return list(
            connection.scalars(
                select(t.Person.timezone)
                .join(t.Patient, t.Patient.person_id == t.Person.id)
                .where(or_(t.Patient.clinician_id == clinician.id, t.Patient.shared.is_(True)))
                .distinct()
            )
        )


def stale_patients(store: Store, *, today_by_zone: Mapping[str, date], limit: int) -> list[str]:
    """Patients whose kept figures do not reach their local today, or who recorded something
    after the figures were made (a session left open, an effort without a finish, a check-in
    whose refresh after the answer was lost to a crash)."""
    zone_today = _local_today(today_by_zone, date.max)
    newer_session = (
        select(t.Session.id)
        .where(
            t.Session.person_id == t.Patient.person_id,
            t.Session.started_at > t.CareStatus.refreshed_at,
        )
        .exists()
    )
    newer_checkin = (
        select(t.PainCheckin.id)
        .where(
            t.PainCheckin.person_id == t.Patient.person_id,
            t.PainCheckin.recorded_at > t.CareStatus.refreshed_at,
        )
        .exists()
    )
    open_session = (
        select(t.Session.id)
        .where(t.Session.person_id == t.Patient.person_id, t.Session.status == "in_progress")
        .exists()
    )
    with store.reader.connect() as connection:
        return list(
            connection.scalars(
                select(t.Patient.person_id)
                .join(t.Person, t.Person.id == t.Patient.person_id)
                .outerjoin(t.CareStatus, t.CareStatus.person_id == t.Patient.person_id)
                .where(
                    in_care(),
                    or_(
                        t.CareStatus.person_id.is_(None),
                        t.CareStatus.horizon < zone_today,
                        newer_session,
                        newer_checkin,
                        open_session,
                    ),
                )
                .limit(limit)
            )
        )


def all_timezones(store: Store) -> list[str]:
    with store.reader.connect() as connection:
        return list(connection.scalars(select(t.Person.timezone).distinct()))


def last_session_start(store: Store, person_id: str) -> datetime | None:
    with store.reader.connect() as connection:
        return connection.scalar(
            select(t.Session.started_at)
            .where(t.Session.person_id == person_id)
            .order_by(t.Session.started_at.desc())
            .limit(1)
        )
