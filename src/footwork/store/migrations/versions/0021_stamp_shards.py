"""PostgreSQL: the change stamp spread over a few rows per person, so writers need not queue.

With one stamp row per person (0020), every write of a person took that row's lock until its
commit, and a commit waits for its WAL flush: the reps of one person (all of a personal
install's reps) went one flush at a time, and PostgreSQL's group commit could not gather them.
Now a write adds one to the person's row in `person_stamp_shards` for its connection's shard
(backend pid modulo SHARDS), so writes from different connections take different rows and
their commits flush together. A person's stamp is the sum of their `person_stamps` row and
their shard rows (store/stamps.py): every committed write still moves it, and a later
snapshot sees every commit an earlier one saw, so an equal sum means the same writes.

SQLite has one writer at a time anyway: its triggers keep bumping `person_stamps` (0020) and
its `person_stamp_shards` stays empty.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

SHARDS = 16

# The tables and how a row names its person, as 0020 stamped them (frozen here).
DIRECT = "{row}.person_id"
VIA_SESSION = "(SELECT person_id FROM sessions WHERE id = {row}.session_id)"
VIA_CHECKIN = "(SELECT person_id FROM pain_checkins WHERE id = {row}.checkin_id)"
STAMPED = {
    "people": "{row}.id",
    "accounts": DIRECT,
    "patients": DIRECT,
    "person_settings": DIRECT,
    "timezone_changes": DIRECT,
    "program_versions": DIRECT,
    "sessions": DIRECT,
    "session_exercises": VIA_SESSION,
    "efforts": VIA_SESSION,
    "pain_checkins": DIRECT,
    "pain_scores": VIA_CHECKIN,
    "balance_tests": DIRECT,
    "readiness_checks": DIRECT,
    "episodes": DIRECT,
    "questionnaire_answers": DIRECT,
    "questionnaire_requests": DIRECT,
    "messages": DIRECT,
    "message_reads": DIRECT,
    "progression_plans": DIRECT,
    "progression_dismissals": DIRECT,
    "corrections": DIRECT,
    "erasure_requests": DIRECT,
}
BUMP_0020 = "UPDATE person_stamps SET stamp = stamp + 1 WHERE person_id = {person}"

# A person being erased (their row gone earlier in the same statement's cascade), or a row
# whose session is already gone, has no person to stamp: skipped, as 0020's UPDATE did.
# Once per transaction: the rows a transaction writes become visible together at its commit,
# so one move of the stamp covers them all. Moving it for every row would make a new version
# of the shard row per row written, and each update walks the versions before it in the same
# transaction: an import of N rows would cost N squared (20,000 efforts took 48 s).
BUMP = (
    "INSERT INTO person_stamp_shards (person_id, shard, stamp, xact) "
    "SELECT p.id, pg_backend_pid() % {shards}, 1, pg_current_xact_id()::text::bigint "
    "FROM people p WHERE p.id = {person} "
    "ON CONFLICT (person_id, shard) DO UPDATE "
    "SET stamp = person_stamp_shards.stamp + 1, xact = EXCLUDED.xact "
    "WHERE person_stamp_shards.xact IS DISTINCT FROM EXCLUDED.xact"
)


def _function(table: str, person: str, bump: str) -> str:
    old, new = person.format(row="OLD"), person.format(row="NEW")
    on_insert = bump.format(person=new, shards=SHARDS)
    if table == "people":
        on_insert = "INSERT INTO person_stamps (person_id, stamp) VALUES (NEW.id, 1)"
    return f"""
        CREATE OR REPLACE FUNCTION stamp_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {on_insert};
            ELSIF TG_OP = 'UPDATE' THEN
                {bump.format(person=old, shards=SHARDS)};
                IF {new} IS DISTINCT FROM {old} THEN
                    {bump.format(person=new, shards=SHARDS)};
                END IF;
            ELSE
                {bump.format(person=old, shards=SHARDS)};
            END IF;
            RETURN NULL;
        END $$"""


def upgrade() -> None:
    op.create_table(
        "person_stamp_shards",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("shard", sa.SmallInteger(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.Column("xact", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_stamp_shards_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "shard", name=op.f("pk_person_stamp_shards")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, person in STAMPED.items():
        op.execute(_function(table, person, BUMP))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Fold the shards back into the one row per person, then 0020's functions again.
        op.execute(
            "UPDATE person_stamps SET stamp = stamp + s.total FROM (SELECT person_id, "
            "sum(stamp) AS total FROM person_stamp_shards GROUP BY person_id) s "
            "WHERE person_stamps.person_id = s.person_id"
        )
        for table, person in STAMPED.items():
            op.execute(_function(table, person, BUMP_0020))
    op.drop_table("person_stamp_shards")
