"""The pure side of Web Push: which endpoints and keys a subscription may hold, and the
message a reminder becomes."""

from __future__ import annotations

import base64
import subprocess
import sys
from datetime import datetime

import pytest

from footwork.core.push import endpoint_problem, endpoint_service, key_problem, push_message
from footwork.core.reminders import Reminder
from footwork.i18n import translator


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "url",
    [
        "https://fcm.googleapis.com/fcm/send/abc:def",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
        "https://web.push.apple.com/QGx-1",
        "https://push.example.org:8443/x",
    ],
)
def test_push_services_are_taken(url):
    assert endpoint_problem(url) is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("javascript:alert(1)", "https://"),
        ("data:text/html,hi", "https://"),
        ("ftp://push.example.org/x", "https://"),
        ("http://push.example.org/x", "https://"),
        ("https:///nohost", "https://"),
        ("https://127.0.0.1/x", "this machine"),
        ("https://localhost/x", "this machine"),
        ("https://[::1]/x", "this machine"),
        ("https://192.168.0.10/x", "private network"),
        ("https://169.254.169.254/latest", "private network"),
        ("https://[fd00::1]/x", "private network"),
        ("https://user@push.example.org/x", "user name"),
        ("https://push.example.org:0/x", "port 0"),
        ("https://push.example.org:99999/x", "valid URL"),
        ("https://push.example.org/a\tb", "control"),
        ("https://push.example.org/" + "a" * 1024, "1024"),
    ],
)
def test_other_urls_are_refused_with_a_reason(url, words):
    problem = endpoint_problem(url)
    assert problem is not None and words in problem


def test_loopback_http_only_when_allowed():
    for url in ("http://127.0.0.1:8123/p", "http://localhost/p", "http://[::1]:9/p"):
        assert endpoint_problem(url) is not None
        assert endpoint_problem(url, allow_loopback=True) is None
    assert endpoint_problem("http://10.1.2.3/p", allow_loopback=True) is not None
    assert endpoint_problem("http://push.example.org/p", allow_loopback=True) is not None


P256 = b"\x04" + bytes(range(64))


@pytest.mark.parametrize(
    ("value", "size", "words"),
    [
        (b64url(P256), 65, None),
        (b64url(P256) + "=", 65, None),  # padded base64url is fine too
        (b64url(bytes(16)), 16, None),
        (base64.b64encode(b"\xfb\xff" * 8).decode(), 16, "base64url"),  # + and /: not url-safe
        ("a b", 16, "base64url"),
        ("", 16, "base64url"),
        (b64url(bytes(15)), 16, "16 bytes, not 15"),
        (b64url(P256[:33]), 65, "65 bytes"),
        (b64url(b"\x03" + P256[1:]), 65, "uncompressed"),
        ("A" * 200, 65, "base64url"),
    ],
)
def test_keys_must_be_base64url_of_the_right_size(value, size, words):
    problem = key_problem(value, size=size)
    if words is None:
        assert problem is None
    else:
        assert problem is not None and words in problem


def test_a_reminder_becomes_the_message_the_service_worker_shows():
    reminder = Reminder(
        key="2026-11-23/morning",
        kind="repeat",
        slot="morning",
        exercise_ids=("toe-presses", "unknown"),
        window_end=datetime(2026, 11, 23, 10, 0),
    )
    message = push_message(reminder, {"toe-presses": "Toe presses"})
    assert message == {
        "title": "Footwork: your morning exercises are still waiting",
        "body": "Not done yet: Toe presses, unknown. There is time until 10:00; "
        "a short session still counts.",
        "url": "/today",
        "lang": "en",
    }


def test_the_service_is_the_host_alone():
    assert endpoint_service("https://FCM.googleapis.com/fcm/send/secret") == "fcm.googleapis.com"


def test_the_push_core_imports_nothing_that_does_io():
    code = "import sys, footwork.core.push; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    forbidden = {"sqlalchemy", "fastapi", "typer", "rich", "sqlite3", "requests", "pywebpush",
                 "footwork.store", "footwork.services", "footwork.web"}  # fmt: skip
    assert not {m for m in loaded if m in forbidden or m.split(".")[0] in forbidden}


HTTPS_WORDS = "must be an https:// URL of a push service"
TEXT_WORDS = "must be base64url text (A-Z, a-z, 0-9, - and _)"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://push.example.org/x", HTTPS_WORDS),
        ("https:///nohost", HTTPS_WORDS),
        ("https://push.example.org/a b", "must not contain spaces or control characters"),
        ("https://push.example.org/a\x00b", "must not contain spaces or control characters"),
        ("https://push.example.org:99999/x", "is not a valid URL"),
        ("https://u:p@push.example.org/x", "must not hold a user name, a password or port 0"),
        (
            "https://10.0.0.1/x",
            "must name a push service, not an address on this machine or a private network",
        ),
    ],
)
def test_each_refused_url_is_told_why_in_words(url, words):
    assert endpoint_problem(url) == words


def test_an_endpoint_of_exactly_the_longest_length_is_taken():
    base = "https://push.example.org/"
    assert endpoint_problem(base + "a" * (1024 - len(base))) is None
    assert endpoint_problem(base + "a" * (1025 - len(base))) == "must be at most 1024 characters"


def test_any_loopback_address_is_allowed_for_local_tests_not_just_the_usual_names():
    assert endpoint_problem("http://127.0.0.2:8123/p", allow_loopback=True) is None
    assert endpoint_problem("https://127.0.0.2/p") == (
        "must name a push service, not an address on this machine or a private network"
    )


@pytest.mark.parametrize(
    ("value", "size", "words"),
    [
        ("A" * 33, 16, TEXT_WORDS),  # over twice the size: refused before decoding
        ("A" * 40, 16, TEXT_WORDS),
        ("A" * 32, 16, "must decode to 16 bytes, not 24"),  # twice the size: still decoded
        (b64url(bytes(17) + b"\x17"), 16, "must decode to 16 bytes, not 18"),  # ends in X
        ("a+b", 16, TEXT_WORDS),
        ("AAAAA", 16, TEXT_WORDS),  # five letters: not base64 at all
        (
            b64url(b"\x03" + P256[1:]),
            65,
            "must be an uncompressed P-256 public key (starting with byte 0x04)",
        ),
    ],
)
def test_each_refused_key_is_told_why_in_words(value, size, words):
    assert key_problem(value, size=size) == words


def test_the_message_is_in_the_person_s_language():
    reminder = Reminder(
        key="2026-11-23/morning",
        kind="first",
        slot="morning",
        exercise_ids=("toe-presses",),
        window_end=datetime(2026, 11, 23, 10, 0),
    )
    message = push_message(reminder, {"toe-presses": "Toe presses"}, text=translator("de"),
                           language="de")  # fmt: skip
    assert message == {
        "title": "Footwork: Zeit für Ihre Übungen (morgens)",
        "body": "Jetzt fällig: Zehen drücken. Dieses Zeitfenster ist bis 10:00 offen.",
        "url": "/today",
        "lang": "de",
    }


def test_an_endpoint_without_a_host_has_no_service_name():
    assert endpoint_service("not a url") == ""
