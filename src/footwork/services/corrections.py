"""Rectification (GDPR art. 16): a person changes or deletes their own entries; every change
is recorded with the old value, and shown in their access log."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from footwork.core.language import N_, UNTRANSLATED, Translator
from footwork.core.records import PAIN_REGIONS, REGION_NAMES, PainRegion
from footwork.services.care import refresh_care
from footwork.store.clinic import AuditEntry, access_log
from footwork.store.corrections import (
    change_scores,
    checkin_scores,
    corrections_of,
    delete_record,
)
from footwork.store.history import balance_tests, pain_checkins, session_summaries
from footwork.store.repository import NotFound, Store

__all__ = ["NotFound", "correct_scores", "delete_entry", "describe_entry", "full_access_log"]


def _when(at: datetime) -> str:
    return at.strftime("%d %b %Y %H:%M UTC")


def _scores_text(scores: Mapping[PainRegion, int], text: Translator) -> str:
    ordered = [r for r in PAIN_REGIONS if r in scores]
    return ", ".join(f"{text.gettext(REGION_NAMES[r])} {scores[r]}" for r in ordered)


def describe_entry(
    store: Store,
    person_id: str,
    kind: str,
    record_id: str,
    *,
    text: Translator = UNTRANSLATED,
    when: Callable[[datetime], str] = _when,
) -> str:
    """The entry as the person sees it ('pain check-in of 02 Mar 2026 09:00 UTC: back 4');
    NotFound when it is not theirs. In English by default: the access log keeps it so."""
    if kind == "checkin":
        for checkin in pain_checkins(store, person_id):
            if checkin.id == record_id:
                return text.gettext("pain check-in of %(when)s: %(scores)s") % {
                    "when": when(checkin.recorded_at),
                    "scores": _scores_text(checkin.scores, text),
                }
    elif kind == "session":
        for session in session_summaries(store, person_id):
            if session.id == record_id:
                return text.gettext("session of %(when)s: %(done)s of %(planned)s done") % {
                    "when": when(session.started_at),
                    "done": session.done,
                    "planned": session.planned,
                }
    elif kind == "balance":
        for test in balance_tests(store, person_id):
            if test.id == record_id:
                said = (
                    text.gettext(
                        "balance test of %(when)s (eyes closed): left %(left)s s, right %(right)s s"
                    )
                    if test.eyes_closed
                    else text.gettext(
                        "balance test of %(when)s (eyes open): left %(left)s s, right %(right)s s"
                    )
                )
                return said % {
                    "when": when(test.recorded_at),
                    "left": test.left_s,
                    "right": test.right_s,
                }
    raise NotFound(f"no such {kind} {record_id!r}")


def correct_scores(
    store: Store,
    person_id: str,
    checkin_id: str,
    scores: Mapping[PainRegion, int],
    *,
    actor_name: str,
    now: datetime,
) -> None:
    old = describe_entry(store, person_id, "checkin", checkin_id)
    checkin_scores(store, person_id, checkin_id)
    change_scores(store, person_id, checkin_id, scores, actor_name=actor_name, old=old, now=now)
    refresh_care(store, person_id, now=now)


def delete_entry(
    store: Store, person_id: str, kind: str, record_id: str, *, actor_name: str, now: datetime
) -> None:
    old = describe_entry(store, person_id, kind, record_id)
    delete_record(store, person_id, kind, record_id, actor_name=actor_name, old=old, now=now)
    refresh_care(store, person_id, now=now)


# What the access log records (kept in English in the database), for the catalogue: the
# page shows each in the reader's language.
LOGGED_ACTIONS = (
    N_("viewed"),
    N_("viewed the program"),
    N_("changed program"),
    N_("tried to change program"),
    N_("changed the sharing"),
    N_("issued an invite"),
    N_("read the messages"),
    N_("wrote a message"),
    N_("printed report"),
    N_("printed the handout"),
    N_("exported FHIR"),
    N_("applied a progression"),
    N_("saved the program as a template"),
    N_("tried to acknowledge a flag"),
    N_("decided on erasure"),
    N_("tried to decide on erasure"),
    N_("changed a pain check-in"),
    N_("deleted a pain check-in"),
    N_("deleted a session"),
    N_("deleted a balance test"),
    N_("discharged"),
    N_("re-admitted"),
    N_("dismissed a progression"),
    N_("asked for a questionnaire"),
    N_("reset the sign-in code"),
    N_("acknowledged the adherence flag"),
    N_("acknowledged the pain flag"),
    N_("acknowledged the no-session flag"),
)
LOGGED_ACTORS = (N_("you"), N_("the person themself"))


def full_access_log(
    store: Store, person_id: str, *, text: Translator = UNTRANSLATED
) -> list[AuditEntry]:
    """Who saw or changed the person's data, their own corrections included, newest first.
    The actions (and the actor "you") in `text`'s language; the old values as kept."""

    def said(value: str, known: tuple[str, ...]) -> str:
        return text.gettext(value) if value in known else value

    entries = [
        AuditEntry(e.at, said(e.actor, LOGGED_ACTORS), said(e.action, LOGGED_ACTIONS))
        for e in access_log(store, person_id)
    ]
    entries += [
        AuditEntry(
            c.at,
            said(c.actor, LOGGED_ACTORS),
            text.gettext("%(action)s (was: %(old)s)")
            % {"action": said(c.action, LOGGED_ACTIONS), "old": c.old_value},
        )
        for c in corrections_of(store, person_id)
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)
