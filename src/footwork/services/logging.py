"""Logging pain and balance outside a session."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from footwork.core.pain_alert import PainAlert, pain_alerts, region_baselines
from footwork.core.records import BalanceTest, PainCheckin, PainContext, PainRegion
from footwork.services.care import Later, care_changed
from footwork.store.history import pain_checkins
from footwork.store.repository import Store, new_id
from footwork.store.schedule import load_schedule


def pain_alerts_for(
    store: Store, person_id: str, scores: Mapping[PainRegion, int], *, now: datetime
) -> list[PainAlert]:
    """What in these scores calls for a caring prompt, against the baselines recorded so far.
    Ask before logging the scores, so that they do not count towards their own baseline."""
    settings = load_schedule(store, person_id, now=now).settings
    baselines = region_baselines(
        pain_checkins(store, person_id, until=now),
        local_date=settings.local_date,
        start=settings.start,
        today=settings.local_date(now),
    )
    return pain_alerts(scores, baselines)


def log_pain_checkin(
    store: Store,
    person_id: str,
    scores: Mapping[PainRegion, int],
    *,
    context: PainContext,
    session_id: str | None,
    note: str | None,
    now: datetime,
    client_key: str | None = None,
    later: Later | None = None,
) -> PainCheckin:
    """Store a check-in and refresh the care figures (see `care_changed`: queued, `later`,
    or now); a repeated `client_key` (a retried request) stores nothing and gives back the
    check-in stored the first time."""
    checkin = PainCheckin(
        id=new_id(),
        recorded_at=now,
        context=context,
        session_id=session_id,
        note=note,
        scores=dict(scores),
    )
    stored = store.add_pain(person_id, checkin, client_key=client_key)
    care_changed(store, person_id, now=now, later=later)
    return stored


def log_balance_test(
    store: Store,
    person_id: str,
    *,
    left_s: float | None,
    right_s: float | None,
    eyes_closed: bool,
    note: str | None,
    now: datetime,
    client_key: str | None = None,
) -> BalanceTest:
    """Store a balance test; a repeated `client_key` gives back the one stored then."""
    test = BalanceTest(
        id=new_id(),
        recorded_at=now,
        eyes_closed=eyes_closed,
        left_s=left_s,
        right_s=right_s,
        note=note,
    )
    return store.add_balance(person_id, test, client_key=client_key)
