"""A clinic decides on a patient's erasure request: erase now, or keep the clinical record
until a date, then erase. Thin: check who asks (web.clinic.followed_patient), call the
service, render."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.core.language import Translator
from footwork.services.erasure import CONFIRM_WORD, NotFound, confirmed, decide_erasure
from footwork.store.clinic import record_access
from footwork.web.clinic import followed_patient
from footwork.web.language import translator_for
from footwork.web.pages import render, store_of
from footwork.web.security import check_csrf, page_clinician

router = APIRouter(
    prefix="/clinic",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)


@router.post("/patients/{person_id}/erasure")
async def decide(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    followed_patient(request, viewer, person_id, action=None)
    form = await request.form()
    store, now = store_of(request), datetime.now(UTC)
    try:
        text = translator_for(request)
        keep_until = _keep_until(str(form.get("decision", "")), form, today=now.date(), text=text)
        report = decide_erasure(
            store, person_id, clinician=viewer.account, keep_until_day=keep_until, now=now
        )
    except (ValueError, NotFound) as error:
        # As a refused acknowledgement: the request reached the patient, so it is logged.
        record_access(store, person_id=person_id, actor=viewer.account,
                      action="tried to decide on erasure", now=now)  # fmt: skip
        if isinstance(error, NotFound):
            raise HTTPException(404, "this patient has not asked for erasure") from None
        raise HTTPException(422, str(error)) from None
    if report is None:
        record_access(
            store, person_id=person_id, actor=viewer.account, action="decided on erasure", now=now
        )
        return RedirectResponse(f"/clinic/patients/{person_id}", status_code=303)
    return render(
        request,
        "clinic_erased.html",
        removed=[item for item in report.removed if item.count],
    )


def _keep_until(decision: str, form: Any, *, today: date, text: Translator) -> date | None:
    """The day to keep the record until; None to erase now. ValueError for a wrong form
    (its message in `text`'s language)."""
    if decision == "keep":
        try:
            keep_until = date.fromisoformat(str(form.get("keep_until", "")).strip())
        except ValueError:
            raise ValueError(text.gettext("Keep until: give a date (YYYY-MM-DD).")) from None
        if keep_until <= today:
            raise ValueError(text.gettext("Keep until: give a date after today."))
        return keep_until
    if decision != "now" or not confirmed(str(form.get("confirm", "")), text):
        word = text.gettext(CONFIRM_WORD)
        raise ValueError(text.gettext("To erase now, type {word} to confirm.").format(word=word))
    return None
