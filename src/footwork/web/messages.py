"""Messages between a patient and their clinicians: the patient's /messages page, the
clinician's view of a patient's thread, and GET/POST /api/messages. Thin: check who is
asking, call services.messages, render or redirect (POST-redirect-GET)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from footwork.core.language import N_
from footwork.core.messages import MAX_LENGTH, AttachmentKind, Message, MessageError
from footwork.services import messages as service
from footwork.store.accounts import Account
from footwork.store.clinic import Patient, get_patient
from footwork.store.messages import attachables, attachment_times, patient_account
from footwork.store.repository import Store
from footwork.web.api import ERRORS, Uuid
from footwork.web.clinic import followed_patient
from footwork.web.inputs import CleanText
from footwork.web.language import translator_for
from footwork.web.pages import render, store_of
from footwork.web.security import api_person, check_csrf, page_clinician, page_person

router = APIRouter(
    dependencies=[Depends(check_csrf)], default_response_class=HTMLResponse, include_in_schema=False
)
api_router = APIRouter(prefix="/api", dependencies=[Depends(check_csrf)], responses=ERRORS)


def _attachment(value: str) -> tuple[AttachmentKind, str] | None:
    """The form's choice, "session:<id>" or "checkin:<id>"; None for none; 422 otherwise."""
    if not value:
        return None
    kind, _, record = value.partition(":")
    if kind not in ("session", "checkin") or not record:
        raise HTTPException(422, "attachment: choose your last session, last check-in or nothing")
    return kind, record  # type: ignore[return-value]  # checked just above


def _zone(patient: Patient | None) -> ZoneInfo:
    return ZoneInfo(patient.timezone) if patient else ZoneInfo("UTC")


def _notify(request: Request, background: BackgroundTasks, person_id: str) -> None:
    background.add_task(
        service.notify_patient,
        store_of(request),
        request.app.state.settings,
        person_id,
        link=str(request.url_for("messages_page")),
        now=datetime.now(UTC),
    )


def _thread_page(
    request: Request,
    template: str,
    *,
    store: Store,
    patient: Patient | None,
    person_id: str,
    reader: Account | None,
    side: Literal["patient", "clinician"],
    status_code: int = 200,
    error: str | None = None,
    text: str = "",
) -> Response:
    now = datetime.now(UTC)
    if reader is None:  # a personal install: no clinician, nobody to write to
        thread = service.Thread([], N_("messages are for patients of a clinic"), 0)
    else:
        thread = service.open_thread(store, person_id, reader=reader, side=side, now=now)
    return render(
        request,
        template,
        status_code=status_code,
        patient=patient,
        thread=thread,
        zone=_zone(patient),
        times=attachment_times(store, thread.messages),
        choices=attachables(store, person_id) if side == "patient" else [],
        error=error,
        text=text,
        max_length=MAX_LENGTH,
        sent=request.query_params.get("sent") == "1",
    )


# -- the patient's page ---------------------------------------------------------------------


def _me(store: Store, person_id: str, account: Account | None) -> Account | None:
    """The patient as a reader and writer: their account (None on a personal install)."""
    if account is not None and account.person_id == person_id:
        return account
    return patient_account(store, person_id)


@router.get("/messages", name="messages_page")
def messages_page(request: Request) -> Response:
    viewer, person_id = page_person(request)
    store = store_of(request)
    return _thread_page(
        request,
        "messages.html",
        store=store,
        patient=get_patient(store, person_id),
        person_id=person_id,
        reader=_me(store, person_id, viewer.account),
        side="patient",
    )


@router.post("/messages")
async def send_message_page(request: Request, background: BackgroundTasks) -> Response:
    viewer, person_id = page_person(request)
    store = store_of(request)
    form = await request.form()
    text = str(form.get("body", ""))
    try:
        service.write_message(
            store,
            person_id,
            author=_me(store, person_id, viewer.account),
            side="patient",
            text=text,
            now=datetime.now(UTC),
            attachment=_attachment(str(form.get("attach", ""))),
        )
    except (MessageError, service.BadAttachment) as error:
        tr = translator_for(request)
        return _thread_page(
            request,
            "messages.html",
            store=store,
            patient=get_patient(store, person_id),
            person_id=person_id,
            reader=_me(store, person_id, viewer.account),
            side="patient",
            status_code=422,
            error=error.text(tr) if isinstance(error, MessageError) else tr.gettext(str(error)),
            text=text,
        )
    except service.NotAllowed as error:
        raise HTTPException(403, str(error)) from None
    return RedirectResponse("/messages?sent=1#latest", status_code=303)


