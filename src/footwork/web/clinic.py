"""Clinicians' pages: the patient list, adding and inviting patients, sharing, a patient's
page. Thin: parse, check who is asking, call a service, render. The program builder and the
exercise library are in web/clinic_prescribing.py, API tokens in web/clinic_tokens.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from footwork.core.care import LOW_ADHERENCE, PAIN_RISE, QUIET_DAYS, FlagName
from footwork.core.language import LANGUAGES
from footwork.core.readiness import QUESTIONS
from footwork.core.records import PAIN_REGIONS, REGION_NAMES
from footwork.services import care, clinic_day
from footwork.services.camera_summary import camera_lines
from footwork.services.erasure import erasure_context
from footwork.services.invite_email import email_invite
from footwork.services.messages import unread_for_clinician
from footwork.services.questionnaires import questionnaire_status
from footwork.services.templates import progressions
from footwork.store.clinic import (
    Patient,
    ResetForbidden,
    add_patient,
    followed_by,
    get_patient,
    issue_invite,
    record_access,
    set_shared,
)
from footwork.store.clinic_day import namesakes
from footwork.store.episodes import episode_state
from footwork.store.patient_list import SortKey
from footwork.store.readiness import latest_readiness
from footwork.store.repository import Store
from footwork.web.clinic_words import clinic_words
from footwork.web.history import pain_chart
from footwork.web.language import translator_for
from footwork.web.pages import program_of, render, store_of
from footwork.web.security import Viewer, check_csrf, page_clinician

router = APIRouter(
    prefix="/clinic",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)

PAGE_SIZE = 50
STALE_TOP_UP = 200


def followed_patient(
    request: Request, viewer: Viewer, person_id: str, *, action: str | None
) -> Patient:
    """The patient, if this clinician follows them; 404 otherwise (never say who exists).
    The one way a clinic route reaches a patient, so each such request writes exactly one
    entry, `action`, to the patient's access log (None: the route's service writes it, as
    prescribing does, and the route itself when that fails)."""
    store = store_of(request)
    patient = get_patient(store, person_id)
    if not followed_by(patient, viewer.account):
        raise HTTPException(404, "no such patient")
    assert patient is not None and viewer.account is not None
    if action is not None:
        record_access(
            store, person_id=person_id, actor=viewer.account, action=action, now=datetime.now(UTC)
        )
    return patient


def log_failed_prescription(store: Store, viewer: Viewer, person_id: str) -> None:
    assert viewer.account is not None
    record_access(
        store,
        person_id=person_id,
        actor=viewer.account,
        action="tried to change program",
        now=datetime.now(UTC),
    )


def _top_up(store: Store) -> None:
    """Work out figures that ran out or are behind (the cron job's work, a little of it)."""
    ids = care.stale_patient_ids(store, now=datetime.now(UTC), limit=STALE_TOP_UP)
    care.refresh_many(store, ids, now=lambda: datetime.now(UTC))


@router.get("")
def patient_list_page(
    request: Request,
    background: BackgroundTasks,
    flag: Annotated[FlagName | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[SortKey, Query()] = "flags",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    store = store_of(request)
    result = care.patients_of(
        store,
        viewer.account,
        now=datetime.now(UTC),
        flag=flag,
        name=q.strip() if q else None,
        sort=sort,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    if any(not row.current for row in result.rows):
        background.add_task(_top_up, store)
    return render(
        request,
        "clinic_list.html",
        result=result,
        flag=flag,
        q=q or "",
        sort=sort,
        page=page,
        pages=max(1, -(-result.total // PAGE_SIZE)),
        sorts=get_args(SortKey),
        thresholds={"low": LOW_ADHERENCE, "pain": PAIN_RISE, "quiet": QUIET_DAYS},
        names=REGION_NAMES,
        days=clinic_day.list_days(store, result.rows, now=datetime.now(UTC)),
        unread=unread_for_clinician(store, viewer.account, [r.person_id for r in result.rows]),
        **clinic_words(request),
    )


# -- adding and inviting patients ---------------------------------------------------------


def valid_zone(name: str) -> bool:
    if not 0 < len(name) <= 64:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


@router.get("/patients/new")
def new_patient_page(request: Request) -> Response:
    page_clinician(request)
    return render(request, "clinic_new.html", error=None, patient_name="", timezone="Europe/Berlin")


@router.post("/patients")
async def add_patient_page(request: Request) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    form = await request.form()
    name = str(form.get("name", "")).strip()
    timezone = str(form.get("timezone", "")).strip()
    language = _language_of(form)
    text, error = translator_for(request), None
    if not 1 <= len(name) <= 200:
        error = text.gettext("Name: give the patient's name (up to 200 characters).")
    elif not valid_zone(timezone):
        error = text.gettext(
            "Timezone: {timezone} is not a known timezone (e.g. Europe/Berlin)."
        ).format(timezone=repr(timezone))
    if error:
        return render(
            request,
            "clinic_new.html",
            status_code=422,
            error=error,
            patient_name=name,
            timezone=timezone,
        )
    store, now = store_of(request), datetime.now(UTC)
    person = add_patient(
        store, clinician=viewer.account, display_name=name, timezone=timezone, now=now
    )
    care.refresh_care(store, person.id, now=now)
    same = namesakes(store, viewer.account, name, besides=person.id)
    return _invite_page(
        request,
        viewer,
        person.id,
        email=_email_of(form),
        language=language,
        status_code=201,
        namesakes=same,
    )


def _invite_page(
    request: Request,
    viewer: Viewer,
    person_id: str,
    *,
    email: str | None = None,
    language: str | None = None,
    status_code: int = 200,
    namesakes: list[str] | None = None,
) -> Response:
    assert viewer.account is not None
    store, now = store_of(request), datetime.now(UTC)
    patient = followed_patient(request, viewer, person_id, action="issued an invite")
    try:
        code, expires = issue_invite(
            store, person_id=person_id, created_by=viewer.account, now=now, language=language
        )
    except ResetForbidden as error:
        raise HTTPException(403, str(error)) from None
    link = str(request.url_for("join_page")) + "?code=" + code
    local_expiry = expires.astimezone(ZoneInfo(patient.timezone))
    problem = (
        email_invite(
            request.app.state.settings,
            store,
            to=email,
            patient=patient,
            code=code,
            link=link,
            expires=local_expiry,
            language=language,
        )
        if email
        else None
    )
    return render(
        request,
        "clinic_invite.html",
        status_code=status_code,
        patient=patient,
        code=code,
        link=link,
        expires=local_expiry,
        sent=email if email and not problem else None,
        problem=problem,
        namesakes=namesakes or [],
        invite_language=language,
    )


def _email_of(form: FormData) -> str | None:
    value = str(form.get("email", "")).strip()
    return value[:320] if value else None


def _language_of(form: FormData) -> str | None:
    """The patient's language the clinician chose; empty: their browser decides."""
    value = str(form.get("language", "")).strip()
    if not value:
        return None
    if value not in LANGUAGES:
        raise HTTPException(422, f"language: choose one of {', '.join(LANGUAGES)}, or empty")
    return value


@router.post("/patients/{person_id}/invite")
async def new_invite(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    form = await request.form()
    language = _language_of(form)
    return _invite_page(request, viewer, person_id, email=_email_of(form), language=language)


@router.post("/patients/{person_id}/sharing")
async def sharing(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    patient = followed_patient(request, viewer, person_id, action="changed the sharing")
    assert viewer.account is not None
    if patient.clinician_id != viewer.account.id:
        raise HTTPException(403, "only the patient's own clinician can change the sharing")
    form = await request.form()
    set_shared(store_of(request), person_id, form.get("shared") == "on")
    return RedirectResponse(f"/clinic/patients/{person_id}", status_code=303)


# -- a patient's page ---------------------------------------------------------------------


@router.get("/patients/{person_id}")
def patient_page(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    patient = followed_patient(request, viewer, person_id, action="viewed")
    store, now = store_of(request), datetime.now(UTC)
    report = care.patient_report(store, patient, program_of(request), now=now)
    regions = [r for r in PAIN_REGIONS if any(r in c.scores for c in report.pain)]
    return render(
        request,
        "clinic_patient.html",
        report=report,
        camera=camera_lines(store, [s.id for s in report.sessions], report.program),
        patient=patient,
        own=patient.clinician_id == viewer.account.id,
        titles={e.id: e.title for e in report.program.exercises}
        | {e.id: e.title for e in program_of(request).exercises},
        **clinic_words(request),
        chart=pain_chart(report.pain, regions, report.zone),
        names=REGION_NAMES,
        zone=report.zone,
        thresholds={"low": LOW_ADHERENCE, "pain": PAIN_RISE, "quiet": QUIET_DAYS},
        readiness=latest_readiness(store, person_id),
        questions=QUESTIONS,
        day=clinic_day.report_day(store, report, now=now),
        acknowledged=request.query_params.get("acknowledged"),
        progressions=progressions(store, person_id, now=now),
        outcomes=questionnaire_status(store, person_id, zone=report.zone, now=now),
        asked=request.query_params.get("asked"),
        episode=episode_state(store, person_id),
        **erasure_context(store, person_id),
    )
