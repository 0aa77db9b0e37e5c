"""A clinic's lifecycle: episodes of care (discharge and re-admission), the current
discharge on the patient row (so the list filters in its one query), and deactivated
accounts.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "episodes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_episodes_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episodes")),
    )
    op.create_index("ix_episodes_person", "episodes", ["person_id", "started_at"])
    with op.batch_alter_table("patients") as batch:
        batch.add_column(sa.Column("discharged_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True))
        batch.drop_constraint(op.f("ck_accounts_role"), type_="check")
        batch.create_check_constraint(
            op.f("ck_accounts_role"), "role IN ('owner', 'patient', 'clinician', 'admin')"
        )


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint(op.f("ck_accounts_role"), type_="check")
        batch.create_check_constraint(
            op.f("ck_accounts_role"), "role IN ('owner', 'patient', 'clinician')"
        )
        batch.drop_column("deactivated_at")
    with op.batch_alter_table("patients") as batch:
        batch.drop_column("admitted_at")
        batch.drop_column("discharged_at")
    op.drop_index("ix_episodes_person", table_name="episodes")
    op.drop_table("episodes")
