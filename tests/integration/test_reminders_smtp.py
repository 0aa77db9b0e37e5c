"""Reminders through a real SMTP server (aiosmtpd on loopback), on both databases."""

from __future__ import annotations

import email
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.core.records import EffortRecord, PlannedExercise
from footwork.core.reminders import reminder_text
from footwork.core.schedule import Slot
from footwork.services.notify import DeliveryError, send_email
from footwork.services.schedule import send_reminders
from footwork.store.database import ensure_schema, make_engine
from footwork.store.repository import Store, new_id
from footwork.store.schedule import save_settings, sent_reminders

ZONE = ZoneInfo("Europe/Berlin")
DAY = datetime(2026, 11, 23).date()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute), ZONE)


def mail_settings(port: int) -> Settings:
    return Settings(
        database_url="sqlite://",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        smtp_from="Footwork <clinic@example.org>",
    )


def person_in_berlin(store: Store) -> str:
    person = store.personal_person(now=at(6) - timedelta(days=3), timezone="Europe/Berlin")
    store.follow_program(person.id, load_program(), now=at(6) - timedelta(days=3))
    save_settings(store, person.id, email="ana@example.org")
    return person.id


def do_morning(store: Store, person_id: str, when: datetime) -> None:
    program = load_program()
    version = store.latest_program(person_id)
    morning = ["toe-presses", "toe-walking", "ankle-circles", "resistance-band"]
    session_id = store.start_session(
        person_id,
        program_version_id=version.id,
        started_at=when,
        owner=None,
        plan=[
            PlannedExercise(exercise_id=i, planned_efforts=program.exercise(i).dose.efforts)
            for i in morning
        ],
    )
    index = 0
    for exercise_id in morning:
        for rep in range(program.exercise(exercise_id).dose.efforts):
            index += 1
            store.record_effort(
                session_id,
                EffortRecord(
                    id=new_id(),
                    cue_index=index,
                    exercise_id=exercise_id,
                    rep=rep + 1,
                    outcome="done",
                    started_at=when,
                    ended_at=when,
                    planned_s=1.0,
                    actual_s=1.0,
                ),
            )
    store.finish_session(session_id, ended_at=when + timedelta(minutes=10))


def run_reminders(store, person_id, port, now):
    program = load_program()
    titles = {e.id: e.title for e in program.exercises}

    def deliver(reminder):
        subject, body = reminder_text(reminder, titles)
        send_email(mail_settings(port), to="ana@example.org", subject=subject, body=body)

    return send_reminders(store, person_id, program, now=now, deliver=deliver, channel="email")


def test_missed_slots_only_with_one_repeat(store, smtp):
    inbox, port = smtp
    person_id = person_in_berlin(store)
    assert run_reminders(store, person_id, port, at(6, 30)) == []  # before the morning window
    assert len(run_reminders(store, person_id, port, at(7, 5))) == 1
    assert run_reminders(store, person_id, port, at(7, 30)) == []  # sent once, not again yet
    assert [r.kind for r in run_reminders(store, person_id, port, at(8, 10))] == ["repeat"]
    assert run_reminders(store, person_id, port, at(9, 30)) == []  # repeated once only
    do_morning(store, person_id, at(9, 40))
    assert run_reminders(store, person_id, port, at(12, 5))[0].key == f"{DAY}/midday"
    do_morning(store, person_id, at(12, 10))  # the midday toe presses come with it
    assert run_reminders(store, person_id, port, at(13, 30)) == []  # done: no repeat
    assert run_reminders(store, person_id, port, at(22, 30)) == []  # night
    subjects = [m["Subject"] for m in inbox.messages]
    assert subjects == [
        "Footwork: time for your morning exercises",
        "Footwork: your morning exercises are still waiting",
        "Footwork: time for your midday exercises",
    ]
    assert inbox.messages[0]["X-Envelope-To"] == "ana@example.org"
    body = inbox.messages[0].get_payload(decode=True).decode()
    assert "Due now: Toe presses, Toe walking, Ankle circles, Resistance-band flexes." in body


def test_a_failed_delivery_is_tried_again_next_time(store, smtp):
    inbox, port = smtp
    person_id = person_in_berlin(store)
    with pytest.raises(DeliveryError):
        run_reminders(store, person_id, free_port(), at(7, 5))  # nobody listens there
    assert sent_reminders(store, person_id, keys_like=str(DAY)) == []
    assert len(run_reminders(store, person_id, port, at(7, 6))) == 1
    assert len(inbox.messages) == 1


def test_remind_command_sends_email_to_every_person_with_an_address(smtp, tmp_path):
    inbox, port = smtp
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    store = Store(engine)
    now = datetime.now(UTC)
    person = store.personal_person(now=now - timedelta(days=1), timezone="UTC")
    # One slot that is open all day, so the test does not depend on the hour it runs at.
    save_settings(
        store,
        person.id,
        email="bo@example.org",
        slots=(Slot(name="all-day", start=time(0, 0), end=time(23, 59, 59)),),
    )
    env = {
        **os.environ,
        "FOOTWORK_DATABASE_URL": url,
        "FOOTWORK_SMTP_HOST": "127.0.0.1",
        "FOOTWORK_SMTP_PORT": str(port),
        "FOOTWORK_SMTP_STARTTLS": "false",
    }
    command = [sys.executable, "-m", "footwork", "remind", "--via", "email", "--all-people"]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert first.returncode == 0, first.stderr
    assert "1 reminder sent" in first.stdout
    second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert "0 reminders sent" in second.stdout
    (message,) = inbox.messages
    assert message["To"] == "bo@example.org"
    assert "all-day" in message["Subject"]
