"""A clinician's day: patients' contact details (kept with their consent), acknowledged
flags (quiet until a date), and the flags already sent in a clinician's daily digest.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patient_contacts",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("consented", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_patient_contacts_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_patient_contacts")),
    )
    op.create_table(
        "flag_acks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("flag", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("quiet_until", sa.Date(), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("actor_name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_flag_acks_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["accounts.id"],
            name=op.f("fk_flag_acks_actor_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_acks")),
    )
    op.create_index("ix_flag_acks_person_flag", "flag_acks", ["person_id", "flag"])
    op.create_table(
        "digest_sent",
        sa.Column("clinician_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("flag", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["accounts.id"],
            name=op.f("fk_digest_sent_clinician_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_digest_sent_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("clinician_id", "person_id", "flag", name=op.f("pk_digest_sent")),
    )


def downgrade() -> None:
    op.drop_table("digest_sent")
    op.drop_index("ix_flag_acks_person_flag", table_name="flag_acks")
    op.drop_table("flag_acks")
    op.drop_table("patient_contacts")
