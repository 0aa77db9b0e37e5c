"""Web Push, the pure parts: which endpoints and keys a subscription may hold, and the message
a reminder becomes. Sending (encryption, VAPID, HTTP) lives in footwork.services.push."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from footwork.core.language import ENGLISH, UNTRANSLATED, Translator, html_language
from footwork.core.reminders import Reminder, reminder_lines

MAX_ENDPOINT = 1024
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")
P256DH_BYTES = 65
"""An uncompressed P-256 point: 0x04, then x and y of 32 bytes each."""
AUTH_BYTES = 16
TODAY_URL = "/today"


def endpoint_problem(url: str, *, allow_loopback: bool = False) -> str | None:
    """Why the server must not send to `url`, or None.

    Push services answer on https:// only, at a public name. Plain http:// and addresses on
    this machine or a private network are refused, so a subscription cannot make the server
    post to something inside its own network; `allow_loopback` lets tests and a developer's
    local push service use http://127.0.0.1 and http://localhost.
    """
    if len(url) > MAX_ENDPOINT:
        return f"must be at most {MAX_ENDPOINT} characters"
    if any(c.isspace() or not c.isprintable() for c in url):
        return "must not contain spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "is not a valid URL"
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        return "must be an https:// URL of a push service"
    if parts.username is not None or parts.password is not None or port == 0:
        return "must not hold a user name, a password or port 0"
    loopback = host in LOOPBACK_NAMES or _is_address(host, loopback_only=True)
    if loopback and allow_loopback:
        return None
    if parts.scheme != "https":
        return "must be an https:// URL of a push service"
    if loopback or _is_address(host, loopback_only=False):
        return "must name a push service, not an address on this machine or a private network"
    return None


def _is_address(host: str, *, loopback_only: bool) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if loopback_only:
        return address.is_loopback
    return not address.is_global


def key_problem(value: str, *, size: int) -> str | None:
    """Why `value` is not a base64url text of `size` bytes (a subscription key), or None."""
    if len(value) > 2 * size or not BASE64URL.fullmatch(value):
        return "must be base64url text (A-Z, a-z, 0-9, - and _)"
    try:
        raw = base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        return "must be base64url text (A-Z, a-z, 0-9, - and _)"
    if len(raw) != size:
        return f"must decode to {size} bytes, not {len(raw)}"
    if size == P256DH_BYTES and raw[0] != 4:
        return "must be an uncompressed P-256 public key (starting with byte 0x04)"
    return None


def push_message(
    reminder: Reminder,
    titles: Mapping[str, str],
    *,
    text: Translator = UNTRANSLATED,
    language: str = ENGLISH,
) -> dict[str, str]:
    """The JSON the service worker shows: a title, a body, the page a tap opens, and the
    language of the words (the notification's `lang`)."""
    title, body = reminder_lines(reminder, titles, text=text)
    return {"title": title, "body": body, "url": TODAY_URL, "lang": html_language(language)}


def endpoint_service(url: str) -> str:
    """The push service's host name, to tell devices apart without showing the secret path."""
    return (urlsplit(url).hostname or "").lower()
