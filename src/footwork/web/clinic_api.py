"""The clinicians' JSON API under /api/clinic/, and the patient's side of it (joining with a
code, the access log): what the clinic pages do, for other clients."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field, StrictBool, StrictFloat, StrictInt

from footwork.core.care import FlagName
from footwork.core.program import Dose, Exercise, Frequency
from footwork.core.records import PainRegion
from footwork.services import care, prescribing, signin
from footwork.services.corrections import full_access_log
from footwork.services.invite_email import email_invite
from footwork.services.prescribing import PrescriptionError
from footwork.store.accounts import AccountError
from footwork.store.clinic import (
    InviteError,
    LibraryConflict,
    ResetForbidden,
    add_patient,
    issue_invite,
    set_shared,
)
from footwork.store.patient_list import SortKey
from footwork.web.api import ERRORS, EXERCISE_ID_PATTERN, UUID_PATTERN
from footwork.web.clinic import followed_patient, log_failed_prescription, valid_zone
from footwork.web.clinic_prescribing import read_drawing
from footwork.web.inputs import CleanText
from footwork.web.pages import client_of, person_program, program_of, store_of
from footwork.web.security import Viewer, api_clinician, api_person, check_csrf

router = APIRouter(prefix="/api", dependencies=[Depends(check_csrf)], responses=ERRORS)
Clinician = Annotated[Viewer, Depends(api_clinician)]
PersonId = Annotated[str, Path(pattern=UUID_PATTERN)]
Email = Annotated[CleanText, Field(pattern=r"^[^@\s]+@[^@\s]+$", max_length=320)]


class PatientRowOut(BaseModel):
    person_id: str
    display_name: str
    clinician: str
    shared: bool
    joined: bool
    last_session_at: datetime | None
    adherence_7d: float | None
    """Share of the prescription done over the last 7 full days, 0 to 1."""
    pain_change: float | None
    pain_region: PainRegion | None
    flags: list[FlagName]
    current: bool


class PatientListOut(BaseModel):
    total: int
    counts: dict[str, int]
    patients: list[PatientRowOut]


@router.get("/clinic/patients")
def list_patients(
    request: Request,
    clinician: Clinician,
    flag: FlagName | None = None,
    name: Annotated[CleanText | None, Query(max_length=100)] = None,
    sort: SortKey = "flags",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> PatientListOut:
    assert clinician.account is not None
    page = care.patients_of(
        store_of(request),
        clinician.account,
        now=datetime.now(UTC),
        flag=flag,
        name=name,
        sort=sort,
        offset=offset,
        limit=limit,
    )
    return PatientListOut(
        total=page.total,
        counts=page.counts,
        patients=[
            PatientRowOut(
                person_id=r.person_id,
                display_name=r.display_name,
                clinician=r.clinician_name,
                shared=r.shared,
                joined=r.joined,
                last_session_at=r.last_session_at,
                adherence_7d=r.adherence,
                pain_change=r.pain_change,
                pain_region=r.pain_region,
                flags=r.flags.names(),
                current=r.current,
            )
            for r in page.rows
        ],
    )


class NewPatient(BaseModel):
    display_name: Annotated[CleanText, Field(min_length=1, max_length=200)]
    timezone: Annotated[CleanText, Field(min_length=1, max_length=64)] = "UTC"
    email: Email | None = None
    """Also send the invite there (when the server has SMTP set up); not kept."""


class InviteIn(BaseModel):
    email: Email | None = None


class InviteOut(BaseModel):
    person_id: str
    code: str
    """Shown once; only its hash is kept. Valid once, until `expires_at`."""
    link: str
    expires_at: datetime
    emailed_to: str | None = None
    email_problem: str | None = None


def _invite(request: Request, clinician: Viewer, person_id: str, email: str | None) -> InviteOut:
    assert clinician.account is not None
    patient = followed_patient(request, clinician, person_id, action="issued an invite")
    try:
        code, expires = issue_invite(
            store_of(request),
            person_id=person_id,
            created_by=clinician.account,
            now=datetime.now(UTC),
        )
    except ResetForbidden as error:
        raise HTTPException(403, str(error)) from None
    link = f"{request.url_for('join_page')}?code={code}"
    local = expires.astimezone(ZoneInfo(patient.timezone))
    problem = (
        email_invite(
            request.app.state.settings,
            store_of(request),
            to=email,
            patient=patient,
            code=code,
            link=link,
            expires=local,
        )
        if email
        else None
    )
    return InviteOut(
        person_id=person_id,
        code=code,
        link=link,
        expires_at=expires,
        emailed_to=email if email and not problem else None,
        email_problem=problem,
    )


@router.post("/clinic/patients", status_code=201)
def new_patient(request: Request, clinician: Clinician, body: NewPatient) -> InviteOut:
    assert clinician.account is not None
    if not body.display_name.strip():
        raise HTTPException(422, "display_name: give the patient's name")
    if not valid_zone(body.timezone):
        raise HTTPException(422, f"timezone: {body.timezone!r} is not a known timezone")
    store, now = store_of(request), datetime.now(UTC)
    person = add_patient(
        store,
        clinician=clinician.account,
        display_name=body.display_name.strip(),
        timezone=body.timezone,
        now=now,
    )
    care.refresh_care(store, person.id, now=now)
    return _invite(request, clinician, person.id, body.email)


@router.post("/clinic/patients/{person_id}/invite", status_code=201)
def new_invite(
    request: Request, clinician: Clinician, person_id: PersonId, body: InviteIn | None = None
) -> InviteOut:
    """A new one-time code; any earlier unused one stops working."""
    return _invite(request, clinician, person_id, body.email if body else None)


class SharingIn(BaseModel):
    shared: StrictBool


@router.put("/clinic/patients/{person_id}/sharing")
def sharing(
    request: Request, clinician: Clinician, person_id: PersonId, body: SharingIn
) -> SharingIn:
    patient = followed_patient(request, clinician, person_id, action="changed the sharing")
    assert clinician.account is not None
    if patient.clinician_id != clinician.account.id:
        raise HTTPException(403, "only the patient's own clinician can change the sharing")
    set_shared(store_of(request), person_id, body.shared)
    return body


class FigureOut(BaseModel):
    done: float
    prescribed: float
    ratio: float | None


class SessionOut(BaseModel):
    id: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    exercises: list[str]
    planned: int
    done: int
    skipped: int


class PrescriptionOut(BaseModel):
    version: int
    starts_on: date
    note: str | None
    changes: list[str]


class PainOut(BaseModel):
    recorded_at: datetime
    scores: dict[PainRegion, int]
    note: str | None


class PatientReportOut(BaseModel):
    person_id: str
    display_name: str
    clinician: str
    flags: list[FlagName]
    adherence_7d: FigureOut
    pain_change: float | None
    program: dict[str, Any]
    prescriptions: list[PrescriptionOut]
    adherence_by_exercise: dict[str, FigureOut]
    adherence_by_week: dict[date, FigureOut]
    sessions: list[SessionOut]
    pain: list[PainOut]


def _figure(figure: Any) -> FigureOut:
    return FigureOut(done=figure.done, prescribed=figure.prescribed, ratio=figure.ratio)


@router.get("/clinic/patients/{person_id}")
def patient_report(request: Request, clinician: Clinician, person_id: PersonId) -> PatientReportOut:
    assert clinician.account is not None
    patient = followed_patient(request, clinician, person_id, action="viewed")
    store, now = store_of(request), datetime.now(UTC)
    report = care.patient_report(store, patient, program_of(request), now=now)
    assert report.current is not None
    return PatientReportOut(
        person_id=person_id,
        display_name=patient.display_name,
        clinician=patient.clinician_name,
        flags=report.flags.names(),
        adherence_7d=_figure(report.current.adherence),
        pain_change=report.current.pain_change,
        program=report.program.model_dump(mode="json"),
        prescriptions=[
            PrescriptionOut(
                version=c.version.version,
                starts_on=c.starts_on,
                note=c.version.note,
                changes=c.changes,
            )
            for c in report.programs
        ],
        adherence_by_exercise={k: _figure(v) for k, v in report.figures.by_exercise.items()},
        adherence_by_week={k: _figure(v) for k, v in report.figures.by_week.items()},
        sessions=[
            SessionOut(
                id=s.id,
                started_at=s.started_at,
                ended_at=s.ended_at,
                status=s.status,
                exercises=list(s.exercises),
                planned=s.planned,
                done=s.done,
                skipped=s.skipped,
            )
            for s in report.sessions
        ],
        pain=[
            PainOut(recorded_at=c.recorded_at, scores=c.scores, note=c.note) for c in report.pain
        ],
    )


@router.get("/clinic/patients/{person_id}/program")
def patient_program(request: Request, clinician: Clinician, person_id: PersonId) -> dict[str, Any]:
    """The program the patient follows now."""
    followed_patient(request, clinician, person_id, action="viewed the program")
    return person_program(request, person_id).model_dump(mode="json")


class DoseIn(BaseModel):
    reps: StrictInt
    work_s: StrictFloat
    rest_s: StrictFloat
    sides: list[Literal["left", "right"]] = []


class ChoiceIn(BaseModel):
    dose: DoseIn
    frequency: Frequency


class ProgramIn(BaseModel):
    exercises: dict[
        Annotated[str, Field(min_length=1, max_length=64, pattern=EXERCISE_ID_PATTERN)], ChoiceIn
    ] = Field(min_length=1, max_length=50)
    """Library exercise id -> its dose and frequency for this patient."""
    starts_on: date
    """The patient's local day it applies from: today or later."""
    note: Annotated[CleanText, Field(max_length=2000)] | None = None


