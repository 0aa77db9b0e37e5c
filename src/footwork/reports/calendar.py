"""The schedule as an RFC 5545 calendar that calendar apps import or subscribe to."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from footwork.core.program import EveryNDays, OnWeekdays, PerDay, PerWeek, Program
from footwork.core.schedule import WEEKDAYS, ScheduleSettings, spread, suggested_weekdays

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PRODID = "-//Footwork//footwork schedule//EN"


def _uid(kind: str, name: str, person_id: str) -> str:
    return f"{kind}-{name}-{person_id}@footwork"


def _event(
    summary: str,
    description: str,
    start: datetime,
    end: datetime,
    rule: dict[str, object],
    uid: str,
    stamp: datetime,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("description", description)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("rrule", vRecur(rule))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event


def build_calendar(
    program: Program,
    settings: ScheduleSettings,
    *,
    person_id: str,
    stamp: datetime,
) -> Calendar:
    """One recurring event per daily slot with its exercises, one per other rule; each with an
    alarm at its start, from the program's start, in the person's current timezone (with its
    VTIMEZONE)."""
    first_day = settings.start
    zone = settings.zones[-1].timezone_info()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Footwork exercises")
    titles = {e.id: e.title for e in program.exercises}

    by_slot: dict[int, list[str]] = defaultdict(list)
    for exercise in program.exercises:
        if isinstance(exercise.frequency, PerDay):
            for index in sorted(set(spread(exercise.frequency.times, len(settings.slots)))):
                by_slot[index].append(exercise.id)
    for index, ids in sorted(by_slot.items()):
        slot = settings.slots[index]
        start = datetime.combine(first_day, slot.start, zone)
        end = datetime.combine(first_day, slot.end, zone)
        names = ", ".join(titles[i] for i in ids)
        calendar.add_component(
            _event(
                f"Footwork ({slot.name}): {names}",
                f"Due {slot.start:%H:%M}-{slot.end:%H:%M}: {names}.",
                start,
                end,
                {"freq": "daily"},
                _uid("slot", slot.name, person_id),
                stamp,
            )
        )

    first_slot, last_slot = settings.slots[0], settings.slots[-1]
    for exercise in program.exercises:
        frequency = exercise.frequency
        rule: dict[str, object]
        if isinstance(frequency, PerWeek):
            days = [ICAL_DAYS[d] for d in suggested_weekdays(frequency)]
            rule = {"freq": "weekly", "byday": days}
            how = f"{frequency.times}" + (
                f" to {frequency.times_max}" if frequency.times_max else ""
            )
            description = f"{exercise.title}: {how} times a week; these days are a suggestion."
        elif isinstance(frequency, EveryNDays):
            rule = {"freq": "daily", "interval": frequency.days}
            description = f"{exercise.title}: every {frequency.days} days."
        elif isinstance(frequency, OnWeekdays):
            rule = {
                "freq": "weekly",
                "byday": [ICAL_DAYS[WEEKDAYS.index(d)] for d in frequency.days],
            }
            description = f"{exercise.title}: on {', '.join(frequency.days)}."
        else:
            continue
        calendar.add_component(
            _event(
                f"Footwork: {exercise.title}",
                description,
                datetime.combine(first_day, first_slot.start, zone),
                datetime.combine(first_day, first_slot.end, zone)
                if isinstance(frequency, PerWeek)
                else datetime.combine(first_day, last_slot.end, zone),
                rule,
                _uid("exercise", exercise.id, person_id),
                stamp,
            )
        )
    calendar.add_missing_timezones()
    return calendar
