"""Clinicians' pages: the patient list, a patient's page, inviting, prescribing, the
library. Thin: parse, check who is asking, call a service, render."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from footwork.core.care import LOW_ADHERENCE, PAIN_RISE, QUIET_DAYS, FlagName
from footwork.core.language import LANGUAGES, N_, Message
from footwork.core.program import (
    Exercise,
    Program,
    explain_validation_error,
)
from footwork.core.readiness import QUESTIONS
from footwork.core.records import PAIN_REGIONS, REGION_NAMES
from footwork.services import care, clinic_day, prescribing
from footwork.services.camera_summary import camera_lines
from footwork.services.erasure import erasure_context
from footwork.services.invite_email import email_invite
from footwork.services.messages import unread_for_clinician
from footwork.services.prescribing import LibraryEntry, PrescriptionError
from footwork.services.questionnaires import questionnaire_status
from footwork.services.templates import progressions
from footwork.store.accounts import api_tokens, create_api_token, revoke_api_token
from footwork.store.clinic import (
    Patient,
    ResetForbidden,
    add_patient,
    clinic_drawing,
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
from footwork.store.repository import NotFound, Store
from footwork.web.clinic_words import clinic_words
from footwork.web.history import pain_chart
from footwork.web.inputs import text_problem
from footwork.web.language import translator_for
from footwork.web.pages import person_program, program_of, render, store_of
from footwork.web.security import Viewer, check_csrf, page_clinician, viewer_of

router = APIRouter(
    prefix="/clinic",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)

PAGE_SIZE = 50
STALE_TOP_UP = 200
DRAWING_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
MAX_DRAWING_BYTES = 1_000_000
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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


# -- the program builder ------------------------------------------------------------------


def _builder(
    request: Request,
    patient: Patient,
    entries: list[LibraryEntry],
    *,
    program: Program,
    status_code: int = 200,
    problems: list[str] | None = None,
    note: str = "",
    starts_on: date | None = None,
) -> Response:
    chosen = {e.id: e for e in program.exercises}
    today = datetime.now(UTC).astimezone(ZoneInfo(patient.timezone)).date()
    return render(
        request,
        "clinic_program.html",
        status_code=status_code,
        patient=patient,
        entries=entries,
        chosen=chosen,
        problems=problems or [],
        note=note,
        starts_on=(starts_on or today).isoformat(),
        today=today.isoformat(),
        weekdays=WEEKDAYS,
        bounds=prescribing.BOUNDS,
        **clinic_words(request),
    )


@router.get("/patients/{person_id}/program")
def program_page(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    patient = followed_patient(request, viewer, person_id, action="viewed the program")
    store, default = store_of(request), program_of(request)
    current = person_program(request, person_id)
    return _builder(request, patient, prescribing.library(store, default), program=current)


def _number(form: FormData, key: str) -> float | int | str:
    raw = str(form.get(key, "")).strip()
    try:
        value = float(raw)
    except ValueError:
        return raw  # the model names the field and shows what was typed
    return int(value) if value.is_integer() else value


def _choices(form: FormData, entries: list[LibraryEntry]) -> dict[str, dict[str, Any]]:
    """The builder form's fields, as dose and frequency changes per chosen exercise."""
    choices: dict[str, dict[str, Any]] = {}
    for entry in entries:
        i = entry.exercise.id
        if form.get(f"use_{i}") != "on":
            continue
        dose: dict[str, Any] = {
            "reps": _number(form, f"reps_{i}"),
            "work_s": _number(form, f"work_s_{i}"),
            "rest_s": _number(form, f"rest_s_{i}"),
            "sides": [s for s in ("left", "right") if s in form.getlist(f"sides_{i}")],
        }
        kind = str(form.get(f"frequency_{i}", ""))
        frequency: dict[str, Any] = {"kind": kind}
        if kind in ("per_day", "per_week"):
            frequency["times"] = _number(form, f"times_{i}")
        if kind == "per_week" and str(form.get(f"times_max_{i}", "")).strip():
            frequency["times_max"] = _number(form, f"times_max_{i}")
        if kind == "every_n_days":
            frequency["days"] = _number(form, f"every_{i}")
        if kind == "weekdays":
            frequency["days"] = [d for d in WEEKDAYS if d in form.getlist(f"weekdays_{i}")]
        choices[i] = {"dose": dose, "frequency": frequency}
    return choices


