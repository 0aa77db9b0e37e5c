"""Deleting everything (personal mode) or asking the clinic for erasure (a patient), from
Settings. Thin: check who asks, call the service, render."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.services.erasure import CONFIRM_WORD, ErasureRefused, confirmed, erase_person
from footwork.store.erasure_requests import ask_erasure, erasure_request, withdraw_erasure
from footwork.web.language import translator_for
from footwork.web.pages import render, store_of
from footwork.web.security import PersonalPerson, Viewer, check_csrf, page_person

router = APIRouter(
    prefix="/settings/erase",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)


def _page(
    request: Request, viewer: Viewer, person_id: str, *, status_code: int = 200, **context: object
) -> Response:
    patient = viewer.role == "patient"
    return render(
        request,
        "erase.html",
        status_code=status_code,
        patient=patient,
        erasure=erasure_request(store_of(request), person_id) if patient else None,
        confirm_word=CONFIRM_WORD,
        **context,
    )


@router.get("")
def erase_page(request: Request) -> Response:
    viewer, person_id = page_person(request)
    return _page(request, viewer, person_id)


@router.post("")
async def erase_everything(request: Request) -> Response:
    """Personal mode: erase the person at once, after they typed the confirmation word."""
    viewer, person_id = page_person(request)
    if viewer.role != "owner":
        raise HTTPException(403, "a patient asks their clinic for erasure")
    form = await request.form()
    text = translator_for(request)
    if not confirmed(str(form.get("confirm", "")), text):
        return _page(
            request,
            viewer,
            person_id,
            status_code=422,
            error=text.gettext("Nothing was deleted: type %(word)s to confirm.")
            % {"word": text.gettext(CONFIRM_WORD)},
        )
    try:
        report = erase_person(
            store_of(request), person_id, now=datetime.now(UTC), actor=viewer.account
        )
    except ErasureRefused as error:
        raise HTTPException(403, str(error)) from None
    personal: PersonalPerson | None = request.app.state.personal
    if personal is not None:
        personal.forget()  # the next request starts afresh with an empty person
    request.state.clear_session = True
    return render(
        request,
        "erased.html",
        removed=[item for item in report.removed if item.count],
        had_login=viewer.logged_in,
        erased_person_id=person_id,
        # The page is no one's: its owner tag is empty, so the service worker forgets the
        # person's pages (and drops any it is still keeping) instead of keeping them again.
        viewer=None,
    )


@router.post("/request")
def ask_for_erasure(request: Request) -> Response:
    viewer, person_id = page_person(request)
    if viewer.role != "patient":
        raise HTTPException(403, "only a clinic's patient asks for erasure")
    ask_erasure(store_of(request), person_id, now=datetime.now(UTC))
    return RedirectResponse("/settings/erase", status_code=303)


@router.post("/withdraw")
def withdraw_request(request: Request) -> Response:
    viewer, person_id = page_person(request)
    if viewer.role != "patient":
        raise HTTPException(403, "only a clinic's patient asks for erasure")
    withdraw_erasure(store_of(request), person_id)
    return RedirectResponse("/settings/erase", status_code=303)