class VersionOut(BaseModel):
    version: int
    starts_on: date
    note: str | None


@router.post("/clinic/patients/{person_id}/program", status_code=201)
def assign_program(
    request: Request, clinician: Clinician, person_id: PersonId, body: ProgramIn
) -> VersionOut:
    assert clinician.account is not None
    patient = followed_patient(request, clinician, person_id, action=None)
    store, default, now = store_of(request), program_of(request), datetime.now(UTC)
    choices = {i: c.model_dump(mode="json") for i, c in body.exercises.items()}
    try:
        program = prescribing.build_program(default, prescribing.library(store, default), choices)
        version = prescribing.assign(
            store,
            patient,
            program,
            starts_on=body.starts_on,
            note=body.note,
            clinician=clinician.account,
            today=now.astimezone(ZoneInfo(patient.timezone)).date(),
            now=now,
        )
    except PrescriptionError as error:
        log_failed_prescription(store, clinician, person_id)
        raise HTTPException(422, "; ".join(error.problems)) from None
    return VersionOut(version=version.version, starts_on=body.starts_on, note=version.note)


class LibraryOut(BaseModel):
    exercise: dict[str, Any]
    builtin: bool
    has_drawing: bool


@router.get("/clinic/exercises")
def library(request: Request, clinician: Clinician) -> list[LibraryOut]:
    return [
        LibraryOut(
            exercise=e.exercise.model_dump(mode="json"),
            builtin=e.builtin,
            has_drawing=e.has_drawing,
        )
        for e in prescribing.library(store_of(request), program_of(request))
    ]


