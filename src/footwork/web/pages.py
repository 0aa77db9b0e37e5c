"""HTML pages. Thin: parse, call a service, render a template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Annotated
from urllib.parse import quote, urlparse
from zoneinfo import ZoneInfo

from fastapi import APIRouter, BackgroundTasks, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from footwork.content.guidance import GENERAL_SAFETY, SHORT_RED_FLAGS
from footwork.content.loader import load_program
from footwork.content.localize import localize_exercise, localize_program
from footwork.core.language import sentence
from footwork.core.pain_alert import ADVICE as PAIN_ADVICE
from footwork.core.pain_alert import PainAlert, describe_alert
from footwork.core.program import (
    Program,
    describe_dose,
    describe_how_often,
    describe_prescription,
    describe_rest,
)
from footwork.core.records import PAIN_REGIONS, REGION_NAMES, PainContext, PainRegion
from footwork.core.timeline import compile_timeline
from footwork.services import care, signin
from footwork.services import schedule as schedule_service
from footwork.services.corrections import full_access_log
from footwork.services.logging import log_pain_checkin, pain_alerts_for
from footwork.services.readiness import readiness_status
from footwork.services.safety import first_session_today
from footwork.services.today_cache import today_view
from footwork.store.accounts import (
    Account,
    AccountError,
    close_browser_session,
    open_browser_session,
)
from footwork.store.clinic import InviteError
from footwork.store.repository import Store
from footwork.store.schedule import load_schedule
from footwork.store.stamps import read_stamp
from footwork.vision.demo import exercises_with_demonstrations
from footwork.web.camera_guide import CAMERA_GUIDES, CAMERA_VIEWS
from footwork.web.inputs import ascii_int
from footwork.web.language import language_context, language_of, remember_choice, translator_for
from footwork.web.security import check_csrf, page_person, viewer_of

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)

PAIN_CONTEXTS = ("before", "after", "any")


@dataclass(frozen=True, slots=True)
class SavedCheckin:
    """What a check-in kept, shown back to the person after Save."""

    at: datetime
    scores: list[tuple[str, int]]
    note: str | None


def client_of(request: Request) -> str:
    """The client's address (uvicorn takes it from X-Forwarded-For behind a trusted proxy)."""
    return request.client.host if request.client else "unknown"


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def program_of(request: Request) -> Program:
    if not hasattr(request.app.state, "program"):
        request.app.state.program = load_program(request.app.state.settings.program_path)
    program: Program = request.app.state.program
    return program


def person_program(request: Request, person_id: str) -> Program:
    """The program this person follows: their clinician's prescription, or the install's."""
    return care.program_for(
        store_of(request), person_id, program_of(request), now=datetime.now(UTC)
    )


def render(request: Request, name: str, status_code: int = 200, **context: object) -> HTMLResponse:
    viewer = viewer_of(request)
    return request.app.state.templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        name,
        {
            "viewer": viewer,
            "csrf_token": viewer.csrf_token if viewer else "",
            "path": request.url.path,
            **context,
        },
        status_code=status_code,
    )


def render_error(request: Request, status: int, message: str) -> str:
    viewer = viewer_of(request)
    template = request.app.state.templates.get_template("error.html")
    return str(
        template.render(
            request=request,
            viewer=viewer,
            status=status,
            message=message,
            csrf_token=viewer.csrf_token if viewer else "",
            path=request.url.path,
            **language_context(request),
        )
    )


def zone_of(store: Store, person_id: str) -> ZoneInfo:
    return load_schedule(store, person_id, now=datetime.now(UTC)).settings.zones[-1].timezone_info()


@router.get("/")
def home(request: Request) -> Response:
    viewer = viewer_of(request)
    target = "/clinic" if viewer is not None and viewer.role == "clinician" else "/today"
    if viewer is not None and viewer.role == "admin":
        target = "/admin"
    return RedirectResponse(target, status_code=303)


@router.get("/hello", response_class=PlainTextResponse)
def hello() -> str:
    """A bare route: the ceiling for the benchmark."""
    return "hello"


# -- log in and out ---------------------------------------------------------------------


def _safe_next(target: str | None) -> str:
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or urlparse(target).netloc
    ):
        return "/today"
    return target


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    viewer = viewer_of(request)
    if viewer is not None and viewer.person_id is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=500)],
    next: Annotated[str, Form()] = "/today",
) -> Response:
    store = store_of(request)
    now = datetime.now(UTC)
    try:
        account = signin.log_in(store, username, password, client=client_of(request), now=now)
    except signin.Throttled as error:
        return render(
            request,
            "login.html",
            status_code=429,
            next=_safe_next(next),
            error=sentence(error.said(translator_for(request))),
        )
    if account is None:
        return render(
            request,
            "login.html",
            status_code=401,
            next=_safe_next(next),
            error=translator_for(request).gettext("That user name and password do not match."),
        )
    _log_in_as(request, store, account, now=now)
    target = _safe_next(next)
    if account.role == "clinician" and target == "/today":
        target = "/clinic"
    if account.role == "admin" and target == "/today":
        target = "/admin"
    return RedirectResponse(target, status_code=303)


