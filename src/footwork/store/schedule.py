"""A person's settings (schedule, timezone history, birth year), performances and sent
reminders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from footwork.core.reminders import DEFAULT_REPEAT_AFTER, SentReminder
from footwork.core.schedule import DEFAULT_SLOTS, Performance, Slot
from footwork.store import tables as t
from footwork.store.person_schedule import (
    PersonSchedule,
    ScheduleRows,
    StoredSettings,
    as_utc,
    performances_from,
    person_schedule,
)
from footwork.store.repository import NotFound, Store, new_id


def load_schedule(store: Store, person_id: str, *, now: datetime) -> PersonSchedule:
    """The person's schedule; the program's start is the first local day a program version
    applies from (today when there is none yet)."""
    with OrmSession(store.reader) as orm:
        person = orm.get(t.Person, person_id)
        if person is None:
            raise NotFound(f"no person {person_id!r}")
        row = orm.get(t.PersonSettings, person_id)
        changes = orm.execute(
            select(t.TimezoneChange.effective_from, t.TimezoneChange.timezone)
            .where(t.TimezoneChange.person_id == person_id)
            .order_by(t.TimezoneChange.effective_from)
        ).all()
        versions = orm.execute(
            select(t.ProgramVersion.created_at, t.ProgramVersion.starts_on).where(
                t.ProgramVersion.person_id == person_id
            )
        ).all()
    stored = None
    if row is not None:
        stored = StoredSettings(
            slots=row.slots,
            email=row.email,
            reminders=row.reminders,
            repeat_after_min=row.repeat_after_min,
            sound=row.sound,
            voice=row.voice,
        )
    rows = ScheduleRows(
        timezone=person.timezone,
        created_at=person.created_at,
        settings=stored,
        changes=[(at, zone) for at, zone in changes],
        versions=[(at, on) for at, on in versions],
    )
    return person_schedule(rows, now=now)


def _default_settings(person_id: str) -> t.PersonSettings:
    return t.PersonSettings(
        person_id=person_id,
        slots=[s.model_dump(mode="json") for s in DEFAULT_SLOTS],
        email=None,
        reminders=True,
        repeat_after_min=int(DEFAULT_REPEAT_AFTER.total_seconds() // 60),
        sound=True,
        voice=True,
    )


def save_settings(
    store: Store,
    person_id: str,
    *,
    slots: tuple[Slot, ...] | None = None,
    email: str | None = None,
    clear_email: bool = False,
    reminders: bool | None = None,
    repeat_after_min: int | None = None,
    sound: bool | None = None,
    voice: bool | None = None,
) -> None:
    """Change the given settings and keep the others."""
    with OrmSession(store.engine) as orm, orm.begin():
        row = orm.get(t.PersonSettings, person_id)
        if row is None:
            row = _default_settings(person_id)
            orm.add(row)
        if slots is not None:
            row.slots = [s.model_dump(mode="json") for s in slots]
        if email is not None or clear_email:
            row.email = email
        if reminders is not None:
            row.reminders = reminders
        if repeat_after_min is not None:
            row.repeat_after_min = repeat_after_min
        if sound is not None:
            row.sound = sound
        if voice is not None:
            row.voice = voice


def change_timezone(store: Store, person_id: str, timezone: str, *, now: datetime) -> None:
    """Move the person to `timezone` from `now` on; earlier days keep their old local times."""
    with OrmSession(store.engine) as orm, orm.begin():
        person = orm.get(t.Person, person_id)
        if person is None:
            raise NotFound(f"no person {person_id!r}")
        if person.timezone == timezone:
            return
        person.timezone = timezone
        orm.add(
            t.TimezoneChange(
                id=new_id(), person_id=person_id, effective_from=now, timezone=timezone
            )
        )


def adopt_device_timezone(store: Store, person_id: str, timezone: str, *, now: datetime) -> bool:
    """On first use (no settings saved yet), take the timezone of the person's device and keep
    it as their choice. False, and nothing changed, once they have settings of their own (a
    second tab racing the first finds them, or fails to insert them, and changes nothing)."""
    try:
        with OrmSession(store.engine) as orm, orm.begin():
            person = orm.get(t.Person, person_id, with_for_update=True)
            if person is None:
                raise NotFound(f"no person {person_id!r}")
            if orm.get(t.PersonSettings, person_id) is not None:
                return False
            orm.add(_default_settings(person_id))
            if person.timezone == timezone:
                return False
            person.timezone = timezone
            orm.add(
                t.TimezoneChange(
                    id=new_id(), person_id=person_id, effective_from=now, timezone=timezone
                )
            )
            return True
    except IntegrityError:
        return False


def set_birth_year(store: Store, person_id: str, year: int | None) -> None:
    with OrmSession(store.engine) as orm, orm.begin():
        person = orm.get(t.Person, person_id)
        if person is None:
            raise NotFound(f"no person {person_id!r}")
        person.birth_year = year


def performances(
    store: Store, person_id: str, *, since: datetime | None = None
) -> list[Performance]:
    """Each exercise of each session, at the session's start, with the share of its reps done.

    Only the person's sessions are read, through their index, and each session's efforts are
    counted by the efforts' own index (LATERAL on PostgreSQL, whose planner otherwise
    hash-joins the whole efforts table of a large clinic)."""
    mine = [t.Session.person_id == person_id]
    if since is not None:
        mine.append(t.Session.started_at >= since)
    done = func.sum(case((t.Effort.outcome == "done", 1), else_=0))
    if store.engine.dialect.name == "postgresql":
        per_exercise = (
            select(t.Effort.exercise_id, done.label("done"))
            .where(t.Effort.session_id == t.Session.id)
            .group_by(t.Effort.exercise_id)
            .lateral("per_exercise")
        )
        counted = select(t.Session.id, per_exercise.c.exercise_id, per_exercise.c.done).join(
            per_exercise, true()
        )
    else:
        counted = (
            select(t.Session.id, t.Effort.exercise_id, done)
            .join(t.Effort, t.Effort.session_id == t.Session.id)
            .group_by(t.Session.id, t.Effort.exercise_id)
        )
    planned = (
        select(
            t.Session.id,
            t.Session.started_at,
            t.SessionExercise.exercise_id,
            func.sum(t.SessionExercise.planned_efforts),
        )
        .join(t.SessionExercise, t.SessionExercise.session_id == t.Session.id)
        .where(*mine)
        .group_by(t.Session.id, t.Session.started_at, t.SessionExercise.exercise_id)
    )
    with store.reader.connect() as connection:
        plans = connection.execute(planned).all()
        return performances_from(plans, connection.execute(counted.where(*mine)), as_utc)


def sent_reminders(store: Store, person_id: str, *, keys_like: str) -> list[SentReminder]:
    """Reminders already sent whose key starts with `keys_like` (a day, e.g. '2026-11-23')."""
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(t.SentReminder.key, t.SentReminder.kind, t.SentReminder.sent_at).where(
                t.SentReminder.person_id == person_id, t.SentReminder.key.startswith(keys_like)
            )
        ).all()
    return [
        SentReminder(key, "first" if kind == "first" else "repeat", as_utc(at))
        for key, kind, at in rows
    ]


def mark_sent(
    store: Store, person_id: str, *, key: str, kind: str, now: datetime, channel: str
) -> bool:
    """Record a reminder as sent; False when another process recorded it first."""
    try:
        with OrmSession(store.engine) as orm, orm.begin():
            orm.add(
                t.SentReminder(
                    person_id=person_id, key=key, kind=kind, sent_at=now, channel=channel
                )
            )
    except IntegrityError:
        return False
    return True


def unmark_sent(store: Store, person_id: str, *, key: str, kind: str) -> None:
    """Forget a claimed reminder whose delivery failed, so the next run tries again."""
    with OrmSession(store.engine) as orm, orm.begin():
        row = orm.get(t.SentReminder, (person_id, key, kind))
        if row is not None:
            orm.delete(row)


def people_with_email(store: Store) -> dict[str, str]:
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(t.PersonSettings.person_id, t.PersonSettings.email).where(
                t.PersonSettings.email.is_not(None), t.PersonSettings.reminders.is_(True)
            )
        ).all()
    return {person_id: email for person_id, email in rows if email}
