"""Sessions run in a browser: the page chooses ids, so every write can be retried safely."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from footwork.core.program import Exercise, Program
from footwork.core.records import EffortOutcome, EffortRecord
from footwork.core.timeline import Timeline, compile_timeline
from footwork.services.care import Later, care_changed
from footwork.services.recording import start_recorded_session
from footwork.store.repository import BROWSER_OWNER, BadTime, NotFound, Store

__all__ = [
    "BadTime",
    "Conflict",
    "finish_session",
    "open_session",
    "record_effort",
    "session_timeline",
]

TIMELINE_CACHE_SIZE = 256
_TIMELINES: dict[tuple[str, tuple[str, ...]], Timeline] = {}


class Conflict(ValueError):
    """A write that clashes with what is stored (an id used for something else)."""


def session_timeline(store: Store, person_id: str, session_id: str) -> Timeline:
    """The timeline a stored session was run with; NotFound unless it is this person's."""
    owner = store.session_owner(session_id)
    if owner is None or owner[0] != person_id:
        raise NotFound(f"no session {session_id!r}")
    return _timeline(store, session_id, owner[1])


def _timeline(store: Store, session_id: str, version_id: str) -> Timeline:
    ids = tuple(p.exercise_id for p in store.session_plan(session_id))
    key = (version_id, ids)  # versions never change, so neither does their timeline
    timeline = _TIMELINES.get(key)
    if timeline is None:
        program = store.program_version(version_id).program
        timeline = compile_timeline([program.exercise(i) for i in ids], program.timing)
        if len(_TIMELINES) >= TIMELINE_CACHE_SIZE:
            _TIMELINES.pop(next(iter(_TIMELINES)))
        _TIMELINES[key] = timeline
    return timeline


SESSION_CACHE_SIZE = 1024
_SESSIONS: weakref.WeakKeyDictionary[Store, dict[str, tuple[str, Timeline]]] = (
    weakref.WeakKeyDictionary()
)
"""Per store, session id -> (person id, timeline): what never changes once a session is opened (its
owner, program version and plan). Whether it is still open, or still there at all, is read
in the write's own transaction, so this cache cannot let a write through that the database
would refuse, whichever process opened or finished the session."""


def _session_for_effort(store: Store, person_id: str, session_id: str) -> Timeline:
    sessions = _SESSIONS.setdefault(store, {})
    known = sessions.get(session_id)
    if known is not None and known[0] == person_id:
        return known[1]
    owner = store.session_owner(session_id)
    if owner is None or owner[0] != person_id:
        raise NotFound(f"no session {session_id!r}")
    timeline = _timeline(store, session_id, owner[1])
    if len(sessions) >= SESSION_CACHE_SIZE:
        sessions.pop(next(iter(sessions)))
    sessions[session_id] = (person_id, timeline)
    return timeline


def open_session(
    store: Store,
    person_id: str,
    program: Program,
    exercises: Sequence[Exercise],
    *,
    session_id: str,
    started_at: datetime,
) -> Timeline:
    """Open the session with the page's id; opening it again changes nothing."""
    if store.session_owner(session_id) is not None:
        return session_timeline(store, person_id, session_id)
    try:
        recorded = start_recorded_session(
            store,
            person_id,
            program,
            exercises,
            now=started_at,
            owner=BROWSER_OWNER,
            session_id=session_id,
        )
    except IntegrityError:  # opened by a retry at the same moment
        return session_timeline(store, person_id, session_id)
    return recorded.timeline


def record_effort(
    store: Store,
    person_id: str,
    session_id: str,
    cue_index: int,
    *,
    effort_id: str,
    outcome: EffortOutcome,
    started_at: datetime,
    ended_at: datetime,
    actual_s: float,
) -> None:
    """Record one effort of the timeline; what it was (exercise, side, rep) comes from the
    stored timeline, never from the page."""
    timeline = _session_for_effort(store, person_id, session_id)
    if not 0 <= cue_index < len(timeline.cues) or timeline.cues[cue_index].kind != "work":
        raise Conflict(f"cue {cue_index} of this session is not an effort")
    cue = timeline.cues[cue_index]
    effort = EffortRecord(
        id=effort_id,
        cue_index=cue_index,
        exercise_id=cue.exercise,
        side=cue.side,
        direction=cue.direction,
        rep=cue.rep or 1,
        outcome=outcome,
        started_at=started_at,
        ended_at=max(ended_at, started_at),
        planned_s=cue.duration_s,
        actual_s=actual_s,
    )
    try:
        status = store.record_open_effort(person_id, session_id, effort)
    except IntegrityError:
        raise Conflict(f"effort id {effort_id!r} is already used") from None
    if status == "missing":
        _SESSIONS.get(store, {}).pop(session_id, None)
        raise NotFound(f"no session {session_id!r}")
    if status != "in_progress":
        if store.has_effort(session_id, effort_id):
            return  # a retry of an effort stored before the finish
        raise Conflict("this session is finished: it takes no more efforts")


def finish_session(
    store: Store,
    person_id: str,
    session_id: str,
    *,
    ended_at: datetime,
    now: datetime,
    later: Later | None = None,
) -> str:
    """Close the session and refresh the care figures (see `care_changed`); BadTime when
    `ended_at` is before its start."""
    session_timeline(store, person_id, session_id)  # the owner check
    status = store.finish_session(session_id, ended_at=ended_at)
    care_changed(store, person_id, now=now, later=later)
    return status
