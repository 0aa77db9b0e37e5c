"""People, their Today stamps, and the versions of their programs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from footwork.store.tables.base import Base, UTCDateTime


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
