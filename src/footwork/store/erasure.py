"""Erasing a person: every row of theirs in every table, in one transaction, and a record that
it happened which keeps nothing about them.

`PLAN` names each table that holds a person's rows and how to find them. A table added later
with a reference to a person or an account must be added here (or to `NOT_PERSONAL`, with the
reason): tests/integration/test_erasure.py walks the metadata and fails otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import Session as OrmSession

from footwork.store import tables as t
from footwork.store.repository import NotFound, Store, new_id


class ErasureRefused(ValueError):
    """A person who cannot be erased this way (a clinician's own person row)."""


@dataclass(frozen=True, slots=True)
class Who:
    """The ids that mark a person's rows: theirs and their accounts'."""

    person_id: str
    account_ids: tuple[str, ...]


Where = Callable[[Who], ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class Step:
    table: Any
    singular: str
    plural: str
    where: Where


def _person(table: Any) -> Where:
    return lambda who: table.person_id == who.person_id


def _person_or_account(table: Any, account_column: str = "account_id") -> Where:
    return lambda who: or_(
        table.person_id == who.person_id,
        getattr(table, account_column).in_(who.account_ids),
    )


def _sessions(who: Who) -> Any:
    return select(t.Session.id).where(t.Session.person_id == who.person_id)


def _checkins(who: Who) -> Any:
    return select(t.PainCheckin.id).where(t.PainCheckin.person_id == who.person_id)


PLAN: tuple[Step, ...] = (
    # children before parents, so each count is the rows of that kind
    Step(
        t.MessageRead,
        "message read mark",
        "message read marks",
        _person_or_account(t.MessageRead, "reader_id"),
    ),
    Step(t.Message, "message", "messages", _person_or_account(t.Message, "author_id")),
    Step(t.Effort, "effort", "efforts", lambda w: t.Effort.session_id.in_(_sessions(w))),
    Step(
        t.SessionExercise,
        "planned exercise",
        "planned exercises",
        lambda w: t.SessionExercise.session_id.in_(_sessions(w)),
    ),
    Step(
        t.PainScore, "pain score", "pain scores", lambda w: t.PainScore.checkin_id.in_(_checkins(w))
    ),
    Step(t.PainCheckin, "pain check-in", "pain check-ins", _person(t.PainCheckin)),
    Step(
        t.CameraBatch,
        "camera landmark batch",
        "camera landmark batches",
        lambda w: t.CameraBatch.session_id.in_(_sessions(w)),
    ),
    Step(
        t.CameraReport,
        "camera report",
        "camera reports",
        lambda w: t.CameraReport.session_id.in_(_sessions(w)),
    ),
    Step(t.Session, "session", "sessions", _person(t.Session)),
    Step(t.ProgramVersion, "program version", "program versions", _person(t.ProgramVersion)),
    Step(t.BalanceTest, "balance test", "balance tests", _person(t.BalanceTest)),
    Step(t.ReadinessCheck, "readiness answer", "readiness answers", _person(t.ReadinessCheck)),
    Step(t.PersonSettings, "settings row", "settings rows", _person(t.PersonSettings)),
    Step(t.TimezoneChange, "timezone change", "timezone changes", _person(t.TimezoneChange)),
    Step(t.SentReminder, "sent reminder", "sent reminders", _person(t.SentReminder)),
    Step(t.PushSubscription, "push device", "push devices", _person(t.PushSubscription)),
    Step(t.CalendarFeed, "calendar link", "calendar links", _person(t.CalendarFeed)),
    Step(t.ApiToken, "access token", "access tokens", _person_or_account(t.ApiToken)),
    Step(t.WebSession, "browser session", "browser sessions", _person_or_account(t.WebSession)),
    Step(t.Invite, "invite", "invites", _person_or_account(t.Invite, account_column="created_by")),
    Step(t.AuditEvent, "access-log entry", "access-log entries", _person(t.AuditEvent)),
    Step(t.Correction, "correction", "corrections", _person(t.Correction)),
    Step(t.CareFlags, "follow-up figure", "follow-up figures", _person(t.CareFlags)),
    Step(t.CareStatus, "follow-up status", "follow-up statuses", _person(t.CareStatus)),
    Step(t.CareQueue, "queued refresh", "queued refreshes", _person(t.CareQueue)),
    Step(t.PatientContact, "contact detail", "contact details", _person(t.PatientContact)),
    Step(t.FlagAck, "acknowledged flag", "acknowledged flags", _person(t.FlagAck)),
    Step(
        t.DigestSent,
        "digest entry",
        "digest entries",
        _person_or_account(t.DigestSent, account_column="clinician_id"),
    ),
    Step(t.ProgressionPlan, "progression plan", "progression plans", _person(t.ProgressionPlan)),
    Step(
        t.ProgressionDismissal,
        "dismissed progression",
        "dismissed progressions",
        _person(t.ProgressionDismissal),
    ),
    Step(
        t.QuestionnaireAnswer,
        "questionnaire answer",
        "questionnaire answers",
        _person(t.QuestionnaireAnswer),
    ),
    Step(
        t.QuestionnaireRequest,
        "questionnaire request",
        "questionnaire requests",
        _person(t.QuestionnaireRequest),
    ),
    Step(t.Episode, "episode of care", "episodes of care", _person(t.Episode)),
    Step(t.ErasureRequest, "erasure request", "erasure requests", _person(t.ErasureRequest)),
    Step(t.Patient, "care link", "care links", _person(t.Patient)),
    Step(t.Account, "account", "accounts", _person(t.Account)),
    Step(t.Person, "person", "people", lambda w: t.Person.id == w.person_id),
)

NOT_PERSONAL: dict[str, str] = {
    "clinic_exercises": "the clinic's library; its author's account is set to NULL",
    "program_templates": "a clinician's templates (clinician accounts are never erased)",
    "erasures": "keeps no person id, only when and by whom",
    "person_stamps": "a change counter, no personal data; it goes with the person's row (CASCADE)",
}
"""Tables with a reference to an account that hold no person's data, and why."""


SELF = "the person themself"
"""The actor kept for a self-erasure: their user name would be data about them."""


@dataclass(frozen=True, slots=True)
class Removed:
    singular: str
    plural: str
    count: int


def erase_rows(
    store: Store,
    person_id: str,
    *,
    now: datetime,
    actor_id: str | None,
    actor_name: str,
    requested_at: datetime | None = None,
) -> list[Removed]:
    """Delete every row of `person_id` in one transaction and record that it happened.
    Raises NotFound for an unknown person, ErasureRefused for a clinician's person."""
    with OrmSession(store.engine) as orm, orm.begin():
        if orm.get(t.Person, person_id) is None:
            raise NotFound(f"no person {person_id!r}")
        accounts = orm.execute(
            select(t.Account.id, t.Account.role).where(t.Account.person_id == person_id)
        ).all()
        if any(role == "clinician" for _, role in accounts):
            raise ErasureRefused("a clinician's account is not erased this way")
        who = Who(person_id, tuple(account_id for account_id, _ in accounts))
        removed = []
        for step in PLAN:
            result: Any = orm.execute(delete(step.table).where(step.where(who)))
            removed.append(Removed(step.singular, step.plural, int(result.rowcount or 0)))
        by_themself = not actor_name or actor_id in who.account_ids
        orm.add(
            t.Erasure(
                id=new_id(),
                erased_at=now,
                actor_id=None if by_themself else actor_id,
                actor_name=SELF if by_themself else actor_name,
                requested_at=requested_at,
            )
        )
    store.forget_cached()
    return removed
