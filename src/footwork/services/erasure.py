"""Erasing a person's own data (GDPR art. 17): every record of theirs, in one transaction,
with a record that an erasure happened which keeps nothing about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.store.accounts import Account
from footwork.store.erasure import ErasureRefused, Removed, erase_rows
from footwork.store.erasure_requests import due_erasures, erasure_request, keep_until
from footwork.store.repository import NotFound, Store

__all__ = ["ErasureRefused", "ErasureReport", "NotFound", "erase_person"]


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What was removed, kind by kind, in the order erased."""

    removed: tuple[Removed, ...]

    @property
    def total(self) -> int:
        return sum(item.count for item in self.removed)

    def counts(self) -> dict[str, int]:
        """Rows removed per kind (plural name), kinds with none left out."""
        return {item.name: item.count for item in self.removed if item.count}

    def summary(self) -> str:
        """'12 sessions, 140 efforts, 1 person': the kinds that had rows, in English."""
        parts = [item.kind.said(UNTRANSLATED, item.count) for item in self.removed if item.count]
        return ", ".join(parts) if parts else "nothing"


def erase_person(
    store: Store,
    person_id: str,
    *,
    now: datetime,
    actor: Account | None,
    requested_at: datetime | None = None,
) -> ErasureReport:
    """Erase `person_id` and everything of theirs. `actor`: who erased (None: the person
    themself without an account, as in a personal install)."""
    removed = erase_rows(
        store,
        person_id,
        now=now,
        actor_id=actor.id if actor else None,
        actor_name=actor.username if actor else "",  # "": the person themself
        requested_at=requested_at,
    )
    return ErasureReport(tuple(removed))


RETENTION_DEFAULT_YEARS = 10
"""Until the clinic sets its own retention period: the date offered to the clinician."""


def default_keep_until(requested: date) -> date:
    """Ten years after the request (29 February falls back to the 28th)."""
    try:
        return requested.replace(year=requested.year + RETENTION_DEFAULT_YEARS)
    except ValueError:
        return requested.replace(year=requested.year + RETENTION_DEFAULT_YEARS, day=28)


def decide_erasure(
    store: Store,
    person_id: str,
    *,
    clinician: Account,
    keep_until_day: date | None,
    now: datetime,
) -> ErasureReport | None:
    """The clinic's decision on a patient's request: erase now (`keep_until_day` None, the
    report returned), or keep the clinical record until that day (None returned).
    NotFound when the patient made no request."""
    request = erasure_request(store, person_id)
    if request is None:
        raise NotFound(f"no erasure request from {person_id!r}")
    if keep_until_day is not None:
        keep_until(store, person_id, keep_until_day, decided_by=clinician.username, now=now)
        return None
    return erase_person(
        store, person_id, now=now, actor=clinician, requested_at=request.requested_at
    )


def erase_due(store: Store, *, today: date, now: datetime) -> list[ErasureReport]:
    """Erase every patient whose kept-until date has come (for the daily purge)."""
    reports = []
    for request in due_erasures(store, today=today):
        try:
            removed = erase_rows(
                store,
                request.person_id,
                now=now,
                actor_id=None,
                actor_name=f"kept until {request.erase_after} ({request.decided_by})"[:80],
                requested_at=request.requested_at,
            )
        except NotFound:  # erased meanwhile by another process
            continue
        reports.append(ErasureReport(tuple(removed)))
    return reports


# Translators: the word a person types to confirm that a whole record is erased; one word
# in capitals, easy to type on a phone (the English DELETE is accepted too).
CONFIRM_WORD = N_("DELETE")


def confirmed(typed: str, text: Translator) -> bool:
    """Whether `typed` is the confirmation word: in the page's language, or in English."""
    return typed.strip() in {text.gettext(CONFIRM_WORD), CONFIRM_WORD}


def erasure_context(store: Store, person_id: str) -> dict[str, Any]:
    """For the patient's page: their request (or None), the date offered to keep it to, and
    the word to type to erase now (the template translates it)."""
    request = erasure_request(store, person_id)
    offered = default_keep_until(request.requested_at.date()) if request else None
    return {"erasure": request, "erasure_default": offered, "confirm_word": CONFIRM_WORD}
