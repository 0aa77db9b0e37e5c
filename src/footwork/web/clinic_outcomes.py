"""A patient's function questionnaires, for their clinician: ask for one now. (The answers
are shown on the patient's page, whose access-log line covers reading them.) Thin: check who
is asking (web.clinic.followed_patient), call the service, redirect."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.services.questionnaires import ask_for_questionnaire
from footwork.web.clinic import followed_patient
from footwork.web.pages import store_of
from footwork.web.security import check_csrf, page_clinician

router = APIRouter(
    prefix="/clinic",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)


@router.post("/patients/{person_id}/questionnaires/request")
def request_questionnaire(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    # The service writes the access-log line with the request, in one transaction.
    followed_patient(request, viewer, person_id, action=None)
    ask_for_questionnaire(store_of(request), person_id, actor=viewer.account, now=datetime.now(UTC))
    return RedirectResponse(
        f"/clinic/patients/{person_id}?asked=questionnaire#outcomes", status_code=303
    )
