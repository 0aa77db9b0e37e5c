"""Schedule settings, timezone history and sent reminders.

Every existing person gets a timezone history that starts with their current timezone
at the moment they were created.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_settings",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("reminders", sa.Boolean(), nullable=False),
        sa.Column("repeat_after_min", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_settings_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_settings")),
    )
    changes = op.create_table(
        "timezone_changes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("effective_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_timezone_changes_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timezone_changes")),
    )
    with op.batch_alter_table("timezone_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_timezone_changes_person_from", ["person_id", "effective_from"], unique=False
        )
    op.create_table(
        "reminders_sent",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.CheckConstraint("kind IN ('first', 'repeat')", name=op.f("ck_reminders_sent_kind")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_reminders_sent_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "key", "kind", name=op.f("pk_reminders_sent")),
    )
    people_table = sa.table(
        "people",
        sa.column("id", sa.String()),
        sa.column("timezone", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    people = op.get_bind().execute(sa.select(people_table)).all()
    if people:
        op.bulk_insert(
            changes,
            [
                {
                    "id": str(uuid.uuid4()),
                    "person_id": pid,
                    "timezone": zone,
                    "effective_from": created,
                }
                for pid, zone, created in people
            ],
        )


def downgrade() -> None:
    op.drop_table("reminders_sent")
    op.drop_table("timezone_changes")
    op.drop_table("person_settings")
