"""The whole history as Footwork's own export (JSON or CSV, what `footwork import` reads),
streamed from one snapshot: for the patient, and for a clinician who follows them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from footwork.services.export_stream import stream_history
from footwork.store.repository import Store
from footwork.web.api import ERRORS, UUID_PATTERN
from footwork.web.clinic import followed_patient
from footwork.web.pages import store_of
from footwork.web.security import Viewer, api_clinician, api_person, check_csrf

MEDIA_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}
EXPORT_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The whole history, as `footwork export` writes it; "
        "`footwork import` reads it back.",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}
router = APIRouter(prefix="/api", dependencies=[Depends(check_csrf)], responses=ERRORS)
Person = Annotated[tuple[object, str], Depends(api_person)]
Clinician = Annotated[Viewer, Depends(api_clinician)]
PersonId = Annotated[str, Path(pattern=UUID_PATTERN)]
ExportFormat = Annotated[Literal["json", "csv"], Query(alias="format")]


def _export(store: Store, person_id: str, fmt: Literal["json", "csv"]) -> StreamingResponse:
    try:
        chunks = stream_history(store, person_id, fmt)
    except LookupError:
        raise HTTPException(404, "no such person") from None
    return StreamingResponse(
        chunks,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="footwork-history.{fmt}"'},
    )


@router.get("/export", response_class=StreamingResponse, responses=EXPORT_RESPONSE)
def own_export(request: Request, person: Person, fmt: ExportFormat = "json") -> StreamingResponse:
    """Your whole history, for a backup or another Footwork install."""
    return _export(store_of(request), person[1], fmt)


@router.get(
    "/clinic/patients/{person_id}/export",
    response_class=StreamingResponse,
    responses=EXPORT_RESPONSE,
)
def patient_export(
    request: Request, clinician: Clinician, person_id: PersonId, fmt: ExportFormat = "json"
) -> StreamingResponse:
    """A followed patient's whole history; the patient's access log shows it."""
    followed_patient(request, clinician, person_id, action="exported history")
    return _export(store_of(request), person_id, fmt)
