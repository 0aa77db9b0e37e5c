"""Today for the person of a personal install (`footwork today`).

The everyday call writes nothing, so on SQLite it reads its rows with sqlite3
(store/sqlite_today.py) and never imports SQLAlchemy; otherwise it opens the store as every
command does. Both give the same Today (tests/integration/test_sqlite_today.py)."""

from __future__ import annotations

from datetime import datetime

from footwork.config import Settings
from footwork.core.program import Program
from footwork.core.schedule import LOOKBACK, Today, today_status
from footwork.store.sqlite_today import read_personal_today


def personal_today(settings: Settings, program: Program, *, now: datetime) -> Today:
    """What is due now, later today and done, and where each week stands, for `program`."""
    quick = read_personal_today(settings.database_url, now=now, since=now - LOOKBACK)
    if quick is not None:
        return today_status(program, quick.schedule.settings, quick.done, now)
    from footwork.services import schedule as schedule_service
    from footwork.services.personal import open_personal

    personal = open_personal(settings)
    return schedule_service.today(personal.store, personal.person.id, program, now=now)
