from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from footwork.core.program import PerDay
from footwork.core.reminders import SentReminder, due_reminders, reminder_text
from footwork.core.schedule import Performance, ScheduleSettings, ZoneChange, today_status
from tests.unit.test_schedule import program_of

ZONE = ZoneInfo("Europe/Berlin")
DAY = date(2026, 11, 23)
SETTINGS = ScheduleSettings(
    zones=(ZoneChange(effective_from=datetime(2000, 1, 1, tzinfo=UTC), timezone="Europe/Berlin"),),
    start=date(2026, 11, 1),
)
PROGRAM = program_of(a=PerDay(kind="per_day", times=3), b=PerDay(kind="per_day", times=1))


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute), ZONE)


def reminders(now: datetime, done=(), sent=()):
    status = today_status(PROGRAM, SETTINGS, list(done), now)
    return due_reminders(
        status.occurrences, list(sent), now=now, repeat_after=timedelta(minutes=60)
    )


def test_first_reminder_when_a_slot_opens_with_nothing_done():
    (reminder,) = reminders(at(7, 5))
    assert (reminder.key, reminder.kind, reminder.slot) == (
        "2026-11-23/morning",
        "first",
        "morning",
    )
    assert reminder.exercise_ids == ("a", "b")


def test_nothing_before_a_window_opens_or_at_night():
    assert reminders(at(6, 59)) == []
    assert reminders(at(10, 30)) == []  # between windows
    assert reminders(at(23, 0)) == []
    assert reminders(at(3, 0)) == []


def test_nothing_for_a_slot_that_is_done():
    done = [Performance("a", at(7, 10), 1.0), Performance("b", at(7, 20), 1.0)]
    assert reminders(at(7, 30), done=done) == []


def test_a_slot_done_in_part_is_reminded_of_what_is_left():
    (reminder,) = reminders(at(8), done=[Performance("a", at(7, 10), 1.0)])
    assert reminder.exercise_ids == ("b",)


def test_repeated_once_after_the_delay_if_still_nothing_logged():
    first = SentReminder("2026-11-23/morning", "first", at(7, 5))
    assert reminders(at(8, 0), sent=[first]) == []
    (repeat,) = reminders(at(8, 5), sent=[first])
    assert repeat.kind == "repeat"
    again = SentReminder("2026-11-23/morning", "repeat", at(8, 5))
    assert reminders(at(9, 30), sent=[first, again]) == []


def test_no_repeat_once_the_session_is_done():
    first = SentReminder("2026-11-23/morning", "first", at(7, 5))
    done = [Performance("a", at(7, 30), 1.0), Performance("b", at(7, 40), 1.0)]
    assert reminders(at(8, 10), done=done, sent=[first]) == []


def test_each_slot_has_its_own_reminders():
    first = SentReminder("2026-11-23/morning", "first", at(7, 5))
    (midday,) = reminders(at(12, 1), sent=[first])
    assert (midday.key, midday.kind) == ("2026-11-23/midday", "first")


def test_reminder_text_names_the_exercises_and_the_window():
    (reminder,) = reminders(at(7, 5))
    title, body = reminder_text(reminder, {"a": "Toe presses", "b": "Toe walking"})
    assert title == "Footwork: time for your morning exercises"
    assert "Toe presses, Toe walking" in body and "until 10:00" in body
    assert body.endswith(". This slot is open until 10:00.\nRun `footwork session` to start.")
