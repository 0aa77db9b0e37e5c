"""The clinic admin's pages: clinicians (add, deactivate with a handover of their patients),
the clinic's access log, and how long discharged records are kept.

An admin runs the clinic's accounts and reads no patient's health data: the access log shows
who opened which record (names and actions), never what is in it. Someone who is both admin
and clinician holds two accounts. Thin: parse, call the store, render.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.core.language import N_
from footwork.core.lifecycle import (
    DEFAULT_RETENTION_YEARS,
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
    RetentionError,
)
from footwork.store.accounts import AccountError, create_account
from footwork.store.admin import (
    clinic_access_log,
    clinicians,
    deactivate_clinician,
    retention_years,
    set_retention_years,
)
from footwork.web.language import translator_for
from footwork.web.pages import render, store_of
from footwork.web.security import check_csrf, page_admin

NOTICES = {
    "deactivated": N_(
        "The clinician is deactivated: signed out everywhere, tokens revoked, patients handed over."
    ),
    "retention": N_("Saved: how long discharged records are kept."),
}

router = APIRouter(
    prefix="/admin",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)


def _page(
    request: Request,
    *,
    status_code: int = 200,
    error: str | None = None,
    new_clinician: tuple[str, str] | None = None,
    notice: str | None = None,
) -> Response:
    store = store_of(request)
    done = NOTICES.get(request.query_params.get("done", ""))
    return render(
        request,
        "admin_clinic.html",
        status_code=status_code,
        clinicians=clinicians(store),
        years=retention_years(store),
        default_years=DEFAULT_RETENTION_YEARS,
        min_years=MIN_RETENTION_YEARS,
        max_years=MAX_RETENTION_YEARS,
        error=error,
        new_clinician=new_clinician,
        notice=notice or (translator_for(request).gettext(done) if done else None),
    )


@router.get("")
def admin_page(request: Request) -> Response:
    page_admin(request)
    return _page(request)


@router.post("/clinicians")
async def add_clinician(request: Request) -> Response:
    """A new clinician account with a one-time password, shown once, for the admin to hand
    over."""
    page_admin(request)
    form = await request.form()
    username = str(form.get("username", "")).strip()
    password = secrets.token_urlsafe(12)
    try:
        account = create_account(
            store_of(request),
            username=username,
            password=password,
            role="clinician",
            person_id=None,
            now=datetime.now(UTC),
        )
    except AccountError as error:
        return _page(request, status_code=422, error=error.said(translator_for(request)))
    return _page(request, status_code=201, new_clinician=(account.username, password))


@router.post("/clinicians/{account_id}/deactivate")
async def deactivate(request: Request, account_id: str) -> Response:
    page_admin(request)
    form = await request.form()
    handover = str(form.get("handover_to", "")).strip() or None
    try:
        deactivate_clinician(
            store_of(request), clinician_id=account_id, handover_to=handover, now=datetime.now(UTC)
        )
    except AccountError as error:
        return _page(request, status_code=422, error=error.said(translator_for(request)))
    return RedirectResponse("/admin?done=deactivated", status_code=303)


@router.post("/retention")
async def retention(request: Request) -> Response:
    page_admin(request)
    form = await request.form()
    try:
        years = int(str(form.get("years", "")).strip())
        set_retention_years(store_of(request), years, now=datetime.now(UTC))
    except (ValueError, RetentionError) as error:
        text = translator_for(request)
        if isinstance(error, RetentionError):
            said = text.gettext("Retention: {problem}.").format(problem=error)
        else:
            said = text.gettext("Retention: give a whole number.")
        return _page(request, status_code=422, error=said)
    return RedirectResponse("/admin?done=retention", status_code=303)


@router.get("/access")
def access_page(request: Request) -> Response:
    page_admin(request)
    return render(request, "admin_access.html", entries=clinic_access_log(store_of(request)))
