"""Today is kept per person until their next write, whichever app instance (process, host)
makes it: the database bumps the person's change stamp in the write's own transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.services.today_cache import TodayCache, today_view
from footwork.store import tables as t
from footwork.store.repository import Store
from footwork.store.stamps import read_stamp
from footwork.web.app import create_app

from .test_api_records import clinic_with_patient

# Every table of the models either has the stamp triggers (a write to it changes what Today
# shows) or is named here with why Today never reads it. A new table fails the first test
# until it is put on one side (and, if it is read by Today, given triggers in a migration).
STAMPED = {
    "people", "accounts", "patients", "person_settings", "timezone_changes",
    "program_versions", "sessions", "session_exercises", "efforts", "pain_checkins",
    "pain_scores", "balance_tests", "readiness_checks", "episodes", "questionnaire_answers",
    "questionnaire_requests", "messages", "message_reads", "progression_plans",
    "progression_dismissals", "corrections", "erasure_requests",
}  # fmt: skip
NOT_ON_TODAY = {
    "person_stamps": "the stamp itself",
    "alembic_version": "the schema's revision",
    "app_settings": "install-wide settings (retention, push keys)",
    "reminders_sent": "what was sent; Today works out what is due from the schedule",
    "push_subscriptions": "where to send reminders",
    "web_sessions": "sign-in; written on requests, so stamping it would empty the cache",
    "login_failures": "sign-in throttle",
    "calendar_feeds": "the calendar link",
    "api_tokens": "API tokens (their last use is written on requests)",
    "invites": "joining",
    "clinic_exercises": "the clinic's library; a prescription stores its program whole",
    "audit_events": "the access log, written when someone else reads",
    "care_flags": "the clinician's list",
    "care_status": "the clinician's list",
    "care_queue": "refresh_care's queue",
    "patient_contacts": "the clinician's contact details",
    "flag_acks": "the clinician's list",
    "digest_sent": "the clinician's digest",
    "program_templates": "the clinic's templates; a prescription stores its program whole",
    "erasures": "the erasure log, kept after the person is gone",
    "camera_batches": "camera figures for the clinician; not part of Today",
    "camera_reports": "camera figures for the clinician; not part of Today",
}


def stamp_triggers(engine: sa.Engine) -> dict[str, set[str]]:
    """Each table's stamp triggers (events on SQLite, one trigger per table on PostgreSQL)."""
    found: dict[str, set[str]] = {}
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(
                "SELECT tbl_name, name, name FROM sqlite_master WHERE type = 'trigger'"
            ).all()
        else:
            rows = connection.exec_driver_sql(
                "SELECT event_object_table, event_manipulation, trigger_name"
                " FROM information_schema.triggers WHERE trigger_schema = current_schema()"
            ).all()
    for table, what, name in rows:
        if not name.startswith("stamp_"):
            continue
        found.setdefault(table, set()).add(what.rsplit("_", 1)[-1].lower())
    return found


def test_every_table_is_stamped_or_named_as_not_shown_on_today(store: Store):
    tables = set(t.Base.metadata.tables) | {"alembic_version"}
    assert not STAMPED & set(NOT_ON_TODAY)
    assert tables == STAMPED | set(NOT_ON_TODAY)
    triggers = stamp_triggers(store.engine)
    assert set(triggers) == STAMPED
    for table, events in triggers.items():
        expected = {"insert", "update"} if table == "people" else {"insert", "update", "delete"}
        assert events == expected, table


# -- every stamped table: an insert, an update and a delete each bump the stamp ------------

NOW = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
OVERRIDES: dict[str, dict[str, object]] = {
    "efforts": {"outcome": "done"},
    "pain_scores": {"score": 3},
    "accounts": {"role": "patient"},
    "pain_checkins": {"context": "any"},
    "sessions": {"status": "completed"},
    "readiness_checks": {"level": "clear"},
    "messages": {"side": "clinician"},
}


def _value(column: sa.Column) -> object:
    kind_of = getattr(column.type, "impl_instance", column.type)
    try:
        kind = kind_of.python_type
    except NotImplementedError:
        kind = str
    if kind is bool:
        return False
    if kind is int:
        return 1
    if kind is float:
        return 1.0
    if kind is datetime:
        return NOW
    if kind is date:
        return NOW.date()
    if kind in (dict, list):
        return {}
    if kind is bytes:
        return b"x"
    return uuid.uuid4().hex[:8]


def a_row(table: sa.Table, links: dict[str, str], made: dict[str, str]) -> dict[str, object]:
    """A row of `table` that names the person (directly or through `links`), pointing at
    the rows `made` so far (by table) where it must point somewhere."""
    row: dict[str, object] = {}
    for column in table.columns:
        refers = {fk.column.table.name for fk in column.foreign_keys}
        if column.name in links:
            row[column.name] = links[column.name]
        elif refers and not column.nullable and refers & set(made):
            row[column.name] = made[refers.pop()]
        elif column.foreign_keys or (column.nullable and not column.primary_key):
            row[column.name] = None
        else:
            row[column.name] = _value(column)
    row.update({k: v for k, v in OVERRIDES.get(table.name, {}).items() if k in row})
    if table.name == "people":
        row["id"] = links["person_id"]
    return row


def test_each_write_to_a_stamped_table_bumps_the_stamp(store: Store):
    person_id = str(uuid.uuid4())
    links = {"person_id": person_id}
    tables = [t.Base.metadata.tables[name] for name in STAMPED]
    ordered = [table for table in t.Base.metadata.sorted_tables if table in tables]
    stamps: list[int] = []
    made: dict[str, str] = {}

    def bump_seen(what: str) -> None:
        found = read_stamp(store, person_id)
        assert found is not None
        assert not stamps or found.value > stamps[-1], what
        stamps.append(found.value)

    for table in ordered:
        row = a_row(table, links, made)
        with store.engine.begin() as connection:
            connection.execute(table.insert().values(**row))
        bump_seen(f"insert into {table.name}")
        if "id" in row:
            made[table.name] = str(row["id"])
        if table.name == "sessions":
            links["session_id"] = str(row["id"])
        if table.name == "pain_checkins":
            links["checkin_id"] = str(row["id"])
        keys = {c.name: row[c.name] for c in table.primary_key.columns}
        where = sa.and_(*(table.c[name] == value for name, value in keys.items()))
        some = next(c for c in table.columns if not c.primary_key and c.name not in links)
        with store.engine.begin() as connection:
            connection.execute(table.update().where(where).values({some.name: row[some.name]}))
        bump_seen(f"update of {table.name}")
    for table in reversed(ordered):
        if table.name == "people":
            continue
        with store.engine.begin() as connection:
            connection.execute(table.delete())
        bump_seen(f"delete from {table.name}")
