"""The tables, as SQLAlchemy 2 typed models. Rows never leave `footwork.store`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give every time with its timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    language: Mapped[str | None] = mapped_column(String(16))
    """The language the person chose for the pages; None: their browser's (Accept-Language)."""


class PersonStamp(Base):
    """A number the database adds one to on every write that Today reads (migrations 0020 and
    0021's triggers), in the same transaction: a cached Today is good while the number stands."""

    __tablename__ = "person_stamps"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    stamp: Mapped[int] = mapped_column(BigInteger)


class PersonStampShard(Base):
    """PostgreSQL: the rest of a person's stamp, one row per connection shard (migration
    0021), so that writes of one person from different connections take different rows.
    The stamp is `PersonStamp.stamp` plus the sum of these; SQLite leaves this empty.
    `xact` is the transaction that last moved the row: a transaction moves it once, however
    many rows it writes (an import's thousands of rows would otherwise each make a version of
    this row, and each update walk the versions before it)."""

    __tablename__ = "person_stamp_shards"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    stamp: Mapped[int] = mapped_column(BigInteger)
    xact: Mapped[int | None] = mapped_column(BigInteger)


class ProgramVersion(Base):
    """A person's program as it stood from `created_at`; sessions point at the version they used."""

    __tablename__ = "program_versions"
    __table_args__ = (UniqueConstraint("person_id", "version"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    program: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date | None] = mapped_column(Date)
    """The local day it applies from; None: the local day of `created_at`."""
    assigned_by: Mapped[str | None] = mapped_column(String(36))
    """The account of the clinician who prescribed it; None for a person's own program.
    (No foreign key: SQLite cannot add one to an existing table without rebuilding it.)"""


class Session(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('in_progress', 'completed', 'partial', 'aborted')", name="status"
        ),
        Index("ix_sessions_person_started", "person_id", "started_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    program_version_id: Mapped[str] = mapped_column(ForeignKey("program_versions.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String(200))
    """Who runs it while in progress ('host:pid'), so an abandoned session can be closed."""


class SessionExercise(Base):
    __tablename__ = "session_exercises"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(64))
    planned_efforts: Mapped[int] = mapped_column(Integer)


class Effort(Base):
    """One rep, bout, or side-and-direction of circling: done or skipped."""

    __tablename__ = "efforts"
    __table_args__ = (
        UniqueConstraint("session_id", "cue_index"),
        CheckConstraint("outcome IN ('done', 'skipped')", name="outcome"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    cue_index: Mapped[int] = mapped_column(Integer)
    exercise_id: Mapped[str] = mapped_column(String(64))
    side: Mapped[str | None] = mapped_column(String(8))
    direction: Mapped[str | None] = mapped_column(String(20))
    rep: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(8))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime())
    planned_s: Mapped[float] = mapped_column(Float)
    actual_s: Mapped[float] = mapped_column(Float)