def _log_in_as(request: Request, store: Store, account: Account, *, now: datetime) -> None:
    """A fresh browser session for `account` (the old one ends: no session fixation)."""
    old = viewer_of(request)
    if old is not None and old.session is not None:
        close_browser_session(store, old.session.token_hash)
    token, _ = open_browser_session(
        store,
        account=account,
        person_id=account.person_id,
        now=now,
        lifetime=timedelta(days=request.app.state.settings.session_days),
    )
    request.state.new_session_token = token


@router.post("/logout")
def logout(request: Request) -> Response:
    viewer = viewer_of(request)
    if viewer is not None and viewer.session is not None:
        close_browser_session(store_of(request), viewer.session.token_hash)
    request.state.clear_session = True
    return RedirectResponse("/login", status_code=303)


# -- the person's pages -------------------------------------------------------------------


@router.get("/today")
def today_page(request: Request) -> Response:
    viewer, person_id = page_person(request)
    store, now = store_of(request), datetime.now(UTC)
    # The stamp first (with the language, so it is not read again), then Today: kept per
    # person until their next write, read once (schedule and versions) when worked out.
    stamp = read_stamp(store, person_id)
    if stamp is not None:
        remember_choice(request, stamp.language)
    view = today_view(
        store,
        request.app.state.today_cache,
        person_id,
        program_of(request),
        account=viewer.account,
        now=now,
        stamp=stamp,
    )
    both, person = view.overview, view.person
    text = translator_for(request)
    titles = {e.id: text.gettext(e.title) for e in person.program.exercises}
    today = both.today
    return render(
        request,
        "today.html",
        today=today,
        stats=both.stats,
        titles=titles,
        due=today.due_now(),
        change=_news(list(view.changes), today.day),
        adopt_timezone=not person.schedule.chosen,
        questionnaire=view.questionnaire,
        new_messages=view.unread,
    )


NEWS_DAYS = 14


def _news(changes: list[care.ProgramChange], today: date) -> care.ProgramChange | None:
    """The latest prescription when it starts later or started in the last two weeks."""
    if changes and changes[0].starts_on >= today - timedelta(days=NEWS_DAYS):
        return changes[0]
    return None


@router.get("/session")
def session_page(
    request: Request,
    ids: Annotated[list[str] | None, Query()] = None,
    speed: Annotated[float, Query(gt=0, le=1000)] = 1.0,
) -> Response:
    _, person_id = page_person(request)
    if readiness_status(store_of(request), person_id, now=datetime.now(UTC)).due:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/readiness?next={quote(here, safe='')}", status_code=303)
    program = person_program(request, person_id)
    if ids:
        try:
            exercises = [program.exercise(i) for i in ids]
        except KeyError as error:
            raise HTTPException(404, error.args[0]) from None
    else:
        due = schedule_service.today(
            store_of(request), person_id, program, now=datetime.now(UTC)
        ).due_now()
        exercises = [program.exercise(i) for i in due] or list(program.exercises)
    # The page's language for what is shown and spoken; ids and timings as always.
    text = translator_for(request)
    exercises = [localize_exercise(e, text, language=language_of(request)) for e in exercises]
    timeline = compile_timeline(exercises, program.timing, text=text)
    now = datetime.now(UTC)
    prefs = load_schedule(store_of(request), person_id, now=now)
    return render(
        request,
        "player.html",
        exercises=exercises,
        speed=speed,
        timeline_data=timeline.to_json(),
        ids_data=[e.id for e in exercises],
        titles_data={e.id: text.gettext(e.title) for e in program.exercises},
        sound=prefs.sound,
        voice=prefs.voice,
        red_flags=[text.gettext(line) for line in SHORT_RED_FLAGS],
        first_today=first_session_today(store_of(request), person_id, now=now),
        demo_ids=exercises_with_demonstrations(),
        camera_views=CAMERA_VIEWS,
        camera_guides=CAMERA_GUIDES,
    )


def _checkin_form(
    request: Request,
    *,
    status_code: int = 200,
    context: str = "any",
    session_id: str | None = None,
    saved: SavedCheckin | None = None,
    error: str | None = None,
    alerts: list[PainAlert] | None = None,
) -> Response:
    text = translator_for(request)
    return render(
        request,
        "checkin.html",
        alerts=[
            describe_alert(a, text.gettext(REGION_NAMES[a.region]), text=text) for a in alerts or []
        ],
        advice=PAIN_ADVICE,
        status_code=status_code,
        regions=PAIN_REGIONS,
        names=REGION_NAMES,
        context=context,
        session_id=session_id,
        saved=saved,
        error=error,
    )


