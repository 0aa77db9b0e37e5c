"""A person's chosen language (people.language)."""

from __future__ import annotations

from sqlalchemy.orm import Session as OrmSession

from footwork.store import tables as t
from footwork.store.repository import NotFound, Store


def chosen_language(store: Store, person_id: str) -> str | None:
    """The language the person chose in Settings, or None to follow their browser."""
    with OrmSession(store.engine) as orm:
        person = orm.get(t.Person, person_id)
        return None if person is None else person.language


def set_language(store: Store, person_id: str, language: str | None) -> None:
    """Keep the person's choice (None: follow the browser)."""
    with OrmSession(store.engine) as orm, orm.begin():
        person = orm.get(t.Person, person_id)
        if person is None:
            raise NotFound(f"no person {person_id!r}")
        person.language = language
