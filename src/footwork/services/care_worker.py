"""The care worker's use case: work out the figures of queued patients (store/care_queue.py),
each in the transaction that takes the patient off the queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from footwork.services.care import refresh_care
from footwork.store.care_queue import claim_next
from footwork.store.repository import Store


def drain_queue(
    store: Store, *, now: Callable[[], datetime], stop: Callable[[], bool] = lambda: False
) -> int:
    """Refresh queued patients until the queue is empty or `stop()` says so (asked between
    patients, so the refresh under way always finishes). Returns how many were taken."""
    taken = 0
    while not stop():
        with claim_next(store) as claim:
            if claim is None:
                break
            refresh_care(store, claim.person_id, now=now(), orm=claim.orm)
            taken += 1
    return taken
