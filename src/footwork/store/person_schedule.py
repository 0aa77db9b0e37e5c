"""A person's schedule from their stored rows, whichever way they were read: through
SQLAlchemy (store/schedule.py) or, for `footwork today` on SQLite, with sqlite3
(store/sqlite_today.py). No SQLAlchemy here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from footwork.core.reminders import DEFAULT_REPEAT_AFTER
from footwork.core.schedule import DEFAULT_SLOTS, Performance, ScheduleSettings, Slot, ZoneChange

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class PersonSchedule:
    settings: ScheduleSettings
    email: str | None
    reminders: bool
    repeat_after: timedelta
    sound: bool = True
    voice: bool = True
    chosen: bool = False  # the person (or their device, on first use) saved settings


@dataclass(frozen=True, slots=True)
class StoredSettings:
    """A person_settings row's values."""

    slots: list[dict[str, Any]]
    email: str | None
    reminders: bool
    repeat_after_min: int
    sound: bool
    voice: bool


@dataclass(frozen=True, slots=True)
class ScheduleRows:
    """What a person's schedule is made of, as stored: the person's timezone and creation,
    their settings (None before they save any), their timezone changes in order, and the
    (created_at, starts_on) of each program version."""

    timezone: str
    created_at: datetime
    settings: StoredSettings | None
    changes: Sequence[tuple[datetime, str]]
    versions: Sequence[tuple[datetime, date | None]]


def as_utc(value: datetime) -> datetime:
    """Aggregates skip the column type on SQLite: give them their timezone back."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def person_schedule(rows: ScheduleRows, *, now: datetime) -> PersonSchedule:
    """The person's schedule; the program's start is the first local day a program version
    applies from (today when there is none yet)."""
    zones = [ZoneChange(effective_from=as_utc(at), timezone=zone) for at, zone in rows.changes]
    if not zones:
        zones = [ZoneChange(effective_from=EPOCH, timezone=rows.timezone)]
    row = rows.settings
    slots = tuple(Slot.model_validate(s) for s in row.slots) if row else DEFAULT_SLOTS
    provisional = ScheduleSettings(slots=slots, zones=tuple(zones), start=date.min)
    today = provisional.local(now).date()
    versions = rows.versions
    starts = [on or provisional.local(as_utc(at)).date() for at, on in versions]
    start = min(min(starts, default=today), today)
    # The moment they began: a program in force from the moment it was made (not one made
    # ahead for a later day), or, before any program, when the person was added.
    made = [(as_utc(at), on) for at, on in versions]
    moments = [at for at, on in made if on in (None, provisional.local(at).date())]
    if not versions:
        moments = [as_utc(rows.created_at)]
    began = min(moments, default=None)
    if began is not None and provisional.local(began).date() != start:
        began = None
    return PersonSchedule(
        settings=provisional.model_copy(update={"start": start, "began_at": began}),
        email=row.email if row else None,
        reminders=row.reminders if row else True,
        repeat_after=timedelta(minutes=row.repeat_after_min) if row else DEFAULT_REPEAT_AFTER,
        sound=row.sound if row else True,
        voice=row.voice if row else True,
        chosen=row is not None,
    )


def performances_from(
    plans: Iterable[Sequence[Any]],
    done: Iterable[Sequence[Any]],
    to_utc: Callable[[Any], datetime],
) -> list[Performance]:
    """Each session's exercises with their share done: `plans` are (session id, started,
    exercise id, planned efforts) rows, `done` (session id, exercise id, efforts done) rows;
    `to_utc` reads a start as the driver gives it. Exercises with nothing done are left out."""
    counts = {(session_id, exercise_id): count for session_id, exercise_id, count in done}
    result = []
    for session_id, started, exercise_id, planned_count in plans:
        done_count = counts.get((session_id, exercise_id)) or 0
        if planned_count and done_count:
            result.append(
                Performance(exercise_id, to_utc(started), min(1.0, done_count / planned_count))
            )
    return result
