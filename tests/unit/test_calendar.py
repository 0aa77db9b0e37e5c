"""The calendar export, expanded by an independent parser, equals the schedule over a year."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from footwork.content.loader import load_program
from footwork.core.program import PerWeek
from footwork.core.schedule import (
    ScheduleSettings,
    ZoneChange,
    occurrences_on,
    suggested_weekdays,
)
from footwork.reports.calendar import build_calendar

START = date(2026, 1, 5)  # a Monday; the year ahead holds both of each zone's clock changes
DAYS = 365


def settings_in(zone: str) -> ScheduleSettings:
    return ScheduleSettings(
        zones=(ZoneChange(effective_from=datetime(2000, 1, 1, tzinfo=UTC), timezone=zone),),
        start=START,
    )


def expected(zone: str) -> Counter[tuple[datetime, str]]:
    """The schedule's own view: each slot's start with the exercises due in it, and the
    suggested days of the weekly exercises, in local time."""
    program = load_program()
    settings = settings_in(zone)
    found: Counter[tuple[datetime, str]] = Counter()
    for offset in range(DAYS):
        day = START + timedelta(days=offset)
        slots: dict[datetime, list[str]] = {}
        for o in occurrences_on(program, settings, day):
            slots.setdefault(o.start, []).append(o.exercise_id)
        for start, ids in slots.items():
            found[(start.replace(tzinfo=None), "slot:" + ",".join(sorted(set(ids))))] += 1
        for exercise in program.exercises:
            if isinstance(exercise.frequency, PerWeek) and day.weekday() in suggested_weekdays(
                exercise.frequency
            ):
                first = settings.window(day, settings.slots[0])[0]
                found[(first.replace(tzinfo=None), "exercise:" + exercise.id)] += 1
    return found


def expanded(zone: str) -> tuple[Counter[tuple[datetime, str]], list]:
    program = load_program()
    titles = {e.title: e.id for e in program.exercises}
    calendar = build_calendar(program, settings_in(zone), person_id="p1",
                              stamp=datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip
    parsed = Calendar.from_ical(calendar.to_ical())
    end = START + timedelta(days=DAYS)
    found: Counter[tuple[datetime, str]] = Counter()
    events = recurring_ical_events.of(parsed).between(START, end)
    for event in events:
        start = event["DTSTART"].dt.astimezone(ZoneInfo(zone))
        summary = str(event["SUMMARY"])
        names = summary.split(": ", 1)[1]
        if summary.startswith("Footwork ("):
            ids = sorted(titles[n] for n in names.split(", "))
            found[(start.replace(tzinfo=None), "slot:" + ",".join(ids))] += 1
        else:
            found[(start.replace(tzinfo=None), "exercise:" + titles[names])] += 1
    return found, events


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_expanded_calendar_equals_the_schedule_over_a_year(zone):
    found, _ = expanded(zone)
    assert found == expected(zone)


@pytest.mark.parametrize(
    ("zone", "summer_utc", "winter_utc"),
    [("Europe/Berlin", 5, 6), ("America/New_York", 11, 12)],
)
def test_local_times_hold_across_both_clock_changes(zone, summer_utc, winter_utc):
    _, events = expanded(zone)
    mornings = {e["DTSTART"].dt.date(): e["DTSTART"].dt for e in events
                if str(e["SUMMARY"]).startswith("Footwork (morning)")}  # fmt: skip
    assert mornings[date(2026, 1, 20)].astimezone(UTC).hour == winter_utc
    assert mornings[date(2026, 7, 20)].astimezone(UTC).hour == summer_utc
    assert mornings[date(2026, 12, 20)].astimezone(UTC).hour == winter_utc
    assert all(d.astimezone(ZoneInfo(zone)).hour == 7 for d in mornings.values())


def test_calendar_has_a_timezone_and_alarms():
    text = build_calendar(load_program(), settings_in("Europe/Berlin"), person_id="p1",
                          stamp=datetime(2026, 1, 1, tzinfo=UTC)).to_ical().decode()  # fmt: skip
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Berlin" in text
    assert text.count("BEGIN:VALARM") == text.count("BEGIN:VEVENT") == 4
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO,TH" in text
