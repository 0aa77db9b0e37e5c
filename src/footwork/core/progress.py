"""The figures behind the progress charts: a calendar of adherence, pain with its rolling
median, minutes exercised per week. Pure: the caller gives the history and the days."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from footwork.core.adherence import Figure
from footwork.core.schedule import week_start

ROLLING_DAYS = 7


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: date
    ratio: float | None
    """Share of the day's prescription done, 0 to 1; None when nothing was due."""


def adherence_calendar(
    by_day: Mapping[date, Figure], *, first: date, last: date
) -> list[list[CalendarDay]]:
    """Whole weeks (Monday to Sunday) from the week of `first` to the week of `last`, each a
    list of 7 days; days outside [first, last] have no ratio."""
    weeks = []
    monday = week_start(first)
    while monday <= last:
        week = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            figure = by_day.get(day) if first <= day <= last else None
            week.append(CalendarDay(day, figure.ratio if figure else None))
        weeks.append(week)
        monday += timedelta(days=7)
    return weeks


def rolling_median(values: Mapping[date, float], *, days: int = ROLLING_DAYS) -> dict[date, float]:
    """For each day with a value: the median of the values in the `days` days ending that day
    (days without a score are skipped, not counted as zero)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    ordered = sorted(values)
    result = {}
    for day in ordered:
        window = [values[d] for d in ordered if day - timedelta(days=days - 1) <= d <= day]
        result[day] = float(median(window))
    return result


def minutes_per_week(
    sessions: Iterable[tuple[date, float]], *, first: date, last: date
) -> dict[date, float]:
    """Minutes of effort per week (keyed by Monday) from (local day, seconds) of each session,
    every week from `first` to `last` present, weeks without a session as 0."""
    weeks: dict[date, float] = {}
    monday = week_start(first)
    while monday <= last:
        weeks[monday] = 0.0
        monday += timedelta(days=7)
    for day, seconds in sessions:
        if first <= day <= last:
            weeks[week_start(day)] += seconds / 60
    return weeks
