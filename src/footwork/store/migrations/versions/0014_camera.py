"""The camera coach in the browser: landmark batches per exercise of a session, and the
latest report per exercise.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "camera_batches",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("exercise_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("frames", sa.Text(), nullable=False),
        sa.Column("aspect", sa.Float(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_camera_batches_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "exercise_id", "seq", name=op.f("pk_camera_batches")),
    )
    op.create_table(
        "camera_reports",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("exercise_id", sa.String(length=64), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("frames", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_camera_reports_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "exercise_id", name=op.f("pk_camera_reports")),
    )


def downgrade() -> None:
    op.drop_table("camera_reports")
    op.drop_table("camera_batches")
