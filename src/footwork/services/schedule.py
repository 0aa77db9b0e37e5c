"""Use cases for the schedule: today, stats, reminders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from footwork.core.adherence import Adherence, adherence, streak
from footwork.core.insight import RegionInsight, pain_insights
from footwork.core.insight_words import ENGLISH_WORDING, Wording
from footwork.core.program import Program
from footwork.core.records import ProgramVersion, by_start, in_force
from footwork.core.reminders import Reminder, due_reminders
from footwork.core.schedule import LOOKBACK, Performance, ProgramHistory, Today, today_status
from footwork.store.person_schedule import PersonSchedule
from footwork.store.repository import Store
from footwork.store.schedule import (
    load_schedule,
    mark_sent,
    performances,
    sent_reminders,
    unmark_sent,
)


@dataclass(frozen=True, slots=True)
class Stats:
    week: Adherence
    month: Adherence
    streak: int


@dataclass(frozen=True, slots=True)
class ScheduleContext:
    schedule: PersonSchedule
    programs: ProgramHistory
    done: list[Performance]


@dataclass(frozen=True, slots=True)
class PersonContext:
    """What a request about one person reads once and passes down: their schedule, their
    program versions (in the order made) and the program they follow now."""

    schedule: PersonSchedule
    versions: tuple[ProgramVersion, ...]
    program: Program


def program_in_force(
    schedule: PersonSchedule,
    versions: Sequence[ProgramVersion],
    default: Program,
    *,
    now: datetime,
) -> Program:
    """The program a person follows now: the one their clinician prescribed (in force today,
    or else the first one still to start), or `default` (the install's program) when no
    clinician has prescribed one."""
    if not any(v.assigned_by for v in versions):
        return default
    local_date = schedule.settings.local_date
    current = in_force(list(versions), local_date(now), local_date)
    if current is not None:
        return current.program
    return by_start(list(versions), local_date)[0].program  # none in force yet: the first


def person_context(
    store: Store, person_id: str, default: Program, *, now: datetime
) -> PersonContext:
    """Read a person's schedule and program versions once, for everything a request shows."""
    schedule = load_schedule(store, person_id, now=now)
    versions = tuple(store.program_versions(person_id))
    return PersonContext(schedule, versions, program_in_force(schedule, versions, default, now=now))


def schedule_context(
    store: Store,
    person_id: str,
    program: Program,
    *,
    now: datetime,
    lookback: timedelta = LOOKBACK,
    person: PersonContext | None = None,
) -> ScheduleContext:
    """A person's schedule, the programs they followed day by day (`program` from today,
    unless it is the version in force), and what they did in the `lookback` before `now`.
    `person`, when given, is what this request already read (nothing is read again)."""
    if person is None:
        schedule = load_schedule(store, person_id, now=now)
        stored = store.program_versions(person_id)
    else:
        schedule, stored = person.schedule, list(person.versions)
    local_today = schedule.settings.local(now).date()
    local_date = schedule.settings.local_date
    versions = by_start(stored, local_date)
    entries = [(v.start(local_date), v.program) for v in versions]
    current = in_force(versions, local_today, local_date)
    if current is None or current.program != program:
        entries.append((local_today, program))
        entries.sort(key=lambda entry: entry[0])
    history = ProgramHistory(tuple(entries))
    return ScheduleContext(schedule, history, performances(store, person_id, since=now - lookback))


def _unpack(context: ScheduleContext) -> tuple[PersonSchedule, ProgramHistory, list[Performance]]:
    return context.schedule, context.programs, context.done


@dataclass(frozen=True, slots=True)
class Overview:
    today: Today
    stats: Stats


def overview(
    store: Store,
    person_id: str,
    program: Program,
    *,
    now: datetime,
    person: PersonContext | None = None,
) -> Overview:
    """Today and the stats together, reading the history once (the Today page)."""
    schedule, history, done = _unpack(
        schedule_context(store, person_id, program, now=now, person=person)
    )
    return Overview(
        today=today_status(program, schedule.settings, done, now),
        stats=Stats(
            week=adherence(history, schedule.settings, done, days=7, now=now),
            month=adherence(history, schedule.settings, done, days=30, now=now),
            streak=streak(history, schedule.settings, done, now=now),
        ),
    )


def today(
    store: Store,
    person_id: str,
    program: Program,
    *,
    now: datetime,
    person: PersonContext | None = None,
) -> Today:
    schedule, _, done = _unpack(schedule_context(store, person_id, program, now=now, person=person))
    return today_status(program, schedule.settings, done, now)


def stats(store: Store, person_id: str, program: Program, *, now: datetime) -> Stats:
    schedule, history, done = _unpack(schedule_context(store, person_id, program, now=now))
    return Stats(
        week=adherence(history, schedule.settings, done, days=7, now=now),
        month=adherence(history, schedule.settings, done, days=30, now=now),
        streak=streak(history, schedule.settings, done, now=now),
    )


def send_reminders(
    store: Store,
    person_id: str,
    program: Program,
    *,
    now: datetime,
    deliver: Callable[[Reminder], None],
    channel: str,
) -> list[Reminder]:
    """Send what is due now through `deliver`, each reminder once, and record it. A
    discharged patient gets none (their care has ended)."""
    from footwork.store.episodes import is_discharged  # the clinic's episodes: not for `today`

    if is_discharged(store, person_id):
        return []
    schedule, _, done = _unpack(schedule_context(store, person_id, program, now=now))
    if not schedule.reminders:
        return []
    local_today = schedule.settings.local(now).date()
    status = today_status(program, schedule.settings, done, now)
    already = sent_reminders(store, person_id, keys_like=local_today.isoformat())
    sent = []
    for reminder in due_reminders(
        status.occurrences, already, now=now, repeat_after=schedule.repeat_after
    ):
        # Claim it first, so two `footwork remind` runs at once never both send it;
        # give the claim back if delivery fails, so the next run tries again.
        if not mark_sent(
            store, person_id, key=reminder.key, kind=reminder.kind, now=now, channel=channel
        ):
            continue
        try:
            deliver(reminder)
        except Exception:
            unmark_sent(store, person_id, key=reminder.key, kind=reminder.kind)
            raise
        sent.append(reminder)
    return sent


def pain_insight(
    store: Store,
    person_id: str,
    program: Program,
    *,
    now: datetime,
    wording: Wording = ENGLISH_WORDING,
) -> tuple[RegionInsight, ...]:
    """Is it helping? Each pain region's latest weeks against its baseline (core.insight),
    its sentences written with `wording`."""
    schedule, history, done = _unpack(schedule_context(store, person_id, program, now=now))
    settings = schedule.settings
    today_local = settings.local(now).date()
    days = max(1, (today_local - settings.start).days + 1)
    figures = adherence(history, settings, done, days=days, now=now)
    from footwork.store.history import pain_checkins

    checkins = pain_checkins(store, person_id, since=now - LOOKBACK)
    return pain_insights(
        checkins,
        start=settings.start,
        today=today_local,
        local_date=lambda moment: settings.local(moment).date(),
        adherence={day: figure.ratio for day, figure in figures.by_day.items()},
        wording=wording,
    )
