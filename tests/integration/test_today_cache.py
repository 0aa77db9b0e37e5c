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
    "person_stamp_shards": "the stamp itself (PostgreSQL's shards of it)",
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


# -- two app instances on one database (two workers, two hosts) ----------------------------


def test_a_write_through_one_app_is_seen_by_today_on_another_at_once(database_url):
    app_a, _, patient_token, _ = clinic_with_patient(database_url)
    app_b = create_app(Settings(database_url=database_url, mode="clinic"))
    app_c = create_app(Settings(database_url=database_url, mode="clinic"))
    headers = {"Authorization": f"Bearer {patient_token}"}
    a, b, c = (TestClient(app, base_url="http://127.0.0.1", headers=headers)
               for app in (app_a, app_b, app_c))  # fmt: skip
    cache_b: TodayCache = app_b.state.today_cache
    first = b.get("/api/today").json()
    assert b.get("/api/today").json() == first
    assert (cache_b.misses, cache_b.hits) == (1, 1)  # worked out once, then kept

    now = datetime.now(UTC)
    session_id = str(uuid.uuid4())
    start = {"exercise_ids": ["toe-presses"], "started_at": now.isoformat()}
    opened = a.put(f"/api/sessions/{session_id}", json=start)
    assert opened.status_code == 200
    assert cache_b.misses == 1  # nothing asked of B yet
    effort = {"id": str(uuid.uuid4()), "outcome": "done", "started_at": now.isoformat(),
              "ended_at": now.isoformat(), "actual_s": 1.0}  # fmt: skip
    assert a.put(f"/api/sessions/{session_id}/efforts/1", json=effort).status_code == 200
    seen = b.get("/api/today").json()
    assert cache_b.misses == 2  # the rep through A changed the stamp B reads
    assert seen == c.get("/api/today").json()  # as a fresh worker works it out
    for app in (app_a, app_b, app_c):
        app.state.store.engine.dispose()


# -- the clock: local midnight and the slots --------------------------------------------------

NY = ZoneInfo("America/New_York")
DAY = date(2026, 11, 11)


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), NY).astimezone(UTC)


@pytest.fixture
def person(store: Store) -> str:
    person = store.personal_person(now=at(DAY - timedelta(days=9), 7), timezone="America/New_York")
    store.follow_program(person.id, load_program(), now=at(DAY - timedelta(days=9), 7))
    return person.id


def view(store: Store, cache: TodayCache, person_id: str, now: datetime):
    return today_view(store, cache, person_id, load_program(), account=None, now=now)


def test_today_rolls_over_at_local_midnight(store: Store, person: str):
    cache = TodayCache()
    late = view(store, cache, person, at(DAY, 23, 59, 0))
    assert view(store, cache, person, at(DAY, 23, 59, 50)) is late
    assert (cache.misses, cache.hits) == (1, 1)
    after = view(store, cache, person, at(DAY + timedelta(days=1), 0, 0, 10))
    assert cache.misses == 2
    assert late.overview.today.day == DAY
    assert after.overview.today.day == DAY + timedelta(days=1)
    assert {s.state for s in after.overview.today.occurrences} == {"later"}


def test_a_slot_opening_is_not_hidden_by_the_cache(store: Store, person: str):
    cache = TodayCache()
    before = view(store, cache, person, at(DAY, 6, 59, 50))
    opened = view(store, cache, person, at(DAY, 7, 0, 10))  # the morning slot: 07:00-10:00
    assert cache.misses == 2
    assert before.overview.today.ids_in("due") == []
    assert opened.overview.today.ids_in("due") != []
    assert view(store, cache, person, at(DAY, 9, 59, 0)) is opened  # the same slot: kept


def test_a_session_written_elsewhere_is_counted_at_the_next_request(store: Store, person: str):
    from .test_schedule_service import session

    cache = TodayCache()
    now = at(DAY, 8, 30)
    before = view(store, cache, person, now)
    assert before.overview.today.ids_in("done") == []
    other = Store(store.engine)  # another worker: its own objects, the same database
    session(other, person, at(DAY, 8), ("toe-presses",))
    after = view(store, cache, person, now + timedelta(seconds=1))
    assert cache.misses == 2
    assert "toe-presses" in after.overview.today.ids_in("done")
    assert view(store, cache, person, now + timedelta(seconds=2)) is after


def test_the_cache_keeps_at_most_its_size():
    cache = TodayCache(size=2)
    from footwork.core.today_window import Window

    window = Window(NOW, NOW + timedelta(hours=1))
    marker = object()
    for n in range(3):
        cache.put((f"p{n}", 1, None), marker, window)  # type: ignore[arg-type]
    assert len(cache) == 2
    assert cache.get(("p0", 1, None), NOW) is None
    assert cache.get(("p2", 1, None), NOW) is marker
    assert cache.get(("p2", 1, None), NOW + timedelta(hours=1)) is None  # past its window
