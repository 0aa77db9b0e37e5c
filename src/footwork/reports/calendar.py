"""The schedule as an RFC 5545 calendar that calendar apps import or subscribe to."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from footwork.core.language import UNTRANSLATED, Translator
from footwork.core.program import (
    EveryNDays,
    OnWeekdays,
    PerDay,
    PerWeek,
    Program,
    describe_frequency,
)
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
    text: Translator = UNTRANSLATED,
) -> Calendar:
    """One recurring event per daily slot with its exercises, one per other rule; each with an
    alarm at its start, from the program's start, in the person's current timezone (with its
    VTIMEZONE). Summaries and descriptions in `text`'s language; rules and ids as always."""
    first_day = settings.start
    zone = settings.zones[-1].timezone_info()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", text.gettext("Footwork exercises"))
    titles = {e.id: text.gettext(e.title) for e in program.exercises}

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
                f"Footwork ({text.gettext(slot.name)}): {names}",
                text.gettext("Due {start}-{end}: {names}.").format(
                    start=f"{slot.start:%H:%M}", end=f"{slot.end:%H:%M}", names=names
                ),
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
        title, how = titles[exercise.id], describe_frequency(frequency, text=text)
        if isinstance(frequency, PerWeek):
            days = [ICAL_DAYS[d] for d in suggested_weekdays(frequency)]
            rule = {"freq": "weekly", "byday": days}
            description = text.gettext("{title}: {how}; these days are a suggestion.").format(
                title=title, how=how
            )
        elif isinstance(frequency, EveryNDays | OnWeekdays):
            if isinstance(frequency, EveryNDays):
                rule = {"freq": "daily", "interval": frequency.days}
            else:
                byday = [ICAL_DAYS[WEEKDAYS.index(d)] for d in frequency.days]
                rule = {"freq": "weekly", "byday": byday}
            description = text.gettext("{title}: {how}.").format(title=title, how=how)
        else:
            continue
        calendar.add_component(
            _event(
                f"Footwork: {title}",
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
