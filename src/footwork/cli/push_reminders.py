"""`footwork remind --via push`: the reminders due now, as Web Push notifications to every
device each person allowed. A device the push service calls gone is dropped; a failure on
one device is reported and the others still get theirs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import typer
from rich.console import Console

from footwork.cli.common import EXIT_FAILURE, fail, program_for, settings_of
from footwork.cli.render import counted
from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.core.program import Program
from footwork.core.push import push_message
from footwork.core.reminders import Reminder
from footwork.services import care
from footwork.services import schedule as schedule_service
from footwork.services.notify import DeliveryError
from footwork.services.personal import open_personal, open_store
from footwork.services.push import push_to_person
from footwork.store.push import devices_of, people_with_devices
from footwork.store.repository import Store

NO_DEVICE = (
    "no device has allowed reminders: open Settings in the browser on your phone and turn on "
    "'Reminders on this device'"
)


@dataclass(slots=True)
class Tally:
    sent: int = 0
    dropped: int = 0
    undelivered: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{counted(self.sent, 'reminder')} sent"]
        if self.dropped:
            parts.append(f"{counted(self.dropped, 'device')} dropped")
        if self.undelivered:
            parts.append(f"{counted(self.undelivered, 'reminder')} not delivered")
        return ", ".join(parts) + "."


def person_program(store: Store, person_id: str) -> Program:
    """A clinic patient's program: their prescription, or the built-in one."""
    return care.program_for(store, person_id, load_program(), now=datetime.now(UTC))


def remind(ctx: typer.Context, *, all_people: bool) -> None:
    config = settings_of(ctx)
    now = datetime.now(UTC)
    if all_people:
        store = open_store(config)
        people = [(p, person_program(store, p)) for p in people_with_devices(store)]
    else:
        personal = open_personal(config)
        store = personal.store
        if not devices_of(store, personal.person.id):
            raise fail(NO_DEVICE)
        people = [(personal.person.id, program_for(ctx))]
    tally = Tally()
    for person_id, program in people:
        send_to_person(store, config, person_id, program, now=now, tally=tally)
    errors = Console(stderr=True, markup=False, highlight=False)
    for problem in tally.problems:
        errors.print(problem)
    Console(markup=False, highlight=False).print(tally.summary())
    if tally.undelivered:
        raise typer.Exit(EXIT_FAILURE)


def send_to_person(
    store: Store,
    config: Settings,
    person_id: str,
    program: Program,
    *,
    now: datetime,
    tally: Tally,
) -> None:
    """Send one person's due reminders to their devices, adding what happened to `tally`.
    A reminder no device took is given back, so the next run tries it again."""
    titles = {e.id: e.title for e in program.exercises}

    def deliver(reminder: Reminder) -> None:
        ttl_s = int((reminder.window_end - now).total_seconds())
        outcome = push_to_person(
            store, config, person_id, push_message(reminder, titles), now=now, ttl_s=ttl_s
        )
        tally.dropped += outcome.dropped
        tally.problems.extend(f"could not send to {p}" for p in outcome.failures)
        if outcome.delivered == 0:
            raise DeliveryError("no device took the reminder")

    try:
        sent = schedule_service.send_reminders(
            store, person_id, program, now=now, deliver=deliver, channel="push"
        )
    except DeliveryError:
        tally.undelivered += 1
        return
    tally.sent += len(sent)
