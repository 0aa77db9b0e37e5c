"""A clinic's lifecycle: how long a discharged patient's record is kept, which records have
passed it, and what an episode of care counts from.

Pure: the caller gives the discharges, the retention and the moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from footwork.core.records import PainCheckin
from footwork.core.schedule import ScheduleSettings

DEFAULT_RETENTION_YEARS = 10
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 100


class RetentionError(ValueError):
    """A retention period outside what a clinic may set."""


@dataclass(frozen=True, slots=True)
class Discharge:
    person_id: str
    display_name: str
    discharged_at: datetime


def check_retention(years: int) -> int:
    """The retention in whole years, when it is one a clinic may set."""
    if not MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS:
        raise RetentionError(
            f"keep discharged records between {MIN_RETENTION_YEARS} and {MAX_RETENTION_YEARS} years"
        )
    return years


def add_years(moment: datetime, years: int) -> datetime:
    """The same moment `years` later; 29 February becomes 28 February in a common year."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def kept_until(discharged_at: datetime, years: int) -> datetime:
    """When a record discharged at `discharged_at` has been kept for `years`."""
    return add_years(discharged_at, years)


def due_for_purge(discharges: Iterable[Discharge], *, years: int, now: datetime) -> list[Discharge]:
    """The discharges kept for `years` by `now` (at that very moment included), oldest first."""
    due = [d for d in discharges if kept_until(d.discharged_at, years) <= now]
    return sorted(due, key=lambda d: (d.discharged_at, d.person_id))


def episode_view(
    settings: ScheduleSettings, checkins: Sequence[PainCheckin], *, began: datetime | None
) -> tuple[ScheduleSettings, list[PainCheckin]]:
    """The schedule and check-ins as the current episode sees them: its baseline counts from
    the episode's first local day, and check-ins of earlier episodes are left out. `began`:
    None for a patient in their first episode (nothing changes)."""
    if began is None:
        return settings, list(checkins)
    first: date = settings.local_date(began)
    if first <= settings.start:
        return settings, [c for c in checkins if c.recorded_at >= began]
    return (
        settings.model_copy(update={"start": first, "began_at": began}),
        [c for c in checkins if c.recorded_at >= began],
    )
