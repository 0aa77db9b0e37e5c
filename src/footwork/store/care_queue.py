"""The care queue (PostgreSQL with `footwork worker`): patients whose kept care figures
must be worked out again after a write.

A write queues its patient in its own transaction (`queue_in`), so a crash after the write
cannot lose the refresh. The worker claims a row with SELECT ... FOR UPDATE SKIP LOCKED,
deletes it at once and saves the new figures in the same transaction (`claim_next`): if
the worker dies, the transaction rolls back and the row is there again for the next one.
Deleting before working matters: a write that queues the same patient meanwhile meets a
row deleted by a transaction still running, so its INSERT ... ON CONFLICT DO NOTHING waits
for the worker and then inserts a new row, and that write gets its own refresh.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as OrmSession

from footwork.store import tables as t
from footwork.store.upsert import postgresql_insert

if TYPE_CHECKING:  # the repository queues through `queue_in`
    from footwork.store.repository import Store


def queue_in(orm: OrmSession, person_id: str) -> None:
    """Queue a clinic patient's refresh within the caller's transaction (PostgreSQL only);
    nothing for someone who is not a clinic's patient, nothing more if already queued."""
    if orm.get(t.Patient, person_id) is None:
        return
    orm.execute(
        postgresql_insert(t.CareQueue)
        .values(person_id=person_id, queued_at=func.now())
        .on_conflict_do_nothing(index_elements=["person_id"])
    )


def queue_care(store: Store, person_id: str) -> None:
    """Queue a patient's refresh in a transaction of its own."""
    with OrmSession(store.engine) as orm, orm.begin():
        queue_in(orm, person_id)


@dataclass(frozen=True, slots=True)
class Claim:
    """A queued patient taken by this worker, and the transaction that holds the row."""

    person_id: str
    orm: OrmSession


@contextmanager
def claim_next(store: Store, *, skip: Collection[str] = ()) -> Iterator[Claim | None]:
    """The oldest queued patient that no other worker holds (nor in `skip`), or None.
    The row is deleted in the claim's transaction, which commits when the block ends
    without an error (save the figures with `claim.orm`) and rolls back otherwise."""
    with OrmSession(store.engine) as orm, orm.begin():
        person_id = orm.scalar(
            select(t.CareQueue.person_id)
            .where(t.CareQueue.person_id.not_in(list(skip)))
            .order_by(t.CareQueue.queued_at, t.CareQueue.person_id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if person_id is None:
            yield None
            return
        orm.execute(delete(t.CareQueue).where(t.CareQueue.person_id == person_id))
        yield Claim(person_id, orm)


def queued_count(store: Store) -> int:
    """How many patients wait for a refresh."""
    with OrmSession(store.engine) as orm:
        return int(orm.scalar(select(func.count()).select_from(t.CareQueue)) or 0)
