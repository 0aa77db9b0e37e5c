"""What a clinician needs to act on a patient: how bad each flag is (core.triage), who
acknowledged it and until when, contact links, the last session in days, and the first
prescription still to start. Used by the list and the patient page alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from footwork.core.care import PAIN_RISE, FlagName, Flags
from footwork.core.contact import mailto_href, tel_href
from footwork.core.triage import (
    Severity,
    adherence_severity,
    days_ago,
    pain_severity,
    quiet_severity,
    quiet_until_ok,
)
from footwork.services.care import PatientReport
from footwork.store.accounts import Account
from footwork.store.clinic_day import prescribed_starts, zones_and_added
from footwork.store.contact import Contact, contacts_of
from footwork.store.flags import Acknowledgement, acknowledge_flag, running_acks
from footwork.store.patient_list import PatientRow, last_session_start
from footwork.store.repository import Store

SUGGESTED_QUIET_DAYS = 3


class AcknowledgeError(ValueError):
    """A note or a date that will not do; the message says which."""


@dataclass(frozen=True, slots=True)
class FlagView:
    severity: Severity
    ack: Acknowledgement | None
    """An acknowledgement that still runs: the flag is quiet until its day."""

    @property
    def flag(self) -> FlagName:
        return self.severity.flag


@dataclass(frozen=True, slots=True)
class PatientDay:
    today: date
    flags: list[FlagView]
    last_session: str
    """'6 days ago', 'never' (English; pages say `last_session_on` in their language)."""
    last_session_on: date | None
    """The day of the last session in the patient's timezone."""
    contact: Contact | None
    tel: str | None
    mailto: str | None
    starts_on: date | None
    """The first prescription still to start, when none is in force yet."""

    @property
    def loud(self) -> list[FlagView]:
        return [f for f in self.flags if f.ack is None]

    @property
    def first_quiet_day(self) -> date:
        """The earliest day a flag may be quiet until: tomorrow."""
        return self.today + timedelta(days=1)

    @property
    def suggested_quiet_day(self) -> date:
        return self.today + timedelta(days=SUGGESTED_QUIET_DAYS)


def severities(
    flags: Flags,
    *,
    ratio: float | None,
    pain_change: float | None,
    last_session_at: datetime | None,
    since: datetime,
    now: datetime,
) -> list[Severity]:
    """The level of each flag that is up (a pain flag below PAIN_RISE came from an alert)."""
    result: list[Severity | None] = []
    if flags.low_adherence:
        result.append(adherence_severity(ratio if ratio is not None else 0.0))
    if flags.pain_up:
        alert = pain_change is None or pain_change < PAIN_RISE
        result.append(pain_severity(pain_change, alert=alert))
    if flags.quiet:
        result.append(quiet_severity(last_session_at, since, now))
    return [s for s in result if s is not None]


def _day(
    severity_list: list[Severity],
    acks: dict[FlagName, Acknowledgement],
    *,
    today: date,
    zone: ZoneInfo,
    last_session_at: datetime | None,
    contact: Contact | None,
    starts: list[date],
    has_figures: bool,
) -> PatientDay:
    last = last_session_at.astimezone(zone).date() if last_session_at else None
    upcoming = sorted(d for d in starts if d >= today)
    return PatientDay(
        today=today,
        flags=[FlagView(s, acks.get(s.flag)) for s in severity_list],
        last_session=days_ago(last, today),
        last_session_on=last,
        contact=contact,
        tel=tel_href(contact.phone) if contact else None,
        mailto=mailto_href(contact.email) if contact else None,
        starts_on=upcoming[0] if upcoming and not has_figures else None,
    )


def list_days(store: Store, rows: list[PatientRow], *, now: datetime) -> dict[str, PatientDay]:
    """The extras for one page of the patient list (a few queries for the whole page)."""
    ids = [r.person_id for r in rows]
    zones = zones_and_added(store, ids)
    today_of = {i: now.astimezone(ZoneInfo(zones[i][0])).date() for i in ids}
    acks = running_acks(store, ids, today_of=today_of)
    contacts = contacts_of(store, ids)
    starts = prescribed_starts(store, ids)
    result = {}
    for row in rows:
        zone = ZoneInfo(zones[row.person_id][0])
        levels = severities(
            row.flags,
            ratio=row.adherence,
            pain_change=row.pain_change,
            last_session_at=row.last_session_at,
            since=zones[row.person_id][1],
            now=now,
        )
        result[row.person_id] = _day(
            levels,
            acks.get(row.person_id, {}),
            today=today_of[row.person_id],
            zone=zone,
            last_session_at=row.last_session_at,
            contact=contacts.get(row.person_id),
            starts=starts.get(row.person_id, []),
            has_figures=row.adherence is not None,
        )
    return result


def patient_day(
    store: Store,
    person_id: str,
    flags: Flags,
    *,
    ratio: float | None,
    pain_change: float | None,
    last_session_at: datetime | None,
    since: datetime,
    zone: ZoneInfo,
    now: datetime,
) -> PatientDay:
    """The extras for a patient's page, from the figures the page worked out."""
    today = now.astimezone(zone).date()
    levels = severities(
        flags,
        ratio=ratio,
        pain_change=pain_change,
        last_session_at=last_session_at,
        since=since,
        now=now,
    )
    return _day(
        levels,
        running_acks(store, [person_id], today_of={person_id: today}).get(person_id, {}),
        today=today,
        zone=zone,
        last_session_at=last_session_at,
        contact=contacts_of(store, [person_id]).get(person_id),
        starts=prescribed_starts(store, [person_id]).get(person_id, []),
        has_figures=ratio is not None,
    )


def report_day(store: Store, report: PatientReport, *, now: datetime) -> PatientDay:
    """The extras for a patient's page, from the figures its report worked out."""
    current = report.current
    return patient_day(
        store,
        report.patient.person_id,
        report.flags,
        ratio=current.adherence.ratio if current else None,
        pain_change=current.pain_change if current else None,
        last_session_at=last_session_start(store, report.patient.person_id),
        since=report.patient.created_at,
        zone=report.zone,
        now=now,
    )


def acknowledge(
    store: Store,
    *,
    person_id: str,
    flag: FlagName,
    note: str,
    quiet_until: date | None,
    today: date,
    actor: Account,
    now: datetime,
) -> None:
    """Quiet a patient's flag until a day after today (at most 90 days on), with a note;
    AcknowledgeError naming what is wrong."""
    note = note.strip()
    if not 1 <= len(note) <= 500:
        raise AcknowledgeError("Note: say what you did or agreed (up to 500 characters).")
    if quiet_until is None or not quiet_until_ok(quiet_until, today):
        raise AcknowledgeError(
            "Quiet until: give a day after today and within 90 days (YYYY-MM-DD)."
        )
    acknowledge_flag(
        store,
        person_id=person_id,
        flag=flag,
        note=note,
        quiet_until=quiet_until,
        actor=actor,
        now=now,
    )
