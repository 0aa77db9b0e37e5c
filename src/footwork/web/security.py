"""Who is asking: browser sessions, CSRF, and the checks every route makes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from footwork.config import Settings, needs_login
from footwork.store.accounts import (
    Account,
    BrowserSession,
    find_api_token,
    find_browser_session,
    forget_expired_sessions,
)
from footwork.store.repository import Store
from footwork.store.throttle import forget_old_attempts

COOKIE = "footwork_session"
CSRF_COOKIE = "footwork_csrf"
CSRF_LENGTH = 43  # secrets.token_urlsafe(32)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Viewer:
    """The person behind a request, and what they may do."""

    session: BrowserSession | None
    """The browser session; None for a request made with an API token."""
    person_id: str | None
    role: Literal["owner", "patient", "clinician", "admin", "anonymous"]
    account: Account | None = None

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token if self.session else ""

    @property
    def logged_in(self) -> bool:
        return self.account is not None


class LoginRequired(Exception):
    """Raised by page routes; answered with a redirect to the login page."""


class PersonalPerson:
    """The one person of a personal install without login; made again, empty, on the first
    request after they erased everything."""

    def __init__(self, store: Store, *, timezone: str) -> None:
        self.store = store
        self.timezone = timezone
        self._id: str | None = None

    def id(self) -> str:
        if self._id is None:
            now = datetime.now(UTC)
            self._id = self.store.personal_person(now=now, timezone=self.timezone).id
        return self._id

    def forget(self) -> None:
        """After an erasure: the next request makes a fresh person."""
        self._id = None


class SessionMiddleware:
    """Find the browser's logged-in session, or treat the browser as anonymous: bound to the
    personal person where no login is needed, a stranger where one is.

    Only a login stores a session row. An anonymous browser's CSRF token (for the login and
    join forms) lives in a cookie of its own, compared with the form's copy (a double-submit
    cookie; HttpOnly and SameSite=Strict, so another site can neither read nor send it).
    Expired sessions are purged as the app runs, at most once a minute per process.

    Plain ASGI, so it costs one indexed read per request with a session cookie and nothing for
    static files, the calendar feed and the bare /hello route."""

    SKIP = ("/static/", "/calendar/", "/hello")
    PURGE_EVERY = timedelta(minutes=1)

    def __init__(
        self, app: ASGIApp, *, store: Store, settings: Settings, personal: PersonalPerson | None
    ) -> None:
        self.app = app
        self.store = store
        self.settings = settings
        self.personal = personal
        self.next_purge: datetime | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"].startswith(self.SKIP)
            or (
                scope["path"].startswith("/api/")
                and any(name == b"authorization" for name, _ in scope["headers"])
            )
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        now = datetime.now(UTC)
        if self.next_purge is None or now >= self.next_purge:
            self.next_purge = now + self.PURGE_EVERY
            await run_in_threadpool(_purge, self.store, now=now)
        token = request.cookies.get(COOKIE)
        session = (
            await run_in_threadpool(find_browser_session, self.store, token, now=now)
            if token
            else None
        )
        new_csrf = None
        if session is None:
            csrf = request.cookies.get(CSRF_COOKIE, "")
            if len(csrf) != CSRF_LENGTH:
                csrf = new_csrf = secrets.token_urlsafe(32)
            person = None
            if self.personal is not None and not needs_login(self.settings):
                person = await run_in_threadpool(self.personal.id)
            session = BrowserSession("", None, person, csrf, now)
        state = scope.setdefault("state", {})
        state["browser_session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                fresh = state.get("new_session_token")
                headers = MutableHeaders(scope=message)
                if fresh:
                    headers.append("set-cookie", session_cookie(fresh, self.settings))
                elif state.get("clear_session") or (token and not session.stored):
                    headers.append(
                        "set-cookie", f"{COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=strict"
                    )
                if new_csrf and not fresh:
                    headers.append("set-cookie", csrf_cookie(new_csrf, self.settings))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _purge(store: Store, *, now: datetime) -> None:
    """Expired sessions, and login attempts older than every throttle window."""
    forget_expired_sessions(store, now=now)
    forget_old_attempts(store, before=now - timedelta(days=1))


def csrf_cookie(token: str, settings: Settings) -> str:
    """An anonymous browser's CSRF token: for the browser's session, not kept on the server."""
    secure = "; Secure" if settings.cookie_secure else ""
    return f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=strict{secure}"


def session_cookie(token: str, settings: Settings) -> str:
    """The Set-Cookie value: HttpOnly, SameSite=Strict, Secure behind HTTPS."""
    secure = "; Secure" if settings.cookie_secure else ""
    return (
        f"{COOKIE}={token}; Max-Age={settings.session_days * 86400}; Path=/; HttpOnly; "
        f"SameSite=strict{secure}"
    )


def viewer_of(request: Request) -> Viewer | None:
    session: BrowserSession | None = getattr(request.state, "browser_session", None)
    if session is None:
        return None
    if session.account is not None:
        return Viewer(session, session.account.person_id, session.account.role, session.account)
    if session.person_id is not None:
        return Viewer(session, session.person_id, "owner")
    return Viewer(session, None, "anonymous")


def _uses_token(request: Request) -> bool:
    return request.url.path.startswith("/api/") and "authorization" in request.headers


def token_viewer(request: Request) -> Viewer:
    """The holder of the request's API token (Authorization: Bearer fw_...), or 401."""
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    holder = None
    if scheme.lower() == "bearer" and secret.strip():
        holder = find_api_token(request.app.state.store, secret.strip(), now=datetime.now(UTC))
    if holder is None:
        raise HTTPException(
            401, "unknown or revoked API token", headers={"WWW-Authenticate": "Bearer"}
        )
    role = holder.account.role if holder.account else "owner"
    return Viewer(None, holder.person_id, role, holder.account)


