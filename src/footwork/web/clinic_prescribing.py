"""Clinicians' pages for prescribing: the program builder (a patient's exercises, doses
and frequencies) and the clinic's exercise library with its drawings. Thin: parse, check who
is asking (web.clinic.followed_patient), call the service, render."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from footwork.core.language import N_, Message
from footwork.core.program import (
    Exercise,
    Program,
    explain_validation_error,
)
from footwork.services import prescribing
from footwork.services.prescribing import LibraryEntry, PrescriptionError
from footwork.store.clinic import Patient, clinic_drawing
from footwork.store.repository import NotFound
from footwork.web.clinic import followed_patient, log_failed_prescription
from footwork.web.clinic_words import clinic_words
from footwork.web.inputs import text_problem
from footwork.web.pages import person_program, program_of, render, store_of
from footwork.web.security import check_csrf, page_clinician, viewer_of

router = APIRouter(
    prefix="/clinic",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)

DRAWING_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
MAX_DRAWING_BYTES = 1_000_000
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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
