"""Sessions and their efforts, and pain, balance and readiness check-ins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from footwork.store.tables.base import Base, UTCDateTime


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
