"""Use cases of a clinic's lifecycle: discharge, re-admission, and the retention purge.

Discharge ends an episode of care: the patient leaves the clinic's list, their flags and
reminders stop, and their record stays readable and exportable until the clinic's retention
period (store.admin.retention_years) has passed since the discharge; `footwork care purge`
then erases it. Re-admission starts a new episode, whose baseline counts from its own start
(core.lifecycle.episode_view).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from footwork.core.lifecycle import Discharge, due_for_purge, kept_until
from footwork.services.care import refresh_care
from footwork.services.erasure import erase_person
from footwork.store.accounts import Account
from footwork.store.admin import retention_years
from footwork.store.episodes import discharge, discharged_patients, readmit
from footwork.store.repository import Store

PURGE_ACTOR = Account(
    id="retention-purge", username="retention purge", role="admin", person_id=None
)
"""Who the erasure record names for a purge: no account, the clinic's own rule."""


def discharge_patient(
    store: Store, *, person_id: str, actor: Account, reason: str, now: datetime
) -> None:
    discharge(store, person_id=person_id, actor=actor, reason=reason, now=now)


def readmit_patient(store: Store, *, person_id: str, actor: Account, now: datetime) -> None:
    """A new episode, and its figures worked out at once so the list shows it."""
    readmit(store, person_id=person_id, actor=actor, now=now)
    refresh_care(store, person_id, now=now)


@dataclass(frozen=True, slots=True)
class PurgeItem:
    discharge: Discharge
    kept_until: datetime


def purge_due(store: Store, *, now: datetime) -> list[PurgeItem]:
    """The discharged records whose retention has passed at `now`, oldest first."""
    years = retention_years(store)
    return [
        PurgeItem(d, kept_until(d.discharged_at, years))
        for d in due_for_purge(discharged_patients(store), years=years, now=now)
    ]


def purge(store: Store, *, now: datetime, dry_run: bool = False) -> list[PurgeItem]:
    """Erase each record whose retention has passed (none with `dry_run`), each in its own
    transaction (services.erasure.erase_person); the list of them."""
    due = purge_due(store, now=now)
    if not dry_run:
        for item in due:
            erase_person(store, item.discharge.person_id, now=now, actor=PURGE_ACTOR)
    return due
