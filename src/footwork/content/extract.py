"""Babel extractor for program files: every text a person reads or hears (babel.cfg)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import IO, Any

# What each field is, for the translator: safety notes first in the comments they read.
FIELDS = (
    ("safety", "Safety note (translate with special care)"),
    ("title", "Exercise title"),
    ("position", "Starting position"),
    ("equipment", "Equipment"),
    ("steps", "Step"),
)


def extract_program(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, None, str, list[str]]]:
    """(line, function, message, comments) for the program's title and each exercise's
    words, in the form pybabel's extract expects of a custom method."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()

    def line_of(message: str) -> int:
        needle = message[:40]
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
        return 1

    data = tomllib.loads(text)
    yield line_of(data["title"]), None, data["title"], ["Program title"]
    for exercise in data.get("exercises", []):
        for field, label in FIELDS:
            values = exercise.get(field, [])
            for value in [values] if isinstance(values, str) else values:
                yield line_of(value), None, value, [f"{exercise['id']}: {label}"]
