"""The settings pages: schedule, timezone, birth year, calendar feed, tokens, password."""

from __future__ import annotations

from datetime import UTC, datetime, time
from functools import cache
from typing import Annotated
from zoneinfo import available_timezones

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import ValidationError

from footwork.core.balance import birth_year_problem
from footwork.core.language import ENGLISH, sentence
from footwork.core.schedule import ScheduleSettings, Slot, ZoneChange, same_clock
from footwork.i18n import translator
from footwork.reports.calendar import build_calendar
from footwork.services import signin
from footwork.store.accounts import (
    api_tokens,
    calendar_feed_created,
    calendar_feed_person,
    create_api_token,
    new_calendar_feed,
    revoke_api_token,
)
from footwork.store.language import chosen_language
from footwork.store.schedule import (
    adopt_device_timezone,
    change_timezone,
    load_schedule,
    save_settings,
    set_birth_year,
)
from footwork.web.inputs import ascii_int
from footwork.web.language import translator_for
from footwork.web.pages import client_of, person_program, render, store_of
from footwork.web.security import check_csrf, page_person

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)


@cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, for the searchable list."""
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


def birth_year_from(text: str, *, this_year: int) -> int | None:
    """The birth year typed in Settings: empty clears it; else a whole year, not in the future."""
    if not text.strip():
        return None
    year = ascii_int(text.strip())
    problem = birth_year_problem(-1 if year is None else year, this_year=this_year)
    if problem:
        raise ValueError(f"Birth year: {problem}, or leave it empty.")
    return year


def _settings_page(
    request: Request,
    person_id: str,
    *,
    status_code: int = 200,
    error: str | None = None,
    feed_url: str | None = None,
    saved: bool = False,
    new_token: str | None = None,
) -> Response:
    store = store_of(request)
    schedule = load_schedule(store, person_id, now=datetime.now(UTC))
    return render(
        request,
        "settings.html",
        status_code=status_code,
        schedule=schedule,
        timezone=schedule.settings.zones[-1].timezone,
        timezones=timezone_names(),
        birth_year=store.get_person(person_id).birth_year,
        error=error,
        feed_url=feed_url,
        feed_created=calendar_feed_created(store, person_id),
        saved=saved,
        tokens=api_tokens(store, person_id=person_id),
        new_token=new_token,
    )


@router.get("/settings")
def settings_page(request: Request) -> Response:
    _, person_id = page_person(request)
    return _settings_page(request, person_id)


@router.post("/settings")
async def save_settings_page(request: Request) -> Response:
    _, person_id = page_person(request)
    form = await request.form()
    store = store_of(request)
    now = datetime.now(UTC)
    try:
        timezone = str(form.get("timezone", "")).strip()
        ZoneChange(effective_from=now, timezone=timezone)
        slots = []
        for name in ("morning", "midday", "evening"):
            start, end = str(form.get(f"{name}_start", "")), str(form.get(f"{name}_end", ""))
            if start and end:
                slots.append(
                    Slot(name=name, start=time.fromisoformat(start), end=time.fromisoformat(end))
                )
        if not slots:
            raise ValueError("keep at least one slot")
        birth_year = birth_year_from(str(form.get("birth_year", "")), this_year=now.year)
        ScheduleSettings(
            slots=tuple(slots),
            zones=(ZoneChange(effective_from=now, timezone="UTC"),),
            start=now.date(),
        )
    except ValidationError as error:
        message = error.errors()[0]["msg"].removeprefix("Value error, ")
        return _settings_page(request, person_id, status_code=422, error=message)
    except ValueError as error:
        return _settings_page(request, person_id, status_code=422, error=str(error))
    change_timezone(store, person_id, timezone, now=now)
    set_birth_year(store, person_id, birth_year)
    save_settings(
        store,
        person_id,
        slots=tuple(slots),
        sound=form.get("sound") == "on",
        voice=form.get("voice") == "on",
    )
    return _settings_page(request, person_id, saved=True)


@router.post("/settings/calendar")
def new_feed(request: Request) -> Response:
    _, person_id = page_person(request)
    token = new_calendar_feed(store_of(request), person_id, now=datetime.now(UTC))
    return _settings_page(
        request, person_id, feed_url=str(request.url_for("calendar_feed", token=token))
    )


@router.post("/settings/tokens")
async def new_token(request: Request) -> Response:
    viewer, person_id = page_person(request)
    form = await request.form()
    name = str(form.get("name", "")).strip()
    if not name:
        return _settings_page(request, person_id, status_code=422, error="Give the token a name.")
    secret, _ = create_api_token(
        store_of(request),
        person_id=person_id,
        account=viewer.account,
        name=name,
        now=datetime.now(UTC),
    )
    return _settings_page(request, person_id, new_token=secret)


@router.post("/settings/tokens/{token_id}/revoke")
def revoke_token_page(request: Request, token_id: str) -> Response:
    _, person_id = page_person(request)
    if not revoke_api_token(store_of(request), person_id=person_id, token_id=token_id):
        raise HTTPException(404, "no such token")
    return _settings_page(request, person_id, saved=True)


@router.post("/settings/password")
def change_password(
    request: Request,
    current_password: Annotated[str, Form(max_length=500)],
    new_password: Annotated[str, Form(max_length=500)],
    new_password_again: Annotated[str, Form(max_length=500)],
) -> Response:
    """A new password: the other browsers are logged out and the API tokens revoked."""
    viewer, person_id = page_person(request)
    if viewer.account is None or viewer.session is None:
        raise HTTPException(403, "no account here: set a password with `footwork password`")
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
        error_text = sentence(error.said(translator_for(request)))
        return _settings_page(request, person_id, status_code=error.status_code, error=error_text)
    return _settings_page(request, person_id, saved=True)


@router.get("/calendar/{token}.ics", name="calendar_feed")
def calendar_feed(request: Request, token: str) -> Response:
    store = store_of(request)
    person_id = calendar_feed_person(store, token)
    if person_id is None:
        raise HTTPException(404, "no such calendar")
    now = datetime.now(UTC)
    schedule = load_schedule(store, person_id, now=now)
    # A feed has no signed-in viewer: its words are in the person's chosen language.
    text = translator(chosen_language(store, person_id) or ENGLISH)
    calendar = build_calendar(
        person_program(request, person_id),
        schedule.settings,
        person_id=person_id,
        stamp=now,
        text=text,
    )
    return Response(calendar.to_ical(), media_type="text/calendar; charset=utf-8")


@router.post("/settings/device-timezone")
def device_timezone(request: Request, timezone: Annotated[str, Form(max_length=64)]) -> Response:
    """The browser's timezone, sent once on first use; kept only while the person has not saved
    settings of their own. Answers whether it changed anything (the page then says so)."""
    _, person_id = page_person(request)
    store, now = store_of(request), datetime.now(UTC)
    try:
        ZoneChange(effective_from=now, timezone=timezone)
    except ValidationError:
        raise HTTPException(422, f"timezone: unknown zone {timezone[:64]!r}") from None
    current = store.get_person(person_id).timezone
    if same_clock(current, timezone, at=now):
        timezone = current
    changed = adopt_device_timezone(store, person_id, timezone, now=now)
    return JSONResponse({"changed": changed, "timezone": timezone})
