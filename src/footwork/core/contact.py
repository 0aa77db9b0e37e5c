"""Contact details a patient gives their clinicians: checked here, and made into tel: and
mailto: links only when they pass (never a typed value straight into a link).
Pure."""

from __future__ import annotations

import re

from footwork.core.language import N_

PHONE = re.compile(r"\+?[0-9 ()\-]{3,30}")
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")
MAX_EMAIL = 254


def phone_problem(phone: str) -> str | None:
    """What is wrong with a phone number, or None: digits, spaces, + ( ) - only, and at least
    3 digits."""
    if not PHONE.fullmatch(phone) or sum(ch.isdigit() for ch in phone) < 3:
        return N_("Phone: use digits, spaces, +, ( ) and - only (e.g. +49 30 1234567).")
    return None


def email_problem(email: str) -> str | None:
    """What is wrong with an e-mail address, or None."""
    if len(email) > MAX_EMAIL or not EMAIL.fullmatch(email):
        return N_("E-mail: give an address such as name@example.org.")
    return None


def tel_href(phone: str | None) -> str | None:
    """A tel: link for a valid phone number (digits and a leading + only), else None."""
    if not phone or phone_problem(phone):
        return None
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "tel:" + ("+" if phone.strip().startswith("+") else "") + digits


def mailto_href(email: str | None) -> str | None:
    """A mailto: link for a valid e-mail address, else None."""
    if not email or email_problem(email):
        return None
    return "mailto:" + email