# -- the clinician's view of a patient's thread --------------------------------------------


@router.get("/clinic/patients/{person_id}/messages")
def clinic_messages_page(request: Request, person_id: str) -> Response:
    viewer = page_clinician(request)
    # open_thread writes the access-log line ("read the messages").
    patient = followed_patient(request, viewer, person_id, action=None)
    return _thread_page(
        request,
        "clinic_messages.html",
        store=store_of(request),
        patient=patient,
        person_id=person_id,
        reader=viewer.account,
        side="clinician",
    )


@router.post("/clinic/patients/{person_id}/messages")
async def reply_page(request: Request, person_id: str, background: BackgroundTasks) -> Response:
    viewer = page_clinician(request)
    patient = followed_patient(request, viewer, person_id, action="wrote a message")
    store = store_of(request)
    form = await request.form()
    text = str(form.get("body", ""))
    try:
        service.write_message(
            store, person_id, author=viewer.account, side="clinician", text=text,
            now=datetime.now(UTC),
        )  # fmt: skip
    except MessageError as error:
        return _thread_page(
            request, "clinic_messages.html", store=store, patient=patient, person_id=person_id,
            reader=viewer.account, side="clinician", status_code=422,
            error=error.text(translator_for(request)), text=text,
        )  # fmt: skip
    except service.NotAllowed as error:
        raise HTTPException(403, str(error)) from None
    _notify(request, background, person_id)
    return RedirectResponse(f"/clinic/patients/{person_id}/messages?sent=1#latest", 303)


# -- the API --------------------------------------------------------------------------------


class MessageIn(BaseModel):
    id: Uuid | None = None
    """An idempotency key made by the client: the same id again stores nothing new and
    answers with the message stored the first time."""
    body: Annotated[CleanText, Field(min_length=1, max_length=MAX_LENGTH)]
    session_id: Uuid | None = None
    """Attach one of your own sessions (or give checkin_id; not both)."""
    checkin_id: Uuid | None = None


class MessageOut(BaseModel):
    id: str
    side: Literal["patient", "clinician"]
    author_name: str
    body: str
    created_at: datetime
    session_id: str | None = None
    checkin_id: str | None = None


class ThreadOut(BaseModel):
    messages: list[MessageOut]
    unread: int
    """How many messages from the clinicians were new before this read."""
    closed: str | None = None
    """Why no message can be sent now (no clinic, or the patient was discharged)."""


def _out(message: Message) -> MessageOut:
    kind, record = message.attachment or (None, None)
    return MessageOut(
        id=message.id,
        side=message.side,
        author_name=message.author_name if message.side == "clinician" else "",
        body=message.body,
        created_at=message.created_at,
        session_id=record if kind == "session" else None,
        checkin_id=record if kind == "checkin" else None,
    )


Person = Annotated[tuple[object, str], Depends(api_person)]


def _account(request: Request) -> Account | None:
    viewer, person_id = api_person(request)
    return _me(store_of(request), person_id, viewer.account)


@api_router.get("/messages")
def api_thread(request: Request, person: Person) -> ThreadOut:
    account = _account(request)
    if account is None:
        return ThreadOut(messages=[], unread=0, closed="messages are for patients of a clinic")
    thread = service.open_thread(
        store_of(request), person[1], reader=account, side="patient", now=datetime.now(UTC)
    )
    return ThreadOut(
        messages=[_out(m) for m in thread.messages],
        unread=thread.unread_before,
        closed=thread.writable,
    )


@api_router.post("/messages", status_code=201)
def api_send(request: Request, person: Person, body: MessageIn) -> MessageOut:
    if body.session_id and body.checkin_id:
        raise HTTPException(422, [{"field": "checkin_id", "message": "attach one record, not two"}])
    attachment: tuple[AttachmentKind, str] | None = None
    if body.session_id:
        attachment = ("session", body.session_id)
    elif body.checkin_id:
        attachment = ("checkin", body.checkin_id)
    try:
        message, _ = service.write_message(
            store_of(request), person[1], author=_account(request), side="patient",
            text=body.body, now=datetime.now(UTC), attachment=attachment, client_key=body.id,
        )  # fmt: skip
    except MessageError as error:
        raise HTTPException(422, [{"field": "body", "message": str(error)}]) from None
    except service.BadAttachment as error:
        field = "session_id" if body.session_id else "checkin_id"
        raise HTTPException(422, [{"field": field, "message": str(error)}]) from None
    except service.NotAllowed as error:
        raise HTTPException(403, str(error)) from None
    return _out(message)