@router.get("/checkin")
def checkin_page(request: Request, context: str = "any", session_id: str | None = None) -> Response:
    page_person(request)
    return _checkin_form(
        request, context=context if context in PAIN_CONTEXTS else "any", session_id=session_id
    )


@router.post("/checkin")
async def checkin(request: Request, background: BackgroundTasks) -> Response:
    _, person_id = page_person(request)
    form = await request.form()
    context_value = form.get("context")
    context: PainContext = context_value if context_value in PAIN_CONTEXTS else "any"  # type: ignore[assignment]
    session_value = form.get("session_id")
    session_id = session_value if isinstance(session_value, str) and session_value else None
    scores: dict[PainRegion, int] = {}
    for region in PAIN_REGIONS:
        value = form.get(region)
        if isinstance(value, str) and value.strip():
            score = ascii_int(value)
            if score is None or score > 10:
                return _checkin_form(
                    request,
                    status_code=422,
                    context=context,
                    session_id=session_id,
                    error=f"{REGION_NAMES[region]}: give a whole number from 0 to 10.",
                )
            scores[region] = score
    if not scores:
        return _checkin_form(
            request,
            status_code=422,
            context=context,
            session_id=session_id,
            error="Score at least one region, or skip the check-in.",
        )
    store = store_of(request)
    if session_id is not None:
        owner = store.session_owner(session_id)
        if owner is None or owner[0] != person_id:
            raise HTTPException(404, "no such session")
    note = form.get("note")
    alerts = pain_alerts_for(store, person_id, scores, now=datetime.now(UTC))
    now = datetime.now(UTC)
    kept_note = (note.strip()[:2000] or None) if isinstance(note, str) else None
    log_pain_checkin(
        store,
        person_id,
        scores,
        context=context,
        session_id=session_id,
        note=kept_note,
        now=now,
        later=background.add_task,
    )
    saved = SavedCheckin(
        at=now.astimezone(zone_of(store, person_id)),
        scores=[(REGION_NAMES[r], scores[r]) for r in PAIN_REGIONS if r in scores],
        note=kept_note,
    )
    return _checkin_form(request, saved=saved, alerts=alerts)


@router.get("/exercises")
def exercises_page(request: Request) -> Response:
    _, person_id = page_person(request)
    text = translator_for(request)
    program = localize_program(
        person_program(request, person_id), text, language=language_of(request)
    )
    return render(
        request,
        "exercises.html",
        program=program,
        prescription=partial(describe_prescription, text=text),
    )


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, exercise_id: str) -> Response:
    _, person_id = page_person(request)
    program = person_program(request, person_id)
    try:
        exercise = program.exercise(exercise_id)
    except KeyError:
        raise HTTPException(404, f"no exercise {exercise_id!r}") from None
    text = translator_for(request)
    return render(
        request,
        "exercise.html",
        exercise=localize_exercise(exercise, text, language=language_of(request)),
        dose=describe_dose(exercise.dose, text=text),
        rest=describe_rest(exercise, text=text),
        frequency=describe_how_often(exercise, text=text),
        safety=GENERAL_SAFETY,
        has_demo=exercise.id in exercises_with_demonstrations(),
    )


# -- joining with an invite, and the access log -------------------------------------------


def _join_form(
    request: Request, *, code: str = "", error: str | None = None, status_code: int = 200
) -> Response:
    return render(
        request, "join.html", status_code=status_code, code=code, error=error, username=""
    )


@router.get("/join", name="join_page")
def join_page(request: Request, code: str = "") -> Response:
    return _join_form(request, code=code[:20])


@router.post("/join")
def join(
    request: Request,
    code: Annotated[str, Form(max_length=40)],
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=500)],
    password_again: Annotated[str, Form(max_length=500)],
) -> Response:
    store, now = store_of(request), datetime.now(UTC)
    text = translator_for(request)
    if password != password_again:
        error = text.gettext("The passwords differ.")
        return _join_form(request, code=code, status_code=422, error=error)
    # Codes are long enough not to be guessed; throttling per address keeps it that way.
    try:
        account = signin.join(
            store, code, username=username, password=password, client=client_of(request), now=now
        )
    except signin.Throttled as error:
        return _join_form(request, code=code, status_code=429, error=sentence(error.said(text)))
    except InviteError as error:
        return _join_form(request, code=code, status_code=404, error=sentence(error.said(text)))
    except AccountError as error:
        return _join_form(request, code=code, status_code=422, error=sentence(error.said(text)))
    _log_in_as(request, store, account, now=now)
    return RedirectResponse("/today", status_code=303)


@router.get("/access-log")
def access_log_page(request: Request) -> Response:
    _, person_id = page_person(request)
    store = store_of(request)
    return render(
        request,
        "access_log.html",
        entries=full_access_log(store, person_id, text=translator_for(request)),
        zone=zone_of(store, person_id),
    )
