"""Record a running session: every effort committed the moment it ends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from footwork.core.program import Exercise, Program
from footwork.core.records import EffortRecord, PlannedExercise
from footwork.core.timeline import Timeline, compile_timeline
from footwork.player.events import CueEnded, CueStarted, Event, SessionEnded
from footwork.store.repository import Store, new_id


@dataclass(frozen=True, slots=True)
class RecordedSession:
    session_id: str
    program_version_id: str
    timeline: Timeline


def start_recorded_session(
    store: Store,
    person_id: str,
    program: Program,
    exercises: Sequence[Exercise],
    *,
    now: datetime,
    owner: str | None,
    session_id: str | None = None,
) -> RecordedSession:
    """Tie the session to the program version in force, and open it in the store."""
    version = store.follow_program(person_id, program, now=now)
    timeline = compile_timeline(exercises, program.timing)
    plan = [PlannedExercise(exercise_id=e.id, planned_efforts=e.dose.efforts) for e in exercises]
    session_id = store.start_session(
        person_id,
        program_version_id=version.id,
        plan=plan,
        started_at=now,
        owner=owner,
        session_id=session_id,
    )
    return RecordedSession(session_id, version.id, timeline)


class WallClock:
    """Turns the player's monotonic moments into wall-clock times, from one reading of each."""

    def __init__(self, *, wall_now: datetime, monotonic_now: float) -> None:
        self._wall = wall_now
        self._mono = monotonic_now

    def __call__(self, moment: float) -> datetime:
        return self._wall + timedelta(seconds=moment - self._mono)


class RecordingSink:
    """Writes each effort as it ends, and closes the session when the player stops."""

    def __init__(self, store: Store, session_id: str, to_wall: Callable[[float], datetime]) -> None:
        self._store = store
        self._session_id = session_id
        self._to_wall = to_wall
        self._started: dict[int, float] = {}
        self.status: str | None = None

    def emit(self, event: Event) -> None:
        if isinstance(event, CueStarted):
            self._started[event.index] = event.at
        elif (
            isinstance(event, CueEnded)
            and event.cue.kind == "work"
            and event.outcome != "restarted"
        ):
            cue = event.cue
            self._store.record_effort(
                self._session_id,
                EffortRecord(
                    id=new_id(),
                    cue_index=event.index,
                    exercise_id=cue.exercise,
                    side=cue.side,
                    direction=cue.direction,
                    rep=cue.rep or 1,
                    outcome=event.outcome,
                    started_at=self._to_wall(self._started.get(event.index, event.at)),
                    ended_at=self._to_wall(event.at),
                    planned_s=cue.duration_s,
                    actual_s=round(event.active_s, 3),
                ),
            )
        elif isinstance(event, SessionEnded):
            self.status = self._store.finish_session(
                self._session_id, ended_at=self._to_wall(event.at)
            )
