"""The readiness check: a person's yes/no answers before their first session, with the date;
and care_flags.pain_alert: a check-in that called for a caring prompt raises "pain up" at once.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "readiness_checks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "level IN ('clear', 'clinician', 'urgent')", name=op.f("ck_readiness_checks_level")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_readiness_checks_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_checks")),
    )
    op.create_index(
        "ix_readiness_checks_person_answered",
        "readiness_checks",
        ["person_id", "answered_at"],
    )
    with op.batch_alter_table("care_flags") as batch:
        batch.add_column(
            sa.Column("pain_alert", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("care_flags") as batch:
        batch.drop_column("pain_alert")
    op.drop_index("ix_readiness_checks_person_answered", table_name="readiness_checks")
    op.drop_table("readiness_checks")
