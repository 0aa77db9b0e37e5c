"""Messages between a patient and their clinicians: the rules, without storage or clock.

A thread belongs to one patient. The patient writes in it, and so does any clinician who may
follow the patient; once the patient is discharged the thread is kept but read-only. Each
reader has their own read mark, so "new" means new to that reader."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from footwork.core.language import N_, UNTRANSLATED, Translator

MAX_LENGTH = 2000
# Tab, line feed and carriage return are fine in a message; no other C0 control, nor DEL
# (the same rule as web.inputs, which refuses them at the edge first).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Side = Literal["patient", "clinician"]
AttachmentKind = Literal["session", "checkin"]


class MessageError(ValueError):
    """A message that cannot be sent; the text says why, for the person who wrote it."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)

    def text(self, translator: Translator = UNTRANSLATED) -> str:
        """The reason in the translator's language."""
        said = translator.gettext(self.template)
        return said % self.params if self.params else said


@dataclass(frozen=True, slots=True)
class Message:
    id: str
    person_id: str
    side: Side
    """Who wrote it: the patient, or one of their clinicians."""
    author_name: str
    body: str
    created_at: datetime
    attachment: tuple[AttachmentKind, str] | None = None


def clean_body(text: str) -> str:
    """The message as it is stored: trimmed, 1 to 2000 characters, no control characters."""
    # Checked before trimming: str.strip() takes some control characters for spaces.
    if _CONTROL.search(text):
        raise MessageError(N_("message: must not contain control characters (such as NUL)"))
    body = text.strip()
    if not body:
        raise MessageError(N_("message: write something first"))
    if len(body) > MAX_LENGTH:
        raise MessageError(
            N_("message: at most %(most)s characters (this one has %(has)s)"),
            most=MAX_LENGTH,
            has=len(body),
        )
    return body


def may_write(*, side: Side, in_clinic: bool, follows: bool, discharged: bool) -> str | None:
    """Why this writer may not write in the thread, or None when they may.

    `in_clinic`: the patient is a patient of a clinic (a personal install has no clinician).
    `follows`: for a clinician, whether they may follow this patient (own or shared)."""
    if not in_clinic:
        return N_("messages are for patients of a clinic: there is no clinician to write to")
    if side == "clinician" and not follows:
        return N_("only the patient's clinicians can write to them")
    if discharged:
        return N_("this conversation has ended with the discharge: it can be read, not added to")
    return None


def unread_count(messages: Iterable[Message], *, reader: Side, read_until: datetime | None) -> int:
    """How many messages from the other side came after the reader's read mark."""
    return sum(
        1
        for m in messages
        if m.side != reader and (read_until is None or m.created_at > read_until)
    )
