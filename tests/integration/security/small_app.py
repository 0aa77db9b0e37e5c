"""A small FastAPI app with every guard of web/security.py behind a route of its own, the
people who call it, and a browser without a cookie jar (each request carries the cookies it
is given and no others)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import httpx
from fastapi import Depends, FastAPI, File, Request, UploadFile
from fastapi.responses import RedirectResponse
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.core.records import Person
from footwork.store.accounts import (
    Account,
    create_account,
    create_api_token,
    open_browser_session,
)
from footwork.store.repository import Store, new_id
from footwork.web.security import (
    COOKIE,
    LoginRequired,
    PersonalPerson,
    SessionMiddleware,
    Viewer,
    api_clinician,
    api_person,
    api_token_owner,
    check_csrf,
    page_admin,
    page_clinician,
    page_person,
    viewer_of,
)

PASSWORD = "correct horse battery staple 42"
PERSONAL = Settings(database_url="sqlite://", mode="personal")
LOGIN = Settings(database_url="sqlite://", mode="personal", login_required=True)
CLINIC = Settings(database_url="sqlite://", mode="clinic")
CSRF_SENT = "the-csrf-token-of-this-browser-43-chars-abc"
assert len(CSRF_SENT) == 43


# -- the app and its people -------------------------------------------------------------------


def describe(viewer: Viewer | None) -> dict[str, Any] | None:
    if viewer is None:
        return None
    return {
        "role": viewer.role,
        "person": viewer.person_id,
        "account": viewer.account.id if viewer.account else None,
        "csrf": viewer.csrf_token,
        "logged_in": viewer.logged_in,
        "stored": viewer.session.stored if viewer.session else None,
    }


def small_app(store: Store, settings: Settings, personal: PersonalPerson | None) -> FastAPI:
    """Every guard of web/security.py behind a route of its own, under "" (the session
    middleware runs), /api (a token may be sent) and /hello (a path the middleware skips)."""
    app = FastAPI()
    app.state.store = store
    app.state.settings = settings
    app.add_middleware(SessionMiddleware, store=store, settings=settings, personal=personal)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _: LoginRequired) -> RedirectResponse:
        return RedirectResponse("/login", status_code=303)

    def shown(request: Request) -> dict[str, Any] | None:
        return describe(viewer_of(request))

    def person(request: Request) -> dict[str, Any]:
        viewer, person_id = page_person(request)
        return {"viewer": describe(viewer), "person": person_id}

    def person_api(request: Request) -> dict[str, Any]:
        viewer, person_id = api_person(request)
        return {"viewer": describe(viewer), "person": person_id}

    def clinician(request: Request) -> dict[str, Any] | None:
        return describe(page_clinician(request))

    def admin(request: Request) -> dict[str, Any] | None:
        return describe(page_admin(request))

    def clinician_api(request: Request) -> dict[str, Any] | None:
        return describe(api_clinician(request))

    def token_owner(request: Request) -> dict[str, Any]:
        owner = api_token_owner(request)
        return {
            "viewer": describe(owner.viewer),
            "person": owner.person_id,
            "account": owner.account_id,
        }

    def changed() -> str:
        return "changed"

    def what_middleware_left(request: Request) -> dict[str, Any]:
        return {"has_session": hasattr(request.state, "browser_session")}

    for prefix in ("", "/api", "/hello"):
        app.get(f"{prefix}/whoami")(shown)
        app.get(f"{prefix}/person")(person)
        app.get(f"{prefix}/person-api")(person_api)
        app.get(f"{prefix}/clinician")(clinician)
        app.get(f"{prefix}/admin")(admin)
        app.get(f"{prefix}/clinician-api")(clinician_api)
        app.get(f"{prefix}/token-owner")(token_owner)
        app.api_route(
            f"{prefix}/change",
            methods=["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE"],
            dependencies=[Depends(check_csrf)],
        )(changed)
    for path in ("/static/x", "/calendar/x", "/hello", "/api/state", "/state"):
        app.get(path)(what_middleware_left)

    @app.post("/upload", dependencies=[Depends(check_csrf)])
    def upload(photo: Annotated[UploadFile | None, File()] = None) -> str:
        return "uploaded"

    @app.post("/sign-in/{account_id}")
    def sign_in(account_id: str, request: Request) -> str:
        account = next(a for a in request.app.state.accounts if a.id == account_id)
        token, _ = open_browser_session(
            store,
            account=account,
            person_id=account.person_id,
            now=datetime.now(UTC),
            lifetime=timedelta(days=1),
        )
        request.state.new_session_token = token
        return "signed in"

    @app.post("/sign-out")
    def sign_out(request: Request) -> str:
        request.state.clear_session = True
        return "signed out"

    app.state.accounts = []
    return app


@dataclass(frozen=True)
class People:
    """One of each role, with a browser session and an API token each, and an API token of
    a person without an account (a personal install's owner)."""

    patient: Account
    other_patient: Account
    owner: Account
    clinician: Account
    admin: Account
    cookie: dict[str, str]
    """Each account's session cookie token, by username."""
    csrf: dict[str, str]
    token: dict[str, str]
    """Each account's API token secret, by username; "personal" is an account-less one."""
    personal_person: str


def make_people(store: Store) -> People:
    """Each role's account, session and token, made in `store`."""
    now = datetime.now(UTC)
    accounts: dict[str, Account] = {}
    for role in ("patient", "other_patient", "owner", "clinician", "admin"):
        person_id = None
        if role in ("patient", "other_patient", "owner"):
            person_id = store.add_person(Person(id=new_id(), display_name=role), now=now).id
        accounts[role] = create_account(
            store,
            username=f"{role.replace('_', '')}{uuid.uuid4().hex[:6]}",
            password=PASSWORD,
            role="patient" if role == "other_patient" else role,  # type: ignore[arg-type]
            person_id=person_id,
            now=now,
        )
    cookie, csrf, token = {}, {}, {}
    for role, account in accounts.items():
        cookie[role], session = open_browser_session(
            store,
            account=account,
            person_id=account.person_id,
            now=now,
            lifetime=timedelta(days=1),
        )
        csrf[role] = session.csrf_token
        token[role], _ = create_api_token(
            store,
            person_id=account.person_id,
            account=account,
            name=role,
            now=now,
        )
    alone = store.add_person(Person(id=new_id(), display_name="personal"), now=now).id
    token["personal"], _ = create_api_token(
        store, person_id=alone, account=None, name="personal", now=now
    )
    return People(
        accounts["patient"],
        accounts["other_patient"],
        accounts["owner"],
        accounts["clinician"],
        accounts["admin"],
        cookie,
        csrf,
        token,
        alone,
    )


def call(
    app: FastAPI,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """One request from a fresh browser: only the cookies given."""
    sent = dict(headers or {})
    if cookies:
        sent["cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    client = TestClient(app, follow_redirects=False)
    return client.request(method, path, headers=sent, **kwargs)


def logged_in(people: People, role: str) -> dict[str, str]:
    return {COOKIE: people.cookie[role]}


def bearer(people: People, role: str) -> dict[str, str]:
    return {"authorization": f"Bearer {people.token[role]}"}


def set_cookies(answer: httpx.Response) -> list[str]:
    return answer.headers.get_list("set-cookie")
