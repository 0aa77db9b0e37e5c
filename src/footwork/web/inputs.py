"""What text the app takes in, in one place: a constrained string type for the API's models,
and a guard in front of every route (pages and forms too) that refuses the characters no
field may hold. NUL cannot be stored by PostgreSQL, a lone surrogate cannot be encoded, and
other control characters have no place in a name or a note; each is refused with 422 naming
the field, before any route runs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import parse_qsl

from pydantic import AfterValidator, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Tab, line feed and carriage return are fine in a note; no other C0 control, nor DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
TEXT_PATTERN = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*$"
"""The same rule for the OpenAPI schema (lone surrogates cannot occur in valid JSON text)."""
MAX_BODY_SCAN = 2_000_000


def text_problem(value: str) -> str | None:
    """Why `value` cannot be taken as text, or None."""
    if CONTROL.search(value):
        return "must not contain control characters (such as NUL)"
    if SURROGATE.search(value):
        return "must not contain lone surrogates (not valid Unicode text)"
    return None


def _clean(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


CleanText = Annotated[
    str, AfterValidator(_clean), Field(json_schema_extra={"pattern": TEXT_PATTERN})
]
"""A string with no control characters; give its length with Field(max_length=...)."""


DIGITS = re.compile(r"[0-9]+")


def ascii_int(value: str) -> int | None:
    """An integer typed as ASCII digits ('²' and '٣' are digits to str.isdigit, not here)."""
    value = value.strip()
    return int(value) if DIGITS.fullmatch(value) and len(value) <= 9 else None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field path, string) for every key and string value in a JSON document."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            yield inner, str(key)
            yield from _strings(item, inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}" if path else str(index))


def _first_problem(fields: Iterator[tuple[str, str]]) -> tuple[str, str] | None:
    for field, value in fields:
        problem = text_problem(value)
        if problem:
            return field, problem
    return None


class TextGuard:
    """Refuses, with 422, a request whose path, query, form or JSON body holds a character
    that no text field may hold. Multipart bodies (uploads) are left to their route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        found = _first_problem(iter([("path", scope.get("path", ""))])) or _first_problem(
            (f"query.{k}", v)
            for pair in parse_qsl(query, keep_blank_values=True)
            for k, v in (pair, (pair[0], pair[0]))
        )
        headers = dict(scope.get("headers") or [])
        kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        messages: list[Message] = []
        if found is None and kind in (b"application/json", b"application/x-www-form-urlencoded"):
            body = b""
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request":
                    break
                body += message.get("body", b"")
                if not message.get("more_body") or len(body) > MAX_BODY_SCAN:
                    break
            found = _body_problem(kind, body)
        if found is not None:
            await _refuse(send, *found)
            return
        if messages:
            replay = iter(messages)

            async def replaying() -> Message:
                return next(replay, None) or await receive()

            await self.app(scope, replaying, send)
            return
        await self.app(scope, receive, send)


def _body_problem(kind: bytes, body: bytes) -> tuple[str, str] | None:
    if kind == b"application/json":
        try:
            document = json.loads(body)
        except ValueError:
            return None  # the route answers malformed JSON itself
        return _first_problem(_strings(document, ""))
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return _first_problem((k, v) for pair in pairs for k, v in (pair, (pair[0], pair[0])))


async def _refuse(send: Send, field: str, problem: str) -> None:
    body = json.dumps({"detail": [{"field": field, "message": problem}]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
