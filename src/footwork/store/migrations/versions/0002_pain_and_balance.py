"""Pain check-ins and balance tests.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pain_checkins",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("context", sa.String(length=8), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "context IN ('before', 'after', 'any')", name=op.f("ck_pain_checkins_context")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_pain_checkins_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_pain_checkins_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_checkins")),
    )
    with op.batch_alter_table("pain_checkins", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pain_checkins_person_recorded", ["person_id", "recorded_at"], unique=False
        )

    op.create_table(
        "pain_scores",
        sa.Column("checkin_id", sa.String(length=36), nullable=False),
        sa.Column("region", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 10", name=op.f("ck_pain_scores_score")),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["pain_checkins.id"],
            name=op.f("fk_pain_scores_checkin_id_pain_checkins"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("checkin_id", "region", name=op.f("pk_pain_scores")),
    )

    op.create_table(
        "balance_tests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("eyes_closed", sa.Boolean(), nullable=False),
        sa.Column("left_s", sa.Float(), nullable=True),
        sa.Column("right_s", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "left_s IS NULL OR (left_s >= 0 AND left_s <= 45)", name=op.f("ck_balance_tests_left_s")
        ),
        sa.CheckConstraint(
            "right_s IS NULL OR (right_s >= 0 AND right_s <= 45)",
            name=op.f("ck_balance_tests_right_s"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_balance_tests_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_balance_tests")),
    )
    with op.batch_alter_table("balance_tests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_balance_tests_person_recorded", ["person_id", "recorded_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("balance_tests")
    op.drop_table("pain_scores")
    op.drop_table("pain_checkins")
