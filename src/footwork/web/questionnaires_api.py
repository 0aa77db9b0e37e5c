"""The function questionnaire in the JSON API: what is due and the activities to score again,
and an answer (with an idempotency key, as /api/pain)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import AwareDatetime, BaseModel, Field, StrictInt

from footwork.core import questionnaires as q
from footwork.services.questionnaires import Scored, questionnaire_status, record_answer, score_all
from footwork.store.questionnaires import answers
from footwork.web.api import ERRORS, Person, Uuid
from footwork.web.inputs import CleanText
from footwork.web.pages import store_of, zone_of
from footwork.web.security import check_csrf

router = APIRouter(prefix="/api", dependencies=[Depends(check_csrf)], responses=ERRORS)


class PsfsItemIn(BaseModel):
    activity: Annotated[CleanText, Field(min_length=1, max_length=q.MAX_ACTIVITY_CHARS)]
    """In the patient's own words; an activity named before must be scored again."""
    score: Annotated[StrictInt, Field(ge=0, le=10)]
    """0: cannot do it at all; 10: as well as before the problem."""


class QuestionnaireIn(BaseModel):
    id: Uuid | None = None
    """An idempotency key made by the client: the same id again stores nothing new and
    answers with the questionnaire stored the first time."""
    psfs: list[PsfsItemIn] = Field(min_length=1, max_length=q.MAX_ACTIVITIES)
    groc: Annotated[StrictInt, Field(ge=-5, le=5)] | None = None
    """Global Rating of Change since the exercises started, -5 to +5: required from the
    second questionnaire on, refused on the first."""


class PsfsItemOut(BaseModel):
    activity: str
    score: int


class AnswerOut(BaseModel):
    id: str
    answered_at: AwareDatetime
    psfs: list[PsfsItemOut]
    groc: int | None
    mean: float
    """The PSFS score: the mean of the activity scores."""
    change: float | None
    """The mean now minus the mean of the first answer, over the activities named then."""
    meaningful: bool | None
    """Whether the change is 2 points or more either way."""


class QuestionnairesOut(BaseModel):
    due: str | None
    """Why one is due now (start, week 2, week 4, week 8, asked) or null."""
    activities: list[str]
    """Activities named before, in order: each answer scores them again."""
    answers: list[AnswerOut]


def _out(scored: Scored) -> AnswerOut:
    a = scored.answer
    return AnswerOut(
        id=a.id,
        answered_at=a.answered_at,
        psfs=[PsfsItemOut(activity=i.activity, score=i.score) for i in a.psfs],
        groc=a.groc,
        mean=scored.mean,
        change=None if scored.change is None else float(scored.change.points),
        meaningful=None if scored.change is None else scored.change.meaningful,
    )


def api_field(field: str) -> str:
    """A core field name (score_2) as the API body names it (psfs.2.score)."""
    match = re.fullmatch(r"(activity|score)_(\d+)", field)
    return f"psfs.{match[2]}.{match[1]}" if match else field


@router.get("/questionnaires")
def list_questionnaires(request: Request, person: Person) -> QuestionnairesOut:
    store, person_id = store_of(request), person[1]
    status = questionnaire_status(
        store, person_id, zone=zone_of(store, person_id), now=datetime.now(UTC)
    )
    return QuestionnairesOut(
        due=status.due.reason if status.due else None,
        activities=list(status.known),
        answers=[_out(s) for s in status.scored],
    )


@router.post("/questionnaires", status_code=201)
def add_questionnaire(request: Request, person: Person, body: QuestionnaireIn) -> AnswerOut:
    store, person_id = store_of(request), person[1]
    try:
        answer = record_answer(
            store,
            person_id,
            [(item.activity, item.score) for item in body.psfs],
            body.groc,
            now=datetime.now(UTC),
            client_key=body.id,
        )
    except q.QuestionnaireError as error:
        raise HTTPException(
            422, [{"field": api_field(error.field), "message": error.message}]
        ) from None
    scored = score_all(answers(store, person_id), zone_of(store, person_id))
    return _out(next(s for s in scored if s.answer.id == answer.id))
