"""When exercises are due: slots, occurrences, and how done sessions fill them.

Every function takes "now" and the history as arguments; none reads a clock.
Local times come from the person's timezone in force at the moment in question,
so a schedule stays right across daylight-saving changes and a move between zones.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, AwareDatetime, Field, field_validator, model_validator

from footwork.core.program import (
    EveryNDays,
    Exercise,
    FrozenModel,
    OnWeekdays,
    PerDay,
    PerWeek,
    Program,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _known_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except Exception:
        raise ValueError(
            f"unknown timezone {name!r} (use an IANA name like Europe/Berlin)"
        ) from None
    return name


ZoneName = Annotated[str, AfterValidator(_known_zone)]


def same_clock(first: str, second: str, *, at: datetime) -> bool:
    """Whether two zones show the same time for the coming year (UTC and Etc/UTC, or two
    cities of one country): a device naming the other one changes nothing worth a reload."""
    a, b = ZoneInfo(first), ZoneInfo(second)
    moments = (at + timedelta(days=d) for d in range(0, 366, 7))
    return all(m.astimezone(a).utcoffset() == m.astimezone(b).utcoffset() for m in moments)


class Slot(FrozenModel):
    """A daily window in which exercises are due, in local time."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,19}$")]
    start: time
    end: time

    @model_validator(mode="after")
    def _ordered(self) -> Slot:
        if self.end <= self.start:
            raise ValueError(
                f"slot {self.name}: the end must come after the start, on the same day"
            )
        return self

    def label(self) -> str:
        return f"{self.name} {self.start:%H:%M}-{self.end:%H:%M}"


DEFAULT_SLOTS = (
    Slot(name="morning", start=time(7), end=time(10)),
    Slot(name="midday", start=time(12), end=time(14)),
    Slot(name="evening", start=time(18), end=time(21)),
)


