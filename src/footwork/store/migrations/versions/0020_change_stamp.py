"""A change stamp per person, bumped by the database itself on every write Today reads.

Triggers on each table that Today reads (directly or through a session or a check-in) add
one to the person's stamp in the same transaction as the write, whoever makes it: the web
app on any host, the command line, an import, an erasure. A cached Today is good only for
the stamp it was made at (services/today_cache.py).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# Table -> how a row names its person ({row} is NEW or OLD). Frozen here as of this revision;
# tests/integration/test_today_cache.py checks every table of the models is either stamped
# (by this or a later migration) or named there as not shown on Today.
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

BUMP = "UPDATE person_stamps SET stamp = stamp + 1 WHERE person_id = {person}"


def _sqlite_triggers(table: str, person: str) -> list[str]:
    old, new = person.format(row="OLD"), person.format(row="NEW")
    bodies = {
        "insert": BUMP.format(person=new),
        "update": BUMP.format(person=old)
        + "; "
        + BUMP.format(person=new)
        + " AND "
        + f"{new} IS NOT {old}",
        "delete": BUMP.format(person=old),
    }
    if table == "people":
        bodies["insert"] = "INSERT INTO person_stamps (person_id, stamp) VALUES (NEW.id, 1)"
        bodies.pop("delete")  # the stamp goes with the person (ON DELETE CASCADE)
    return [
        f"CREATE TRIGGER stamp_{table}_{event} AFTER {event.upper()} ON {table} "
        f"FOR EACH ROW BEGIN {body}; END"
        for event, body in bodies.items()
    ]


def _postgresql_trigger(table: str, person: str) -> list[str]:
    old, new = person.format(row="OLD"), person.format(row="NEW")
    on_insert = BUMP.format(person=new)
    if table == "people":
        on_insert = "INSERT INTO person_stamps (person_id, stamp) VALUES (NEW.id, 1)"
    function = f"""
        CREATE FUNCTION stamp_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {on_insert};
            ELSIF TG_OP = 'UPDATE' THEN
                {BUMP.format(person=old)};
                IF {new} IS DISTINCT FROM {old} THEN {BUMP.format(person=new)}; END IF;
            ELSE
                {BUMP.format(person=old)};
            END IF;
            RETURN NULL;
        END $$"""
    events = "INSERT OR UPDATE" if table == "people" else "INSERT OR UPDATE OR DELETE"
    trigger = (
        f"CREATE TRIGGER stamp_{table} AFTER {events} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION stamp_{table}()"
    )
    return [function, trigger]


def upgrade() -> None:
    op.create_table(
        "person_stamps",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_stamps_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_stamps")),
    )
    op.execute("INSERT INTO person_stamps (person_id, stamp) SELECT id, 1 FROM people")
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, person in STAMPED.items():
        statements = (
            _postgresql_trigger(table, person) if postgresql else _sqlite_triggers(table, person)
        )
        for statement in statements:
            op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in STAMPED:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS stamp_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS stamp_{table}()")
        else:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS stamp_{table}_{event}")
    op.drop_table("person_stamps")
