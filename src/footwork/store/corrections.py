"""A person corrects their own entries: each change done and recorded in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session as OrmSession

from footwork.core.records import PainRegion
from footwork.store import tables as t
from footwork.store.repository import NotFound, Store, new_id


@dataclass(frozen=True, slots=True)
class CorrectionEntry:
    at: datetime
    actor: str
    action: str
    old_value: str


def _record(
    orm: OrmSession, person_id: str, *, actor_name: str, action: str, old: str, now: datetime
) -> None:
    orm.add(
        t.Correction(
            id=new_id(),
            person_id=person_id,
            actor_name=actor_name[:80],
            action=action,
            old_value=old[:500],
            at=now,
        )
    )


def _owned(orm: OrmSession, table: type, record_id: str, person_id: str) -> object:
    row = orm.get(table, record_id, with_for_update=True)
    if row is None or getattr(row, "person_id", None) != person_id:
        raise NotFound(f"no such record {record_id!r}")
    return row


def checkin_scores(store: Store, person_id: str, checkin_id: str) -> dict[str, int]:
    """The person's check-in's scores by region; NotFound for another person's."""
    with OrmSession(store.engine) as orm:
        row = orm.get(t.PainCheckin, checkin_id)
        if row is None or row.person_id != person_id:
            raise NotFound(f"no such check-in {checkin_id!r}")
        scores = orm.execute(
            select(t.PainScore.region, t.PainScore.score).where(
                t.PainScore.checkin_id == checkin_id
            )
        ).all()
        return {region: score for region, score in scores}


def change_scores(
    store: Store,
    person_id: str,
    checkin_id: str,
    scores: Mapping[PainRegion, int],
    *,
    actor_name: str,
    old: str,
    now: datetime,
) -> None:
    with OrmSession(store.engine) as orm, orm.begin():
        _owned(orm, t.PainCheckin, checkin_id, person_id)
        orm.execute(delete(t.PainScore).where(t.PainScore.checkin_id == checkin_id))
        orm.add_all(
            t.PainScore(checkin_id=checkin_id, region=region, score=score)
            for region, score in scores.items()
        )
        _record(orm, person_id, actor_name=actor_name, action="changed a pain check-in",
                old=old, now=now)  # fmt: skip


DELETIONS = {
    "checkin": (t.PainCheckin, "deleted a pain check-in"),
    "session": (t.Session, "deleted a session"),
    "balance": (t.BalanceTest, "deleted a balance test"),
}


def delete_record(
    store: Store,
    person_id: str,
    kind: str,
    record_id: str,
    *,
    actor_name: str,
    old: str,
    now: datetime,
) -> None:
    """Delete the person's check-in, session (with its efforts) or balance test."""
    table, action = DELETIONS[kind]
    with OrmSession(store.engine) as orm, orm.begin():
        row = _owned(orm, table, record_id, person_id)
        if kind == "session":
            orm.execute(delete(t.Effort).where(t.Effort.session_id == record_id))
            orm.execute(delete(t.SessionExercise).where(t.SessionExercise.session_id == record_id))
            orm.execute(delete(t.CameraBatch).where(t.CameraBatch.session_id == record_id))
            orm.execute(delete(t.CameraReport).where(t.CameraReport.session_id == record_id))
            orm.execute(
                update(t.PainCheckin)
                .where(t.PainCheckin.session_id == record_id)
                .values(session_id=None)
            )
        if kind == "checkin":
            orm.execute(delete(t.PainScore).where(t.PainScore.checkin_id == record_id))
        orm.delete(row)
        _record(orm, person_id, actor_name=actor_name, action=action, old=old, now=now)
    store.forget_cached()


def corrections_of(store: Store, person_id: str, *, limit: int = 500) -> list[CorrectionEntry]:
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(
                t.Correction.at, t.Correction.actor_name, t.Correction.action,
                t.Correction.old_value,
            )
            .where(t.Correction.person_id == person_id)
            .order_by(t.Correction.at.desc(), t.Correction.id)
            .limit(limit)
        ).all()  # fmt: skip
    return [CorrectionEntry(*row) for row in rows]
