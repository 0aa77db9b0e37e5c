"""Erasing a person: every row of theirs in every table, in one transaction, and a record that
it happened which keeps nothing about them.

`PLAN` names each table that holds a person's rows, its kind of row in words (translated
where the rows erased are listed: the pages, `footwork forget`) and how to find the rows. A
table added later with a reference to a person or an account must be added here (or to
`NOT_PERSONAL`, with the reason): tests/integration/test_erasure.py walks the metadata and
fails otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import Session as OrmSession

from footwork.core.language import Plural
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
    kind: Plural
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
        Plural("{n} message read mark", "{n} message read marks"),
        _person_or_account(t.MessageRead, "reader_id"),
    ),
    Step(
        t.Message, Plural("{n} message", "{n} messages"), _person_or_account(t.Message, "author_id")
    ),
    Step(
        t.Effort,
        Plural("{n} effort", "{n} efforts"),
        lambda w: t.Effort.session_id.in_(_sessions(w)),
    ),
    Step(
        t.SessionExercise,
        Plural("{n} planned exercise", "{n} planned exercises"),
        lambda w: t.SessionExercise.session_id.in_(_sessions(w)),
    ),
    Step(
        t.PainScore,
        Plural("{n} pain score", "{n} pain scores"),
        lambda w: t.PainScore.checkin_id.in_(_checkins(w)),
    ),
    Step(t.PainCheckin, Plural("{n} pain check-in", "{n} pain check-ins"), _person(t.PainCheckin)),
    Step(
        t.CameraBatch,
        Plural("{n} camera landmark batch", "{n} camera landmark batches"),
        lambda w: t.CameraBatch.session_id.in_(_sessions(w)),
    ),
    Step(
        t.CameraReport,
        Plural("{n} camera report", "{n} camera reports"),
        lambda w: t.CameraReport.session_id.in_(_sessions(w)),
    ),
    Step(t.Session, Plural("{n} session", "{n} sessions"), _person(t.Session)),
    Step(
        t.ProgramVersion,
        Plural("{n} program version", "{n} program versions"),
        _person(t.ProgramVersion),
    ),
    Step(t.BalanceTest, Plural("{n} balance test", "{n} balance tests"), _person(t.BalanceTest)),
    Step(
        t.ReadinessCheck,
        Plural("{n} readiness answer", "{n} readiness answers"),
        _person(t.ReadinessCheck),
    ),
    Step(
        t.PersonSettings, Plural("{n} settings row", "{n} settings rows"), _person(t.PersonSettings)
    ),
    Step(
        t.TimezoneChange,
        Plural("{n} timezone change", "{n} timezone changes"),
        _person(t.TimezoneChange),
    ),
    Step(
        t.SentReminder, Plural("{n} sent reminder", "{n} sent reminders"), _person(t.SentReminder)
    ),
    Step(
        t.PushSubscription,
        Plural("{n} push device", "{n} push devices"),
        _person(t.PushSubscription),
    ),
    Step(
        t.CalendarFeed, Plural("{n} calendar link", "{n} calendar links"), _person(t.CalendarFeed)
    ),
    Step(
        t.ApiToken, Plural("{n} access token", "{n} access tokens"), _person_or_account(t.ApiToken)
    ),
    Step(
        t.WebSession,
        Plural("{n} browser session", "{n} browser sessions"),
        _person_or_account(t.WebSession),
    ),
    Step(
        t.Invite,
        Plural("{n} invite", "{n} invites"),
        _person_or_account(t.Invite, account_column="created_by"),
    ),
    Step(
        t.AuditEvent,
        Plural("{n} access-log entry", "{n} access-log entries"),
        _person(t.AuditEvent),
    ),
    Step(t.Correction, Plural("{n} correction", "{n} corrections"), _person(t.Correction)),
    Step(
        t.CareFlags, Plural("{n} follow-up figure", "{n} follow-up figures"), _person(t.CareFlags)
    ),
    Step(
        t.CareStatus,
        Plural("{n} follow-up status", "{n} follow-up statuses"),
        _person(t.CareStatus),
    ),
    Step(t.CareQueue, Plural("{n} queued refresh", "{n} queued refreshes"), _person(t.CareQueue)),
    Step(
        t.PatientContact,
        Plural("{n} contact detail", "{n} contact details"),
        _person(t.PatientContact),
    ),
    Step(t.FlagAck, Plural("{n} acknowledged flag", "{n} acknowledged flags"), _person(t.FlagAck)),
    Step(
        t.DigestSent,
        Plural("{n} digest entry", "{n} digest entries"),
        _person_or_account(t.DigestSent, account_column="clinician_id"),
    ),
    Step(
        t.ProgressionPlan,
        Plural("{n} progression plan", "{n} progression plans"),
        _person(t.ProgressionPlan),
    ),
    Step(
        t.ProgressionDismissal,
        Plural("{n} dismissed progression", "{n} dismissed progressions"),
        _person(t.ProgressionDismissal),
    ),
    Step(
        t.QuestionnaireAnswer,
        Plural("{n} questionnaire answer", "{n} questionnaire answers"),
        _person(t.QuestionnaireAnswer),
    ),
    Step(
        t.QuestionnaireRequest,
        Plural("{n} questionnaire request", "{n} questionnaire requests"),
        _person(t.QuestionnaireRequest),
    ),
    Step(t.Episode, Plural("{n} episode of care", "{n} episodes of care"), _person(t.Episode)),
    Step(
        t.ErasureRequest,
        Plural("{n} erasure request", "{n} erasure requests"),
        _person(t.ErasureRequest),
    ),
    Step(t.Patient, Plural("{n} care link", "{n} care links"), _person(t.Patient)),
    Step(t.Account, Plural("{n} account", "{n} accounts"), _person(t.Account)),
    Step(t.Person, Plural("{n} person", "{n} people"), lambda w: t.Person.id == w.person_id),
)

NOT_PERSONAL: dict[str, str] = {
    "clinic_exercises": "the clinic's library; its author's account is set to NULL",
    "program_templates": "a clinician's templates (clinician accounts are never erased)",
    "erasures": "keeps no person id, only when and by whom",
    "person_stamps": "a change counter, no personal data; it goes with the person's row (CASCADE)",
    "person_stamp_shards": "the rest of the change counter; it goes with the person (CASCADE)",
}
"""Tables with a reference to an account that hold no person's data, and why."""


SELF = "the person themself"
"""The actor kept for a self-erasure: their user name would be data about them."""


@dataclass(frozen=True, slots=True)
class Removed:
    kind: Plural
    count: int

    @property
    def name(self) -> str:
        """The kind in English, plural ("sessions"): the key the JSON API counts it under."""
        return self.kind.many.removeprefix("{n} ")


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
            removed.append(Removed(step.kind, int(result.rowcount or 0)))
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
