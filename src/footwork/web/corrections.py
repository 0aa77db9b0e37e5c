"""Correcting one's own entries from History: change a check-in's scores, delete a check-in,
a session logged by mistake or a balance test. Thin: check whose entry (another person's:
404), call the service, redirect."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.core.language import PSEUDO
from footwork.core.records import PAIN_REGIONS, REGION_NAMES, PainRegion
from footwork.services.corrections import NotFound, correct_scores, delete_entry, describe_entry
from footwork.store.corrections import checkin_scores
from footwork.web.inputs import ascii_int
from footwork.web.language import language_of, translator_for
from footwork.web.pages import render, store_of
from footwork.web.security import Viewer, check_csrf, page_person

router = APIRouter(
    prefix="/history",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)

Kind = Literal["checkins", "sessions", "balance"]
KINDS: dict[str, str] = {"checkins": "checkin", "sessions": "session", "balance": "balance"}


def _actor(viewer: Viewer) -> str:
    return viewer.account.username if viewer.account else "you"


def _local_when(at: datetime, *, language: str) -> str:
    """A moment as the page's language writes it, in UTC (as the access log keeps it)."""
    from babel.dates import format_datetime

    locale = "en" if language == PSEUDO else language
    return f"{format_datetime(at, 'dd MMM yyyy HH:mm', tzinfo=UTC, locale=locale)} UTC"


def _page(
    request: Request, person_id: str, kind: str, record_id: str, *, status_code: int = 200,
    error: str | None = None,
) -> Response:  # fmt: skip
    store = store_of(request)
    language = language_of(request)
    try:
        what = describe_entry(
            store, person_id, KINDS[kind], record_id,
            text=translator_for(request), when=partial(_local_when, language=language),
        )  # fmt: skip
        scores = checkin_scores(store, person_id, record_id) if kind == "checkins" else {}
    except NotFound:
        raise HTTPException(404, "no such entry") from None
    return render(
        request,
        "correct.html",
        status_code=status_code,
        kind=kind,
        record_id=record_id,
        what=what,
        scores=scores,
        regions=PAIN_REGIONS,
        names=REGION_NAMES,
        error=error,
    )


@router.get("/{kind}/{record_id}")
def correction_page(request: Request, kind: Kind, record_id: str) -> Response:
    _, person_id = page_person(request)
    return _page(request, person_id, kind, record_id)


@router.post("/checkins/{record_id}")
async def change_checkin(request: Request, record_id: str) -> Response:
    viewer, person_id = page_person(request)
    form = await request.form()
    scores: dict[PainRegion, int] = {}
    for region in PAIN_REGIONS:
        value = form.get(region)
        if isinstance(value, str) and value.strip():
            score = ascii_int(value)
            if score is None or score > 10:
                tr = translator_for(request)
                error = tr.gettext("%(region)s: give a whole number from 0 to 10.") % {
                    "region": tr.gettext(REGION_NAMES[region])
                }
                return _page(request, person_id, "checkins", record_id, status_code=422,
                             error=error)  # fmt: skip
            scores[region] = score
    if not scores:
        return _page(request, person_id, "checkins", record_id, status_code=422,
                     error=translator_for(request).gettext(
                         "Keep at least one score, or delete the check-in."))  # fmt: skip
    try:
        correct_scores(store_of(request), person_id, record_id, scores,
                       actor_name=_actor(viewer), now=datetime.now(UTC))  # fmt: skip
    except NotFound:
        raise HTTPException(404, "no such entry") from None
    return RedirectResponse("/history?corrected=1", status_code=303)


@router.post("/{kind}/{record_id}/delete")
def delete_page(request: Request, kind: Kind, record_id: str) -> Response:
    viewer, person_id = page_person(request)
    try:
        delete_entry(store_of(request), person_id, KINDS[kind], record_id,
                     actor_name=_actor(viewer), now=datetime.now(UTC))  # fmt: skip
    except NotFound:
        raise HTTPException(404, "no such entry") from None
    return RedirectResponse("/history?corrected=1", status_code=303)
