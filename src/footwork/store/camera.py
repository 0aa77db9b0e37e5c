"""Camera landmark batches and the latest camera report per exercise of a session."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from footwork.store import tables as t
from footwork.store.repository import Store


class BatchClash(ValueError):
    """A batch number already stored with other landmarks."""


@dataclass(frozen=True, slots=True)
class StoredBatch:
    seq: int
    frames: str
    aspect: float


@dataclass(frozen=True, slots=True)
class SavedReport:
    session_id: str
    exercise_id: str
    report: dict[str, Any]
    frames: int
    updated_at: datetime


def add_batch(
    store: Store,
    session_id: str,
    exercise_id: str,
    seq: int,
    *,
    frames: str,
    aspect: float,
    now: datetime,
) -> bool:
    """Store a batch once: True when new, False when the same batch was stored before;
    BatchClash when that number was stored with other landmarks."""
    try:
        with OrmSession(store.engine) as orm, orm.begin():
            orm.add(
                t.CameraBatch(
                    session_id=session_id,
                    exercise_id=exercise_id,
                    seq=seq,
                    frames=frames,
                    aspect=aspect,
                    received_at=now,
                )
            )
    except IntegrityError:
        with OrmSession(store.engine) as orm:
            row = orm.get(t.CameraBatch, (session_id, exercise_id, seq))
            if row is None:
                raise
            if row.frames != frames or row.aspect != aspect:
                raise BatchClash(
                    f"batch {seq} of {exercise_id} was already sent with other landmarks"
                ) from None
        return False
    return True


def batch_numbers(store: Store, session_id: str, exercise_id: str) -> list[int]:
    """The numbers of the batches stored for one exercise, in order."""
    with OrmSession(store.engine) as orm:
        return list(
            orm.scalars(
                select(t.CameraBatch.seq)
                .where(
                    t.CameraBatch.session_id == session_id,
                    t.CameraBatch.exercise_id == exercise_id,
                )
                .order_by(t.CameraBatch.seq)
            )
        )


def batches(
    store: Store, session_id: str, exercise_id: str, *, seqs: Iterable[int] | None = None
) -> list[StoredBatch]:
    """Stored batches of one exercise in order; only those numbered `seqs` when given."""
    query = select(t.CameraBatch).where(
        t.CameraBatch.session_id == session_id, t.CameraBatch.exercise_id == exercise_id
    )
    if seqs is not None:
        query = query.where(t.CameraBatch.seq.in_(list(seqs)))
    with OrmSession(store.engine) as orm:
        return [
            StoredBatch(row.seq, row.frames, row.aspect)
            for row in orm.scalars(query.order_by(t.CameraBatch.seq))
        ]


def all_batches(store: Store, session_id: str) -> list[tuple[str, StoredBatch]]:
    """Every stored batch of a session as (exercise id, batch), for the export."""
    with OrmSession(store.engine) as orm:
        rows = orm.scalars(
            select(t.CameraBatch)
            .where(t.CameraBatch.session_id == session_id)
            .order_by(t.CameraBatch.exercise_id, t.CameraBatch.seq)
        )
        return [(r.exercise_id, StoredBatch(r.seq, r.frames, r.aspect)) for r in rows]


def save_report(
    store: Store,
    session_id: str,
    exercise_id: str,
    *,
    report: dict[str, Any],
    frames: int,
    now: datetime,
) -> None:
    """Keep `report` as the latest for the exercise, unless a report of more frames is kept
    (another process answered a later batch first)."""
    text = json.dumps(report, separators=(",", ":"), sort_keys=True)
    with OrmSession(store.engine) as orm, orm.begin():
        row = orm.get(t.CameraReport, (session_id, exercise_id), with_for_update=True)
        if row is None:
            orm.add(
                t.CameraReport(
                    session_id=session_id,
                    exercise_id=exercise_id,
                    report=text,
                    frames=frames,
                    updated_at=now,
                )
            )
        elif frames >= row.frames:
            row.report, row.frames, row.updated_at = text, frames, now


def reports_of(store: Store, session_ids: Sequence[str]) -> dict[str, list[SavedReport]]:
    """The saved reports of each of `session_ids` (those with none are left out)."""
    out: dict[str, list[SavedReport]] = {}
    if not session_ids:
        return out
    with OrmSession(store.engine) as orm:
        for start in range(0, len(session_ids), 500):
            rows = orm.scalars(
                select(t.CameraReport)
                .where(t.CameraReport.session_id.in_(list(session_ids[start : start + 500])))
                .order_by(t.CameraReport.session_id, t.CameraReport.exercise_id)
            )
            for row in rows:
                out.setdefault(row.session_id, []).append(
                    SavedReport(
                        row.session_id,
                        row.exercise_id,
                        json.loads(row.report),
                        row.frames,
                        row.updated_at,
                    )
                )
    return out
