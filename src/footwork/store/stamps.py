"""A person's change stamp (people's row in person_stamps, kept by migration 0019's triggers)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

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
    query = (
        select(t.PersonStamp.stamp, t.Person.language)
        .join(t.Person, t.Person.id == t.PersonStamp.person_id)
        .where(t.PersonStamp.person_id == person_id)
    )
    with store.reader.connect() as connection:
        row = connection.execute(query).first()
    return None if row is None else Stamp(int(row[0]), row[1])
