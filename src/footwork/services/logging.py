"""Logging pain and balance outside a session."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from footwork.core.records import BalanceTest, PainCheckin, PainContext, PainRegion
from footwork.services.care import refresh_care
from footwork.store.repository import Store, new_id


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
) -> PainCheckin:
    """Store a check-in and refresh the care figures; a repeated `client_key` (a retried
    request) stores nothing and gives back the check-in stored the first time."""
    checkin = PainCheckin(
        id=new_id(),
        recorded_at=now,
        context=context,
        session_id=session_id,
        note=note,
        scores=dict(scores),
    )
    stored = store.add_pain(person_id, checkin, client_key=client_key)
    refresh_care(store, person_id, now=now)
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
