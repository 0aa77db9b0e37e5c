"""Progress (charts, "is it helping?", week by week) and the program handout: as pages and
as PDFs made from the same templates. For the person, and for a clinician following them."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from footwork.content.localize import localize_program
from footwork.core.language import page_language
from footwork.i18n import translator
from footwork.reports.documents import PageContext, handout_html, progress_html, to_pdf
from footwork.reports.pdf import PdfUnavailable
from footwork.reports.translation import insight_wording
from footwork.services.progress import Progress, progress
from footwork.store.language import chosen_language
from footwork.web.clinic import followed_patient
from footwork.web.language import language_of
from footwork.web.pages import person_program, store_of
from footwork.web.security import check_csrf, page_clinician, page_person, viewer_of

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)


def _page(request: Request, *, printed: bool) -> PageContext:
    """Pages carry the viewer's navigation; printed documents carry none."""
    if printed:
        return PageContext()
    viewer = viewer_of(request)
    return PageContext(viewer, viewer.csrf_token if viewer else "", request.url.path)


async def _pdf(request: Request, html: str, filename: str) -> Response:
    try:
        data = await run_in_threadpool(to_pdf, html, store_of(request))
    except PdfUnavailable as error:
        raise HTTPException(503, str(error)) from None
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def _language(request: Request, person_id: str) -> str:
    """A person's document in their chosen language; else the one of the page asking."""
    return page_language(chosen_language(store_of(request), person_id), language_of(request))


def _report_html(
    request: Request, report: Progress, person_id: str, *, clinician: bool, pdf: bool
) -> str:
    return progress_html(
        request.app.state.templates.env,
        report,
        page=_page(request, printed=pdf),
        for_clinician=clinician,
        printed=datetime.now(UTC) if pdf else None,
        pdf_url=None if pdf else "/progress.pdf",
        handout_url=None if pdf else "/handout.pdf",
        language=_language(request, person_id),
    )


def _handout_html(request: Request, person_id: str, name: str | None, *, pdf: bool) -> str:
    return handout_html(
        request.app.state.templates.env,
        person_program(request, person_id),
        page=_page(request, printed=pdf),
        person_name=name,
        printed=datetime.now(UTC),
        start=None,
        pdf_url=None if pdf else "/handout.pdf",
        language=_language(request, person_id),
    )


# -- the person's own -----------------------------------------------------------------------


def _own_progress(request: Request, person_id: str) -> Progress:
    # The exercises' titles (camera lines) and the insight sentences in the person's language.
    language = _language(request, person_id)
    text = translator(language)
    program = localize_program(person_program(request, person_id), text)
    return progress(
        store_of(request),
        person_id,
        program,
        now=datetime.now(UTC),
        text=text,
        wording=insight_wording(language),
    )


@router.get("/progress")
def progress_page(request: Request) -> Response:
    _, person_id = page_person(request)
    report = _own_progress(request, person_id)
    return HTMLResponse(_report_html(request, report, person_id, clinician=False, pdf=False))


@router.get("/progress.pdf")
async def progress_pdf(request: Request) -> Response:
    _, person_id = page_person(request)
    report = await run_in_threadpool(_own_progress, request, person_id)
    html = _report_html(request, report, person_id, clinician=False, pdf=True)
    return await _pdf(request, html, "footwork-progress.pdf")


@router.get("/handout")
def handout_page(request: Request) -> Response:
    _, person_id = page_person(request)
    return HTMLResponse(_handout_html(request, person_id, None, pdf=False))


@router.get("/handout.pdf")
async def handout_pdf(request: Request) -> Response:
    _, person_id = page_person(request)
    return await _pdf(
        request, _handout_html(request, person_id, None, pdf=True), "footwork-program.pdf"
    )


# -- for a clinician ----------------------------------------------------------------------------


@router.get("/clinic/patients/{person_id}/report.pdf")
async def patient_report_pdf(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    assert viewer.account is not None
    followed_patient(request, viewer, person_id, action="printed report")
    store, now = store_of(request), datetime.now(UTC)
    program = person_program(request, person_id)
    language = _language(request, person_id)
    report = await run_in_threadpool(
        partial(
            progress,
            store,
            person_id,
            program,
            now=now,
            text=translator(language),
            wording=insight_wording(language),
        )
    )
    html = _report_html(request, report, person_id, clinician=True, pdf=True)
    return await _pdf(request, html, "footwork-report.pdf")


@router.get("/clinic/patients/{person_id}/handout.pdf")
async def patient_handout_pdf(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    patient = followed_patient(request, viewer, person_id, action="printed the handout")
    html = _handout_html(request, person_id, patient.display_name, pdf=True)
    return await _pdf(request, html, "footwork-program.pdf")
