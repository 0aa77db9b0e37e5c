"""The history as a FHIR R4 Bundle: for the patient, and for a clinician who follows them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from footwork.core.language import page_language
from footwork.core.program import Program
from footwork.i18n import translator
from footwork.reports.fhir import history_bundle
from footwork.store.history import load_history
from footwork.store.language import chosen_language
from footwork.web.api import ERRORS, UUID_PATTERN
from footwork.web.clinic import followed_patient
from footwork.web.language import language_of
from footwork.web.pages import person_program, store_of
from footwork.web.security import Viewer, api_clinician, api_person, check_csrf

FHIR_JSON = "application/fhir+json"
BUNDLE_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {
        "description": "A FHIR R4 Bundle (type collection): Patient, CarePlan, "
        "ActivityDefinitions and Observations. See docs/fhir.md.",
        "content": {FHIR_JSON: {"schema": {"type": "object"}}},
    }
}
router = APIRouter(prefix="/api", dependencies=[Depends(check_csrf)], responses=ERRORS)
Person = Annotated[tuple[object, str], Depends(api_person)]
Clinician = Annotated[Viewer, Depends(api_clinician)]
PersonId = Annotated[str, Path(pattern=UUID_PATTERN)]


def _bundle(request: Request, person_id: str, program: Program, now: datetime) -> Response:
    """The bundle in the person's chosen language, else the language of the request."""
    store = store_of(request)
    language = page_language(chosen_language(store, person_id), language_of(request))
    bundle = history_bundle(
        load_history(store, person_id),
        program=program,
        generated_at=now,
        language=language,
        text=translator(language),
    )
    return Response(bundle.model_dump_json(), media_type=FHIR_JSON)


@router.get("/fhir", response_class=Response, responses=BUNDLE_RESPONSE)
def own_bundle(request: Request, person: Person) -> Response:
    """Your whole history as a FHIR R4 Bundle, for a health record or your clinician."""
    person_id = person[1]
    return _bundle(request, person_id, person_program(request, person_id), datetime.now(UTC))


@router.get("/clinic/patients/{person_id}/fhir", response_class=Response, responses=BUNDLE_RESPONSE)
def patient_bundle(request: Request, clinician: Clinician, person_id: PersonId) -> Response:
    """A followed patient's history as a FHIR R4 Bundle; the patient's access log shows it."""
    assert clinician.account is not None
    followed_patient(request, clinician, person_id, action="exported FHIR")
    return _bundle(request, person_id, person_program(request, person_id), datetime.now(UTC))
