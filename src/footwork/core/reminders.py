"""Which reminders are due at a moment: once when a slot opens with nothing done, once more later.

Pure: the caller passes the day's status, what was already sent, and "now".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from footwork.core.language import UNTRANSLATED, Translator
from footwork.core.schedule import OccurrenceStatus

ReminderKind = Literal["first", "repeat"]
DEFAULT_REPEAT_AFTER = timedelta(minutes=60)


@dataclass(frozen=True, slots=True)
class Reminder:
    key: str
    """One per day and slot, e.g. '2026-11-23/midday'."""
    kind: ReminderKind
    slot: str
    exercise_ids: tuple[str, ...]
    window_end: datetime


@dataclass(frozen=True, slots=True)
class SentReminder:
    key: str
    kind: ReminderKind
    sent_at: datetime


def due_reminders(
    statuses: Sequence[OccurrenceStatus],
    sent: Iterable[SentReminder],
    *,
    now: datetime,
    repeat_after: timedelta = DEFAULT_REPEAT_AFTER,
) -> list[Reminder]:
    """Reminders to send now, one per slot whose window is open and holds undone exercises.

    The first goes as soon as the window is open; a repeat goes once, `repeat_after` the
    first, if the slot is still not done and its window still open. Nothing is sent for
    a done slot, or outside a slot's window (so never at night).
    """
    by_key: dict[str, list[SentReminder]] = {}
    for item in sent:
        by_key.setdefault(item.key, []).append(item)
    open_slots: dict[str, list[OccurrenceStatus]] = {}
    for status in statuses:
        occurrence = status.occurrence
        if status.state == "due" and occurrence.start <= now < occurrence.end:
            key = f"{occurrence.day.isoformat()}/{occurrence.slot}"
            open_slots.setdefault(key, []).append(status)
    reminders = []
    for key, items in open_slots.items():
        kind = _kind_due(by_key.get(key, []), now=now, repeat_after=repeat_after)
        if kind is None:
            continue
        ids = tuple(dict.fromkeys(s.occurrence.exercise_id for s in items))
        reminders.append(
            Reminder(key, kind, items[0].occurrence.slot, ids, min(s.occurrence.end for s in items))
        )
    return reminders


def _kind_due(
    sent: Sequence[SentReminder], *, now: datetime, repeat_after: timedelta
) -> ReminderKind | None:
    kinds: Mapping[str, datetime] = {s.kind: s.sent_at for s in sent}
    if "first" not in kinds:
        return "first"
    if "repeat" not in kinds and now - kinds["first"] >= repeat_after:
        return "repeat"
    return None


def reminder_text(
    reminder: Reminder, titles: Mapping[str, str], *, text: Translator = UNTRANSLATED
) -> tuple[str, str]:
    """A title and a body for a notification or an e-mail, in `text`'s language."""
    title, body = reminder_lines(reminder, titles, text=text)
    return title, body + "\n" + text.gettext("Run `footwork session` to start.")


def reminder_lines(
    reminder: Reminder, titles: Mapping[str, str], *, text: Translator = UNTRANSLATED
) -> tuple[str, str]:
    """The title and the one-line body, without the hint for the terminal (a phone's
    notification opens Today when tapped). Exercise titles and the default slots' names
    come from the catalogue; a slot a person named stays as they wrote it."""
    names = ", ".join(text.gettext(titles.get(i, i)) for i in reminder.exercise_ids)
    words = {"slot": text.gettext(reminder.slot), "names": names}
    words["until"] = f"{reminder.window_end:%H:%M}"
    if reminder.kind == "first":
        title = text.gettext("Footwork: time for your {slot} exercises")
        body = text.gettext("Due now: {names}. This slot is open until {until}.")
    else:
        title = text.gettext("Footwork: your {slot} exercises are still waiting")
        body = text.gettext(
            "Not done yet: {names}. There is time until {until}; a short session still counts."
        )
    return title.format(**words), body.format(**words)
