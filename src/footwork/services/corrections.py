"""Rectification (GDPR art. 16): a person changes or deletes their own entries; every change
is recorded with the old value, and shown in their access log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

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


def _scores_text(scores: Mapping[PainRegion, int]) -> str:
    ordered = [r for r in PAIN_REGIONS if r in scores]
    return ", ".join(f"{REGION_NAMES[r]} {scores[r]}" for r in ordered)


def describe_entry(store: Store, person_id: str, kind: str, record_id: str) -> str:
    """The entry as the person sees it ('pain check-in of 02 Mar 2026 09:00 UTC: back 4');
    NotFound when it is not theirs."""
    if kind == "checkin":
        for checkin in pain_checkins(store, person_id):
            if checkin.id == record_id:
                return f"pain check-in of {_when(checkin.recorded_at)}: " + _scores_text(
                    checkin.scores
                )
    elif kind == "session":
        for session in session_summaries(store, person_id):
            if session.id == record_id:
                return (
                    f"session of {_when(session.started_at)}: {session.done} of "
                    f"{session.planned} done"
                )
    elif kind == "balance":
        for test in balance_tests(store, person_id):
            if test.id == record_id:
                sides = f"left {test.left_s} s, right {test.right_s} s"
                eyes = "eyes closed" if test.eyes_closed else "eyes open"
                return f"balance test of {_when(test.recorded_at)} ({eyes}): {sides}"
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


def full_access_log(store: Store, person_id: str) -> list[AuditEntry]:
    """Who saw or changed the person's data, their own corrections included, newest first."""
    entries = access_log(store, person_id)
    entries += [
        AuditEntry(c.at, c.actor, f"{c.action} (was: {c.old_value})")
        for c in corrections_of(store, person_id)
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)
