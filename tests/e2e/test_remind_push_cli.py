"""`footwork remind --via push` as cron runs it: personal mode and --all-people (clinics), with
a push endpoint on loopback that keeps what it receives."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta

import pytest

from footwork.core.records import Person
from footwork.core.schedule import Slot
from footwork.store.database import ensure_schema, make_engine
from footwork.store.push import devices_of, save_device
from footwork.store.repository import Store, new_id
from footwork.store.schedule import save_settings
from tests.integration.test_reminders_push import Browser, PushService, b64url

ALL_DAY = (Slot(name="all-day", start=time(0, 0), end=time(23, 59, 59)),)


@pytest.fixture
def push_service():
    service = PushService()
    yield service
    service.close()


@pytest.fixture
def world(tmp_path):
    url = f"sqlite:///{tmp_path / 'fw.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    yield url, Store(engine)
    engine.dispose()


def footwork(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOOTWORK_DATABASE_URL": url, "FOOTWORK_PUSH_ALLOW_LOOPBACK": "true",
           "COLUMNS": "150"}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "footwork", *args], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120, env=env)  # fmt: skip


def device(store: Store, person_id: str, endpoint: str, label: str) -> Browser:
    browser = Browser()
    save_device(store, person_id, endpoint=endpoint, p256dh=browser.p256dh,
                auth=b64url(browser.auth), label=label, now=datetime.now(UTC))  # fmt: skip
    return browser


def test_remind_via_push_in_personal_mode(world, push_service):
    url, store = world
    # One slot open all day, so the test does not depend on the hour it runs at.
    person = store.personal_person(now=datetime.now(UTC) - timedelta(days=1), timezone="UTC")
    save_settings(store, person.id, slots=ALL_DAY)

    none = footwork(url, "remind", "--via", "push")
    assert none.returncode == 2
    assert "no device has allowed reminders" in none.stderr
    assert "Traceback" not in none.stderr

    phone = device(store, person.id, f"{push_service.origin}/phone", "Phone")
    device(store, person.id, f"{push_service.origin}/gone", "Old [bold]tablet")
    push_service.answers = {"/gone": 410}
    first = footwork(url, "remind", "--via", "push")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "1 reminder sent, 1 device dropped."
    by_path = {m.path: m for m in push_service.received}
    assert set(by_path) == {"/phone", "/gone"}
    message = phone.decrypt(by_path["/phone"].body)
    assert message["title"] == "Footwork: time for your all-day exercises"
    assert message["url"] == "/today"
    assert [d.label for d in devices_of(store, person.id)] == ["Phone"]

    second = footwork(url, "remind", "--via", "push")
    assert second.stdout.strip() == "0 reminders sent."
    assert len(push_service.received) == 2

    wrong = footwork(url, "remind", "--via", "pigeon")
    assert wrong.returncode == 2
    assert "expected desktop, email, push or print" in wrong.stderr


def test_remind_via_push_for_all_people_reports_a_failing_device(world, push_service):
    url, store = world
    browsers = {}
    for name in ("ana", "bo", "cy"):
        person = Person(id=new_id(), display_name=name, timezone="UTC")
        store.add_person(person, now=datetime.now(UTC) - timedelta(days=1))
        save_settings(store, person.id, slots=ALL_DAY)
        browsers[name] = device(store, person.id, f"{push_service.origin}/{name}", f"{name} [red]")
    quiet = Person(id=new_id(), display_name="dee", timezone="UTC")
    store.add_person(quiet, now=datetime.now(UTC) - timedelta(days=1))
    save_settings(store, quiet.id, slots=ALL_DAY, reminders=False)
    device(store, quiet.id, f"{push_service.origin}/dee", "dee")
    push_service.answers = {"/cy": 500}

    run = footwork(url, "remind", "--via", "push", "--all-people")

    assert run.returncode == 1
    assert run.stdout.strip() == "2 reminders sent, 1 reminder not delivered."
    assert run.stderr.strip() == (
        "could not send to device cy [red] at 127.0.0.1: the push service answered 500"
    )
    received = {m.path for m in push_service.received}
    assert received == {"/ana", "/bo", "/cy"}  # not dee: reminders off
    for name in ("ana", "bo"):
        (body,) = (m.body for m in push_service.received if m.path == f"/{name}")
        assert browsers[name].decrypt(body)["body"].startswith("Due now: ")

    push_service.answers = {}
    retry = footwork(url, "remind", "--via", "push", "--all-people")
    assert retry.returncode == 0, retry.stderr
    assert retry.stdout.strip() == "1 reminder sent."  # cy's, tried again
