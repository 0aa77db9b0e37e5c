"""Schedule settings, timezones, reminders sent, app settings and push subscriptions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from footwork.store.tables.base import Base, UTCDateTime


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
