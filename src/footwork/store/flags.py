"""Acknowledged flags: a clinician's note and a local day until which a patient's flag is
quiet. The flag comes back by itself from that day if it is still true (nothing is
deleted: the list only reads acknowledgements that still run)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast, get_args

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as OrmSession

from footwork.core.care import FlagName
from footwork.store import tables as t
from footwork.store.accounts import Account
from footwork.store.clinic import access_event
from footwork.store.repository import Store, new_id

FLAG_WORDS: dict[str, str] = {
    "low_adherence": "adherence",
    "pain_up": "pain",
    "quiet": "no-session",
}


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    flag: FlagName
    note: str
    quiet_until: date
    by: str
    at: datetime


def acknowledge_flag(
    store: Store,
    *,
    person_id: str,
    flag: FlagName,
    note: str,
    quiet_until: date,
    actor: Account,
    now: datetime,
) -> None:
    """Quiet `flag` until `quiet_until` (the patient's local day it may come back on), and
    write it to the patient's access log in the same transaction."""
    with OrmSession(store.engine) as orm, orm.begin():
        orm.add(
            t.FlagAck(
                id=new_id(),
                person_id=person_id,
                flag=flag,
                note=note[:500],
                quiet_until=quiet_until,
                actor_id=actor.id,
                actor_name=actor.username,
                created_at=now,
            )
        )
        orm.add(access_event(person_id, actor, f"acknowledged the {FLAG_WORDS[flag]} flag", now))


def running_acks(
    store: Store, person_ids: Iterable[str], *, today_of: Mapping[str, date]
) -> dict[str, dict[FlagName, Acknowledgement]]:
    """For each patient, the newest acknowledgement of each flag that still runs on their
    local today (`today_of[person_id]`): quiet_until after today."""
    ids = list(person_ids)
    if not ids:
        return {}
    earliest = min(today_of[i] for i in ids)
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(
                t.FlagAck.person_id,
                t.FlagAck.flag,
                t.FlagAck.note,
                t.FlagAck.quiet_until,
                t.FlagAck.actor_name,
                t.FlagAck.created_at,
            )
            .where(t.FlagAck.person_id.in_(ids), t.FlagAck.quiet_until > earliest)
            .order_by(t.FlagAck.created_at)
        ).all()
    result: dict[str, dict[FlagName, Acknowledgement]] = {}
    for person_id, flag, note, until, by, at in rows:
        if until > today_of[person_id] and flag in get_args(FlagName):
            name = cast(FlagName, flag)
            result.setdefault(person_id, {})[name] = Acknowledgement(name, note, until, by, at)
    return result


def digested(store: Store, clinician_id: str) -> set[tuple[str, str]]:
    """The (patient, flag) pairs the clinician's last digest named or found already known."""
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(t.DigestSent.person_id, t.DigestSent.flag).where(
                t.DigestSent.clinician_id == clinician_id
            )
        ).all()
    return {(row[0], row[1]) for row in rows}


def save_digested(
    store: Store, clinician_id: str, pairs: Iterable[tuple[str, str]], *, now: datetime
) -> None:
    """Replace the clinician's known flags: one that clears and comes back is new again."""
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(delete(t.DigestSent).where(t.DigestSent.clinician_id == clinician_id))
        orm.add_all(
            t.DigestSent(clinician_id=clinician_id, person_id=p, flag=f, sent_at=now)
            for p, f in sorted(set(pairs))
        )
