"""What a video showed, as the efforts of a recorded session. Pure: ids and times come in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from footwork.core.records import EffortRecord
from footwork.core.timeline import Timeline
from footwork.vision.results import Analysis, Effort


@dataclass(frozen=True, slots=True)
class SessionEfforts:
    records: tuple[EffortRecord, ...]
    extra: tuple[Effort, ...]
    """Efforts beyond the dose, which have no step in the session to go to."""


def session_efforts(
    analysis: Analysis,
    timeline: Timeline,
    *,
    video_started_at: datetime,
    new_id: Callable[[], str],
) -> SessionEfforts:
    """Give each effort seen the session step of its side and direction, in order.

    Steps the video showed nothing for are left out, so the session comes out partial; each
    record keeps the seconds actually seen, which may fall short of the dose.
    """
    waiting: dict[tuple[str | None, str | None], list[Effort]] = {}
    for effort in analysis.efforts:
        if effort.kind != "still":
            waiting.setdefault((effort.side, effort.direction), []).append(effort)
    records = []
    for index, cue in enumerate(timeline.cues):
        if cue.kind != "work":
            continue
        queue = waiting.get((cue.side, cue.direction))
        if not queue:
            continue
        effort = queue.pop(0)
        records.append(
            EffortRecord(
                id=new_id(),
                cue_index=index,
                exercise_id=cue.exercise,
                side=cue.side,
                direction=cue.direction,
                rep=cue.rep or 1,
                outcome="done",
                started_at=video_started_at + timedelta(seconds=effort.start_s),
                ended_at=video_started_at + timedelta(seconds=effort.end_s),
                planned_s=cue.duration_ms / 1000,
                actual_s=round(effort.duration_s, 3),
            )
        )
    extra = tuple(sorted((e for queue in waiting.values() for e in queue), key=lambda e: e.start_s))
    return SessionEfforts(tuple(records), extra)
