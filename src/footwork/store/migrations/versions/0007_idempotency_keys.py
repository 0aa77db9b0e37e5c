"""Idempotency keys for pain check-ins and balance tests: a client-made id per record, so a
retried POST stores once and answers the same.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("pain_checkins", "balance_tests")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("client_key", sa.String(length=36), nullable=True))
            batch_op.create_unique_constraint(
                op.f(f"uq_{table}_person_id"), ["person_id", "client_key"]
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"uq_{table}_person_id"), type_="unique")
            batch_op.drop_column("client_key")
