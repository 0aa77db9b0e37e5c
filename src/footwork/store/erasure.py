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

from footwork.core.language import N_
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
        N_("message read mark"),
        N_("message read marks"),
        _person_or_account(t.MessageRead, "reader_id"),
    ),
    Step(t.Message, N_("message"), N_("messages"), _person_or_account(t.Message, "author_id")),
    Step(t.Effort, N_("effort"), N_("efforts"), lambda w: t.Effort.session_id.in_(_sessions(w))),
    Step(
        t.SessionExercise,
        N_("planned exercise"),
        N_("planned exercises"),
        lambda w: t.SessionExercise.session_id.in_(_sessions(w)),
    ),
    Step(
        t.PainScore,
        N_("pain score"),
        N_("pain scores"),
        lambda w: t.PainScore.checkin_id.in_(_checkins(w)),
    ),
    Step(t.PainCheckin, N_("pain check-in"), N_("pain check-ins"), _person(t.PainCheckin)),
    Step(
        t.CameraBatch,
        N_("camera landmark batch"),
        N_("camera landmark batches"),
        lambda w: t.CameraBatch.session_id.in_(_sessions(w)),
    ),
    Step(
        t.CameraReport,
        N_("camera report"),
        N_("camera reports"),
        lambda w: t.CameraReport.session_id.in_(_sessions(w)),
    ),
    Step(t.Session, N_("session"), N_("sessions"), _person(t.Session)),
    Step(
        t.ProgramVersion, N_("program version"), N_("program versions"), _person(t.ProgramVersion)
    ),
    Step(t.BalanceTest, N_("balance test"), N_("balance tests"), _person(t.BalanceTest)),
    Step(
        t.ReadinessCheck, N_("readiness answer"), N_("readiness answers"), _person(t.ReadinessCheck)
    ),
    Step(t.PersonSettings, N_("settings row"), N_("settings rows"), _person(t.PersonSettings)),
    Step(
        t.TimezoneChange, N_("timezone change"), N_("timezone changes"), _person(t.TimezoneChange)
    ),
    Step(t.SentReminder, N_("sent reminder"), N_("sent reminders"), _person(t.SentReminder)),
    Step(t.PushSubscription, N_("push device"), N_("push devices"), _person(t.PushSubscription)),
    Step(t.CalendarFeed, N_("calendar link"), N_("calendar links"), _person(t.CalendarFeed)),
    Step(t.ApiToken, N_("access token"), N_("access tokens"), _person_or_account(t.ApiToken)),
    Step(
        t.WebSession,
        N_("browser session"),
        N_("browser sessions"),
        _person_or_account(t.WebSession),
    ),
    Step(
        t.Invite,
        N_("invite"),
        N_("invites"),
        _person_or_account(t.Invite, account_column="created_by"),
    ),
    Step(t.AuditEvent, N_("access-log entry"), N_("access-log entries"), _person(t.AuditEvent)),
    Step(t.Correction, N_("correction"), N_("corrections"), _person(t.Correction)),
    Step(t.CareFlags, N_("follow-up figure"), N_("follow-up figures"), _person(t.CareFlags)),
    Step(t.CareStatus, N_("follow-up status"), N_("follow-up statuses"), _person(t.CareStatus)),
    Step(t.CareQueue, N_("queued refresh"), N_("queued refreshes"), _person(t.CareQueue)),
    Step(t.PatientContact, N_("contact detail"), N_("contact details"), _person(t.PatientContact)),
    Step(t.FlagAck, N_("acknowledged flag"), N_("acknowledged flags"), _person(t.FlagAck)),
    Step(
        t.DigestSent,
        N_("digest entry"),
        N_("digest entries"),
        _person_or_account(t.DigestSent, account_column="clinician_id"),
    ),
    Step(
        t.ProgressionPlan,
        N_("progression plan"),
        N_("progression plans"),
        _person(t.ProgressionPlan),
    ),
    Step(
        t.ProgressionDismissal,
        N_("dismissed progression"),
        N_("dismissed progressions"),
        _person(t.ProgressionDismissal),
    ),
    Step(
        t.QuestionnaireAnswer,
        N_("questionnaire answer"),
        N_("questionnaire answers"),
        _person(t.QuestionnaireAnswer),
    ),
    Step(
        t.QuestionnaireRequest,
        N_("questionnaire request"),
        N_("questionnaire requests"),
        _person(t.QuestionnaireRequest),
    ),
    Step(t.Episode, N_("episode of care"), N_("episodes of care"), _person(t.Episode)),
    Step(
        t.ErasureRequest, N_("erasure request"), N_("erasure requests"), _person(t.ErasureRequest)
    ),
    Step(t.Patient, N_("care link"), N_("care links"), _person(t.Patient)),
    Step(t.Account, N_("account"), N_("accounts"), _person(t.Account)),
    Step(t.Person, N_("person"), N_("people"), lambda w: t.Person.id == w.person_id),
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
