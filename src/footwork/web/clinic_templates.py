"""Program templates and progressions: save a patient's program as a named template, start
a prescription from one, list, rename and delete templates, and apply or dismiss a step a
patient qualifies for. Thin: parse, check who is asking, call services.templates, render."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from footwork.core.program import Program
from footwork.core.progression import ProgressionRule
from footwork.services import templates as service
from footwork.services.prescribing import PrescriptionError
from footwork.store.accounts import Account
from footwork.store.clinic import Patient, record_access
from footwork.store.templates import delete_template, rename_template
from footwork.web.clinic import followed_patient
from footwork.web.clinic_words import clinic_words
from footwork.web.pages import person_program, program_of, render, store_of
from footwork.web.security import Viewer, check_csrf, page_clinician

router = APIRouter(
    prefix="/clinic",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)

RULE_FIELDS = ("step", "ceiling", "weeks", "adherence", "pain")


def _clinician(request: Request) -> tuple[Viewer, Account]:
    viewer = page_clinician(request)
    assert viewer.account is not None
    return viewer, viewer.account


def _today(patient: Patient, now: datetime) -> date:
    return now.astimezone(ZoneInfo(patient.timezone)).date()


def _number(form: FormData, key: str) -> str:
    return str(form.get(key, "")).strip()


def rules_from_form(
    form: FormData, program: Program
) -> tuple[tuple[ProgressionRule, ...], list[str]]:
    """The rules chosen per exercise (`rule_<id>`: reps or hold), and what was wrong."""
    rules, problems = [], []
    for exercise in program.exercises:
        i = exercise.id
        kind = str(form.get(f"rule_{i}", ""))
        if kind not in ("reps", "hold"):
            continue
        raw: dict[str, Any] = {"exercise_id": i, "kind": kind}
        values = {key: _number(form, f"{key}_{i}") for key in RULE_FIELDS}
        try:
            raw |= {
                "step": float(values["step"]),
                "ceiling": float(values["ceiling"]),
                "weeks": int(values["weeks"]),
                "min_adherence": float(values["adherence"]) / 100,
                "max_pain_rise": float(values["pain"]),
            }
            rules.append(ProgressionRule.model_validate(raw))
        except ValueError as error:  # ValidationError is a ValueError
            detail = (
                "; ".join(str(e["msg"]) for e in error.errors())
                if isinstance(error, ValidationError)
                else "give numbers for step, ceiling, weeks, adherence and pain"
            )
            problems.append(f"exercise {i!r}: {detail}")
    return tuple(rules), problems


# -- a patient's templates page: save theirs, start from one ---------------------------------


def _patient_templates(
    request: Request,
    patient: Patient,
    account: Account,
    *,
    status_code: int = 200,
    problems: list[str] | None = None,
    name: str = "",
    saved: bool = False,
) -> Response:
    now = datetime.now(UTC)
    return render(
        request,
        "clinic_templates_patient.html",
        status_code=status_code,
        patient=patient,
        program=person_program(request, patient.person_id),
        templates=service.templates_for(store_of(request), account, program_of(request)),
        problems=problems or [],
        template_name=name,
        saved=saved,
        today=_today(patient, now).isoformat(),
        account=account,
        **clinic_words(request),
    )


@router.get("/patients/{person_id}/templates")
def patient_templates_page(request: Request, person_id: str) -> Response:
    viewer, account = _clinician(request)
    patient = followed_patient(request, viewer, person_id, action="viewed the program")
    saved = request.query_params.get("saved") == "1"
    return _patient_templates(request, patient, account, saved=saved)


@router.post("/patients/{person_id}/templates")
async def save_template_page(request: Request, person_id: str) -> Response:
    """Save the patient's current program, with the rules chosen, as a template."""
    viewer, account = _clinician(request)
    patient = followed_patient(request, viewer, person_id, action="saved the program as a template")
    form = await request.form()
    program = person_program(request, person_id)
    name = str(form.get("name", "")).strip()
    rules, problems = rules_from_form(form, program)
    try:
        if problems:
            raise service.TemplateError(problems)
        service.save_template(
            store_of(request),
            name=name,
            visibility=str(form.get("visibility", "own")),
            program=program,
            rules=rules,
            owner=account,
            now=datetime.now(UTC),
        )
    except service.TemplateError as error:
        return _patient_templates(
            request, patient, account, status_code=422, problems=error.problems, name=name[:100]
        )
    return RedirectResponse(f"/clinic/patients/{person_id}/templates?saved=1", status_code=303)


