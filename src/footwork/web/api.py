"""The JSON API under /api/: what the pages do, for the player's sync and for other clients."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Path, Query, Request
from pydantic import (
    AwareDatetime,
    BaseModel,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    model_validator,
)

from footwork.core.records import PainContext, PainRegion
from footwork.core.timeline import compile_timeline
from footwork.services import browser
from footwork.services.documents import history_document, today_document
from footwork.services.logging import log_balance_test, log_pain_checkin
from footwork.services.today_cache import today_view
from footwork.store.accounts import api_tokens, create_api_token, revoke_api_token
from footwork.store.history import balance_tests, pain_checkins, session_summaries
from footwork.store.repository import NotFound
from footwork.web.inputs import CleanText
from footwork.web.pages import person_program, program_of, store_of
from footwork.web.security import TokenOwner, Viewer, api_person, api_token_owner, check_csrf


class Problem(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    detail: str | list[Problem]


ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorOut, "description": "A body that is not JSON at all"},
    401: {"model": ErrorOut, "description": "Not logged in, or an unknown or revoked API token"},
    403: {"model": ErrorOut, "description": "Not allowed, or a missing CSRF token"},
    404: {"model": ErrorOut, "description": "No such thing for this person"},
    409: {"model": ErrorOut, "description": "Clashes with what is stored"},
    422: {"model": ErrorOut, "description": "Input that is not valid, with the field and why"},
    429: {"model": ErrorOut, "description": "Too many failed attempts: wait and try again"},
}
router = APIRouter(prefix="/api", dependencies=[Depends(check_csrf)], responses=ERRORS)
Person = Annotated[tuple[object, str], Depends(api_person)]
UUID_PATTERN = r"^[0-9a-fA-F-]{36}$"
Uuid = Annotated[str, Field(pattern=UUID_PATTERN)]
SessionId = Annotated[str, Path(pattern=UUID_PATTERN)]
CueIndex = Annotated[int, Path(ge=0, le=100_000)]
EXERCISE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ExerciseId = Annotated[str, Field(min_length=1, max_length=64, pattern=EXERCISE_ID_PATTERN)]
Note = Annotated[CleanText, Field(max_length=2000)]

# A browser may keep a session's writes for weeks before it is back online; times far in the
# past are still taken, times in the future (a wrong clock) only within a day.
OFFLINE_LIMIT = timedelta(days=60)
CLOCK_SKEW = timedelta(days=1)
WINDOW = (
    "Must lie within the last 60 days and at most one day ahead of the server's clock "
    "(a browser may sync weeks late); other times are refused with 422."
)
Moment = Annotated[AwareDatetime, Field(description=WINDOW)]


class SessionStart(BaseModel):
    exercise_ids: list[ExerciseId] = Field(min_length=1, max_length=20)
    started_at: Moment


class EffortIn(BaseModel):
    id: Uuid
    """The idempotency key: sending the same effort again changes nothing."""
    outcome: Literal["done", "skipped"]
    started_at: Moment
    ended_at: Moment
    actual_s: Annotated[StrictFloat, Field(ge=0, le=86400)]


class SessionEnd(BaseModel):
    ended_at: Moment = Field(description=WINDOW + " Not before the session's start.")


class PainIn(BaseModel):
    id: Uuid | None = None
    """An idempotency key made by the client: the same id again stores nothing new and
    answers with the check-in stored the first time."""
    scores: dict[PainRegion, Annotated[StrictInt, Field(ge=0, le=10)]] = Field(min_length=1)
    context: PainContext = "any"
    session_id: Uuid | None = None
    note: Note | None = None


Seconds = Annotated[StrictFloat, Field(ge=0, le=45)]


class BalanceIn(BaseModel):
    """A balance test: give left_s, right_s or both."""

    model_config = {
        "json_schema_extra": {
            "anyOf": [
                {"required": ["left_s"], "properties": {"left_s": {"type": "number"}}},
                {"required": ["right_s"], "properties": {"right_s": {"type": "number"}}},
            ]
        }
    }

    id: Uuid | None = None
    """An idempotency key made by the client: the same id again stores nothing new and
    answers with the test stored the first time."""
    left_s: Seconds | None = None
    right_s: Seconds | None = None
    eyes_closed: StrictBool = False
    note: Note | None = None

    @model_validator(mode="after")
    def _one_leg_at_least(self) -> BalanceIn:
        if self.left_s is None and self.right_s is None:
            raise ValueError("give left_s, right_s or both")
        return self


def _plausible(moment: datetime, field: str) -> datetime:
    now = datetime.now(UTC)
    if not now - OFFLINE_LIMIT <= moment <= now + CLOCK_SKEW:
        raise HTTPException(
            422,
            [
                {
                    "field": field,
                    "message": "must lie within the last 60 days and at most a day ahead",
                }
            ],
        )
    return moment


@router.get("/timeline")
def timeline(
    request: Request,
    person: Person,
    ids: Annotated[
        list[Annotated[str, Field(max_length=64, pattern=EXERCISE_ID_PATTERN)]],
        Query(min_length=1, max_length=20),
    ],
) -> dict[str, object]:
    program = person_program(request, person[1])
    try:
        exercises = [program.exercise(i) for i in ids]
    except KeyError as error:
        raise HTTPException(404, error.args[0]) from None
    return compile_timeline(exercises, program.timing).to_json()


@router.get("/exercises")
def exercises(request: Request, person: Person) -> dict[str, object]:
    return person_program(request, person[1]).model_dump(mode="json")


@router.get("/today")
def today(request: Request, person: Person) -> dict[str, object]:
    view = today_view(
        store_of(request),
        request.app.state.today_cache,
        person[1],
        program_of(request),
        account=person[0].account if isinstance(person[0], Viewer) else None,
        now=datetime.now(UTC),
    )
    return today_document(view.overview.today)


@router.get("/history")
def history(
    request: Request, person: Person, days: Annotated[int, Query(ge=1, le=3650)] = 30
) -> dict[str, object]:
    store, person_id = store_of(request), person[1]
    since = datetime.now(UTC) - timedelta(days=days)
    return history_document(
        session_summaries(store, person_id, since=since),
        pain_checkins(store, person_id, since=since),
        balance_tests(store, person_id, since=since),
    )


@router.put("/sessions/{session_id}")
def open_session(
    request: Request, person: Person, session_id: SessionId, body: SessionStart
) -> dict[str, object]:
    program = person_program(request, person[1])
    try:
        exercises = [program.exercise(i) for i in body.exercise_ids]
    except KeyError as error:
        raise HTTPException(422, error.args[0]) from None
    try:
        timeline = browser.open_session(
            store_of(request),
            person[1],
            program,
            exercises,
            session_id=session_id,
            started_at=_plausible(body.started_at, "started_at"),
        )
    except NotFound:
        raise HTTPException(404, "no such session") from None
    return {"session_id": session_id, "total_s": timeline.total_s}


@router.put("/sessions/{session_id}/efforts/{cue_index}")
def record_effort(
    request: Request,
    person: Person,
    session_id: SessionId,
    cue_index: CueIndex,
    body: EffortIn,
) -> dict[str, str]:
    try:
        browser.record_effort(
            store_of(request),
            person[1],
            session_id,
            cue_index,
            effort_id=body.id,
            outcome=body.outcome,
            started_at=_plausible(body.started_at, "started_at"),
            ended_at=_plausible(body.ended_at, "ended_at"),
            actual_s=body.actual_s,
        )
    except NotFound:
        raise HTTPException(404, "no such session") from None
    except browser.Conflict as error:
        raise HTTPException(409, str(error)) from None
    return {"status": "recorded"}


@router.post("/sessions/{session_id}/finish")
def finish_session(
    request: Request,
    person: Person,
    session_id: SessionId,
    body: SessionEnd,
    background: BackgroundTasks,
) -> dict[str, str]:
    try:
        status = browser.finish_session(
            store_of(request),
            person[1],
            session_id,
            ended_at=_plausible(body.ended_at, "ended_at"),
            now=datetime.now(UTC),
            later=background.add_task,
        )
    except NotFound:
        raise HTTPException(404, "no such session") from None
    except browser.BadTime as error:
        raise HTTPException(422, [{"field": "ended_at", "message": str(error)}]) from None
    return {"status": status}


@router.post("/pain", status_code=201)
def add_pain(
    request: Request, person: Person, body: PainIn, background: BackgroundTasks
) -> dict[str, object]:
    store = store_of(request)
    if body.session_id is not None:
        owner = store.session_owner(body.session_id)
        if owner is None or owner[0] != person[1]:
            raise HTTPException(404, "no such session")
    checkin = log_pain_checkin(
        store,
        person[1],
        body.scores,
        context=body.context,
        session_id=body.session_id,
        note=body.note,
        now=datetime.now(UTC),
        client_key=body.id,
        later=background.add_task,
    )
    return checkin.model_dump(mode="json")


@router.post("/balance", status_code=201)
def add_balance(request: Request, person: Person, body: BalanceIn) -> dict[str, object]:
    test = log_balance_test(
        store_of(request),
        person[1],
        left_s=body.left_s,
        right_s=body.right_s,
        eyes_closed=body.eyes_closed,
        note=body.note,
        now=datetime.now(UTC),
        client_key=body.id,
    )
    return test.model_dump(mode="json")


class TokenIn(BaseModel):
    name: Annotated[CleanText, Field(min_length=1, max_length=100)]


class TokenOut(BaseModel):
    id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None = None
    token: str | None = None
    """The secret, shown once when the token is made."""


Owner = Annotated[TokenOwner, Depends(api_token_owner)]


@router.get("/tokens")
def list_tokens(request: Request, owner: Owner) -> list[TokenOut]:
    return [
        TokenOut(id=t.id, name=t.name, created_at=t.created_at, last_used_at=t.last_used_at)
        for t in api_tokens(
            store_of(request), person_id=owner.person_id, account_id=owner.account_id
        )
    ]


@router.post("/tokens", status_code=201)
def make_token(request: Request, owner: Owner, body: TokenIn) -> TokenOut:
    secret, info = create_api_token(
        store_of(request),
        person_id=owner.person_id,
        account=owner.viewer.account,
        name=body.name,
        now=datetime.now(UTC),
    )
    return TokenOut(id=info.id, name=info.name, created_at=info.created_at, token=secret)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(
    request: Request, owner: Owner, token_id: Annotated[str, Path(pattern=UUID_PATTERN)]
) -> None:
    if not revoke_api_token(
        store_of(request),
        person_id=owner.person_id,
        account_id=owner.account_id,
        token_id=token_id,
    ):
        raise HTTPException(404, "no such token")
