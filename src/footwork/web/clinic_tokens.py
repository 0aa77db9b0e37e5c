"""Clinicians' API tokens: listing, making and revoking them. Thin: parse, check who is
asking, call the store, render."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.store.accounts import api_tokens, create_api_token, revoke_api_token
from footwork.web.pages import render, store_of
from footwork.web.security import Viewer, check_csrf, page_clinician

router = APIRouter(
    prefix="/clinic",
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)


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
