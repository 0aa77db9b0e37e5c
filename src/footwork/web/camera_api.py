"""The camera coach's API: the player's landmark batches in, live figures and the report out.

Only leg and foot landmarks arrive here, never video; the analysis is the same as
`footwork analyze` (see services/camera.py and docs/camera.md).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, field_validator

from footwork.core.language import Translator
from footwork.services import camera
from footwork.vision.keypoints import Landmark, Leg, PoseFrame
from footwork.web.api import ERRORS, EXERCISE_ID_PATTERN, Person, SessionId
from footwork.web.language import translator_for
from footwork.web.pages import store_of
from footwork.web.security import check_csrf

router = APIRouter(prefix="/api", dependencies=[Depends(check_csrf)], responses=ERRORS)

MAX_FRAMES_PER_BATCH = 300
Coordinate = Annotated[StrictFloat, Field(ge=-1, le=2, allow_inf_nan=False)]
Visibility = Annotated[StrictFloat, Field(ge=0, le=1, allow_inf_nan=False)]
Point = tuple[Coordinate, Coordinate, Visibility]
"""[x, y, visibility]: x and y normalised to the picture (a little outside 0..1 is fine)."""
Seq = Annotated[int, Path(ge=0, le=100_000)]
ExercisePath = Annotated[str, Path(min_length=1, max_length=64, pattern=EXERCISE_ID_PATTERN)]


class LegIn(BaseModel):
    """One leg's landmarks; a joint left out was not seen."""

    model_config = ConfigDict(extra="forbid")

    ankle: Point | None = None
    heel: Point | None = None
    toe: Point | None = None
    knee: Point | None = None
    hip: Point | None = None

    def value(self) -> Leg:
        return Leg(
            **{
                joint: None if (p := getattr(self, joint)) is None else Landmark(*p)
                for joint in ("ankle", "heel", "toe", "knee", "hip")
            }
        )


class FrameIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    t: Annotated[StrictFloat, Field(ge=0, le=86_400, allow_inf_nan=False)]
    """Seconds since the session started, on the page's clock."""
    left: LegIn = LegIn()
    right: LegIn = LegIn()


class BatchIn(BaseModel):
    """Up to 300 frames of one exercise, in time order (the keypoint file's frames)."""

    model_config = ConfigDict(extra="forbid")

    aspect: Annotated[StrictFloat, Field(ge=0.1, le=10, allow_inf_nan=False)]
    """The picture's width over its height."""
    frames: list[FrameIn] = Field(min_length=1, max_length=MAX_FRAMES_PER_BATCH)

    @field_validator("frames")
    @classmethod
    def _in_time_order(cls, frames: list[FrameIn]) -> list[FrameIn]:
        for number, (a, b) in enumerate(itertools.pairwise(frames), start=1):
            if b.t <= a.t:
                raise ValueError(f"t must increase from frame to frame (frame {number} on)")
        return frames


class LiveOut(BaseModel):
    person: bool
    feet: bool
    message: str | None
    """'Nobody in view', 'Feet out of view', 'Only one foot in view', 'Hold steady' or None."""


class BatchOut(BaseModel):
    exercise_id: str
    frames: int
    """Frames kept so far for this exercise."""
    live: LiveOut
    """About the last second of frames."""
    report: dict[str, object]
    """`footwork analyze --json`'s report of every frame so far."""


class ExerciseReport(BaseModel):
    exercise_id: str
    report: dict[str, object]


class ReportsOut(BaseModel):
    reports: list[ExerciseReport]


def _refused(error: camera.CameraRefused) -> HTTPException:
    return HTTPException(422, [{"field": error.field, "message": str(error)}])


@router.put("/sessions/{session_id}/camera/{exercise_id}/batches/{seq}")
def put_batch(
    request: Request,
    person: Person,
    session_id: SessionId,
    exercise_id: ExercisePath,
    seq: Seq,
    body: BatchIn,
) -> BatchOut:
    """Store one batch of landmarks (the same batch again stores nothing new) and answer
    with the live figures and the report of every frame so far."""
    frames = [PoseFrame(t=f.t, left=f.left.value(), right=f.right.value()) for f in body.frames]
    try:
        answer = camera.record_batch(
            store_of(request),
            person[1],
            session_id,
            exercise_id,
            seq,
            frames=frames,
            aspect=body.aspect,
            now=datetime.now(UTC),
        )
    except camera.NotFound:
        raise HTTPException(404, "no such session") from None
    except camera.CameraRefused as error:
        raise _refused(error) from None
    except camera.BatchClash as error:
        raise HTTPException(409, str(error)) from None
    return BatchOut.model_validate(_in_language(answer, translator_for(request)))


def _in_language(answer: dict[str, Any], text: Translator) -> dict[str, Any]:
    """The live message and the report's "cannot see" line in the page's language: they
    are said to the person; every other field is data and stays as it is."""
    live, report = dict(answer["live"]), dict(answer["report"])
    if live.get("message"):
        live["message"] = text.gettext(live["message"])
    if report.get("cannot_see"):
        report["cannot_see"] = text.gettext(report["cannot_see"])
    return {**answer, "live": live, "report": report}


@router.get("/sessions/{session_id}/camera")
def get_reports(request: Request, person: Person, session_id: SessionId) -> ReportsOut:
    """The saved camera report of each exercise of the session."""
    try:
        reports = camera.camera_reports(store_of(request), person[1], session_id)
    except camera.NotFound:
        raise HTTPException(404, "no such session") from None
    return ReportsOut.model_validate({"reports": reports})
