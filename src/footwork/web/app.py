"""The app factory: one Settings value in, a FastAPI app out."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from footwork.config import Settings, needs_login
from footwork.reports.documents import environment
from footwork.services.personal import local_timezone_name, open_store
from footwork.services.today_cache import TodayCache
from footwork.store.accounts import forget_expired_sessions
from footwork.web import (
    account,
    admin,
    api,
    balance,
    camera_api,
    clinic,
    clinic_api,
    clinic_discharge,
    clinic_erasure,
    clinic_flags,
    clinic_outcomes,
    clinic_prescribing,
    clinic_templates,
    clinic_tokens,
    contact,
    corrections,
    erasure,
    export_api,
    fhir_api,
    guidance,
    history,
    language,
    messages,
    pages,
    push_api,
    pwa,
    questionnaires,
    questionnaires_api,
    readiness,
    reports,
)
from footwork.web import (
    settings as settings_pages,
)
from footwork.web.headers import GuardMiddleware
from footwork.web.inputs import TextGuard
from footwork.web.language import language_context
from footwork.web.methods import AllowedMethods
from footwork.web.security import LoginRequired, PersonalPerson, SessionMiddleware

PACKAGE = Path(str(resources.files("footwork.web")))


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app for `settings` (from the environment when None)."""
    settings = settings or Settings()
    store = open_store(settings)
    forget_expired_sessions(store, now=datetime.now(UTC))
    personal = None
    if not needs_login(settings):
        personal = PersonalPerson(store, timezone=local_timezone_name())
        personal.id()
    # No docs page: Swagger UI would load from a CDN and run inline script. /openapi.json
    # describes the API for any viewer a person runs themselves.
    app = FastAPI(title="Footwork", version="0.1.0", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.store = store
    app.state.today_cache = TodayCache(settings.today_cache_size)
    app.state.personal = personal
    templates = Jinja2Templates(env=environment(), context_processors=[language_context])
    app.state.templates = templates
    app.add_middleware(TextGuard)
    routers = (
        pages.router,
        history.router,
        settings_pages.router,
        language.router,
        balance.router,
        guidance.router,
        readiness.router,
        questionnaires.router,
        clinic.router,
        clinic_prescribing.router,
        clinic_tokens.router,
        clinic_flags.router,
        clinic_outcomes.router,
        clinic_templates.router,
        clinic_discharge.router,
        admin.router,
        account.router,
        clinic_erasure.router,
        contact.router,
        erasure.router,
        corrections.router,
        reports.router,
        api.router,
        questionnaires_api.router,
        push_api.router,
        camera_api.router,
        clinic_api.router,
        clinic_api.join_router,
        fhir_api.router,
        export_api.router,
        pwa.router,
        messages.router,
        messages.api_router,
    )
    # Every route, flat (the app nests included routers): for OPTIONS and 405's Allow.
    app.state.routes = [route for router in routers for route in router.routes]
    app.add_middleware(AllowedMethods, routes=app.state.routes)
    app.add_middleware(SessionMiddleware, store=store, settings=settings, personal=personal)
    # Added last, so it runs first: a wrong Host or a foreign Origin goes no further.
    app.add_middleware(GuardMiddleware, settings=settings)
    app.mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static")
    for router in routers:
        app.include_router(router)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    # Starlette's class: FastAPI's and the router's own (an unknown page, a wrong method).
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get(
            "accept", ""
        ):
            return JSONResponse(
                {"detail": error.detail}, status_code=error.status_code, headers=error.headers
            )
        message = str(error.detail)
        if error.status_code == 404 and message == "Not Found":  # no route: a person's words
            message = f"There is no page at {request.url.path}."
        return HTMLResponse(
            pages.render_error(request, error.status_code, message),
            status_code=error.status_code,
            headers=error.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def bad_input(request: Request, error: RequestValidationError) -> Response:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"][1:]), "message": e["msg"]}
            for e in error.errors()
        ]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": problems}, status_code=422)
        text = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        return HTMLResponse(pages.render_error(request, 422, text), status_code=422)

    return app
