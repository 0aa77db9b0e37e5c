"""Use cases of a patient's message thread: write, read (which marks it read and, for a
clinician, writes the patient's access log), count what is new, and the e-mail notice.

The notice says only that there is a message: health data does not go by e-mail."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from footwork.config import Settings
from footwork.core.language import ENGLISH, N_
from footwork.core.messages import (
    AttachmentKind,
    Message,
    MessageError,
    Side,
    clean_body,
    may_write,
)
from footwork.i18n import translator
from footwork.services.notify import DeliveryError, send_email
from footwork.store import messages as store_messages
from footwork.store.accounts import Account
from footwork.store.clinic import Patient, followed_by, get_patient, record_access
from footwork.store.episodes import is_discharged
from footwork.store.language import chosen_language
from footwork.store.repository import Store
from footwork.store.schedule import load_schedule

LOG = logging.getLogger(__name__)
NOTICE_SUBJECT = N_("You have a new message in Footwork")
# Translators: a plain-text e-mail; keep the line breaks and the link's own indented line.
NOTICE_BODY = N_(
    "Hello,\n\n"
    "one of your clinicians has written to you in Footwork. For your privacy the message\n"
    "itself is not in this e-mail. Log in to read it:\n\n"
    "    {link}\n\n"
    "Messages are not watched around the clock. If you need help urgently, call your\n"
    "clinic or the emergency number.\n"
)


class NotAllowed(PermissionError):
    """This writer may not write in this thread now; the text says why."""


class BadAttachment(ValueError):
    """An attachment that is not the patient's own session or check-in."""


@dataclass(frozen=True, slots=True)
class Thread:
    messages: list[Message]
    writable: str | None
    """Why nobody may write now, or None when the reader may."""
    unread_before: int
    """How many messages were new to the reader when they opened the thread."""


def _why_not(
    store: Store, patient: Patient | None, side: Side, account: Account | None
) -> str | None:
    return may_write(
        side=side,
        in_clinic=patient is not None,
        follows=followed_by(patient, account),
        discharged=patient is not None and is_discharged(store, patient.person_id),
    )


def open_thread(
    store: Store, person_id: str, *, reader: Account, side: Side, now: datetime
) -> Thread:
    """The thread as `reader` sees it, marked read up to its newest message. A clinician's
    read goes to the patient's access log (the caller has checked they follow the patient)."""
    if side == "clinician":
        record_access(store, person_id=person_id, actor=reader, action="read the messages", now=now)
    messages = store_messages.thread(store, person_id)
    other: Side = "clinician" if side == "patient" else "patient"
    unread = store_messages.unread_counts(
        store, [person_id], reader_id=reader.id, from_side=other
    ).get(person_id, 0)
    if messages:
        store_messages.mark_read(
            store, person_id=person_id, reader_id=reader.id, until=messages[-1].created_at
        )
    why = _why_not(store, get_patient(store, person_id), side, reader)
    return Thread(messages, why, unread)


def write_message(
    store: Store,
    person_id: str,
    *,
    author: Account | None,
    side: Side,
    text: str,
    now: datetime,
    attachment: tuple[AttachmentKind, str] | None = None,
    client_key: str | None = None,
) -> tuple[Message, bool]:
    """Add a message to the patient's thread; whether it is new (a repeated `client_key`
    returns the one stored then). MessageError for the text, BadAttachment, NotAllowed."""
    body = clean_body(text)
    why = _why_not(store, get_patient(store, person_id), side, author)
    if why is not None:
        raise NotAllowed(why)
    if attachment is not None and (
        side != "patient" or not store_messages.belongs_to(store, person_id, *attachment)
    ):
        raise BadAttachment(N_("attachment: not one of your own sessions or check-ins"))
    message, new = store_messages.add_message(
        store,
        person_id=person_id,
        side=side,
        author_id=author.id if author else None,
        author_name=author.username if author else "",
        body=body,
        now=now,
        attachment=attachment,
        client_key=client_key,
    )
    # No read mark here: a message that came in while the writer typed stays new to them
    # until they see it (the page shows the thread again after sending).
    return message, new


def unread_for_patient(store: Store, person_id: str, account: Account | None) -> int:
    """Messages from the clinicians the patient has not opened yet (0 without an account)."""
    if account is None:
        return 0
    counts = store_messages.unread_counts(
        store, [person_id], reader_id=account.id, from_side="clinician"
    )
    return counts.get(person_id, 0)


def unread_for_clinician(store: Store, clinician: Account, person_ids: list[str]) -> dict[str, int]:
    """For a page of the clinician's list: each patient's messages new to this clinician."""
    return store_messages.unread_counts(
        store, person_ids, reader_id=clinician.id, from_side="patient"
    )


def notice_email(link: str, *, language: str = ENGLISH) -> tuple[str, str]:
    """The notice's subject and body in `language` (the patient's chosen one, else English)."""
    text = translator(language)
    return text.gettext(NOTICE_SUBJECT), text.gettext(NOTICE_BODY).format(link=link)


def notify_patient(
    store: Store, settings: Settings, person_id: str, *, link: str, now: datetime
) -> bool:
    """E-mail the patient that a message waits (no text in it), when SMTP is set up and they
    gave an e-mail address; whether one was sent. A failure is logged, not raised: the
    message is stored either way."""
    if not settings.smtp_host:
        return False
    address = load_schedule(store, person_id, now=now).email
    if not address:
        return False
    subject, body = notice_email(link, language=chosen_language(store, person_id) or ENGLISH)
    try:
        send_email(settings, to=address, subject=subject, body=body)
    except DeliveryError as error:
        LOG.warning("message notice not sent: %s", error)
        return False
    return True


__all__ = [
    "BadAttachment",
    "MessageError",
    "NotAllowed",
    "Thread",
    "notice_email",
    "notify_patient",
    "open_thread",
    "unread_for_clinician",
    "unread_for_patient",
    "write_message",
]
