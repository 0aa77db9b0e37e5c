"""What the history holds: sessions and their efforts, pain check-ins, balance tests.

These values are what the store saves and what export and import exchange.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from footwork.core.language import N_
from footwork.core.program import Direction, ExerciseId, FrozenModel, Program, Side
from footwork.core.questionnaires import QuestionnaireAnswer

PainRegion = Literal[
    "back", "hip-left", "hip-right", "knee-left", "knee-right", "foot-left", "foot-right"
]
PAIN_REGIONS: tuple[PainRegion, ...] = (
    "back",
    "hip-left",
    "hip-right",
    "knee-left",
    "knee-right",
    "foot-left",
    "foot-right",
)
REGION_NAMES: dict[PainRegion, str] = {
    "back": N_("low back"),
    "hip-left": N_("left hip"),
    "hip-right": N_("right hip"),
    "knee-left": N_("left knee"),
    "knee-right": N_("right knee"),
    "foot-left": N_("left foot"),
    "foot-right": N_("right foot"),
}
PainContext = Literal["before", "after", "any"]
SessionStatus = Literal["in_progress", "completed", "partial", "aborted"]
EffortOutcome = Literal["done", "skipped"]

# The single-leg stance test stops at 45 seconds.
BALANCE_CAP_S = 45.0

RecordId = Annotated[
    str, StringConstraints(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")
]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
PainScore = Annotated[int, Field(ge=0, le=10)]
StanceSeconds = Annotated[float, Field(ge=0, le=BALANCE_CAP_S)]


class Person(FrozenModel):
    id: RecordId
    display_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    birth_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    timezone: Annotated[str, StringConstraints(min_length=1, max_length=64)] = "UTC"


class ProgramVersion(FrozenModel):
    id: RecordId
    version: Annotated[int, Field(ge=1)]
    created_at: AwareDatetime
    program: Program
    note: Note | None = None
    starts_on: date | None = None
    """The local day it applies from; None: the local day it was created."""
    assigned_by: RecordId | None = None
    """The clinician's account that prescribed it; None for a person's own program."""

    def start(self, local_date: Callable[[datetime], date]) -> date:
        return self.starts_on or local_date(self.created_at)


def by_start(
    versions: Iterable[ProgramVersion], local_date: Callable[[datetime], date]
) -> list[ProgramVersion]:
    """The versions in the order they take effect: by start day, then by version."""
    return sorted(versions, key=lambda v: (v.start(local_date), v.version))


def in_force(
    versions: Iterable[ProgramVersion], day: date, local_date: Callable[[datetime], date]
) -> ProgramVersion | None:
    """The version in force on a local day: the latest start on or before it (the higher
    version on the same day); None before the first start."""
    started = [v for v in by_start(versions, local_date) if v.start(local_date) <= day]
    return started[-1] if started else None


class PlannedExercise(FrozenModel):
    exercise_id: ExerciseId
    planned_efforts: Annotated[int, Field(ge=1)]


class EffortRecord(FrozenModel):
    """One rep, bout, or side-and-direction of circles."""

    id: RecordId
    cue_index: Annotated[int, Field(ge=0)]
    exercise_id: ExerciseId
    side: Side | None = None
    direction: Direction | None = None
    rep: Annotated[int, Field(ge=1)]
    outcome: EffortOutcome
    started_at: AwareDatetime
    ended_at: AwareDatetime
    planned_s: Annotated[float, Field(gt=0)]
    actual_s: Annotated[float, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> EffortRecord:
        if self.ended_at < self.started_at:
            raise ValueError("ended_at: must not be before started_at")
        return self


class CameraRecord(FrozenModel):
    """The camera coach's report of one exercise of a session (`footwork analyze --json`'s
    fields), as it stood after `frames` frames of leg and foot landmarks."""

    exercise_id: ExerciseId
    frames: Annotated[int, Field(ge=0)]
    updated_at: AwareDatetime
    report: dict[str, Any]


class SessionRecord(FrozenModel):
    id: RecordId
    program_version_id: RecordId
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    status: SessionStatus
    exercises: tuple[PlannedExercise, ...] = Field(min_length=1)
    efforts: tuple[EffortRecord, ...] = ()
    camera: tuple[CameraRecord, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> SessionRecord:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at: must not be before started_at")
        indexes = [e.cue_index for e in self.efforts]
        if len(set(indexes)) != len(indexes):
            raise ValueError("efforts: the same cue_index appears twice")
        return self

    @property
    def planned_efforts(self) -> int:
        return sum(e.planned_efforts for e in self.exercises)

    @property
    def done_efforts(self) -> int:
        return sum(1 for e in self.efforts if e.outcome == "done")


class PainCheckin(FrozenModel):
    """Scores on the 0-10 numeric rating scale, one per region reported."""

    id: RecordId
    recorded_at: AwareDatetime
    context: PainContext = "any"
    session_id: RecordId | None = None
    note: Note | None = None
    scores: dict[PainRegion, PainScore] = Field(min_length=1)


class BalanceTest(FrozenModel):
    """A single-leg stance test: seconds on each leg, up to 45."""

    id: RecordId
    recorded_at: AwareDatetime
    eyes_closed: bool = False
    left_s: StanceSeconds | None = None
    right_s: StanceSeconds | None = None
    note: Note | None = None

    @model_validator(mode="after")
    def _one_leg_at_least(self) -> BalanceTest:
        if self.left_s is None and self.right_s is None:
            raise ValueError("give the time for the left leg, the right leg, or both")
        return self


def session_status(*, planned: int, done: int, finished: bool) -> SessionStatus:
    """A finished session is completed when every effort was done, partial when some were,
    aborted when none were (a session with nothing planned and nothing done, too: it is never
    counted as a session done)."""
    if not finished:
        return "in_progress"
    if done == 0:
        return "aborted"
    return "completed" if done >= planned else "partial"


class PainScoresError(ValueError):
    """A 'region=score' list that cannot be read."""


def parse_pain_scores(text: str) -> dict[PainRegion, int]:
    """Read 'back=4,knee-left=3' (commas or spaces between pairs) into scores."""
    scores: dict[PainRegion, int] = {}
    for item in text.replace(",", " ").split():
        region, sep, value = item.partition("=")
        region = region.strip().lower()
        if not sep:
            raise PainScoresError(f"{item!r}: expected REGION=SCORE, e.g. back=4")
        if region not in PAIN_REGIONS:
            raise PainScoresError(f"{region!r}: unknown region (one of {', '.join(PAIN_REGIONS)})")
        if not value.strip().isdigit() or not 0 <= int(value) <= 10:
            raise PainScoresError(f"{item!r}: the score must be a whole number from 0 to 10")
        scores[region] = int(value)
    return scores


class MessageRecord(FrozenModel):
    """A message of the person's thread with their clinicians, as exported: who wrote it is
    kept by side and name (clinicians' accounts are the clinic's, not the person's)."""

    id: RecordId
    side: Literal["patient", "clinician"]
    author_name: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    body: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    created_at: AwareDatetime
    session_id: RecordId | None = None
    checkin_id: RecordId | None = None


class History(FrozenModel):
    """One person's whole history: what export writes and import reads."""

    format: Literal["footwork-history"] = "footwork-history"
    version: Literal[1] = 1
    person: Person
    programs: tuple[ProgramVersion, ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    pain: tuple[PainCheckin, ...] = ()
    balance: tuple[BalanceTest, ...] = ()
    questionnaires: tuple[QuestionnaireAnswer, ...] = ()
    """PSFS and GROC answers (absent from files written before they existed)."""
    messages: tuple[MessageRecord, ...] = ()
    """The thread with the person's clinicians, oldest first (absent from older files)."""

    @model_validator(mode="after")
    def _references_resolve(self) -> History:
        versions = {p.id for p in self.programs}
        sessions = {s.id for s in self.sessions}
        for session in self.sessions:
            if session.program_version_id not in versions:
                raise ValueError(
                    f"session {session.id}: program_version_id {session.program_version_id!r} "
                    "is not among the programs"
                )
        for checkin in self.pain:
            if checkin.session_id is not None and checkin.session_id not in sessions:
                raise ValueError(
                    f"pain {checkin.id}: session_id {checkin.session_id!r} "
                    "is not among the sessions"
                )
        checkins = {c.id for c in self.pain}
        for message in self.messages:
            if message.session_id is not None and message.session_id not in sessions:
                raise ValueError(
                    f"message {message.id}: session_id {message.session_id!r} "
                    "is not among the sessions"
                )
            if message.checkin_id is not None and message.checkin_id not in checkins:
                raise ValueError(
                    f"message {message.id}: checkin_id {message.checkin_id!r} "
                    "is not among the pain check-ins"
                )
        ids = [
            r.id
            for group in (
                self.programs,
                self.sessions,
                self.pain,
                self.balance,
                self.questionnaires,
                self.messages,
            )
            for r in group
        ]
        ids += [e.id for s in self.sessions for e in s.efforts]
        if len(set(ids)) != len(ids):
            raise ValueError("ids: the same id is used by two records")
        return self