async def check_csrf(request: Request) -> None:
    """Every request that changes something must carry the session's CSRF token."""
    if request.method in SAFE_METHODS or _uses_token(request):
        return  # a token request carries no cookie, so there is nothing to forge
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
        if viewer is not None and viewer.role in ("clinician", "admin"):
            raise HTTPException(403, "this page is for patients")
        raise LoginRequired
    return viewer, viewer.person_id


def api_person(request: Request) -> tuple[Viewer, str]:
    """For the JSON API: the viewer and their person, or 401/403. A request with an
    Authorization header is judged by its token alone, never by a cookie."""
    viewer = token_viewer(request) if _uses_token(request) else viewer_of(request)
    if viewer is None or viewer.role == "anonymous":
        raise HTTPException(401, "log in first", headers={"WWW-Authenticate": "Cookie"})
    if viewer.person_id is None:
        raise HTTPException(403, "this is for patients")
    return viewer, viewer.person_id


def page_clinician(request: Request) -> Viewer:
    """For clinicians' HTML pages: the clinician, a redirect to log in, or 403."""
    viewer = viewer_of(request)
    if viewer is None or not viewer.logged_in:
        raise LoginRequired
    if viewer.role != "clinician":
        raise HTTPException(403, "this page is for clinicians")
    return viewer


def page_admin(request: Request) -> Viewer:
    """For the clinic admin's HTML pages: the admin, a redirect to log in, or 403."""
    viewer = viewer_of(request)
    if viewer is None or not viewer.logged_in:
        raise LoginRequired
    if viewer.role != "admin":
        raise HTTPException(403, "this page is for the clinic's admin")
    return viewer


def api_clinician(request: Request) -> Viewer:
    """For clinicians' JSON API: the clinician (by token or cookie), or 401/403."""
    viewer = token_viewer(request) if _uses_token(request) else viewer_of(request)
    if viewer is None or viewer.role == "anonymous":
        raise HTTPException(401, "log in first", headers={"WWW-Authenticate": "Cookie"})
    if viewer.role != "clinician":
        raise HTTPException(403, "this is for clinicians")
    return viewer


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """Whose API tokens a request manages: a person's, or a clinician's account's."""

    viewer: Viewer
    person_id: str | None
    account_id: str | None


def api_token_owner(request: Request) -> TokenOwner:
    viewer = token_viewer(request) if _uses_token(request) else viewer_of(request)
    if viewer is None or viewer.role == "anonymous":
        raise HTTPException(401, "log in first", headers={"WWW-Authenticate": "Cookie"})
    if viewer.person_id is not None:
        return TokenOwner(viewer, viewer.person_id, None)
    assert viewer.account is not None
    return TokenOwner(viewer, None, viewer.account.id)