class ZoneChange(FrozenModel):
    effective_from: AwareDatetime
    timezone: ZoneName

    def timezone_info(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class ScheduleSettings(FrozenModel):
    """A person's slots, timezone history and the day their program started."""

    slots: tuple[Slot, ...] = Field(default=DEFAULT_SLOTS, min_length=1, max_length=6)
    zones: tuple[ZoneChange, ...] = Field(min_length=1)
    start: date
    began_at: datetime | None = None
    """The moment the person began, on the start day: slots that ended before it were never
    theirs to do, so they are neither due nor missed."""

    @field_validator("slots")
    @classmethod
    def _sorted_apart(cls, slots: tuple[Slot, ...]) -> tuple[Slot, ...]:
        ordered = tuple(sorted(slots, key=lambda s: s.start))
        for before, after in itertools.pairwise(ordered):
            if after.start < before.end:
                raise ValueError(f"slots {before.name} and {after.name} overlap")
        if len({s.name for s in ordered}) != len(ordered):
            raise ValueError("slot names must differ")
        return ordered

    @field_validator("zones")
    @classmethod
    def _zones_in_order(cls, zones: tuple[ZoneChange, ...]) -> tuple[ZoneChange, ...]:
        return tuple(sorted(zones, key=lambda z: z.effective_from))

    def zone_at(self, instant: datetime) -> ZoneInfo:
        """The timezone in force at `instant` (the first one before any change)."""
        name = self.zones[0].timezone
        for change in self.zones:
            if change.effective_from <= instant:
                name = change.timezone
        return ZoneInfo(name)

    def zone_on(self, day: date) -> ZoneInfo:
        """The timezone for a local day: the one in force at that day's local noon."""
        name = self.zones[0].timezone
        for change in self.zones:
            noon = datetime.combine(day, time(12), ZoneInfo(change.timezone))
            if change.effective_from <= noon:
                name = change.timezone
        return ZoneInfo(name)

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(self.zone_at(instant))

    def local_date(self, instant: datetime) -> date:
        return self.local(instant).date()

    def window(self, day: date, slot: Slot) -> tuple[datetime, datetime]:
        zone = self.zone_on(day)
        return datetime.combine(day, slot.start, zone), datetime.combine(day, slot.end, zone)

    def day_window(self, day: date) -> tuple[datetime, datetime]:
        """From the first slot's start to the last slot's end."""
        return self.window(day, self.slots[0])[0], self.window(day, self.slots[-1])[1]


@dataclass(frozen=True, slots=True)
class ProgramHistory:
    """The programs a person followed, each from a local day on (sorted by day)."""

    entries: tuple[tuple[date, Program], ...]

    @classmethod
    def of(cls, program: Program) -> ProgramHistory:
        return cls(((date.min, program),))

    def on(self, day: date) -> Program:
        """The program in force on `day`; before the first entry, the first one."""
        chosen = self.entries[0][1]
        for start, program in self.entries:
            if start <= day:
                chosen = program
        return chosen


LOOKBACK = timedelta(days=400)
"""How far back a person's history is read: far enough for any streak or 30-day figure;
older history is not needed for "now"."""


@dataclass(frozen=True, slots=True)
class Performance:
    """An exercise done in a session: when, and what share of its reps (0 to 1)."""

    exercise_id: str
    at: datetime
    credit: float


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One time an exercise is due on a day, with its window."""

    day: date
    exercise_id: str
    slot: str
    start: datetime
    end: datetime

    @property
    def key(self) -> str:
        return f"{self.day.isoformat()}/{self.slot}/{self.exercise_id}"


OccurrenceState = Literal["done", "due", "missed", "later"]
"""done: full credit. Otherwise, by the window at "now": due (open), missed (over), later.
An occurrence that is not done may still hold partial credit."""


@dataclass(frozen=True, slots=True)
class OccurrenceStatus:
    occurrence: Occurrence
    credit: float
    state: OccurrenceState


def is_weekly(exercise: Exercise) -> bool:
    return isinstance(exercise.frequency, PerWeek)


def spread(count: int, places: int) -> list[int]:
    """Which of `places` slots `count` occurrences go to: spread out, repeating past `places`."""
    if count == 1:
        return [0]
    return (
        [round(i * (places - 1) / (count - 1)) for i in range(count)]
        if count <= places
        else [i % places for i in range(count)]
    )


def suggested_weekdays(frequency: PerWeek) -> tuple[int, ...]:
    """Days (0 = Monday) on which a calendar suggests an n-per-week exercise, spread out."""
    n = frequency.times
    return tuple(sorted({(i * 7) // n for i in range(n)}))


def occurrences_on(program: Program, settings: ScheduleSettings, day: date) -> list[Occurrence]:
    """The day-bound occurrences of a day: n-per-day, every-n-days and weekday exercises."""
    if day < settings.start:
        return []
    found = []
    for exercise in program.exercises:
        frequency = exercise.frequency
        if isinstance(frequency, PerDay):
            for index in spread(frequency.times, len(settings.slots)):
                slot = settings.slots[index]
                start, end = settings.window(day, slot)
                found.append(Occurrence(day, exercise.id, slot.name, start, end))
        elif (
            isinstance(frequency, EveryNDays) and (day - settings.start).days % frequency.days == 0
        ) or (isinstance(frequency, OnWeekdays) and WEEKDAYS[day.weekday()] in frequency.days):
            start, end = settings.day_window(day)
            found.append(Occurrence(day, exercise.id, "day", start, end))
    order = {exercise_id: i for i, exercise_id in enumerate(program.ids)}
    return sorted(found, key=lambda o: (o.start, order[o.exercise_id]))


def performances_by_day(
    settings: ScheduleSettings, performances: Iterable[Performance]
) -> dict[date, list[Performance]]:
    by_day: dict[date, list[Performance]] = defaultdict(list)
    for performance in performances:
        if performance.credit > 0:
            by_day[settings.local(performance.at).date()].append(performance)
    for items in by_day.values():
        items.sort(key=lambda p: p.at)
    return by_day


def assign(occurrences: Sequence[Occurrence], performances: Sequence[Performance]) -> list[float]:
    """The credit each occurrence receives from the day's performances, each at most 1.

    Each performance fills one occurrence of its exercise: the one whose window holds
    it, else the latest open one that has already started (catching up), else the
    earliest one still to come (done early). Once all are filled, a performance can
    only raise the weakest credit: extra sessions never count beyond the prescription,
    and never for another day.
    """
    credit = [0.0] * len(occurrences)
    filled = [False] * len(occurrences)
    for performance in sorted(performances, key=lambda p: p.at):
        own = [i for i, o in enumerate(occurrences) if o.exercise_id == performance.exercise_id]
        mine = [i for i in own if not filled[i]]
        if not mine:
            # All filled: a fuller session may replace the weakest credit, never add to it.
            if own:
                weakest = min(own, key=lambda i: credit[i])
                credit[weakest] = max(credit[weakest], min(1.0, performance.credit))
            continue
        inside = [i for i in mine if occurrences[i].start <= performance.at < occurrences[i].end]
        started = [i for i in mine if occurrences[i].start <= performance.at]
        chosen = inside[0] if inside else started[-1] if started else mine[0]
        filled[chosen] = True
        credit[chosen] = min(1.0, performance.credit)
    return credit


def day_status(
    program: Program,
    settings: ScheduleSettings,
    day: date,
    performances: Sequence[Performance],
    now: datetime,
) -> list[OccurrenceStatus]:
    """Every occurrence of `day` with its credit and its state at `now`."""
    occurrences = [
        o
        for o in occurrences_on(program, settings, day)
        if settings.began_at is None or o.end > settings.began_at
    ]
    credits = assign(occurrences, performances)
    statuses = []
    for occurrence, credit in zip(occurrences, credits, strict=True):
        if credit >= 1.0:
            state: OccurrenceState = "done"
        elif now >= occurrence.end:
            state = "missed"
        elif now >= occurrence.start:
            state = "due"
        else:
            state = "later"
        statuses.append(OccurrenceStatus(occurrence, credit, state))
    return statuses


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class WeekStatus:
    """Where a weekly exercise stands in the week (Monday to Sunday) holding `day`."""

    exercise_id: str
    week_of: date
    done: float
    target: int
    target_max: int | None
    done_today: bool

    @property
    def met(self) -> bool:
        return self.done >= self.target


def week_status(
    program: Program,
    settings: ScheduleSettings,
    performances: Iterable[Performance],
    now: datetime,
) -> list[WeekStatus]:
    today = settings.local(now).date()
    monday = week_start(today)
    by_day = performances_by_day(settings, performances)
    result = []
    for exercise in program.exercises:
        frequency = exercise.frequency
        if not isinstance(frequency, PerWeek):
            continue
        credits = [
            p.credit
            for offset in range((today - monday).days + 1)
            for p in by_day.get(monday + timedelta(days=offset), [])
            if p.exercise_id == exercise.id and monday + timedelta(days=offset) >= settings.start
        ]
        done_today = any(p.exercise_id == exercise.id for p in by_day.get(today, []))
        result.append(
            WeekStatus(
                exercise.id,
                monday,
                sum(min(1.0, c) for c in credits),
                frequency.times,
                frequency.times_max,
                done_today,
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class Today:
    day: date
    occurrences: tuple[OccurrenceStatus, ...]
    weeks: tuple[WeekStatus, ...]

    def ids_in(self, *states: OccurrenceState) -> list[str]:
        ids: list[str] = []
        for status in self.occurrences:
            if status.state in states and status.occurrence.exercise_id not in ids:
                ids.append(status.occurrence.exercise_id)
        return ids

    def due_now(self) -> list[str]:
        """Exercises to do now: today's open or missed occurrences not yet done, and weekly
        exercises short of their target that were not done today."""
        ids = self.ids_in("due", "missed")
        ids += [w.exercise_id for w in self.weeks if not w.met and not w.done_today]
        return ids


def today_status(
    program: Program,
    settings: ScheduleSettings,
    performances: Iterable[Performance],
    now: datetime,
) -> Today:
    """What is done, due now, missed and still to come today, and where each week stands."""
    all_performances = list(performances)
    today = settings.local(now).date()
    by_day = performances_by_day(settings, all_performances)
    statuses = day_status(program, settings, today, by_day.get(today, []), now)
    weeks = week_status(program, settings, all_performances, now)
    return Today(today, tuple(statuses), tuple(weeks))
