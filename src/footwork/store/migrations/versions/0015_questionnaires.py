"""Function questionnaires: a patient's PSFS and GROC answers, and clinicians' requests for
one now.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_answers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("psfs", sa.JSON(), nullable=False),
        sa.Column("groc", sa.Integer(), nullable=True),
        sa.Column("client_key", sa.String(length=36), nullable=True),
        sa.CheckConstraint(
            "groc IS NULL OR groc BETWEEN -5 AND 5", name=op.f("ck_questionnaire_answers_groc")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_questionnaire_answers_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_answers")),
        sa.UniqueConstraint(
            "person_id", "client_key", name=op.f("uq_questionnaire_answers_person_id")
        ),
    )
    op.create_index(
        "ix_questionnaire_answers_person_answered",
        "questionnaire_answers",
        ["person_id", "answered_at"],
    )
    op.create_table(
        "questionnaire_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("actor_name", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_questionnaire_requests_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["accounts.id"],
            name=op.f("fk_questionnaire_requests_actor_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_requests")),
    )
    op.create_index(
        "ix_questionnaire_requests_person_at",
        "questionnaire_requests",
        ["person_id", "requested_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_questionnaire_requests_person_at", table_name="questionnaire_requests")
    op.drop_table("questionnaire_requests")
    op.drop_index("ix_questionnaire_answers_person_answered", table_name="questionnaire_answers")
    op.drop_table("questionnaire_answers")
