"""The message store on both databases: unread counts per reader for a page of patients in
one grouped query, read marks that only move forward, and attachments checked by owner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from footwork.core.records import PainCheckin
from footwork.store.accounts import create_account
from footwork.store.clinic import add_patient
from footwork.store.messages import add_message, belongs_to, mark_read, thread, unread_counts

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PASSWORD = "a long enough password"


def test_unread_counts_per_reader_in_one_query(store):
    ada = create_account(store, username="dr-ada", password=PASSWORD, role="clinician",
                         person_id=None, now=T0)  # fmt: skip
    bo = create_account(store, username="dr-bo", password=PASSWORD, role="clinician",
                        person_id=None, now=T0)  # fmt: skip
    one = add_patient(store, clinician=ada, display_name="One", timezone="UTC", now=T0).id
    two = add_patient(store, clinician=ada, display_name="Two", timezone="UTC", now=T0).id
    quiet = add_patient(store, clinician=ada, display_name="Quiet", timezone="UTC", now=T0).id
    for minute, (person, side) in enumerate(
        [(one, "patient"), (one, "patient"), (one, "clinician"), (two, "patient")]
    ):
        add_message(store, person_id=person, side=side, author_id=None, author_name="x",  # type: ignore[arg-type]
                    body=f"m{minute}", now=T0 + timedelta(minutes=minute))  # fmt: skip
    mark_read(store, person_id=one, reader_id=ada.id, until=T0)  # ada saw the first only

    statements: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    sa.event.listen(store.reader, "before_cursor_execute", record)
    try:
        counts = unread_counts(store, [one, two, quiet], reader_id=ada.id, from_side="patient")
    finally:
        sa.event.remove(store.reader, "before_cursor_execute", record)
    assert counts == {one: 1, two: 1}  # nothing for the quiet one
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert unread_counts(store, [one, two], reader_id=bo.id, from_side="patient") == {
        one: 2,
        two: 1,
    }
    assert unread_counts(store, [], reader_id=bo.id, from_side="patient") == {}

    mark_read(store, person_id=one, reader_id=ada.id, until=T0 + timedelta(minutes=3))
    mark_read(store, person_id=one, reader_id=ada.id, until=T0)  # an older page: no step back
    assert unread_counts(store, [one], reader_id=ada.id, from_side="patient") == {}
    assert [m.body for m in thread(store, one)] == ["m0", "m1", "m2"]
    assert [m.body for m in thread(store, one, limit=2)] == ["m1", "m2"]


def test_an_attachment_belongs_to_its_owner_only(store):
    ada = create_account(store, username="dr-ada", password=PASSWORD, role="clinician",
                         person_id=None, now=T0)  # fmt: skip
    one = add_patient(store, clinician=ada, display_name="One", timezone="UTC", now=T0).id
    two = add_patient(store, clinician=ada, display_name="Two", timezone="UTC", now=T0).id
    checkin = PainCheckin(id="0" * 8 + "-0000-0000-0000-" + "0" * 12, recorded_at=T0,
                          scores={"back": 2})  # fmt: skip
    store.add_pain(one, checkin)
    assert belongs_to(store, one, "checkin", checkin.id)
    assert not belongs_to(store, two, "checkin", checkin.id)
    assert not belongs_to(store, one, "session", checkin.id)  # not a session at all
