"""A person's chosen language (people.language), and a clinician's or admin's
(accounts.language)."""

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


def account_language(store: Store, account_id: str) -> str | None:
    """The language a clinician or admin chose on their account page, or None (browser)."""
    with OrmSession(store.engine) as orm:
        account = orm.get(t.Account, account_id)
        return None if account is None else account.language


def set_account_language(store: Store, account_id: str, language: str | None) -> None:
    """Keep a clinician's or admin's choice (None: follow the browser)."""
    with OrmSession(store.engine) as orm, orm.begin():
        account = orm.get(t.Account, account_id)
        if account is None:
            raise NotFound(f"no account {account_id!r}")
        account.language = language
