"""A person's change stamp, kept by the database's triggers (migrations 0020 and 0021).

The stamp is the person's `person_stamps` row plus the sum of their `person_stamp_shards`
rows (PostgreSQL bumps the shard of the writing connection, so writers of one person do not
queue on one row). Every committed write adds to it, and a later snapshot sees every commit
an earlier one saw: an equal stamp means the same writes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from footwork.store import tables as t
from footwork.store.repository import Store


@dataclass(frozen=True, slots=True)
class Stamp:
    """Where a person's data stands, and their chosen language (read in the same query, as
    every page needs it)."""

    value: int
    language: str | None


def read_stamp(store: Store, person_id: str) -> Stamp | None:
    """One indexed read; None when there is no such person (or no stamp: do not cache)."""
    shards = (
        select(func.coalesce(func.sum(t.PersonStampShard.stamp), 0))
        .where(t.PersonStampShard.person_id == t.PersonStamp.person_id)
        .scalar_subquery()
    )
    query = (
        select(t.PersonStamp.stamp + shards, t.Person.language)
        .join(t.Person, t.Person.id == t.PersonStamp.person_id)
        .where(t.PersonStamp.person_id == person_id)
    )
    with store.reader.connect() as connection:
        row = connection.execute(query).first()
    return None if row is None else Stamp(int(row[0]), row[1])