Line = Annotated[CleanText, Field(min_length=1, max_length=500)]


class ExerciseIn(BaseModel):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
    title: Line
    position: Line
    equipment: list[Line] = Field(default=[], max_length=50)
    steps: list[Line] = Field(min_length=1, max_length=50)
    safety: list[Line] = Field(default=[], max_length=50)
    dose: Dose
    frequency: Frequency
    drawing_base64: Annotated[str, Field(max_length=1_400_000)] | None = None
    """A PNG or JPEG of up to 1 MB, base64-encoded."""


@router.post("/clinic/exercises", status_code=201)
def add_exercise(request: Request, clinician: Clinician, body: ExerciseIn) -> LibraryOut:
    assert clinician.account is not None
    try:
        exercise = Exercise.model_validate(body.model_dump(exclude={"drawing_base64"}))
        drawing = None
        if body.drawing_base64:
            drawing = read_drawing(base64.b64decode(body.drawing_base64, validate=True))
        prescribing.add_to_library(
            store_of(request),
            program_of(request),
            exercise,
            drawing=drawing,
            created_by=clinician.account,
            now=datetime.now(UTC),
        )
    except binascii.Error:
        raise HTTPException(422, "drawing_base64: not valid base64") from None
    except LibraryConflict as error:
        raise HTTPException(409, str(error)) from None
    except ValueError as error:
        raise HTTPException(422, str(error)) from None
    return LibraryOut(
        exercise=exercise.model_dump(mode="json"), builtin=False, has_drawing=drawing is not None
    )


# -- the patient's side -----------------------------------------------------------------------


class AuditOut(BaseModel):
    at: datetime
    who: str
    action: str


@router.get("/access-log")
def my_access_log(
    request: Request, person: Annotated[tuple[object, str], Depends(api_person)]
) -> list[AuditOut]:
    """Who (which clinician) opened or changed your data, and your own corrections (with the
    value before), newest first: the same lines as the access-log page."""
    return [
        AuditOut(at=e.at, who=e.actor, action=e.action)
        for e in full_access_log(store_of(request), person[1])
    ]


class JoinIn(BaseModel):
    code: Annotated[CleanText, Field(min_length=1, max_length=40)]
    username: Annotated[CleanText, Field(min_length=1, max_length=80)]
    password: Annotated[CleanText, Field(min_length=10, max_length=500)]


class JoinOut(BaseModel):
    username: str


# Joining needs no session and sets none, so there is nothing for CSRF to forge.
join_router = APIRouter(prefix="/api", responses=ERRORS)


@join_router.post("/join", status_code=201)
def join(request: Request, body: JoinIn) -> JoinOut:
    """Use an invite code: the patient's account gets this user name and password."""
    store, now = store_of(request), datetime.now(UTC)
    try:
        account = signin.join(
            store,
            body.code,
            username=body.username,
            password=body.password,
            client=client_of(request),
            now=now,
        )
    except signin.Throttled as error:
        raise HTTPException(
            429, str(error), headers={"Retry-After": str(int(error.retry_after.total_seconds()))}
        ) from None
    except InviteError as error:
        raise HTTPException(404, str(error)) from None
    except AccountError as error:
        raise HTTPException(422, str(error)) from None
    return JoinOut(username=account.username)
