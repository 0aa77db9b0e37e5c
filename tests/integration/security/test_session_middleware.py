"""web/security.py's session middleware, its cookies and the CSRF check, around a small app
(tests/integration/security/small_app.py): who a browser is, which Set-Cookie it gets, when
expired sessions and old login attempts go, and which changes are refused. These and
test_route_guards.py are what `make mutate-web` judges the module by (docs/testing.md)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import insert, select

from footwork.config import Settings
from footwork.store import tables as t
from footwork.store.accounts import BrowserSession, open_browser_session, token_hash
from footwork.store.repository import Store, new_id
from footwork.web.security import (
    COOKIE,
    CSRF_COOKIE,
    SessionMiddleware,
    Viewer,
    csrf_cookie,
    session_cookie,
)
from tests.integration.security.small_app import (
    CLINIC,
    CSRF_SENT,
    LOGIN,
    PERSONAL,
    bearer,
    call,
    logged_in,
    set_cookies,
    small_app,
)

# -- the cookies' attributes ------------------------------------------------------------------


def test_the_session_cookie_lasts_the_settings_days_and_is_secure_behind_https():
    plain = Settings(database_url="sqlite://", session_days=3)
    assert session_cookie("abc", plain) == (
        "footwork_session=abc; Max-Age=259200; Path=/; HttpOnly; SameSite=strict"
    )
    secure = Settings(database_url="sqlite://", session_days=1, cookie_secure=True)
    assert session_cookie("abc", secure) == (
        "footwork_session=abc; Max-Age=86400; Path=/; HttpOnly; SameSite=strict; Secure"
    )


def test_the_csrf_cookie_is_for_the_browsers_session_and_secure_behind_https():
    assert csrf_cookie("xyz", PERSONAL) == "footwork_csrf=xyz; Path=/; HttpOnly; SameSite=strict"
    secure = Settings(database_url="sqlite://", cookie_secure=True)
    assert csrf_cookie("xyz", secure) == (
        "footwork_csrf=xyz; Path=/; HttpOnly; SameSite=strict; Secure"
    )


def test_a_viewer_without_a_browser_session_has_no_csrf_token_and_no_login():
    viewer = Viewer(None, "p1", "owner")
    assert viewer.csrf_token == ""
    assert not viewer.logged_in


# -- the session middleware -------------------------------------------------------------------


def test_a_new_browser_gets_a_csrf_cookie_and_keeps_it_on_its_next_request(login_app):
    first = call(login_app, "GET", "/whoami")
    assert first.status_code == 200
    [cookie] = set_cookies(first)
    token = first.json()["csrf"]
    assert len(token) == 43
    assert cookie == f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=strict"
    assert first.json() == {
        "role": "anonymous",
        "person": None,
        "account": None,
        "csrf": token,
        "logged_in": False,
        "stored": False,
    }
    again = call(login_app, "GET", "/whoami", cookies={CSRF_COOKIE: token})
    assert set_cookies(again) == []
    assert again.json()["csrf"] == token


def test_a_csrf_cookie_of_the_wrong_length_is_replaced(login_app):
    for wrong in (CSRF_SENT[:-1], CSRF_SENT + "x"):
        answer = call(login_app, "GET", "/whoami", cookies={CSRF_COOKIE: wrong})
        token = answer.json()["csrf"]
        assert token not in (wrong, CSRF_SENT)
        assert set_cookies(answer) == [f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=strict"]


def test_the_csrf_cookie_is_secure_behind_https(store):
    app = small_app(store, Settings(database_url="sqlite://", cookie_secure=True), None)
    [cookie] = set_cookies(call(app, "GET", "/whoami"))
    assert cookie.endswith("; HttpOnly; SameSite=strict; Secure")


def test_a_logged_in_browser_is_its_account_and_gets_no_cookie(login_app, people):
    answer = call(login_app, "GET", "/whoami", cookies=logged_in(people, "patient"))
    assert answer.json() == {
        "role": "patient",
        "person": people.patient.person_id,
        "account": people.patient.id,
        "csrf": people.csrf["patient"],
        "logged_in": True,
        "stored": True,
    }
    assert set_cookies(answer) == []
    clinician = call(login_app, "GET", "/whoami", cookies=logged_in(people, "clinician"))
    assert clinician.json()["role"] == "clinician"
    assert clinician.json()["person"] is None
    assert clinician.json()["account"] == people.clinician.id


def test_an_unknown_session_cookie_is_cleared_and_the_browser_is_a_stranger(login_app):
    answer = call(login_app, "GET", "/whoami", cookies={COOKIE: "no-such-session"})
    assert answer.json()["role"] == "anonymous"
    token = answer.json()["csrf"]
    assert set_cookies(answer) == [
        f"{COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=strict",
        f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=strict",
    ]


def test_an_expired_session_is_not_honoured(store, people):
    now = datetime.now(UTC)
    token, _ = open_browser_session(
        store,
        account=people.patient,
        person_id=people.patient.person_id,
        now=now - timedelta(days=2),
        lifetime=timedelta(days=1),
    )
    app = small_app(store, LOGIN, None)
    answer = call(app, "GET", "/whoami", cookies={COOKIE: token})
    assert answer.json()["role"] == "anonymous"
    assert f"{COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=strict" in set_cookies(answer)


def test_signing_in_sets_only_the_session_cookie_for_the_settings_days(login_app, people):
    answer = call(login_app, "POST", f"/sign-in/{people.patient.id}", headers={})
    [cookie] = set_cookies(answer)
    token = cookie.removeprefix(f"{COOKIE}=").split(";")[0]
    assert cookie == f"{COOKIE}={token}; Max-Age={14 * 86400}; Path=/; HttpOnly; SameSite=strict"
    signed_in = call(login_app, "GET", "/whoami", cookies={COOKIE: token})
    assert signed_in.json()["account"] == people.patient.id


def test_signing_out_clears_the_session_cookie(login_app, people):
    answer = call(login_app, "POST", "/sign-out", cookies=logged_in(people, "clinician"))
    assert set_cookies(answer) == [f"{COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=strict"]


def test_without_login_a_new_browser_is_the_personal_person(personal_app, personal_person):
    answer = call(personal_app, "GET", "/whoami")
    assert answer.json()["role"] == "owner"
    assert answer.json()["person"] == personal_person.id()
    assert answer.json()["logged_in"] is False
    assert answer.json()["stored"] is False
    assert len(set_cookies(answer)) == 1  # the CSRF cookie only


def test_without_a_personal_person_a_new_browser_is_a_stranger(store):
    answer = call(small_app(store, PERSONAL, None), "GET", "/whoami")
    assert answer.json()["role"] == "anonymous"
    assert answer.json()["person"] is None


@pytest.mark.parametrize("settings", [LOGIN, CLINIC], ids=["login-required", "clinic"])
def test_where_login_is_needed_the_personal_person_is_nobodys(store, personal_person, settings):
    answer = call(small_app(store, settings, personal_person), "GET", "/whoami")
    assert answer.json()["role"] == "anonymous"
    assert answer.json()["person"] is None


@pytest.mark.parametrize("path", ["/static/x", "/calendar/x", "/hello"])
def test_static_files_the_feed_and_hello_are_left_alone(login_app, people, path):
    answer = call(login_app, "GET", path, cookies={COOKIE: "no-such-session"})
    assert answer.json() == {"has_session": False}
    assert set_cookies(answer) == []


def test_an_api_request_with_a_token_is_left_alone_by_the_middleware(login_app, people):
    answer = call(login_app, "GET", "/api/state", headers=bearer(people, "patient"))
    assert answer.json() == {"has_session": False}
    assert set_cookies(answer) == []


def test_only_an_api_request_with_an_authorization_header_skips_the_middleware(login_app):
    api_without = call(login_app, "GET", "/api/state", headers={"x-other": "1"})
    assert api_without.json() == {"has_session": True}
    assert len(set_cookies(api_without)) == 1
    page_with = call(login_app, "GET", "/state", headers={"authorization": "Bearer x"})
    assert page_with.json() == {"has_session": True}
    assert len(set_cookies(page_with)) == 1


def test_the_middleware_passes_other_connections_through(store):
    seen: list[str] = []

    async def inner(scope, receive, send) -> None:
        seen.append(scope["type"])
        assert "state" not in scope or "browser_session" not in scope["state"]

    middleware = SessionMiddleware(inner, store=store, settings=LOGIN, personal=None)

    async def nothing() -> dict[str, Any]:
        return {}

    async def drop(message) -> None:
        pass

    asyncio.run(middleware({"type": "lifespan"}, nothing, drop))
    asyncio.run(middleware({"type": "websocket", "path": "/ws", "headers": []}, nothing, drop))
    assert seen == ["lifespan", "websocket"]


def test_a_server_without_lifespan_state_still_gets_the_session(store):
    """An ASGI server need not put "state" in the scope (it is optional in the spec)."""
    seen: list[BrowserSession] = []
    sent: list[dict[str, Any]] = []

    async def inner(scope, receive, send) -> None:
        seen.append(scope["state"]["browser_session"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def nothing() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def keep(message) -> None:
        sent.append(message)

    middleware = SessionMiddleware(inner, store=store, settings=LOGIN, personal=None)
    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b""}
    asyncio.run(middleware(scope, nothing, keep))
    [session] = seen
    assert session.account is None and session.person_id is None
    assert sent[0]["headers"] == [(b"set-cookie", csrf_cookie(session.csrf_token, LOGIN).encode())]
    assert sent[1] == {"type": "http.response.body", "body": b""}


# -- purging expired sessions and old login attempts -----------------------------------------


def session_rows(store: Store, *tokens: str) -> list[bool]:
    with store.engine.connect() as connection:
        return [
            connection.execute(
                select(t.WebSession.token_hash).where(t.WebSession.token_hash == token_hash(x))
            ).first()
            is not None
            for x in tokens
        ]


def attempt_rows(store: Store, *ids: str) -> list[bool]:
    with store.engine.connect() as connection:
        kept = set(connection.execute(select(t.LoginFailure.id)).scalars())
    return [x in kept for x in ids]


def expired_session(store: Store, *, at: datetime) -> str:
    token = f"expired-{uuid.uuid4().hex}"
    with store.engine.begin() as connection:
        connection.execute(
            insert(t.WebSession).values(
                token_hash=token_hash(token),
                account_id=None,
                person_id=None,
                csrf_token="c",
                created_at=at - timedelta(hours=1),
                expires_at=at,
            )
        )
    return token


def attempt(store: Store, *, at: datetime) -> str:
    key = new_id()
    with store.engine.begin() as connection:
        connection.execute(insert(t.LoginFailure).values(id=key, username="k", at=at))
    return key


def test_expired_sessions_and_day_old_attempts_go_at_most_once_a_minute(store):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    app = small_app(store, LOGIN, None)
    with time_machine.travel(start, tick=False):
        gone = expired_session(store, at=start)
        live = expired_session(store, at=start + timedelta(seconds=1))
        call(app, "GET", "/whoami")
        assert session_rows(store, gone, live) == [False, True]
    later = start + timedelta(seconds=59)
    with time_machine.travel(later, tick=False):
        waiting = expired_session(store, at=later)
        call(app, "GET", "/whoami")
        assert session_rows(store, waiting) == [True]  # within the minute: not yet
    minute = start + timedelta(minutes=1)
    with time_machine.travel(minute, tick=False):
        old = attempt(store, at=minute - timedelta(days=1, seconds=1))
        edge = attempt(store, at=minute - timedelta(days=1))
        recent = attempt(store, at=minute - timedelta(hours=23))
        call(app, "GET", "/whoami")
        assert session_rows(store, waiting, live) == [False, False]
        assert attempt_rows(store, old, edge, recent) == [False, True, True]
    with time_machine.travel(minute + timedelta(seconds=30), tick=False):
        again = expired_session(store, at=minute)
        call(app, "GET", "/whoami")
        assert session_rows(store, again) == [True]  # the next purge is a minute on


# -- CSRF ---------------------------------------------------------------------------------------

WRONG_CSRF = {"detail": "missing or wrong CSRF token: reload the page and try again"}


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_reading_needs_no_csrf_token(login_app, method):
    assert call(login_app, method, "/change").status_code == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_a_change_without_the_csrf_token_is_refused(login_app, people, method):
    answer = call(login_app, method, "/change", cookies=logged_in(people, "patient"))
    assert answer.status_code == 403
    assert answer.json() == WRONG_CSRF


def test_the_csrf_token_in_a_header_is_compared_with_the_sessions(login_app, people):
    cookies = logged_in(people, "patient")
    right = {"x-csrf-token": people.csrf["patient"]}
    assert call(login_app, "POST", "/change", cookies=cookies, headers=right).json() == "changed"
    for wrong in ("", people.csrf["clinician"], people.csrf["patient"][:-1]):
        answer = call(
            login_app, "POST", "/change", cookies=cookies, headers={"x-csrf-token": wrong}
        )
        assert answer.status_code == 403
        assert answer.json() == WRONG_CSRF


def test_the_csrf_token_of_a_form_is_read_from_the_form(login_app, people):
    cookies = logged_in(people, "patient")
    token = people.csrf["patient"]
    form = call(login_app, "POST", "/change", cookies=cookies, data={"csrf_token": token})
    assert form.json() == "changed"
    multipart = call(
        login_app,
        "POST",
        "/upload",
        cookies=cookies,
        data={"csrf_token": token},
        files={"photo": ("a.txt", b"a")},
    )
    assert multipart.json() == "uploaded"
    wrong = call(login_app, "POST", "/change", cookies=cookies, data={"csrf_token": "x" * 43})
    assert wrong.status_code == 403
    missing = call(login_app, "POST", "/change", cookies=cookies, data={"other": token})
    assert missing.status_code == 403


def test_a_file_named_csrf_token_is_no_token(login_app, people):
    answer = call(
        login_app,
        "POST",
        "/upload",
        cookies=logged_in(people, "patient"),
        files={"csrf_token": ("token.txt", people.csrf["patient"].encode())},
    )
    assert answer.status_code == 403
    assert answer.json() == WRONG_CSRF


def test_a_header_token_wins_over_the_form(login_app, people):
    cookies = logged_in(people, "patient")
    token = people.csrf["patient"]
    answer = call(
        login_app,
        "POST",
        "/change",
        cookies=cookies,
        headers={"x-csrf-token": token},
        data={"other": "1"},
    )
    assert answer.json() == "changed"


def test_a_json_body_is_not_searched_for_a_token(login_app, people):
    answer = call(
        login_app,
        "POST",
        "/change",
        cookies=logged_in(people, "patient"),
        json={"csrf_token": people.csrf["patient"]},
    )
    assert answer.status_code == 403


def test_a_stranger_needs_the_token_of_their_csrf_cookie(login_app):
    cookies = {CSRF_COOKIE: CSRF_SENT}
    right = call(login_app, "POST", "/change", cookies=cookies, data={"csrf_token": CSRF_SENT})
    assert right.json() == "changed"
    other = call(login_app, "POST", "/change", cookies=cookies, data={"csrf_token": "y" * 43})
    assert other.status_code == 403


def test_a_change_where_the_middleware_did_not_run_is_refused(login_app):
    answer = call(login_app, "POST", "/hello/change", headers={"x-csrf-token": CSRF_SENT})
    assert answer.status_code == 403
    assert answer.json() == WRONG_CSRF
    form = call(login_app, "POST", "/hello/change", data={"csrf_token": CSRF_SENT})
    assert form.status_code == 403  # the form was read: the body reached the app
    assert form.json() == WRONG_CSRF


def test_an_api_change_with_a_token_needs_no_csrf_token(login_app, people):
    with_token = call(login_app, "POST", "/api/change", headers=bearer(people, "patient"))
    assert with_token.json() == "changed"
    without = call(login_app, "POST", "/api/change", cookies=logged_in(people, "patient"))
    assert without.status_code == 403
    page = call(
        login_app,
        "POST",
        "/change",
        cookies=logged_in(people, "patient"),
        headers=bearer(people, "patient"),
    )
    assert page.status_code == 403  # only the API is judged by its token
