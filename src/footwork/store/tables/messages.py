"""Message threads, camera landmarks and reports, and the care worker's queue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
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
