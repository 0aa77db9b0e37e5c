"""Messages between a patient and their clinicians, and each reader's read mark.

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "messages",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("side", sa.String(length=9), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("author_name", sa.String(length=80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.Column("checkin_id", sa.String(length=36), nullable=True),
        sa.Column("client_key", sa.String(length=36), nullable=True),
        sa.CheckConstraint("side IN ('patient', 'clinician')", name=op.f("ck_messages_side")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_messages_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["accounts.id"],
            name=op.f("fk_messages_author_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_messages_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["pain_checkins.id"],
            name=op.f("fk_messages_checkin_id_pain_checkins"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("person_id", "client_key", name=op.f("uq_messages_person_id")),
    )
    op.create_index("ix_messages_person_created", "messages", ["person_id", "created_at"])
    op.create_table(
        "message_reads",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("reader_id", sa.String(length=36), nullable=False),
        sa.Column("read_until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_message_reads_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reader_id"],
            ["accounts.id"],
            name=op.f("fk_message_reads_reader_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "reader_id", name=op.f("pk_message_reads")),
    )


def downgrade() -> None:
    op.drop_table("message_reads")
    op.drop_index("ix_messages_person_created", table_name="messages")
    op.drop_table("messages")
