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
