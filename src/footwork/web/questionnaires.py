"""The function questionnaire on the web, for the patient: one form made for a phone (the
PSFS activities and, from the second time on, the Global Rating of Change)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from footwork.core import questionnaires as q
from footwork.services.questionnaires import questionnaire_status, record_form
from footwork.web.language import translator_for
from footwork.web.pages import render, store_of, zone_of
from footwork.web.security import check_csrf, page_person

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)

FIELDS = [f"{kind}_{i}" for i in range(q.MAX_ACTIVITIES) for kind in ("activity", "score")]


def _page(
    request: Request,
    *,
    status_code: int = 200,
    error: q.QuestionnaireError | None = None,
    given: dict[str, str] | None = None,
    saved: bool = False,
) -> Response:
    _, person_id = page_person(request)
    store = store_of(request)
    status = questionnaire_status(
        store, person_id, zone=zone_of(store, person_id), now=datetime.now(UTC)
    )
    return render(
        request,
        "questionnaires.html",
        status_code=status_code,
        q=q,
        status=status,
        latest=status.scored[-1] if status.scored else None,
        error=error,
        given=given or {},
        saved=saved,
        slots=range(q.MAX_ACTIVITIES),
        tr=translator_for(request),
    )


@router.get("/questionnaires")
def questionnaire_page(request: Request) -> Response:
    return _page(request)


@router.post("/questionnaires")
async def save_questionnaire(request: Request) -> Response:
    _, person_id = page_person(request)
    form = await request.form()
    given = {key: str(form.get(key) or "") for key in [*FIELDS, "groc"]}
    try:
        record_form(store_of(request), person_id, given, now=datetime.now(UTC))
    except q.QuestionnaireError as error:
        return _page(request, status_code=422, error=error, given=given)
    return _page(request, saved=True)