class PainCheckin(Base):
    __tablename__ = "pain_checkins"
    __table_args__ = (
        CheckConstraint("context IN ('before', 'after', 'any')", name="context"),
        Index("ix_pain_checkins_person_recorded", "person_id", "recorded_at"),
        UniqueConstraint("person_id", "client_key"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    context: Mapped[str] = mapped_column(String(8))
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    client_key: Mapped[str | None] = mapped_column(String(36))
    """The client's idempotency key: the same key again stores nothing new."""


class PainScore(Base):
    __tablename__ = "pain_scores"
    __table_args__ = (CheckConstraint("score BETWEEN 0 AND 10", name="score"),)

    checkin_id: Mapped[str] = mapped_column(
        ForeignKey("pain_checkins.id", ondelete="CASCADE"), primary_key=True
    )
    region: Mapped[str] = mapped_column(String(16), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)


class BalanceTest(Base):
    __tablename__ = "balance_tests"
    __table_args__ = (
        CheckConstraint("left_s IS NULL OR (left_s >= 0 AND left_s <= 45)", name="left_s"),
        CheckConstraint("right_s IS NULL OR (right_s >= 0 AND right_s <= 45)", name="right_s"),
        Index("ix_balance_tests_person_recorded", "person_id", "recorded_at"),
        UniqueConstraint("person_id", "client_key"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    eyes_closed: Mapped[bool] = mapped_column()
    left_s: Mapped[float | None] = mapped_column(Float)
    right_s: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    client_key: Mapped[str | None] = mapped_column(String(36))
    """The client's idempotency key: the same key again stores nothing new."""


class ReadinessCheck(Base):
    """A person's answers to the readiness questions (question id -> yes), with the date."""

    __tablename__ = "readiness_checks"
    __table_args__ = (
        CheckConstraint("level IN ('clear', 'clinician', 'urgent')", name="level"),
        Index("ix_readiness_checks_person_answered", "person_id", "answered_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answers: Mapped[dict[str, bool]] = mapped_column(JSON)
    level: Mapped[str] = mapped_column(String(16))


class PersonSettings(Base):
    """Schedule and reminder settings; a person without a row uses the defaults."""

    __tablename__ = "person_settings"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    slots: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    email: Mapped[str | None] = mapped_column(String(320))
    reminders: Mapped[bool] = mapped_column()
    repeat_after_min: Mapped[int] = mapped_column(Integer)
    sound: Mapped[bool] = mapped_column(server_default=true())
    voice: Mapped[bool] = mapped_column(server_default=true())


class TimezoneChange(Base):
    """The timezones a person has lived in, so past days keep their own local times."""

    __tablename__ = "timezone_changes"
    __table_args__ = (Index("ix_timezone_changes_person_from", "person_id", "effective_from"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))


class SentReminder(Base):
    __tablename__ = "reminders_sent"
    __table_args__ = (CheckConstraint("kind IN ('first', 'repeat')", name="kind"),)

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(16))


class AppSetting(Base):
    """One value the whole installation shares (e.g. the VAPID key pair for Web Push), made
    once and kept; every host of a clinic reads the same row."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PushSubscription(Base):
    """A device (a browser's service worker) that allowed reminders: where to send them and
    the keys to encrypt them with (RFC 8291). An endpoint belongs to one person at a time."""

    __tablename__ = "push_subscriptions"
    __table_args__ = (
        UniqueConstraint("endpoint"),
        Index("ix_push_subscriptions_person", "person_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    endpoint: Mapped[str] = mapped_column(String(1024))
    p256dh: Mapped[str] = mapped_column(String(128))
    auth: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Account(Base):
    """Someone who logs in: the owner of a personal install, a patient, a clinician, or a
    clinic's admin (who runs the accounts and reads no patient's health data)."""

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("role IN ('owner', 'patient', 'clinician', 'admin')", name="role"),
        UniqueConstraint("username"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """Set by a clinic admin: the account can no longer sign in."""
    language: Mapped[str | None] = mapped_column(String(16))
    """A clinician's or admin's language for the pages; None: their browser's. (A patient's
    is on their person, people.language.)"""


class WebSession(Base):
    """A browser's session: the cookie holds a random token, this row only its hash."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LoginFailure(Base):
    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_username_at", "username", "at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class CalendarFeed(Base):
    """A secret calendar link: only the token's hash is kept."""

    __tablename__ = "calendar_feeds"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiToken(Base):
    """A personal access token for the JSON API: only its hash is kept."""

    __tablename__ = "api_tokens"
    __table_args__ = (UniqueConstraint("public_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Patient(Base):
    """A person under a clinician's care. `shared`: the clinic's other clinicians may follow
    them too."""

    __tablename__ = "patients"
    __table_args__ = (Index("ix_patients_clinician", "clinician_id"),)

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    clinician_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    shared: Mapped[bool] = mapped_column(server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    discharged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """The end of the current episode when the patient is discharged (see Episode)."""
    admitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """The start of the current episode after a re-admission (None: the first episode)."""


class Episode(Base):
    """A stretch of care: from admission (or re-admission) to discharge (open while in care).
    A patient with no row is in their first episode, since patients.created_at."""

    __tablename__ = "episodes"
    __table_args__ = (Index("ix_episodes_person", "person_id", "started_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(String(500))


class Invite(Base):
    """A one-time code to join as a patient: only its hash is kept."""

    __tablename__ = "invites"
    __table_args__ = (Index("ix_invites_person", "person_id"),)

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_by: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    language: Mapped[str | None] = mapped_column(String(16))
    """The language the clinician set for the patient: their chosen language once they join
    (None: their browser decides)."""


class ClinicExercise(Base):
    """An exercise a clinician added to the clinic's library, with an optional drawing."""

    __tablename__ = "clinic_exercises"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    exercise: Mapped[dict[str, Any]] = mapped_column(JSON)
    drawing: Mapped[bytes | None] = mapped_column(LargeBinary)
    drawing_type: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """A clinician looked at or changed a patient's data; the patient can read these."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_person_at", "person_id", "at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class CareFlags(Base):
    """A patient's follow-up figures as they stand on local day `as_of`, given what was
    recorded by `CareStatus.refreshed_at`: kept a few weeks ahead so a quiet patient's
    figures stay current without a write (see services/care.py)."""

    __tablename__ = "care_flags"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    as_of: Mapped[date] = mapped_column(Date, primary_key=True)
    adherence_done: Mapped[float] = mapped_column(Float)
    adherence_prescribed: Mapped[float] = mapped_column(Float)
    pain_change: Mapped[float | None] = mapped_column(Float)
    pain_region: Mapped[str | None] = mapped_column(String(16))
    pain_alert: Mapped[bool] = mapped_column(default=False, server_default=false())


class CareStatus(Base):
    __tablename__ = "care_status"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    last_session_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    horizon: Mapped[date] = mapped_column(Date)
    """The last local day with care_flags."""


class PatientContact(Base):
    """A person's phone and e-mail for their clinicians, kept only with their consent."""

    __tablename__ = "patient_contacts"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(320))
    consented: Mapped[bool] = mapped_column(server_default=false())
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FlagAck(Base):
    """A clinician acknowledged a patient's flag: quiet until local day `quiet_until`."""

    __tablename__ = "flag_acks"
    __table_args__ = (Index("ix_flag_acks_person_flag", "person_id", "flag"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    flag: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(500))
    quiet_until: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DigestSent(Base):
    """A flag already in a clinician's daily digest, so the next digest names only new ones."""

    __tablename__ = "digest_sent"

    clinician_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    flag: Mapped[str] = mapped_column(String(16), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProgramTemplate(Base):
    """A named program a clinician saved to start prescriptions from: their own (`own`) or
    for every clinician of the clinic (`clinic`), with progression rules per exercise."""

    __tablename__ = "program_templates"
    __table_args__ = (
        CheckConstraint("visibility IN ('own', 'clinic')", name="visibility"),
        Index("ix_program_templates_owner", "owner_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    visibility: Mapped[str] = mapped_column(String(8))
    owner_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    program: Mapped[dict[str, Any]] = mapped_column(JSON)
    rules: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProgressionPlan(Base):
    """A patient's progression rules, carried from the template their program started from."""

    __tablename__ = "progression_plans"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    rules: Mapped[list[Any]] = mapped_column(JSON)
    template_name: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProgressionDismissal(Base):
    """A clinician dismissed the suggested step for an exercise: quiet until local day
    `until` (the next qualifying period)."""

    __tablename__ = "progression_dismissals"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    until: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuestionnaireAnswer(Base):
    """A filled-in function questionnaire: PSFS activities with scores ([{activity, score}])
    and the Global Rating of Change (None on the first)."""

    __tablename__ = "questionnaire_answers"
    __table_args__ = (
        Index("ix_questionnaire_answers_person_answered", "person_id", "answered_at"),
        UniqueConstraint("person_id", "client_key"),
        CheckConstraint("groc IS NULL OR groc BETWEEN -5 AND 5", name="groc"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    psfs: Mapped[list[Any]] = mapped_column(JSON)
    groc: Mapped[int | None] = mapped_column(Integer)
    client_key: Mapped[str | None] = mapped_column(String(36))
    """The client's idempotency key: the same key again stores nothing new."""


class QuestionnaireRequest(Base):
    """A clinician asked the patient for a questionnaire now."""

    __tablename__ = "questionnaire_requests"
    __table_args__ = (Index("ix_questionnaire_requests_person_at", "person_id", "requested_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(80))


class Erasure(Base):
    """That a person's data was erased: when and by whom, and nothing about the person (no id,
    no name, no health data), so the record outlives them without keeping any of it."""

    __tablename__ = "erasures"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[str | None] = mapped_column(String(36))
    """The account that erased (the person themself, or a clinician); no foreign key, so the
    record stays when that account goes too."""
    actor_name: Mapped[str] = mapped_column(String(80))
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When the person asked for it (clinic mode), else None."""


class ErasureRequest(Base):
    """A patient asked for erasure; their clinic decides: erase now, or keep the clinical record
    until `erase_after` (the retention period), then erase. Erased with the person."""

    __tablename__ = "erasure_requests"
    __table_args__ = (
        CheckConstraint("decision IS NULL OR decision IN ('retain')", name="decision"),
    )

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decision: Mapped[str | None] = mapped_column(String(16))
    erase_after: Mapped[date | None] = mapped_column(Date)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(80))
    """The deciding clinician's user name, as shown to the patient."""


class Correction(Base):
    """A person corrected one of their own entries: what, when, by whom, and the old value."""

    __tablename__ = "corrections"
    __table_args__ = (Index("ix_corrections_person_at", "person_id", "at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    actor_name: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(String(500))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Message(Base):
    """A message in a patient's thread, from the patient or one of their clinicians."""

    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint("side IN ('patient', 'clinician')", name="side"),
        Index("ix_messages_person_created", "person_id", "created_at"),
        UniqueConstraint("person_id", "client_key"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    """Whose thread: the patient's."""
    side: Mapped[str] = mapped_column(String(9))
    author_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    checkin_id: Mapped[str | None] = mapped_column(
        ForeignKey("pain_checkins.id", ondelete="SET NULL")
    )
    client_key: Mapped[str | None] = mapped_column(String(36))
    """The client's idempotency key: the same key again stores nothing new."""


class MessageRead(Base):
    """How far one reader has read a patient's thread: the newest message they have seen."""

    __tablename__ = "message_reads"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    reader_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    read_until: Mapped[datetime] = mapped_column(UTCDateTime())


class CameraBatch(Base):
    """Leg and foot landmarks the page sent for one exercise of a session (never video)."""

    __tablename__ = "camera_batches"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    frames: Mapped[str] = mapped_column(Text)
    """The frames as keypoint JSON (see `footwork.vision.keypoints`)."""
    aspect: Mapped[float] = mapped_column(Float)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CameraReport(Base):
    """The latest camera analysis of one exercise of a session."""

    __tablename__ = "camera_reports"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    report: Mapped[str] = mapped_column(Text)
    frames: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CareQueue(Base):
    """A patient whose care figures wait for `footwork worker` (PostgreSQL with a worker
    configured): one row per person, written in the transaction of the write that changed
    them, deleted in the transaction that saves the new figures."""

    __tablename__ = "care_queue"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime())
