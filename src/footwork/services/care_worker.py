"""The care worker's use case: work out the figures of queued patients (store/care_queue.py),
each in the transaction that takes the patient off the queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from footwork.services.care import refresh_care
from footwork.store.care_queue import claim_next
from footwork.store.repository import Store


def drain_queue(
    store: Store,
    *,
    now: Callable[[], datetime],
    stop: Callable[[], bool] = lambda: False,
    failed: Callable[[str, Exception], None] | None = None,
) -> int:
    """Refresh queued patients until the queue is empty or `stop()` says so (asked between
    patients, so the refresh under way always finishes). Returns how many were refreshed.

    A patient whose refresh raises stays queued (its transaction rolls back) and is not taken
    again in this call, so one bad record cannot stop the others; `failed` hears of it (the
    worker logs it), and the next call tries again. Without `failed` the error propagates."""
    done = 0
    skip: set[str] = set()
    while not stop():
        person_id = None
        try:
            with claim_next(store, skip=skip) as claim:
                if claim is None:
                    break
                person_id = claim.person_id
                refresh_care(store, claim.person_id, now=now(), orm=claim.orm)
            done += 1
        except Exception as error:
            if failed is None or person_id is None:
                raise
            skip.add(person_id)
            failed(person_id, error)
    return done
