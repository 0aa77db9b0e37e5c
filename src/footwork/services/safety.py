"""When to show the general safety advice: before a person's first session of their local day."""

from __future__ import annotations

from datetime import UTC, datetime, time

from footwork.store.history import session_summaries
from footwork.store.repository import Store
from footwork.store.schedule import load_schedule


def first_session_today(store: Store, person_id: str, *, now: datetime) -> bool:
    """True when the person has started no session yet on their local day of `now`."""
    settings = load_schedule(store, person_id, now=now).settings
    local = settings.local(now)
    midnight = datetime.combine(local.date(), time(0), local.tzinfo).astimezone(UTC)
    return not session_summaries(store, person_id, since=midnight, until=now)
