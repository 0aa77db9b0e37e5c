"""The language of the pages: the person's choice (Settings), else Accept-Language, else
English; and the small route that keeps the choice."""

from __future__ import annotations

from typing import Annotated, Any

from babel import negotiate_locale
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.core.language import (
    KNOWN,
    LANGUAGES,
    NAMES,
    Translator,
    html_language,
    page_language,
)
from footwork.i18n import translator
from footwork.store.language import account_language, chosen_language, set_language
from footwork.web.security import check_csrf, page_person, viewer_of

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)

# Babel compares tags with a hyphen: en-XA, pt-BR.
_OFFERED = [html_language(code) for code in KNOWN]


def accepted_language(header: str) -> str | None:
    """The best of our languages for an Accept-Language header (Babel's negotiation)."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag.replace("_", "-")))
    preferred = [tag for _, _, tag in sorted(weighted)]
    found = negotiate_locale(preferred, _OFFERED, sep="-")
    return found.replace("-", "_") if found else None


def language_of(request: Request) -> str:
    """This request's language, worked out once per request."""
    cached = getattr(request.state, "language", None)
    if isinstance(cached, str):
        return cached
    viewer = viewer_of(request)
    chosen = None
    if viewer is not None and viewer.person_id is not None:
        chosen = chosen_language(request.app.state.store, viewer.person_id)
    elif viewer is not None and viewer.account is not None:  # a clinician or an admin
        chosen = account_language(request.app.state.store, viewer.account.id)
    language = page_language(chosen, accepted_language(request.headers.get("accept-language", "")))
    request.state.language = language
    request.state.chosen_language = chosen
    return language


def remember_choice(request: Request, chosen: str | None) -> None:
    """The viewer's own choice, already read with their change stamp: not read again."""
    request.state.language = page_language(
        chosen, accepted_language(request.headers.get("accept-language", ""))
    )
    request.state.chosen_language = chosen


def translator_for(request: Request) -> Translator:
    """The catalogue of this request's language, for texts made in Python."""
    return translator(language_of(request))


def language_context(request: Request) -> dict[str, Any]:
    """For every template rendered in a request: `lang` (gettext's) and `html_lang`."""
    language = language_of(request)
    return {
        "lang": language,
        "html_lang": html_language(language),
        "languages": LANGUAGES,
        "language_names": NAMES,
        "chosen_language": getattr(request.state, "chosen_language", None),
    }


@router.post("/settings/language")
def save_language(
    request: Request,
    language: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """Keep the person's language; empty: follow the browser."""
    _, person_id = page_person(request)
    if language and language not in LANGUAGES:
        raise HTTPException(422, f"language: choose one of {', '.join(LANGUAGES)}, or empty")
    set_language(request.app.state.store, person_id, language or None)
    return RedirectResponse("/settings#language-h", status_code=303)
