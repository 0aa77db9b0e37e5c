"""How long a worked-out Today stays right when nothing is written: until the next moment
its figures can change by the clock alone (a slot opening or closing, local midnight in
the person's timezone, a timezone change taking effect)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from footwork.core.schedule import ScheduleSettings, Today


@dataclass(frozen=True, slots=True)
class Window:
    """From `start` (included) to `end` (excluded)."""

    start: datetime
    end: datetime

    def holds(self, now: datetime) -> bool:
        return self.start <= now < self.end


def _midnights(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return (
        datetime.combine(day, time(0), zone),
        datetime.combine(day + timedelta(days=1), time(0), zone),
    )


def steady_window(
    settings: ScheduleSettings, today: Today, now: datetime, *, zones: Iterable[ZoneInfo] = ()
) -> Window | None:
    """The stretch around `now` in which Today (its states, the adherence of today, the
    local day) cannot change by the clock; `zones` are other timezones whose local day is
    also shown (the questionnaire's). None when it cannot be told safely (do not keep it)."""
    moments: list[datetime] = []
    for status in today.occurrences:
        moments += [status.occurrence.start, status.occurrence.end]
    moments += [change.effective_from for change in settings.zones]
    for zone in (settings.zone_at(now), settings.zone_on(today.day), *zones):
        local_day = now.astimezone(zone).date()
        moments += _midnights(local_day, zone)
    start = max((m for m in moments if m <= now), default=None)
    end = min((m for m in moments if m > now), default=None)
    if start is None or end is None:
        return None
    last = end - timedelta(microseconds=1)
    if settings.local_date(start) != today.day or settings.local_date(last) != today.day:
        return None
    return Window(start, end)
