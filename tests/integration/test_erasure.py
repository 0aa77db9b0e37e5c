"""Erasing a person: no row of theirs is left in any table, another person's rows stay, and
a table added later with a reference to a person cannot be forgotten by the erasure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession

from footwork.services.erasure import (
    ErasureRefused,
    NotFound,
    decide_erasure,
    default_keep_until,
    erase_due,
    erase_person,
)
from footwork.store import tables as t
from footwork.store.accounts import Account, create_account
from footwork.store.database import ensure_schema, make_engine
from footwork.store.erasure import NOT_PERSONAL, PLAN, SELF, Who
from footwork.store.repository import Store
from tests.fill import T0, counts_of, fill_patient, fill_records

PASSWORD = "a long enough password"


@pytest.fixture
def store(database_url):
    engine = make_engine(database_url)
    ensure_schema(engine)
    yield Store(engine)
    engine.dispose()


def personal_tables() -> set[str]:
    """Tables that reach `people` or `accounts` through their foreign keys, however deep."""
    reaching = {"people", "accounts"}
    grew = True
    while grew:
        grew = False
        for table in t.Base.metadata.tables.values():
            if table.name in reaching:
                continue
            targets = {fk.column.table.name for fk in table.foreign_keys}
            named = any("person" in c.name or "patient" in c.name for c in table.columns)
            if targets & reaching or named:
                reaching.add(table.name)
                grew = True
    return reaching


def test_every_table_that_refers_to_a_person_is_erased_or_explained():
    planned = {step.table.__tablename__ for step in PLAN}
    forgotten = personal_tables() - planned - set(NOT_PERSONAL)
    assert forgotten == set(), f"add these tables to store/erasure.py PLAN: {forgotten}"
    assert set(NOT_PERSONAL) <= set(t.Base.metadata.tables)
    # Children come before their parents in the plan, so each count is that kind's rows.
    order = [step.table.__tablename__ for step in PLAN]
    for table in t.Base.metadata.tables.values():
        for fk in table.foreign_keys:
            parent = fk.column.table.name
            if table.name in order and parent in order and parent != table.name:
                assert order.index(table.name) < order.index(parent), (table.name, parent)


def test_the_metadata_walk_notices_a_new_table():
    metadata = sa.MetaData()
    for table in t.Base.metadata.tables.values():
        table.to_metadata(metadata)
    sa.Table(
        "new_notes",
        metadata,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("owner", sa.String(36), sa.ForeignKey("people.id")),
    )
    original = t.Base.metadata
    try:
        t.Base.metadata = metadata  # type: ignore[misc]
        assert "new_notes" in personal_tables()
    finally:
        t.Base.metadata = original  # type: ignore[misc]


def values_left(store: Store, ids: set[str]) -> list[tuple[str, str]]:
    """(table, column) of every stored value equal to one of `ids`, in every table."""
    found = []
    with store.engine.connect() as connection:
        for table in t.Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, sa.String):
                    continue
                hit = connection.execute(
                    sa.select(sa.func.count()).select_from(table).where(column.in_(ids))
                ).scalar_one()
                if hit:
                    found.append((table.name, column.name))
    return found


def clinic(store: Store) -> tuple[Account, Account]:
    ada = create_account(store, username="dr-ada", password=PASSWORD, role="clinician",
                         person_id=None, now=T0)  # fmt: skip
    bo = create_account(store, username="dr-bo", password=PASSWORD, role="clinician",
                        person_id=None, now=T0)  # fmt: skip
    return ada, bo


def test_erasing_a_patient_leaves_no_row_of_theirs_and_keeps_everyone_elses(store):
    ada, _ = clinic(store)
    gone, gone_account = fill_patient(store, ada, "Gone")
    kept, kept_account = fill_patient(store, ada, "Kept")
    gone_who = Who(gone, (gone_account.id,))
    kept_who = Who(kept, (kept_account.id,))
    before = counts_of(store, gone_who)
    empty = {name for name, count in before.items() if count == 0}
    # the digest row is replaced per clinician: only the last patient's pair stays
    assert empty <= {"digest_sent"}, f"the fill misses {empty}"
    others = counts_of(store, kept_who)

    report = erase_person(store, gone, now=T0 + timedelta(days=9), actor=ada)

    assert counts_of(store, gone_who) == dict.fromkeys(before, 0)
    assert values_left(store, {gone, gone_account.id, gone_account.username}) == []
    assert counts_of(store, kept_who) == others
    assert report.counts()["sessions"] == 2
    assert report.counts()["efforts"] == 4
    assert report.counts()["people"] == 1
    assert report.counts()["messages"] == 2
    assert report.summary().startswith(
        "2 message read marks, 2 messages, 4 efforts, 2 planned exercises, 2 pain scores"
    )
    with OrmSession(store.engine) as orm:
        (erasure,) = orm.scalars(sa.select(t.Erasure)).all()
    assert (erasure.actor_id, erasure.actor_name) == (ada.id, "dr-ada")
    assert erasure.erased_at == T0 + timedelta(days=9)
    # the clinicians themselves are untouched
    with OrmSession(store.engine) as orm:
        assert orm.scalar(sa.select(sa.func.count()).select_from(t.Account)) == 3


def test_a_self_erasure_keeps_no_user_name(store):
    person = store.personal_person(now=T0, timezone="UTC")
    fill_records(store, person.id)
    me = create_account(store, username="ana", password=PASSWORD, role="owner",
                        person_id=person.id, now=T0)  # fmt: skip
    erase_person(store, person.id, now=T0, actor=me)
    with OrmSession(store.engine) as orm:
        (erasure,) = orm.scalars(sa.select(t.Erasure)).all()
    assert (erasure.actor_id, erasure.actor_name) == (None, SELF)
    assert values_left(store, {person.id, me.id, "ana"}) == []


def test_an_unknown_person_or_a_clinician_is_refused_and_nothing_changes(store):
    ada, _ = clinic(store)
    with pytest.raises(NotFound):
        erase_person(store, "nobody", now=T0, actor=None)
    person = store.personal_person(now=T0, timezone="UTC")
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(sa.update(t.Account).where(t.Account.id == ada.id).values(person_id=person.id))
    with pytest.raises(ErasureRefused):
        erase_person(store, person.id, now=T0, actor=None)
    assert store.get_person(person.id).id == person.id
    with OrmSession(store.engine) as orm:
        assert orm.scalars(sa.select(t.Erasure)).all() == []


def test_a_kept_record_is_erased_when_its_date_comes(store):
    ada, _ = clinic(store)
    gone, account = fill_patient(store, ada, "Gone")  # the fill asked for erasure at T0
    kept, _ = fill_patient(store, ada, "Kept")
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(sa.delete(t.ErasureRequest).where(t.ErasureRequest.person_id == kept))
    assert default_keep_until(T0.date()) == date(2036, 3, 2)
    assert default_keep_until(date(2028, 2, 29)) == date(2038, 2, 28)
    keep = date(2027, 1, 1)
    assert decide_erasure(store, gone, clinician=ada, keep_until_day=keep, now=T0) is None
    with pytest.raises(NotFound):  # no request from Kept
        decide_erasure(store, kept, clinician=ada, keep_until_day=None, now=T0)
    assert erase_due(store, today=date(2026, 12, 31), now=T0) == []
    assert store.get_person(gone).id == gone
    (report,) = erase_due(store, today=keep, now=T0 + timedelta(days=300))
    assert report.counts()["people"] == 1
    assert values_left(store, {gone, account.id, account.username}) == []
    assert store.get_person(kept).id == kept
    with OrmSession(store.engine) as orm:
        (erasure,) = orm.scalars(sa.select(t.Erasure)).all()
    assert erasure.requested_at == T0
    assert "dr-ada" in erasure.actor_name
