"""Acknowledging a patient's flag: a note and a day until which it is quiet. Thin: parse,
check who is asking (web.clinic.followed_patient), call the service, redirect."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import get_args
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.core.care import FlagName
from footwork.services.clinic_day import AcknowledgeError, acknowledge
from footwork.store.clinic import record_access
from footwork.web.clinic import followed_patient
from footwork.web.pages import store_of
from footwork.web.security import check_csrf, page_clinician

router = APIRouter(
    prefix="/clinic",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)


@router.post("/patients/{person_id}/flags/{flag}/acknowledge")
async def acknowledge_page(request: Request, person_id: str, flag: str) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    if flag not in get_args(FlagName):
        raise HTTPException(404, "no such flag")
    # The service writes the access-log line with the acknowledgement itself (below: the
    # route, when it fails).
    patient = followed_patient(request, viewer, person_id, action=None)
    form = await request.form()
    now = datetime.now(UTC)
    try:
        until = date.fromisoformat(str(form.get("quiet_until", "")).strip())
    except ValueError:
        until = None
    try:
        acknowledge(
            store_of(request),
            person_id=person_id,
            flag=flag,  # type: ignore[arg-type]  # checked against FlagName above
            note=str(form.get("note", "")),
            quiet_until=until,
            today=now.astimezone(ZoneInfo(patient.timezone)).date(),
            actor=viewer.account,
            now=now,
        )
    except AcknowledgeError as error:
        # As a failed prescription: the request reached the patient, so it is logged.
        record_access(
            store_of(request),
            person_id=person_id,
            actor=viewer.account,
            action="tried to acknowledge a flag",
            now=now,
        )
        raise HTTPException(422, str(error)) from None
    return RedirectResponse(f"/clinic/patients/{person_id}?acknowledged={flag}", status_code=303)
