"""Use cases for clinicians: a person's program, prescribing, and the care figures kept
for the patient list.

The list must stay fast for thousands of patients, so it reads figures kept per patient
and per local day (store.patient_list.save_care) instead of computing them: `refresh_care` works
them out with the core's own definitions (core.care) for today and HORIZON_DAYS ahead,
after every write that changes them (a finished session, a pain check-in, a new program).
A quiet patient's figures stay right without a write, because days ahead are worked out as
if nothing more is recorded, which is what a quiet patient does. `footwork care refresh`
(run by cron, like `footwork remind`) and the list page itself top up the rest: patients
whose kept days run out, and sessions left open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session as OrmSession

from footwork.core.adherence import Adherence, adherence
from footwork.core.care import WINDOW_DAYS, CareFigures, FlagName, Flags, care_figures, flags_of
from footwork.core.lifecycle import episode_view
from footwork.core.program import Program, describe_changes
from footwork.core.records import PainCheckin, ProgramVersion, by_start
from footwork.core.schedule import ProgramHistory
from footwork.services.schedule import program_in_force, schedule_context
from footwork.store.accounts import Account
from footwork.store.clinic import Patient, get_patient
from footwork.store.episodes import episode_start, is_discharged
from footwork.store.history import SessionSummary, pain_checkins, session_summaries
from footwork.store.patient_list import (
    PatientPage,
    SortKey,
    all_timezones,
    last_session_start,
    patient_list,
    patient_timezones,
    save_care,
    stale_patients,
)
from footwork.store.repository import Store
from footwork.store.schedule import load_schedule, performances

HORIZON_DAYS = 21


def program_for(store: Store, person_id: str, default: Program, *, now: datetime) -> Program:
    """The program a person follows now: the one their clinician prescribed (in force today,
    or else the first one still to start), or `default` (the install's program) when no
    clinician has prescribed one."""
    versions = store.program_versions(person_id)
    if not any(v.assigned_by for v in versions):
        return default
    return program_in_force(load_schedule(store, person_id, now=now), versions, default, now=now)


@dataclass(frozen=True, slots=True)
class ProgramChange:
    version: ProgramVersion
    starts_on: date
    changes: list[str]
    """What differs from the program followed before it."""


def prescribed_programs(
    store: Store, person_id: str, default: Program, *, now: datetime
) -> list[ProgramChange]:
    """The versions a clinician prescribed, newest first, each with what it changed from the
    one before (the first: from `default`, the program the person followed until then)."""
    local_date = load_schedule(store, person_id, now=now).settings.local_date
    return program_changes(store.program_versions(person_id), default, local_date)


def program_changes(
    stored: Sequence[ProgramVersion], default: Program, local_date: Callable[[datetime], date]
) -> list[ProgramChange]:
    """`prescribed_programs` from versions already read."""
    versions = by_start(list(stored), local_date)
    result = []
    for index, version in enumerate(versions):
        if version.assigned_by is None:
            continue
        before = versions[index - 1].program if index else default
        result.append(
            ProgramChange(
                version, version.start(local_date), describe_changes(before, version.program)
            )
        )
    return list(reversed(result))


def refresh_care(
    store: Store, person_id: str, *, now: datetime, orm: OrmSession | None = None
) -> bool:
    """Work out and keep a patient's care figures; False (nothing done) for someone who is
    not a patient of a clinic, or one discharged (their flags stop). With `orm` (the
    worker's claim) the figures are saved in that transaction."""
    if get_patient(store, person_id) is None or is_discharged(store, person_id):
        return False
    schedule = load_schedule(store, person_id, now=now)
    began = episode_start(store, person_id)
    settings, checkins = episode_view(
        schedule.settings, pain_checkins(store, person_id), began=began
    )
    versions = by_start(store.program_versions(person_id), settings.local_date)
    today = settings.local_date(now)
    days = [today + timedelta(days=i) for i in range(HORIZON_DAYS + 1)]
    if versions:
        programs = ProgramHistory(
            tuple((v.start(settings.local_date), v.program) for v in versions)
        )
        # Only the window before each day counts: a few days' margin for timezones.
        done = performances(store, person_id, since=now - timedelta(days=WINDOW_DAYS + 2))
        figures = care_figures(programs, settings, done, checkins, days=days)
    else:
        figures = []
    last = last_session_start(store, person_id)
    if began is not None and last is not None and last < began:
        last = None  # a session of an earlier episode does not keep this one from quiet
    save_care(store, person_id, figures, last_session_at=last, now=now, orm=orm)
    return True


Later = Callable[..., None]
"""Runs a function after the answer has gone, e.g. Starlette's `BackgroundTasks.add_task`."""


def care_changed(store: Store, person_id: str, *, now: datetime, later: Later | None) -> None:
    """After a write that changes a patient's figures (a finished session, a check-in): with
    a worker (`store.queue_care`) the write has queued them already; else refresh them
    `later` (after the answer) when given, or now."""
    if store.queue_care:
        return
    if later is not None:
        later(refresh_care, store, person_id, now=now)
    else:
        refresh_care(store, person_id, now=now)


def refresh_many(store: Store, person_ids: list[str], *, now: Callable[[], datetime]) -> int:
    """Refresh each of `person_ids` (the cron job and the list page's top-up)."""
    count = 0
    for person_id in person_ids:
        count += refresh_care(store, person_id, now=now())
    return count


def patients_of(
    store: Store,
    clinician: Account,
    *,
    now: datetime,
    flag: FlagName | None = None,
    name: str | None = None,
    sort: SortKey = "flags",
    offset: int = 0,
    limit: int = 50,
) -> PatientPage:
    """One page of the clinician's patient list, with each patient's flags as of their own
    local today."""
    return patient_list(
        store,
        clinician=clinician,
        today_by_zone=_today_by_zone(patient_timezones(store, clinician=clinician), now),
        now=now,
        flag=flag,
        name=name,
        sort=sort,
        offset=offset,
        limit=limit,
    )


def stale_patient_ids(store: Store, *, now: datetime, limit: int = 10_000) -> list[str]:
    """Patients whose kept figures need working out again (see the module's docstring)."""
    today_by_zone = _today_by_zone(all_timezones(store), now)
    return stale_patients(store, today_by_zone=today_by_zone, limit=limit)


def _today_by_zone(zones: list[str], now: datetime) -> dict[str, date]:
    """The local date at `now` in each of `zones`."""
    return {zone: now.astimezone(ZoneInfo(zone)).date() for zone in zones}


@dataclass(frozen=True, slots=True)
class PatientReport:
    """What a clinician sees on a patient's page."""

    patient: Patient
    program: Program
    programs: list[ProgramChange]
    figures: Adherence
    """Over REPORT_DAYS: by exercise and by week."""
    flags: Flags
    current: CareFigures | None
    sessions: list[SessionSummary]
    pain: list[PainCheckin]
    zone: ZoneInfo


REPORT_DAYS = 28


def patient_report(
    store: Store, patient: Patient, default: Program, *, now: datetime, days: int = REPORT_DAYS
) -> PatientReport:
    """The patient's adherence by exercise and week, pain, sessions against their dose, and
    the programs prescribed, over the last `days` days."""
    person_id = patient.person_id
    program = program_for(store, person_id, default, now=now)
    # What the page shows, and a week before it for the 7-day figure.
    lookback = timedelta(days=days + WINDOW_DAYS + 2)
    context = schedule_context(store, person_id, program, now=now, lookback=lookback)
    began = episode_start(store, person_id)
    settings, episode_pain = episode_view(
        context.schedule.settings, pain_checkins(store, person_id), began=began
    )
    figures = adherence(context.programs, settings, context.done, days=days, now=now)
    since = now - timedelta(days=days)
    pain = pain_checkins(store, person_id)
    today = settings.local_date(now)
    current = care_figures(context.programs, settings, context.done, episode_pain, days=[today])[0]
    last = last_session_start(store, person_id)
    if began is not None and last is not None and last < began:
        last = None
    flags = flags_of(
        adherence_done=current.adherence.done,
        adherence_prescribed=current.adherence.prescribed,
        pain_change=current.pain_change,
        last_session_at=last,
        since=began or patient.created_at,
        now=now,
        pain_alert=current.pain_alert,
    )
    return PatientReport(
        patient=patient,
        program=program,
        programs=prescribed_programs(store, person_id, default, now=now),
        figures=figures,
        flags=flags,
        current=current,
        sessions=list(reversed(session_summaries(store, person_id, since=since))),
        pain=[c for c in pain if c.recorded_at >= now - timedelta(days=90)],
        zone=settings.zones[-1].timezone_info(),
    )
