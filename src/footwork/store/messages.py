"""A patient's message thread and each reader's read mark."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, and_, func, select, update
from sqlalchemy.orm import Session as OrmSession

from footwork.core.messages import AttachmentKind, Message, Side
from footwork.core.records import MessageRecord
from footwork.store import tables as t
from footwork.store.accounts import Account
from footwork.store.repository import Store, new_id
from footwork.store.upsert import insert_for

THREAD_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Attachable:
    """A record the patient may attach: what it is, its id, and when it was."""

    kind: AttachmentKind
    id: str
    at: datetime


def _message(row: Any) -> Message:
    attachment: tuple[AttachmentKind, str] | None = None
    if row.session_id:
        attachment = ("session", row.session_id)
    elif row.checkin_id:
        attachment = ("checkin", row.checkin_id)
    return Message(
        id=row.id,
        person_id=row.person_id,
        side=cast(Side, row.side),
        author_name=row.author_name,
        body=row.body,
        created_at=row.created_at,
        attachment=attachment,
    )


def _insert(store: Store, table: Any) -> Any:
    return insert_for(store.engine.dialect.name, table)


def patient_account(store: Store, person_id: str) -> Account | None:
    """The person's own account (a patient's, once they joined): their read mark's key, also
    when they come with an API token made before accounts held tokens."""
    with store.reader.connect() as connection:
        row = connection.execute(
            select(t.Account.id, t.Account.username).where(t.Account.person_id == person_id)
        ).first()
    return Account(row[0], row[1], "patient", person_id) if row else None


def belongs_to(store: Store, person_id: str, kind: AttachmentKind, record_id: str) -> bool:
    """Whether the session or pain check-in `record_id` is the person's own."""
    table: Any = t.Session if kind == "session" else t.PainCheckin
    with store.reader.connect() as connection:
        owner = connection.scalar(select(table.person_id).where(table.id == record_id))
    return owner == person_id


def add_message(
    store: Store,
    *,
    person_id: str,
    side: Side,
    author_id: str | None,
    author_name: str,
    body: str,
    now: datetime,
    attachment: tuple[AttachmentKind, str] | None = None,
    client_key: str | None = None,
) -> tuple[Message, bool]:
    """Store a message (its body already cleaned); with a `client_key` this thread has seen,
    nothing is stored and the message stored then is returned. Whether it is new."""
    kind, record = attachment or (None, None)
    values = {
        "id": new_id(),
        "person_id": person_id,
        "side": side,
        "author_id": author_id,
        "author_name": author_name[:80],
        "body": body,
        "created_at": now,
        "session_id": record if kind == "session" else None,
        "checkin_id": record if kind == "checkin" else None,
        "client_key": client_key,
    }
    statement = (
        _insert(store, t.Message)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["person_id", "client_key"])
        .returning(t.Message.id)
    )
    with OrmSession(store.engine) as orm, orm.begin():
        written = orm.execute(statement).first() is not None
        if not written:
            row = orm.scalars(
                select(t.Message).where(
                    t.Message.person_id == person_id, t.Message.client_key == client_key
                )
            ).one()
            return _message(row), False
    return _message(t.Message(**values)), True


def thread(store: Store, person_id: str, *, limit: int = THREAD_LIMIT) -> list[Message]:
    """The thread's newest `limit` messages, oldest first (newest at the bottom)."""
    with OrmSession(store.reader) as orm:
        rows = orm.scalars(
            select(t.Message)
            .where(t.Message.person_id == person_id)
            .order_by(t.Message.created_at.desc(), t.Message.id.desc())
            .limit(limit)
        ).all()
        return [_message(row) for row in reversed(rows)]


def mark_read(store: Store, *, person_id: str, reader_id: str, until: datetime) -> None:
    """Move the reader's mark forward to `until` (the newest message they were shown)."""
    table = t.MessageRead.__table__
    statement = (
        _insert(store, table)
        .values(person_id=person_id, reader_id=reader_id, read_until=until)
        .on_conflict_do_nothing(index_elements=["person_id", "reader_id"])
    )
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(statement)
        orm.execute(
            update(t.MessageRead)
            .where(
                t.MessageRead.person_id == person_id,
                t.MessageRead.reader_id == reader_id,
                t.MessageRead.read_until < until,
            )
            .values(read_until=until)
        )


