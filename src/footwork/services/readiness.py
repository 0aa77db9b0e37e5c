"""The readiness check as a use case: is it due, and record a person's answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from footwork.core.readiness import ReadinessCheck, parse_answers, readiness_due
from footwork.store.readiness import add_readiness, latest_readiness
from footwork.store.repository import Store, new_id


@dataclass(frozen=True, slots=True)
class ReadinessStatus:
    latest: ReadinessCheck | None
    due: bool


def readiness_status(store: Store, person_id: str, *, now: datetime) -> ReadinessStatus:
    latest = latest_readiness(store, person_id)
    return ReadinessStatus(latest, readiness_due(latest, now=now))


def record_readiness(
    store: Store, person_id: str, raw: Mapping[str, object], *, now: datetime
) -> ReadinessCheck:
    """Check and save the answers; ReadinessError (naming the question) before anything is saved."""
    check = ReadinessCheck(id=new_id(), answered_at=now, answers=parse_answers(raw))
    add_readiness(store, person_id, check)
    return check
