"""The clinicians' daily digest of new flags, through a real SMTP server on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from footwork.config import Settings
from footwork.services import care
from footwork.services.digest import send_digest
from footwork.services.notify import DeliveryError
from footwork.store.accounts import Account, create_account
from footwork.store.clinic import add_patient
from footwork.store.database import ensure_schema, make_engine
from footwork.store.flags import acknowledge_flag
from footwork.store.repository import Store
from tests.integration.test_reminders_smtp import free_port, smtp  # noqa: F401  (a fixture)


@pytest.fixture
def now() -> datetime:
    """The moment of the test, read when it starts (never at import: a run may cross midnight)."""
    return datetime.now(UTC)


def clinician(store: Store, name: str, now: datetime) -> Account:
    return create_account(store, username=name, password="correct horse battery",
                          role="clinician", person_id=None, now=now)  # fmt: skip


def quiet_patient(store: Store, doctor: Account, name: str, *, days: int, now: datetime) -> str:
    person = add_patient(store, clinician=doctor, display_name=name, timezone="Europe/Berlin",
                         now=now - timedelta(days=days))  # fmt: skip
    care.refresh_care(store, person.id, now=now)
    return person.id


def settings_for(port: int) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)


def test_each_clinician_hears_of_new_flags_once_and_without_names(store, smtp, now):  # noqa: F811
    inbox, port = smtp
    ada, bo = clinician(store, "dr-ada", now), clinician(store, "dr-bo", now)
    quiet_patient(store, ada, "Quentin Quiet", days=9, now=now)
    acked = quiet_patient(store, ada, "Ack Ackerman", days=5, now=now)
    quiet_patient(store, bo, "Bo's Patient", days=5, now=now)
    acknowledge_flag(store, person_id=acked, flag="quiet", note="on holiday",
                     quiet_until=now.date() + timedelta(days=5), actor=ada, now=now)  # fmt: skip

    sent = send_digest(store, settings_for(port), ada, to="ada@clinic.example",
                       link="https://footwork.example/clinic", now=now)  # fmt: skip
    assert sent == 1
    [message] = inbox.messages
    assert message["To"] == "ada@clinic.example" and message["Subject"] == "Footwork: 1 new flag"
    body = message.get_payload()
    assert "1 act now" in body and "1 no recent session" in body
    assert "https://footwork.example/clinic" in body
    assert "Quentin" not in body and "Ack" not in body and "Bo's" not in body

    # The next day's run names nothing already known.
    again = send_digest(store, settings_for(port), ada, to="ada@clinic.example", link="/clinic",
                        now=now + timedelta(minutes=1))  # fmt: skip
    assert again == 0 and len(inbox.messages) == 1


def test_a_refused_delivery_remembers_nothing(store, smtp, now):  # noqa: F811
    inbox, port = smtp
    ada = clinician(store, "dr-ada", now)
    quiet_patient(store, ada, "Quentin Quiet", days=9, now=now)
    with pytest.raises(DeliveryError):
        send_digest(store, settings_for(free_port()), ada, to="a@x.org", link="/", now=now)
    assert send_digest(store, settings_for(port), ada, to="a@x.org", link="/", now=now) == 1
    assert len(inbox.messages) == 1


def test_the_digest_command_is_off_without_smtp_and_sends_with_it(smtp, tmp_path, now):  # noqa: F811
    inbox, port = smtp
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    store = Store(engine)
    ada = clinician(store, "dr-ada", now)
    quiet_patient(store, ada, "Quentin Quiet", days=9, now=now)
    engine.dispose()
    command = [sys.executable, "-m", "footwork", "care", "digest", "--to", "dr-ada=ada@x.org"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOOTWORK_SMTP")}
    env["FOOTWORK_DATABASE_URL"] = url
    off = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert off.returncode == 0 and "no digest sent" in off.stdout and not inbox.messages
    env |= {"FOOTWORK_SMTP_HOST": "127.0.0.1", "FOOTWORK_SMTP_PORT": str(port),
            "FOOTWORK_SMTP_STARTTLS": "false"}  # fmt: skip
    on = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert on.returncode == 0, on.stderr
    assert "dr-ada: 1 new flag e-mailed." in on.stdout and len(inbox.messages) == 1
    wrong = subprocess.run([*command[:-1], "nobody"], capture_output=True, text=True, env=env,
                           timeout=60)  # fmt: skip
    assert wrong.returncode == 2 and "USERNAME=EMAIL" in wrong.stderr
