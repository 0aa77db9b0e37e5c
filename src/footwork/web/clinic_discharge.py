"""Discharging a patient and re-admitting them, and the list of discharged patients. Thin:
check who is asking (web.clinic.followed_patient), call the service, redirect."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.services.lifecycle import discharge_patient, readmit_patient
from footwork.store.admin import retention_years
from footwork.store.clinic import Patient, record_access
from footwork.store.episodes import EpisodeError, discharged_patients
from footwork.web.clinic import followed_patient
from footwork.web.pages import render, store_of
from footwork.web.security import Viewer, check_csrf, page_clinician

router = APIRouter(
    prefix="/clinic",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)


def own_patient(request: Request, viewer: Viewer, person_id: str, *, tried: str) -> Patient:
    """The patient, when `viewer` is their own clinician: only they end or restart care. The
    store logs the access with the change; a refused one is logged here as `tried`."""
    patient = followed_patient(request, viewer, person_id, action=None)
    assert viewer.account is not None
    if patient.clinician_id != viewer.account.id:
        _tried(request, viewer, person_id, tried)
        raise HTTPException(403, "only the patient's own clinician can discharge or re-admit")
    return patient


def _tried(request: Request, viewer: Viewer, person_id: str, action: str) -> None:
    assert viewer.account is not None
    record_access(
        store_of(request),
        person_id=person_id,
        actor=viewer.account,
        action=action,
        now=datetime.now(UTC),
    )


@router.get("/discharged")
def discharged_page(request: Request) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    store = store_of(request)
    return render(
        request,
        "clinic_discharged.html",
        patients=discharged_patients(store, clinician=viewer.account),
        years=retention_years(store),
    )


@router.post("/patients/{person_id}/discharge")
async def discharge(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    own_patient(request, viewer, person_id, tried="tried to discharge")
    form = await request.form()
    try:
        discharge_patient(
            store_of(request),
            person_id=person_id,
            actor=viewer.account,
            reason=str(form.get("reason", "")),
            now=datetime.now(UTC),
        )
    except EpisodeError as error:
        _tried(request, viewer, person_id, "tried to discharge")
        raise HTTPException(409, str(error)) from None
    return RedirectResponse(f"/clinic/patients/{person_id}", status_code=303)


@router.post("/patients/{person_id}/readmit")
async def readmit(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    own_patient(request, viewer, person_id, tried="tried to re-admit")
    try:
        readmit_patient(
            store_of(request), person_id=person_id, actor=viewer.account, now=datetime.now(UTC)
        )
    except EpisodeError as error:
        _tried(request, viewer, person_id, "tried to re-admit")
        raise HTTPException(409, str(error)) from None
    return RedirectResponse(f"/clinic/patients/{person_id}", status_code=303)
