"""A patient's contact details for their clinicians: seen and changed on their own page,
kept only with their consent. Thin: parse, check, call the store, render."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from footwork.core.contact import email_problem, phone_problem
from footwork.core.language import N_
from footwork.store.contact import get_contact, save_contact
from footwork.web.pages import render, store_of
from footwork.web.security import check_csrf, page_person

router = APIRouter(
    dependencies=[Depends(check_csrf)],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)


def _contact_page(
    request: Request,
    person_id: str,
    *,
    status_code: int = 200,
    problems: list[str] | None = None,
    saved: bool = False,
    typed: dict[str, str] | None = None,
) -> Response:
    contact = get_contact(store_of(request), person_id)
    return render(
        request,
        "contact.html",
        status_code=status_code,
        contact=contact,
        problems=problems or [],
        saved=saved,
        phone=(typed or {}).get("phone", contact.phone if contact else "") or "",
        email=(typed or {}).get("email", contact.email if contact else "") or "",
    )


@router.get("/settings/contact")
def contact_page(request: Request) -> Response:
    _, person_id = page_person(request)
    return _contact_page(request, person_id)


@router.post("/settings/contact")
async def save_contact_page(request: Request) -> Response:
    _, person_id = page_person(request)
    form = await request.form()
    phone = str(form.get("phone", "")).strip()
    email = str(form.get("email", "")).strip()
    consent = form.get("consent") == "on"
    problems = []
    if consent and phone and (problem := phone_problem(phone)):
        problems.append(problem)
    if consent and email and (problem := email_problem(email)):
        problems.append(problem)
    if consent and not (phone or email):
        problems.append(N_("Give a phone number, an e-mail address or both."))
    if problems:
        return _contact_page(
            request,
            person_id,
            status_code=422,
            problems=problems,
            typed={"phone": phone, "email": email},
        )
    save_contact(
        store_of(request),
        person_id,
        phone=phone or None,
        email=email or None,
        consent=consent,
        now=datetime.now(UTC),
    )
    return _contact_page(request, person_id, saved=True)
