"""Today, kept per person until their next write (or until the clock changes it).

A request reads the person's change stamp (one indexed query, `store.stamps`), which the
database bumps in the same transaction as every write Today reads (migrations 0020-0021's
triggers), whichever process or host makes it. A Today worked out at a stamp is kept in a
small LRU in this process, keyed by person, stamp and viewer, with the stretch of time in
which the clock alone cannot change it (`core.today_window`): local midnight, a slot
opening or closing. Nothing shared lives here: another worker has its own LRU and reads the
same stamp, so a write anywhere is seen everywhere at the next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from footwork.core.program import Program
from footwork.core.questionnaires import Due
from footwork.core.today_window import Window, steady_window
from footwork.services import care
from footwork.services import schedule as schedule_service
from footwork.services.messages import unread_for_patient
from footwork.services.questionnaires import questionnaire_status
from footwork.store.accounts import Account
from footwork.store.repository import Store
from footwork.store.stamps import Stamp, read_stamp

CACHE_SIZE = 2048


@dataclass(frozen=True, slots=True)
class TodayView:
    """Everything the Today page and /api/today show, worked out at one moment."""

    person: schedule_service.PersonContext
    overview: schedule_service.Overview
    changes: tuple[care.ProgramChange, ...]
    questionnaire: Due | None
    unread: int


Key = tuple[str, int, str | None]


class TodayCache:
    """A bounded, thread-safe LRU of TodayViews; `hits` and `misses` count lookups."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Key, tuple[TodayView, Window]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key, now: datetime) -> TodayView | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None or not found[1].holds(now):
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: Key, view: TodayView, window: Window) -> None:
        with self._lock:
            self._entries[key] = (view, window)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def work_out(
    store: Store, person_id: str, default: Program, *, account: Account | None, now: datetime
) -> TodayView:
    """Today from the database: the schedule and program versions read once, passed down."""
    person = schedule_service.person_context(store, person_id, default, now=now)
    settings = person.schedule.settings
    overview = schedule_service.overview(store, person_id, person.program, now=now, person=person)
    changes = care.program_changes(person.versions, default, settings.local_date)
    due = questionnaire_status(
        store, person_id, zone=settings.zones[-1].timezone_info(), now=now
    ).due
    unread = unread_for_patient(store, person_id, account)
    return TodayView(person, overview, tuple(changes), due, unread)


def today_view(
    store: Store,
    cache: TodayCache,
    person_id: str,
    default: Program,
    *,
    account: Account | None,
    now: datetime,
    stamp: Stamp | None = None,
) -> TodayView:
    """The person's Today at `now`, from `cache` when nothing was written since it was
    worked out and the clock has not moved it on; `stamp`, when given, is this request's
    (read before anything else, so what is kept is never older than its stamp)."""
    if stamp is None:
        stamp = read_stamp(store, person_id)
    if stamp is None:
        return work_out(store, person_id, default, account=account, now=now)
    key = (person_id, stamp.value, account.id if account is not None else None)
    found = cache.get(key, now)
    if found is not None:
        return found
    view = work_out(store, person_id, default, account=account, now=now)
    settings = view.person.schedule.settings
    window = steady_window(
        settings, view.overview.today, now, zones=[settings.zones[-1].timezone_info()]
    )
    if window is not None:
        cache.put(key, view, window)
    return view
