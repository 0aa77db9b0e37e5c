"""Erasing a person's own data (GDPR art. 17): every record of theirs, in one transaction,
with a record that an erasure happened which keeps nothing about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from footwork.store.accounts import Account
from footwork.store.erasure import ErasureRefused, Removed, erase_rows
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
        return {item.plural: item.count for item in self.removed if item.count}

    def summary(self) -> str:
        """'12 sessions, 140 efforts, 1 person': the kinds that had rows."""
        parts = [
            f"{item.count} {item.singular if item.count == 1 else item.plural}"
            for item in self.removed
            if item.count
        ]
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
        actor_name=actor.username if actor else "",
        requested_at=requested_at,
    )
    return ErasureReport(tuple(removed))