@router.post("/patients/{person_id}/templates/{template_id}/start")
async def start_from_template_page(request: Request, person_id: str, template_id: str) -> Response:
    """One click: prescribe the template's program (from the day given, else today)."""
    viewer, account = _clinician(request)
    # The service writes "changed program"; a refusal writes "tried to change program".
    patient = followed_patient(request, viewer, person_id, action=None)
    store, now = store_of(request), datetime.now(UTC)
    today = _today(patient, now)
    template = service.find_template(store, account, template_id, program_of(request))
    form = await request.form()
    try:
        starts_on = date.fromisoformat(str(form.get("starts_on", "")).strip() or today.isoformat())
    except ValueError:
        starts_on = None
    if template is None or starts_on is None:
        record_access(
            store, person_id=person_id, actor=account, action="tried to change program", now=now
        )
        if template is None:
            raise HTTPException(404, "no such template")
        raise HTTPException(422, "starts_on: give a date (YYYY-MM-DD)")
    try:
        service.start_from_template(
            store, patient, template, starts_on=starts_on, clinician=account, today=today, now=now
        )
    except PrescriptionError as error:
        record_access(
            store, person_id=person_id, actor=account, action="tried to change program", now=now
        )
        raise HTTPException(422, "; ".join(error.problems)) from None
    return RedirectResponse(f"/clinic/patients/{person_id}?assigned=1", status_code=303)


# -- progressions: apply or dismiss a due step -----------------------------------------------


@router.post("/patients/{person_id}/progressions/{exercise_id}/apply")
def apply_progression_page(request: Request, person_id: str, exercise_id: str) -> Response:
    viewer, account = _clinician(request)
    patient = followed_patient(request, viewer, person_id, action=None)  # the service logs
    try:
        service.apply_progression(
            store_of(request), patient, exercise_id[:64], clinician=account, now=datetime.now(UTC)
        )
    except service.NoStep:
        # A second click, or a step no longer due: say so on the page (the service logged it).
        return RedirectResponse(f"/clinic/patients/{person_id}?progression=none", status_code=303)
    return RedirectResponse(f"/clinic/patients/{person_id}?progression=applied", status_code=303)


@router.post("/patients/{person_id}/progressions/{exercise_id}/dismiss")
def dismiss_progression_page(request: Request, person_id: str, exercise_id: str) -> Response:
    viewer, account = _clinician(request)
    patient = followed_patient(request, viewer, person_id, action=None)  # the service logs
    try:
        service.dismiss_progression(
            store_of(request), patient, exercise_id[:64], clinician=account, now=datetime.now(UTC)
        )
    except service.NoStep:
        return RedirectResponse(f"/clinic/patients/{person_id}?progression=none", status_code=303)
    return RedirectResponse(f"/clinic/patients/{person_id}?progression=dismissed", status_code=303)


# -- the clinician's templates: list, rename, delete -----------------------------------------


def _templates_page(
    request: Request, account: Account, *, status_code: int = 200, problem: str | None = None
) -> Response:
    return render(
        request,
        "clinic_templates.html",
        status_code=status_code,
        templates=service.templates_for(store_of(request), account, program_of(request)),
        account=account,
        problem=problem,
        **clinic_words(request),
    )


@router.get("/templates")
def templates_page(request: Request) -> Response:
    _, account = _clinician(request)
    return _templates_page(request, account)


@router.post("/templates/{template_id}/rename")
async def rename_template_page(request: Request, template_id: str) -> Response:
    _, account = _clinician(request)
    name = str((await request.form()).get("name", "")).strip()
    problem = service.name_problem(name)
    if problem:
        return _templates_page(request, account, status_code=422, problem=problem)
    if not rename_template(store_of(request), owner=account, template_id=template_id, name=name):
        raise HTTPException(404, "no such template of yours")
    return RedirectResponse("/clinic/templates", status_code=303)


@router.post("/templates/{template_id}/delete")
def delete_template_page(request: Request, template_id: str) -> Response:
    _, account = _clinician(request)
    if not delete_template(store_of(request), owner=account, template_id=template_id):
        raise HTTPException(404, "no such template of yours")
    return RedirectResponse("/clinic/templates", status_code=303)
