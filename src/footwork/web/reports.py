"""Progress (charts, "is it helping?", week by week) and the program handout: as pages and
as PDFs made from the same templates. For the person, and for a clinician following them."""

from __future__ import annotations

import mimetypes
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from footwork.content.guidance import GENERAL_SAFETY
from footwork.core.balance import reference_for
from footwork.core.program import PerDay, Program, describe_dose, describe_frequency
from footwork.core.records import REGION_NAMES
from footwork.core.schedule import week_start
from footwork.reports.pdf import Asset, PdfUnavailable, html_to_pdf
from footwork.reports.progress import progress_charts
from footwork.services import care
from footwork.services.progress import Progress, progress
from footwork.store.clinic import clinic_drawing, record_access
from footwork.store.repository import NotFound, Store
from footwork.web.clinic import followed_patient
from footwork.web.pages import person_program, program_of, store_of
from footwork.web.security import check_csrf, page_clinician, page_person, viewer_of

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)
PACKAGE = Path(str(resources.files("footwork.web")))
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def balance_references(age: int | None) -> tuple[float | None, float | None, str | None]:
    """The average single-leg stance for the age (eyes open, eyes closed), and a note."""
    if age is None:
        return None, None, "Add your birth year to see balance against the average for your age."
    return (
        reference_for(age, eyes_closed=False, sex=None),
        reference_for(age, eyes_closed=True, sex=None),
        None,
    )


def _progress_html(
    request: Request, report: Progress, *, for_clinician: bool, pdf: bool, urls: dict[str, str]
) -> str:
    reference_open, reference_closed, note = balance_references(report.age)
    sessions_by_week = Counter(
        week_start(s.started_at.date()) for s in report.sessions if s.status != "aborted"
    )
    template = request.app.state.templates.get_template("progress.html")
    viewer = viewer_of(request)
    return str(
        template.render(
            request=request,
            viewer=None if pdf else viewer,
            csrf_token=viewer.csrf_token if viewer and not pdf else "",
            path=request.url.path,
            progress=report,
            charts=progress_charts(
                report, reference_open=reference_open, reference_closed=reference_closed
            ),
            reference_note=note,
            insights=report.insights,
            names=REGION_NAMES,
            sessions_by_week=sessions_by_week,
            for_clinician=for_clinician,
            printed=datetime.now(UTC) if pdf else None,
            pdf_url=None if pdf else urls["pdf"],
            handout_url=urls["handout"],
        )
    )


def _handout_html(
    request: Request, program: Program, *, person_name: str | None, start: date | None, pdf: bool
) -> str:
    boxes = {
        e.id: e.frequency.times if isinstance(e.frequency, PerDay) else 1 for e in program.exercises
    }
    template = request.app.state.templates.get_template("handout.html")
    viewer = viewer_of(request)
    return str(
        template.render(
            request=request,
            viewer=None if pdf else viewer,
            csrf_token=viewer.csrf_token if viewer and not pdf else "",
            path=request.url.path,
            program=program,
            person_name=person_name,
            printed=datetime.now(UTC),
            start=start,
            timedelta=timedelta,
            weekdays=WEEKDAYS,
            boxes=boxes,
            dose=describe_dose,
            frequency=describe_frequency,
            safety=GENERAL_SAFETY,
            pdf_url=None if pdf else request.url.path + ".pdf",
        )
    )


def _assets(store: Store) -> Any:
    """What a PDF may load: our static files and the clinic's drawings."""
    static = PACKAGE / "static"

    def find(path: str) -> Asset | None:
        if path.startswith("/static/"):
            target = (static / path.removeprefix("/static/")).resolve()
            if static.resolve() in target.parents and target.is_file():
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                return target.read_bytes(), kind
            return None
        if path.startswith("/clinic/exercises/") and path.endswith("/drawing"):
            try:
                return clinic_drawing(store, path.split("/")[3])
            except NotFound:
                return None
        return None

    return find


async def _pdf(request: Request, html: str, filename: str) -> Response:
    try:
        data = await run_in_threadpool(html_to_pdf, html, assets=_assets(store_of(request)))
    except PdfUnavailable as error:
        raise HTTPException(503, str(error)) from None
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


# -- the person's own -----------------------------------------------------------------------


def _own_progress(request: Request, person_id: str) -> Progress:
    program = person_program(request, person_id)
    return progress(store_of(request), person_id, program, now=datetime.now(UTC))


OWN_URLS = {"pdf": "/progress.pdf", "handout": "/handout.pdf"}


@router.get("/progress")
def progress_page(request: Request) -> Response:
    _, person_id = page_person(request)
    report = _own_progress(request, person_id)
    return HTMLResponse(
        _progress_html(request, report, for_clinician=False, pdf=False, urls=OWN_URLS)
    )


@router.get("/progress.pdf")
async def progress_pdf(request: Request) -> Response:
    _, person_id = page_person(request)
    report = await run_in_threadpool(_own_progress, request, person_id)
    html = _progress_html(request, report, for_clinician=False, pdf=True, urls=OWN_URLS)
    return await _pdf(request, html, "footwork-progress.pdf")


@router.get("/handout")
def handout_page(request: Request) -> Response:
    _, person_id = page_person(request)
    program = person_program(request, person_id)
    return HTMLResponse(_handout_html(request, program, person_name=None, start=None, pdf=False))


@router.get("/handout.pdf")
async def handout_pdf(request: Request) -> Response:
    _, person_id = page_person(request)
    program = person_program(request, person_id)
    html = _handout_html(request, program, person_name=None, start=None, pdf=True)
    return await _pdf(request, html, "footwork-program.pdf")


# -- for a clinician ----------------------------------------------------------------------------


@router.get("/clinic/patients/{person_id}/report.pdf")
async def patient_report_pdf(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    followed_patient(request, viewer, person_id)
    store, now = store_of(request), datetime.now(UTC)
    record_access(
        store, person_id=person_id, actor=viewer.account, action="printed report", now=now
    )
    program = care.program_for(store, person_id, program_of(request), now=now)
    report = await run_in_threadpool(progress, store, person_id, program, now=now)
    urls = {"pdf": "", "handout": f"/clinic/patients/{person_id}/handout.pdf"}
    html = _progress_html(request, report, for_clinician=True, pdf=True, urls=urls)
    return await _pdf(request, html, "footwork-report.pdf")


@router.get("/clinic/patients/{person_id}/handout.pdf")
async def patient_handout_pdf(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    patient = followed_patient(request, viewer, person_id)
    store, now = store_of(request), datetime.now(UTC)
    program = care.program_for(store, person_id, program_of(request), now=now)
    html = _handout_html(request, program, person_name=patient.display_name, start=None, pdf=True)
    return await _pdf(request, html, "footwork-program.pdf")