def unread_counts(
    store: Store, person_ids: Iterable[str], *, reader_id: str, from_side: Side
) -> dict[str, int]:
    """For each of `person_ids`, how many messages from `from_side` the reader has not seen:
    one grouped query for a whole page of patients."""
    ids = list(person_ids)
    if not ids:
        return {}
    mark = and_(
        t.MessageRead.person_id == t.Message.person_id, t.MessageRead.reader_id == reader_id
    )
    statement = (
        select(t.Message.person_id, func.count())
        .select_from(t.Message)
        .outerjoin(t.MessageRead, mark)
        .where(
            t.Message.person_id.in_(ids),
            t.Message.side == from_side,
            (t.MessageRead.read_until.is_(None))
            | (t.Message.created_at > t.MessageRead.read_until),
        )
        .group_by(t.Message.person_id)
    )
    with store.reader.connect() as connection:
        return {person_id: count for person_id, count in connection.execute(statement).all()}


def attachables(store: Store, person_id: str) -> list[Attachable]:
    """The person's last session and last pain check-in, those they have."""
    found: list[Attachable] = []
    with store.reader.connect() as connection:
        session = connection.execute(
            select(t.Session.id, t.Session.started_at)
            .where(t.Session.person_id == person_id)
            .order_by(t.Session.started_at.desc())
            .limit(1)
        ).first()
        checkin = connection.execute(
            select(t.PainCheckin.id, t.PainCheckin.recorded_at)
            .where(t.PainCheckin.person_id == person_id)
            .order_by(t.PainCheckin.recorded_at.desc())
            .limit(1)
        ).first()
    if session:
        found.append(Attachable("session", session[0], session[1]))
    if checkin:
        found.append(Attachable("checkin", checkin[0], checkin[1]))
    return found


def attachment_times(store: Store, messages: Iterable[Message]) -> dict[str, datetime]:
    """When each attached session started or check-in was recorded, by record id."""
    sessions = [m.attachment[1] for m in messages if m.attachment and m.attachment[0] == "session"]
    checkins = [m.attachment[1] for m in messages if m.attachment and m.attachment[0] == "checkin"]
    times: dict[str, datetime] = {}
    with OrmSession(store.reader) as orm:
        if sessions:
            for row in orm.scalars(select(t.Session).where(t.Session.id.in_(sessions))):
                times[row.id] = row.started_at
        if checkins:
            for checkin in orm.scalars(select(t.PainCheckin).where(t.PainCheckin.id.in_(checkins))):
                times[checkin.id] = checkin.recorded_at
    return times


def message_records(store: Store, person_id: str) -> list[MessageRecord]:
    """Every message of the person's thread, oldest first, as the export carries them."""
    with store.reader.connect() as connection:
        return messages_read(connection, person_id)


def messages_read(connection: Connection, person_id: str) -> list[MessageRecord]:
    """The same through `connection` (the streamed export reads them in its snapshot)."""
    rows = connection.execute(
        select(t.Message)
        .where(t.Message.person_id == person_id)
        .order_by(t.Message.created_at, t.Message.id)
    ).all()
    return [
        MessageRecord(
            id=row.id,
            side=cast(Side, row.side),
            author_name=row.author_name,
            body=row.body,
            created_at=row.created_at,
            session_id=row.session_id,
            checkin_id=row.checkin_id,
        )
        for row in rows
    ]


def message_row(person_id: str, record: MessageRecord) -> dict[str, Any]:
    """A messages row for an imported message: its author's account is not carried over."""
    return {
        "id": record.id,
        "person_id": person_id,
        "side": record.side,
        "author_id": None,
        "author_name": record.author_name,
        "body": record.body,
        "created_at": record.created_at,
        "session_id": record.session_id,
        "checkin_id": record.checkin_id,
        "client_key": None,
    }
