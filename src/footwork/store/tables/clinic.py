"""Clinic care: patients, episodes, audit, care flags, templates, questionnaires, erasure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from footwork.store.tables.base import Base, UTCDateTime


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