@router.post("/patients/{person_id}/program")
async def assign_program_page(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    patient = followed_patient(request, viewer, person_id, action=None)
    store, default, now = store_of(request), program_of(request), datetime.now(UTC)
    entries = prescribing.library(store, default)
    form = await request.form()
    note = str(form.get("note", "")).strip()[:2000]
    today = now.astimezone(ZoneInfo(patient.timezone)).date()
    try:
        starts_on = date.fromisoformat(str(form.get("starts_on", "")))
    except ValueError:
        starts_on = None
    try:
        program = prescribing.build_program(default, entries, _choices(form, entries))
        if starts_on is None:
            raise PrescriptionError([Message(N_("starts_on: give a date (YYYY-MM-DD)"))])
        prescribing.assign(
            store,
            patient,
            program,
            starts_on=starts_on,
            note=note or None,
            clinician=viewer.account,
            today=today,
            now=now,
        )
    except PrescriptionError as error:
        log_failed_prescription(store, viewer, person_id)
        current = person_program(request, person_id)
        return _builder(
            request,
            patient,
            entries,
            program=current,
            status_code=422,
            problems=error.problems,
            note=note,
            starts_on=starts_on,
        )
    return RedirectResponse(f"/clinic/patients/{person_id}?assigned=1", status_code=303)


# -- the exercise library ------------------------------------------------------------------


def _library_page(
    request: Request, *, status_code: int = 200, problems: list[str] | None = None
) -> Response:
    return render(
        request,
        "clinic_library.html",
        status_code=status_code,
        entries=prescribing.library(store_of(request), program_of(request)),
        problems=problems or [],
        **clinic_words(request),
    )


@router.get("/exercises")
def library_page(request: Request) -> Response:
    page_clinician(request)
    return _library_page(request)


def read_drawing(data: bytes) -> tuple[bytes, str]:
    """A PNG or JPEG drawing up to MAX_DRAWING_BYTES; ValueError otherwise."""
    if len(data) > MAX_DRAWING_BYTES:
        raise ValueError(f"drawing: at most {MAX_DRAWING_BYTES // 1000} kB")
    for magic, kind in DRAWING_TYPES.items():
        if data.startswith(magic):
            return data, kind
    raise ValueError("drawing: give a PNG or JPEG image")


class FormProblems(ValueError):
    """The problems of a form, each a sentence the page says in its language."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def exercise_from_form(values: dict[str, Any]) -> Exercise:
    """An exercise from the library form's fields; ValueError naming each problem."""
    # An upload form passes the text guard unread, so its text is checked here.
    for key, value in values.items():
        problem = text_problem(value) if isinstance(value, str) else None
        if problem:
            raise ValueError(f"{key}: {problem}")
    data = {
        "id": values["id"],
        "title": values["title"],
        "position": values["position"] or "As shown",
        "equipment": [x.strip() for x in values["equipment"].split(",") if x.strip()],
        "steps": [s.strip() for s in values["steps"].splitlines() if s.strip()],
        "safety": [s.strip() for s in values["safety"].splitlines() if s.strip()],
        "dose": {
            "effort": values["effort"],
            "work_s": values["work_s"],
            "reps": values["reps"],
            "rest_s": values["rest_s"],
            "sides": values["sides"],
        },
        "frequency": {"kind": "per_day", "times": values["times"]},
    }
    try:
        exercise = Exercise.model_validate(data)
    except ValidationError as error:
        raise FormProblems(explain_validation_error(error, data)) from None
    return exercise


@router.post("/exercises")
async def add_exercise_page(request: Request) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    async with request.form() as form:  # closes the uploaded file's temporary copy
        values: dict[str, Any] = {
            key: str(form.get(key, "")).strip()
            for key in ("id", "title", "position", "equipment", "steps", "safety", "effort")
        }
        for key in ("work_s", "reps", "rest_s", "times"):
            values[key] = _number(form, key)
        values["sides"] = [s for s in ("left", "right") if s in form.getlist("sides")]
        upload = form.get("drawing")
        data = (
            await upload.read(MAX_DRAWING_BYTES + 1)
            if isinstance(upload, UploadFile) and upload.filename
            else None
        )
    try:
        prescribing.add_to_library(
            store_of(request),
            program_of(request),
            exercise_from_form(values),
            drawing=read_drawing(data) if data is not None else None,
            created_by=viewer.account,
            now=datetime.now(UTC),
        )
    except ValueError as error:
        problems = error.problems if isinstance(error, FormProblems) else str(error).split("; ")
        return _library_page(request, status_code=422, problems=problems)
    return RedirectResponse("/clinic/exercises", status_code=303)


@router.get("/exercises/{exercise_id}/drawing", name="clinic_drawing")
def drawing(request: Request, exercise_id: str) -> Response:
    """A clinic exercise's drawing, for anyone logged in (patients see it in their program)."""
    viewer = viewer_of(request)
    if viewer is None or not viewer.logged_in:
        raise HTTPException(401, "log in first")
    try:
        data, kind = clinic_drawing(store_of(request), exercise_id)
    except NotFound:
        raise HTTPException(404, "no such drawing") from None
    return Response(
        data,
        media_type=kind,
        headers={"Content-Security-Policy": "default-src 'none'", "Cache-Control": "private"},
    )


# -- clinicians' API tokens ---------------------------------------------------------------


def _tokens_page(
    request: Request,
    viewer: Viewer,
    *,
    status_code: int = 200,
    new_token: str | None = None,
    error: str | None = None,
) -> Response:
    assert viewer.account is not None
    return render(
        request,
        "clinic_tokens.html",
        status_code=status_code,
        tokens=api_tokens(store_of(request), account_id=viewer.account.id),
        new_token=new_token,
        error=error,
    )


@router.get("/tokens")
def tokens_page(request: Request) -> Response:
    return _tokens_page(request, page_clinician(request))


@router.post("/tokens")
async def new_token(request: Request) -> Response:
    viewer = page_clinician(request)
    form = await request.form()
    name = str(form.get("name", "")).strip()
    if not name:
        return _tokens_page(request, viewer, status_code=422, error="Give the token a name.")
    secret, _ = create_api_token(
        store_of(request), person_id=None, account=viewer.account, name=name, now=datetime.now(UTC)
    )
    return _tokens_page(request, viewer, new_token=secret)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: str) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    if not revoke_api_token(store_of(request), account_id=viewer.account.id, token_id=token_id):
        raise HTTPException(404, "no such token")
    return RedirectResponse("/clinic/tokens", status_code=303)
