"""The readiness check on the web: asked before a person's first session, again after a year."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from footwork.core.readiness import QUESTIONS, ReadinessError
from footwork.services.readiness import readiness_status, record_readiness
from footwork.web.pages import _safe_next, render, store_of
from footwork.web.security import check_csrf, page_person

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)


def _form(
    request: Request,
    *,
    next_url: str,
    status_code: int = 200,
    error: str | None = None,
    given: dict[str, str] | None = None,
) -> Response:
    _, person_id = page_person(request)
    status = readiness_status(store_of(request), person_id, now=datetime.now(UTC))
    return render(
        request,
        "readiness.html",
        status_code=status_code,
        questions=QUESTIONS,
        latest=status.latest,
        due=status.due,
        next_url=next_url,
        error=error,
        given=given or {},
        result=None,
    )


@router.get("/readiness")
def readiness_page(request: Request, next: str | None = None) -> Response:
    return _form(request, next_url=_safe_next(next or "/session"))


@router.post("/readiness")
async def save_readiness(request: Request) -> Response:
    _, person_id = page_person(request)
    form = await request.form()
    next_url = _safe_next(str(form.get("next") or "/session"))
    given = {q.id: str(form.get(q.id) or "") for q in QUESTIONS}
    try:
        check = record_readiness(store_of(request), person_id, given, now=datetime.now(UTC))
    except ReadinessError as error:
        return _form(request, next_url=next_url, status_code=422, error=str(error), given=given)
    return render(
        request,
        "readiness.html",
        questions=QUESTIONS,
        latest=check,
        due=False,
        next_url=next_url,
        error=None,
        given=given,
        result=check.verdict,
    )
