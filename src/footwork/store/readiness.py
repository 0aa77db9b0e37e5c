"""Readiness answers in and out of the database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from footwork.core.readiness import ReadinessCheck
from footwork.store import tables as t
from footwork.store.repository import Store


def add_readiness(store: Store, person_id: str, check: ReadinessCheck) -> None:
    with OrmSession(store.engine) as orm, orm.begin():
        orm.add(
            t.ReadinessCheck(
                id=check.id,
                person_id=person_id,
                answered_at=check.answered_at,
                answers=dict(check.answers),
                level=check.verdict.level,
            )
        )


def latest_readiness(store: Store, person_id: str) -> ReadinessCheck | None:
    """The person's most recent answers, or None when they never answered."""
    with OrmSession(store.reader) as orm:
        row = orm.scalars(
            select(t.ReadinessCheck)
            .where(t.ReadinessCheck.person_id == person_id)
            .order_by(t.ReadinessCheck.answered_at.desc(), t.ReadinessCheck.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        return ReadinessCheck(
            id=row.id,
            answered_at=row.answered_at,
            answers={k: bool(v) for k, v in row.answers.items()},
        )
