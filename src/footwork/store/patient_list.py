"""The maintained care figures behind the clinician's patient list, and the list itself: one
indexed query over the figures kept per patient and local day (services/care.py keeps them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Date, and_, case, delete, exists, func, literal, or_, select
from sqlalchemy.orm import Session as OrmSession

from footwork.core.care import (
    LOW_ADHERENCE,
    PAIN_RISE,
    QUIET_DAYS,
    CareFigures,
    FlagName,
    Flags,
)
from footwork.store import tables as t
from footwork.store.accounts import Account
from footwork.store.episodes_sql import in_care, since_quiet
from footwork.store.repository import Store
from footwork.store.upsert import insert_for


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
    statement = insert_for(dialect, table).values(rows)
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
        .outerjoin(
            flags,
            and_(
                flags.person_id == t.Patient.person_id,
                flags.as_of == zone_today,
                # The same condition, as the few dates it can be: the planner then reads only
                # those days of care_flags (21 days are kept per patient) instead of hashing
                # the whole table to join a per-timezone CASE.
                flags.as_of.in_(sorted({*today_by_zone.values(), now.date()})),
            ),
        )
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
