"""The JSON documents that the CLI's --json and the web API both give, built in one place."""

from __future__ import annotations

from collections.abc import Sequence

from footwork.core.records import BalanceTest, PainCheckin
from footwork.core.schedule import Today
from footwork.store.history import SessionSummary


def today_document(status: Today) -> dict[str, object]:
    return {
        "day": status.day.isoformat(),
        "due_now": status.due_now(),
        "occurrences": [
            {
                "exercise": s.occurrence.exercise_id,
                "slot": s.occurrence.slot,
                "start": s.occurrence.start.isoformat(),
                "end": s.occurrence.end.isoformat(),
                "state": s.state,
                "credit": round(s.credit, 4),
            }
            for s in status.occurrences
        ],
        "weeks": [
            {
                "exercise": w.exercise_id,
                "week_of": w.week_of.isoformat(),
                "done": w.done,
                "target": w.target,
                "target_max": w.target_max,
                "met": w.met,
            }
            for w in status.weeks
        ],
    }


def history_document(
    sessions: Sequence[SessionSummary],
    pain: Sequence[PainCheckin],
    balance: Sequence[BalanceTest],
) -> dict[str, object]:
    return {
        "sessions": [
            {
                "id": s.id,
                "started_at": s.started_at.isoformat(),
                "ended_at": s.ended_at.isoformat() if s.ended_at else None,
                "status": s.status,
                "exercises": list(s.exercises),
                "planned": s.planned,
                "done": s.done,
                "skipped": s.skipped,
                "active_s": round(s.active_s, 3),
            }
            for s in sessions
        ],
        "pain": [c.model_dump(mode="json") for c in pain],
        "balance": [b.model_dump(mode="json") for b in balance],
    }
