"""Accounts made by hand (`footwork account add`): a patient gets a person record of their own."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from footwork.core.records import Person
from footwork.store.accounts import Account, check_credentials, create_account
from footwork.store.repository import Store, new_id


def add_account(
    store: Store,
    *,
    username: str,
    password: str,
    role: Literal["patient", "clinician", "admin"],
    display_name: str | None = None,
    timezone: str = "UTC",
    now: datetime,
) -> Account:
    """Create an account; a patient's comes with a person record named `display_name` (or
    the user name) in `timezone`. A name or password the rules refuse raises AccountError
    before anything is written."""
    check_credentials(username, password)
    person_id = None
    if role == "patient":
        person = Person(id=new_id(), display_name=display_name or username, timezone=timezone)
        store.add_person(person, now=now)
        person_id = person.id
    return create_account(
        store, username=username, password=password, role=role, person_id=person_id, now=now
    )
