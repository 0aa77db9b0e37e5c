"""`add_account`, the service behind `footwork account add` (and the tests' accounts): a
patient's account comes with a person record, a clinic's staff have none, and a refusal
writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from footwork.services.accounts import add_account
from footwork.store.accounts import AccountError, account_by_name
from footwork.store.repository import Store

NOW = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
STRONG = "tulip orbit 42 lantern"


def test_a_patient_gets_a_person_and_staff_get_none(store: Store) -> None:
    patient = add_account(
        store, username="robin", password=STRONG, role="patient",
        display_name="Robin Example", timezone="Europe/Berlin", now=NOW,
    )  # fmt: skip
    assert patient.role == "patient" and patient.person_id is not None
    person = store.get_person(patient.person_id)
    assert (person.display_name, person.timezone) == ("Robin Example", "Europe/Berlin")
    plain = add_account(store, username="sam", password=STRONG, role="patient", now=NOW)
    assert plain.person_id is not None
    assert store.get_person(plain.person_id).display_name == "sam"  # the user name by default
    for role in ("clinician", "admin"):
        staff = add_account(store, username=f"dr-{role}", password=STRONG, role=role, now=NOW)
        assert (staff.role, staff.person_id) == (role, None)
    assert len(store.people()) == 2


def test_a_refused_name_or_password_writes_nothing(store: Store) -> None:
    with pytest.raises(AccountError, match="too easy to guess"):
        add_account(store, username="ana", password="aaaaaaaaaa", role="patient", now=NOW)
    with pytest.raises(AccountError, match="user name"):
        add_account(store, username="p\u0430t", password=STRONG, role="patient", now=NOW)
    assert store.people() == [] and account_by_name(store, "ana") is None
