"""Follow-up for clinicians: the figures behind a patient's flags, as they stand on a day.

A clinician's list flags three things (the thresholds below):
- adherence under 50 % over the 7 complete local days before the day (today is not over,
  so it is left out), counted as in docs/adherence.md;
- pain up by 2 points or more (the minimal clinically important difference of the 0-10
  scale; Childs et al., Spine 2005) in some region: the median of its daily scores over the
  same 7 days against its baseline (the baseline of docs/insight.md);
- no session for 3 days.
A check-in of 7 or more, or 3 points above the region's baseline (core.pain_alert), raises
"pain up" at once, from its own local day and for the WINDOW_DAYS after it.
Pure: the caller gives the history and the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Literal

from footwork.core.adherence import Figure, adherence
from footwork.core.insight_periods import InsightSettings, baseline_days_of, daily_pain
from footwork.core.pain_alert import pain_alerts, region_baselines
from footwork.core.records import PainCheckin, PainRegion
from footwork.core.schedule import Performance, ProgramHistory, ScheduleSettings

WINDOW_DAYS = 7
LOW_ADHERENCE = 0.5
PAIN_RISE = 2.0
QUIET_DAYS = 3
MIN_RECENT_PAIN_DAYS = 2
FlagName = Literal["low_adherence", "pain_up", "quiet"]


@dataclass(frozen=True, slots=True)
class CareFigures:
    as_of: date
    adherence: Figure
    """Over the WINDOW_DAYS complete local days before `as_of`."""
    pain_change: float | None
    """The largest rise (or smallest fall) of a region's pain against its baseline."""
    pain_region: PainRegion | None
    pain_alert: bool = False
    """A check-in on `as_of` or the WINDOW_DAYS before it called for a caring prompt."""


@dataclass(frozen=True, slots=True)
class Flags:
    low_adherence: bool
    pain_up: bool
    quiet: bool

    @property
    def count(self) -> int:
        return self.low_adherence + self.pain_up + self.quiet

    def names(self) -> list[FlagName]:
        """The flags that are up, by name."""
        up: tuple[tuple[FlagName, bool], ...] = (
            ("low_adherence", self.low_adherence),
            ("pain_up", self.pain_up),
            ("quiet", self.quiet),
        )
        return [name for name, on in up if on]


def flags_of(
    *,
    adherence_done: float | None,
    adherence_prescribed: float | None,
    pain_change: float | None,
    last_session_at: datetime | None,
    since: datetime,
    now: datetime,
    pain_alert: bool = False,
) -> Flags:
    """The flags from stored figures. A patient who never did a session is quiet once
    QUIET_DAYS have passed since `since` (when they were added or their program started)."""
    quiet_from = now - timedelta(days=QUIET_DAYS)
    return Flags(
        low_adherence=bool(adherence_prescribed)
        and (adherence_done or 0.0) < LOW_ADHERENCE * (adherence_prescribed or 0.0),
        pain_up=pain_alert or (pain_change is not None and pain_change >= PAIN_RISE),
        quiet=(last_session_at or since) < quiet_from,
    )


def end_of_day_before(settings: ScheduleSettings, day: date) -> datetime:
    """The last moment of the local day before `day`: everything of that day is over."""
    return datetime.combine(day, time(0), settings.zone_on(day)) - timedelta(microseconds=1)


def pain_change(
    checkins: Iterable[PainCheckin],
    settings: ScheduleSettings,
    *,
    as_of: date,
    insight: InsightSettings | None = None,
) -> tuple[float, PainRegion] | None:
    """The region whose pain over the window rose most against its baseline, and by how
    much; None when no region has both a baseline and MIN_RECENT_PAIN_DAYS scored days."""
    s = insight or InsightSettings()
    last = as_of - timedelta(days=1)
    first = as_of - timedelta(days=WINDOW_DAYS)
    daily = daily_pain(checkins, local_date=lambda at: settings.local(at).date(), today=last)
    best: tuple[float, PainRegion] | None = None
    for region, values in daily.items():
        days = sorted(values)
        _, baseline = baseline_days_of(days, settings.start, last, s)
        if len(baseline) < s.min_baseline_days:
            continue
        recent = [d for d in days if first <= d <= last and d > baseline[-1]]
        if len(recent) < MIN_RECENT_PAIN_DAYS:
            continue
        change = median(values[d] for d in recent) - median(values[d] for d in baseline)
        if best is None or change > best[0]:
            best = (float(change), region)
    return best


def care_figures(
    programs: ProgramHistory,
    settings: ScheduleSettings,
    performances: Sequence[Performance],
    checkins: Sequence[PainCheckin],
    *,
    days: Iterable[date],
) -> list[CareFigures]:
    """The figures as they stand on each of `days`, from what is recorded now (a day ahead
    of the last record sees the days between as missed)."""
    result = []
    for day in days:
        end = end_of_day_before(settings, day)
        figure = adherence(programs, settings, performances, days=WINDOW_DAYS, now=end).overall
        pain = pain_change(checkins, settings, as_of=day)
        result.append(
            CareFigures(
                day,
                figure,
                pain[0] if pain else None,
                pain[1] if pain else None,
                pain_alert=recent_pain_alert(checkins, settings, as_of=day),
            )
        )
    return result


def recent_pain_alert(
    checkins: Sequence[PainCheckin], settings: ScheduleSettings, *, as_of: date
) -> bool:
    """Whether a check-in on `as_of` or the WINDOW_DAYS before it scored 7 or more, or 3
    points above its region's baseline."""
    local_date = settings.local_date
    first = as_of - timedelta(days=WINDOW_DAYS)
    recent = [c for c in checkins if first <= local_date(c.recorded_at) <= as_of]
    if not recent:
        return False
    baselines = region_baselines(checkins, local_date=local_date, start=settings.start, today=as_of)
    return any(pain_alerts(c.scores, baselines) for c in recent)
