"""Adherence: sessions done against sessions prescribed. Definitions in docs/adherence.md."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from footwork.core.program import PerWeek
from footwork.core.schedule import (
    Performance,
    ProgramHistory,
    ScheduleSettings,
    day_status,
    performances_by_day,
    week_start,
)


@dataclass(frozen=True, slots=True)
class Figure:
    """Done against prescribed; `done` never exceeds `prescribed`."""

    done: float = 0.0
    prescribed: float = 0.0

    @property
    def ratio(self) -> float | None:
        """From 0 to 1; None when nothing was prescribed."""
        return self.done / self.prescribed if self.prescribed > 0 else None

    def __add__(self, other: Figure) -> Figure:
        return Figure(self.done + other.done, self.prescribed + other.prescribed)


@dataclass(frozen=True, slots=True)
class Adherence:
    first: date
    last: date
    overall: Figure
    by_exercise: dict[str, Figure] = field(default_factory=dict)
    by_day: dict[date, Figure] = field(default_factory=dict)
    """Day-bound exercises only: weekly ones have no daily prescription."""
    by_week: dict[date, Figure] = field(default_factory=dict)
    """Keyed by Monday; weeks cut by the window or the start are prorated."""


def count_text(value: float) -> str:
    """A count as people say it: "206", never "206.4". Partial sessions give fractional
    credit; shown, a count of what was done is rounded down, so it never claims a session
    that was not finished (and "1 of 2" is never shown as met)."""
    return str(max(0, math.floor(value + 1e-6)))


def figure_counts(figure: Figure) -> tuple[int, int]:
    """(206, 298): done and prescribed, each to the nearest whole number (rounding keeps done
    at most prescribed); prescribed is at least 1 when anything was prescribed, so a
    percentage never stands beside "0 of 0"."""
    done, prescribed = (math.floor(v + 0.5) for v in (figure.done, figure.prescribed))
    if figure.prescribed > 0:
        prescribed = max(1, prescribed)
    return done, prescribed


def figure_text(figure: Figure) -> str:
    """ "206 of 298": done against prescribed (see figure_counts)."""
    done, prescribed = figure_counts(figure)
    return f"{done} of {prescribed}"


def _sum(figures: Iterable[Figure]) -> Figure:
    total = Figure()
    for figure in figures:
        total = total + figure
    return total


def adherence(
    programs: ProgramHistory,
    settings: ScheduleSettings,
    performances: Iterable[Performance],
    *,
    days: int,
    now: datetime,
) -> Adherence:
    """Adherence over the `days` local days ending today (today counts what is over or done)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    today = settings.local(now).date()
    first = max(today - timedelta(days=days - 1), settings.start)
    by_day_performances = performances_by_day(settings, performances)
    daily: dict[tuple[date, str], Figure] = defaultdict(Figure)
    day = first
    while day <= today:
        program = programs.on(day)
        for status in day_status(program, settings, day, by_day_performances.get(day, []), now):
            if status.state in ("done", "missed"):  # today: only what is over or done
                key = (day, status.occurrence.exercise_id)
                daily[key] = daily[key] + Figure(min(1.0, status.credit), 1.0)
        day += timedelta(days=1)

    # Weekly exercises: each week's lower bound, prorated by the days of that week in the window.
    weekly: dict[tuple[date, str], Figure] = {}
    monday = week_start(first)
    while monday <= today:
        # A week follows the program in force on its last day in the window.
        program = programs.on(min(monday + timedelta(days=6), today))
        for exercise in program.exercises:
            if not isinstance(exercise.frequency, PerWeek):
                continue
            target = exercise.frequency.times
            inside = [
                monday + timedelta(days=i)
                for i in range(7)
                if first <= monday + timedelta(days=i) <= today
            ]
            prescribed = target * len(inside) / 7
            credits = sum(
                min(1.0, p.credit)
                for d in inside
                for p in by_day_performances.get(d, [])
                if p.exercise_id == exercise.id
            )
            weekly[(monday, exercise.id)] = Figure(min(credits, prescribed), prescribed)
        monday += timedelta(days=7)

    by_exercise: dict[str, Figure] = defaultdict(Figure)
    by_week: dict[date, Figure] = defaultdict(Figure)
    by_day: dict[date, Figure] = defaultdict(Figure)
    for (day, exercise_id), figure in daily.items():
        by_exercise[exercise_id] = by_exercise[exercise_id] + figure
        by_day[day] = by_day[day] + figure
        by_week[week_start(day)] = by_week[week_start(day)] + figure
    for (monday, exercise_id), figure in weekly.items():
        by_exercise[exercise_id] = by_exercise[exercise_id] + figure
        by_week[monday] = by_week[monday] + figure
    return Adherence(
        first=first,
        last=today,
        overall=_sum(by_exercise.values()),
        by_exercise={e.id: by_exercise.get(e.id, Figure()) for e in programs.on(today).exercises}
        | dict(by_exercise),
        by_day=dict(sorted(by_day.items())),
        by_week=dict(sorted(by_week.items())),
    )


def streak(
    programs: ProgramHistory,
    settings: ScheduleSettings,
    performances: Iterable[Performance],
    *,
    now: datetime,
) -> int:
    """Days in a row on which everything due that day was done.

    Today adds to the streak once all of it is done, and does not break it before then.
    Days with nothing due neither add nor break. Weekly exercises are not part of it.
    """
    today = settings.local(now).date()
    by_day = performances_by_day(settings, performances)
    count = 0
    day = today
    while day >= settings.start:
        statuses = day_status(programs.on(day), settings, day, by_day.get(day, []), now)
        if statuses:
            if all(s.state == "done" for s in statuses):
                count += 1
            elif day != today:
                break
        day -= timedelta(days=1)
    return count
