"""The invite e-mail, in the invite's language (invites.language, which the patient's pages
take when they join); without one, in the language the patient chose, else in English."""

from __future__ import annotations

from datetime import datetime

from footwork.config import Settings
from footwork.core.language import ENGLISH, N_, PSEUDO
from footwork.i18n import translator
from footwork.services.notify import DeliveryError, send_email
from footwork.store.clinic import Patient
from footwork.store.language import chosen_language
from footwork.store.repository import Store

SUBJECT = N_("Your invitation to Footwork")
# Translators: a plain-text e-mail; keep the line breaks and the link's own indented line.
BODY = N_(
    "Hello {name},\n\n"
    "your clinician has set up Footwork for your home foot exercises. To join, open\n\n"
    "    {link}\n\n"
    "or go to the join page and type the code {code}. Choose a user name and a password "
    "there. The code works once, until {expires} ({zone}).\n\n"
    "If you did not expect this message, ignore it.\n"
)


def invite_email(
    name: str, code: str, link: str, expires: datetime, *, language: str = ENGLISH
) -> tuple[str, str]:
    """The subject and the body in `language`; `expires` in the patient's timezone, written
    as the language writes dates (Babel)."""
    from babel.dates import format_datetime

    text = translator(language)
    locale = ENGLISH if language == PSEUDO else language
    when = format_datetime(expires, "d MMM yyyy HH:mm", tzinfo=expires.tzinfo, locale=locale)
    body = text.gettext(BODY).format(
        name=name, link=link, code=code, expires=when, zone=expires.tzname()
    )
    return text.gettext(SUBJECT), body


def invite_language(store: Store, patient: Patient, language: str | None) -> str:
    """The invite's language, else the patient's chosen one, else English."""
    return language or chosen_language(store, patient.person_id) or ENGLISH


def email_invite(
    settings: Settings,
    store: Store,
    *,
    to: str,
    patient: Patient,
    code: str,
    link: str,
    expires: datetime,
    language: str | None = None,
) -> str | None:
    """E-mail the invite (when SMTP is set up) in its language; what went wrong, or None."""
    subject, body = invite_email(
        patient.display_name,
        code,
        link,
        expires,
        language=invite_language(store, patient, language),
    )
    try:
        send_email(settings, to=to, subject=subject, body=body)
    except DeliveryError as error:
        return str(error)
    return None
