"""The camera coach in the browser: landmark batches in, the analysis so far out.

The page sends each exercise's leg and foot landmarks in numbered batches (never video). Each
batch is stored once; the whole sequence so far is analysed by the same analyzers as
`footwork analyze`, and the report kept with the session. Parsed frames are cached per
process, keyed by the batch numbers stored, so only batches this process has not seen are
read back from the database: several processes or hosts stay right.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from footwork.core.program import Exercise
from footwork.store.camera import BatchClash, add_batch, batch_numbers, batches, reports_of
from footwork.store.camera import save_report as store_report
from footwork.store.repository import NotFound, Store
from footwork.vision.keypoints import (
    JOINTS,
    Landmark,
    Leg,
    PoseFrame,
    keypoints_from_json,
    keypoints_to_json,
)
from footwork.vision.live import live_status
from footwork.vision.report import to_json

__all__ = ["BatchClash", "CameraRefused", "NotFound", "camera_reports", "record_batch"]

MAX_FRAMES = 36_000
"""Frames kept per exercise of a session: an hour at 10 frames a second."""
CACHE_SIZE = 64


class CameraRefused(ValueError):
    """A batch that cannot be taken; `field` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class _Parsed:
    seqs: tuple[int, ...]
    frames: tuple[PoseFrame, ...]
    """x already in image heights (multiplied by each batch's aspect)."""


_CACHE: OrderedDict[tuple[str, str], _Parsed] = OrderedDict()
_LOCK = threading.Lock()


def frames_text(frames: Sequence[PoseFrame]) -> str:
    """A batch's frames as stored: compact keypoint JSON, the same for the same frames."""
    return json.dumps(keypoints_to_json(frames, aspect=1.0)["frames"], separators=(",", ":"))


def _in_heights(frames: Sequence[PoseFrame], aspect: float) -> list[PoseFrame]:
    """x multiplied by the batch's aspect, so batches of another shape line up."""

    def scaled(point: Landmark | None) -> Landmark | None:
        return None if point is None else Landmark(point.x * aspect, point.y, point.visibility)

    def leg(value: Leg) -> Leg:
        return Leg(**{joint: scaled(value.get(joint)) for joint in JOINTS})

    return [replace(f, left=leg(f.left), right=leg(f.right)) for f in frames]


def _parse(text: str, aspect: float) -> list[PoseFrame]:
    frames, _ = keypoints_from_json(
        {"format": "footwork-keypoints", "aspect": aspect, "frames": json.loads(text)}
    )
    return _in_heights(frames, aspect)


def _frames_so_far(store: Store, session_id: str, exercise_id: str) -> _Parsed:
    """Every stored frame of the exercise, parsing only batches not cached here yet."""
    key = (session_id, exercise_id)
    numbers = tuple(batch_numbers(store, session_id, exercise_id))
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is None or numbers[: len(cached.seqs)] != cached.seqs:
        cached = _Parsed((), ())
    new = numbers[len(cached.seqs) :]
    frames = list(cached.frames)
    if new:
        for batch in batches(store, session_id, exercise_id, seqs=new):
            frames += _parse(batch.frames, batch.aspect)
    parsed = _Parsed(numbers, tuple(frames))
    with _LOCK:
        _CACHE[key] = parsed
        _CACHE.move_to_end(key)
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return parsed


def session_exercise(store: Store, person_id: str, session_id: str, exercise_id: str) -> Exercise:
    """The exercise as the session's program has it; NotFound unless the session is this
    person's, CameraRefused unless the exercise is one of the session's with a camera check."""
    owner = store.session_owner(session_id)
    if owner is None or owner[0] != person_id:
        raise NotFound(f"no session {session_id!r}")
    if exercise_id not in {p.exercise_id for p in store.session_plan(session_id)}:
        raise CameraRefused("exercise_id", "is not one of this session's exercises")
    from footwork.vision.analyzers import ANALYZERS  # NumPy, SciPy: with the first camera call

    if exercise_id not in ANALYZERS:
        raise CameraRefused("exercise_id", "has no camera check")
    return store.program_version(owner[1]).program.exercise(exercise_id)


def record_batch(
    store: Store,
    person_id: str,
    session_id: str,
    exercise_id: str,
    seq: int,
    *,
    frames: Sequence[PoseFrame],
    aspect: float,
    now: datetime,
) -> dict[str, Any]:
    """Store one batch (once) and answer with the live figures and the report so far.

    NotFound for another person's session; CameraRefused for an exercise not in the session
    or too many frames; BatchClash when `seq` was sent before with other landmarks.
    """
    exercise = session_exercise(store, person_id, session_id, exercise_id)
    text = frames_text(frames)
    if seq not in batch_numbers(store, session_id, exercise_id):
        kept = len(_frames_so_far(store, session_id, exercise_id).frames)
        if kept + len(frames) > MAX_FRAMES:
            raise CameraRefused("frames", f"at most {MAX_FRAMES} frames are kept per exercise")
    add_batch(store, session_id, exercise_id, seq, frames=text, aspect=aspect, now=now)
    parsed = _frames_so_far(store, session_id, exercise_id)
    from footwork.vision.analyzers import analyze

    analysis = analyze(exercise_id, parsed.frames, aspect=1.0)
    report = to_json(analysis, exercise)
    store_report(store, session_id, exercise_id, report=report, frames=len(parsed.frames), now=now)
    return {
        "exercise_id": exercise_id,
        "frames": len(parsed.frames),
        "live": live_status(parsed.frames, analysis, exercise).to_json(),
        "report": report,
    }


def camera_reports(store: Store, person_id: str, session_id: str) -> list[dict[str, Any]]:
    """The saved report of each exercise of the person's session; NotFound otherwise."""
    owner = store.session_owner(session_id)
    if owner is None or owner[0] != person_id:
        raise NotFound(f"no session {session_id!r}")
    return [
        {"exercise_id": r.exercise_id, "report": r.report}
        for r in reports_of(store, [session_id]).get(session_id, [])
    ]
