"""A clinician's or admin's own account: their password. Patients change theirs in Settings.

Thin: check who is asking, call services.signin.change_password, render.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.core.language import LANGUAGES, sentence
from footwork.services import signin
from footwork.store.language import set_account_language
from footwork.web.language import translator_for
from footwork.web.pages import client_of, render, store_of
from footwork.web.security import LoginRequired, Viewer, check_csrf, viewer_of

router = APIRouter(
    prefix="/account",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)
Secret = Annotated[str, Form(max_length=500)]


def _staff(request: Request) -> Viewer:
    """A logged-in clinician or admin; a patient is sent to Settings, anyone else to log in."""
    viewer = viewer_of(request)
    if viewer is None or viewer.account is None or viewer.session is None:
        raise LoginRequired
    if viewer.role not in ("clinician", "admin"):
        raise HTTPException(403, "this page is for clinic staff: patients use Settings")
    return viewer


def _page(
    request: Request, viewer: Viewer, *, status_code: int = 200, error: str | None = None
) -> Response:
    saved = request.query_params.get("done") == "password"
    return render(
        request,
        "account.html",
        status_code=status_code,
        account=viewer.account,
        error=error,
        saved=saved,
    )


@router.get("")
def account_page(request: Request) -> Response:
    return _page(request, _staff(request))


@router.post("/language")
def save_language(request: Request, language: Annotated[str, Form(max_length=16)] = "") -> Response:
    """Keep the clinician's or admin's language; empty: follow the browser."""
    viewer = _staff(request)
    assert viewer.account is not None
    if language and language not in LANGUAGES:
        raise HTTPException(422, f"language: choose one of {', '.join(LANGUAGES)}, or empty")
    set_account_language(store_of(request), viewer.account.id, language or None)
    return RedirectResponse("/account#language-h", status_code=303)


@router.post("/password")
def change_password(
    request: Request, current_password: Secret, new_password: Secret, new_password_again: Secret
) -> Response:
    """A new password: the other browsers are logged out and the API tokens revoked."""
    viewer = _staff(request)
    assert viewer.account is not None and viewer.session is not None
    try:
        signin.change_password(
            store_of(request),
            viewer.account,
            current=current_password,
            new=new_password,
            new_again=new_password_again,
            keep_session=viewer.session.token_hash,
            client=client_of(request),
            now=datetime.now(UTC),
        )
    except signin.PasswordRefused as error:
        return _page(
            request,
            viewer,
            status_code=error.status_code,
            error=sentence(error.said(translator_for(request))),
        )
    return RedirectResponse("/account?done=password", status_code=303)
