"""History in weeks: sixty days of sessions are a screen per week on a phone, not one page
12,000 px tall. Pure: the caller gives the records, how to read their time, and the zone."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Generic, Protocol, TypeVar

from footwork.core.language import UNTRANSLATED, Translator

T = TypeVar("T")


class Timed(Protocol):
    @property
    def started_at(self) -> datetime: ...

    @property
    def active_s(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Week(Generic[T]):
    """The records of one local week, Monday to Sunday, newest first."""

    monday: date
    items: tuple[T, ...]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def group_by_week(
    items: Iterable[T], *, when: Callable[[T], datetime], zone: tzinfo
) -> tuple[Week[T], ...]:
    """The items in local weeks (Monday first), the newest week first and the newest item
    first within each; weeks without items are left out."""
    ordered = sorted(items, key=when, reverse=True)
    weeks: dict[date, list[T]] = {}
    for item in ordered:
        day = when(item).astimezone(zone).date()
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(item)
    return tuple(Week(monday, tuple(found)) for monday, found in weeks.items())


def active_minutes(sessions: Iterable[Timed]) -> int:
    """Whole minutes of exercise (time spent holding and moving, not resting), rounded to
    the nearest minute."""
    return math.floor(sum(s.active_s for s in sessions) / 60 + 0.5)


def week_summary(week: Week[Timed], *, text: Translator = UNTRANSLATED) -> str:
    """ "3 sessions, 24 minutes": the line a collapsed week shows."""
    count = len(week.items)
    minutes = active_minutes(week.items)
    sessions = text.ngettext("%(num)s session", "%(num)s sessions", count) % {"num": count}
    spent = text.ngettext("%(num)s minute", "%(num)s minutes", minutes) % {"num": minutes}
    return f"{sessions}, {spent}"
