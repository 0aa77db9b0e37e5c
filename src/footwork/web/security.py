"""Who is asking: browser sessions, CSRF, and the checks every route makes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from fastapi import HTTPException, Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from footwork.config import Settings, needs_login
from footwork.store.accounts import (
    BrowserSession,
    find_browser_session,
    open_browser_session,
)
from footwork.store.repository import Store

COOKIE = "footwork_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Viewer:
    """The person behind a request, and what they may do."""

    session: BrowserSession
    person_id: str | None
    role: Literal["owner", "patient", "clinician", "anonymous"]

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token

    @property
    def logged_in(self) -> bool:
        return self.session.account is not None


class LoginRequired(Exception):
    """Raised by page routes; answered with a redirect to the login page."""


class SessionMiddleware(BaseHTTPMiddleware):
    """Find the browser's session, or open one: bound to the personal person where no login
    is needed, anonymous (for the login form's CSRF token) where one is."""

    def __init__(
        self, app: object, *, store: Store, settings: Settings, person_id: str | None
    ) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.store = store
        self.settings = settings
        self.personal_person_id = person_id

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        now = datetime.now(UTC)
        token = request.cookies.get(COOKIE)
        session = find_browser_session(self.store, token, now=now) if token else None
        new_token = None
        if session is None and not request.url.path.startswith(("/static/", "/calendar/")):
            person = None if needs_login(self.settings) else self.personal_person_id
            new_token, session = open_browser_session(
                self.store, account=None, person_id=person, now=now,
                lifetime=timedelta(days=self.settings.session_days),
            )  # fmt: skip
        request.state.browser_session = session
        response = await call_next(request)
        fresh = getattr(request.state, "new_session_token", None) or new_token
        if fresh:
            set_session_cookie(response, fresh, self.settings)
        elif getattr(request.state, "clear_session", False):
            response.delete_cookie(COOKIE, path="/")
        return response


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(COOKIE, token, max_age=settings.session_days * 86400, httponly=True,
                        samesite="strict", secure=settings.cookie_secure, path="/")  # fmt: skip


def viewer_of(request: Request) -> Viewer | None:
    session: BrowserSession | None = getattr(request.state, "browser_session", None)
    if session is None:
        return None
    if session.account is not None:
        return Viewer(session, session.account.person_id, session.account.role)
    if session.person_id is not None:
        return Viewer(session, session.person_id, "owner")
    return Viewer(session, None, "anonymous")


async def check_csrf(request: Request) -> None:
    """Every request that changes something must carry the session's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    viewer = viewer_of(request)
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if viewer is None or not sent or not secrets.compare_digest(sent, viewer.csrf_token):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


def page_person(request: Request) -> tuple[Viewer, str]:
    """For HTML pages: the viewer and their person, or a redirect to the login page."""
    viewer = viewer_of(request)
    if viewer is None or viewer.person_id is None:
        if viewer is not None and viewer.role == "clinician":
            raise HTTPException(403, "this page is for patients")
        raise LoginRequired
    return viewer, viewer.person_id


def api_person(request: Request) -> tuple[Viewer, str]:
    """For the JSON API: the viewer and their person, or 401/403."""
    viewer = viewer_of(request)
    if viewer is None or viewer.role == "anonymous":
        raise HTTPException(401, "log in first", headers={"WWW-Authenticate": "Cookie"})
    if viewer.person_id is None:
        raise HTTPException(403, "this is for patients")
    return viewer, viewer.person_id
