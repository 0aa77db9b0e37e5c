"""Opening the store for a person on their own computer."""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from footwork.config import Settings, default_database_url
from footwork.core.records import Person
from footwork.store.database import open_database
from footwork.store.repository import Store


@dataclass(frozen=True, slots=True)
class PersonalContext:
    store: Store
    person: Person


def this_process() -> str:
    """An owner tag for sessions run by this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_is_alive(owner: str) -> bool:
    """Whether the process that tagged a session still runs. Another machine's: assume so."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _valid_zone(name: str) -> str | None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


def local_timezone_name() -> str:
    """The IANA name of this computer's timezone, or 'UTC' when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and _valid_zone(name):
            return name
    return "UTC"


def open_store(settings: Settings) -> Store:
    """The store at the configured URL, migrated to the current schema."""
    url = settings.database_url
    engine = open_database(url, create_folder=url == default_database_url())
    return Store(engine, queue_care=settings.care_worker)


def open_personal(settings: Settings) -> PersonalContext:
    """The store and its one person; sessions left open by a dead process are closed first."""
    store = open_store(settings)
    store.close_abandoned(owner_is_alive, now=datetime.now(UTC))
    person = store.personal_person(now=datetime.now(UTC), timezone=local_timezone_name())
    return PersonalContext(store, person)
