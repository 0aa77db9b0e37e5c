"""Messages in a real browser at 390x844: the patient sends a question with their last
check-in attached, the clinician sees it as new, reads and replies, and the patient sees the
notice on Today and the reply at the bottom of the thread. Hostile text stays text."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.browser_support import CHROMIUM, PASSWORD, Server, require, running
from tests.e2e.test_browser_clinic_day import PHONE_390, log_in, serious_axe_violations

pytestmark = pytest.mark.browser

PAYLOAD = '</script><script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=1">'


def seed_patient(database_url: str) -> str:
    """dr-ada's patient Mira, who has joined and logged a pain check-in an hour ago."""
    from footwork.config import Settings
    from footwork.core.records import PainCheckin
    from footwork.services.personal import open_store
    from footwork.store.accounts import account_by_name, create_account
    from footwork.store.clinic import add_patient

    store = open_store(Settings(database_url=database_url))
    ada = account_by_name(store, "dr-ada")
    assert ada is not None
    now = datetime.now(UTC)
    person = add_patient(store, clinician=ada, display_name="Mira Message",
                         timezone="Europe/Berlin", now=now - timedelta(days=3))  # fmt: skip
    create_account(store, username="mira", password=PASSWORD, role="patient",
                   person_id=person.id, now=now)  # fmt: skip
    checkin = PainCheckin(id=str(uuid.uuid4()), recorded_at=now - timedelta(hours=1),
                          scores={"foot-left": 4})  # fmt: skip
    store.add_pain(person.id, checkin)
    store.engine.dispose()
    return person.id


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    server = Server(tmp_path_factory.mktemp("messages"), clinic=True)
    server.add_account("dr-ada", role="clinician")
    person_id = seed_patient(server.database_url)
    with running(server) as started:
        yield started, person_id


def phone(chromium: Any) -> tuple[Any, Any]:
    context = chromium.new_context(viewport=PHONE_390, device_scale_factor=1)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return context, tab


def test_a_question_with_a_check_in_and_its_answer_on_phones(
    clinic: tuple[Server, str], chromium: Any
) -> None:
    server, person_id = clinic
    patient_context, patient = phone(chromium)
    doctor_context, doctor = phone(chromium)
    errors: list[str] = []
    for tab in (patient, doctor):
        tab.on("pageerror", lambda error: errors.append(str(error)))

    log_in(patient, server.url, "mira")
    patient.goto(f"{server.url}/messages")
    assert "No messages yet." in patient.inner_text("main")
    options = patient.locator("#attach option").all_inner_texts()
    assert options[0] == "Nothing" and any(o.startswith("My last check-in") for o in options)
    patient.fill("#body", "Is a 4 in the left foot after heel raises fine? " + PAYLOAD)
    patient.select_option("#attach", label=next(o for o in options if "check-in" in o))
    patient.click("form.compose button[type=submit]")
    patient.wait_for_url(re.compile(r".*/messages\?sent=1#latest"))
    mine = patient.locator("[data-testid=message]").last
    assert PAYLOAD in mine.inner_text()
    assert "Attached: pain check-in" in mine.inner_text()
    assert patient.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    assert serious_axe_violations(patient) == []

    log_in(doctor, server.url)
    doctor.goto(f"{server.url}/clinic")
    row = doctor.locator("[data-testid=patient-row]", has_text="Mira Message")
    assert row.locator("[data-testid=unread]").inner_text() == "1 new message"
    row.locator("[data-testid=unread]").click()
    doctor.wait_for_url(re.compile(rf".*/clinic/patients/{person_id}/messages"))
    question = doctor.locator("[data-testid=message]").last
    assert PAYLOAD in question.inner_text() and "Attached: pain check-in" in question.inner_text()
    assert doctor.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    assert serious_axe_violations(doctor) == []
    doctor.fill("#body", "A 4 that settles by the next morning is fine. Keep the dose.")
    doctor.click("form.compose button[type=submit]")
    doctor.wait_for_url(re.compile(r".*/messages\?sent=1#latest"))
    assert "Keep the dose." in doctor.locator("[data-testid=message]").last.inner_text()
    doctor.goto(f"{server.url}/clinic")
    row = doctor.locator("[data-testid=patient-row]", has_text="Mira Message")
    assert row.locator("[data-testid=unread]").count() == 0  # read

    patient.goto(f"{server.url}/today")
    notice = patient.locator("[data-testid=new-messages]")
    assert notice.inner_text() == "1 new message from your clinician"
    notice.click()
    patient.wait_for_url(re.compile(r".*/messages#latest"))
    reply = patient.locator("[data-testid=message]").last
    assert "Keep the dose." in reply.inner_text() and "dr-ada (clinician)" in reply.inner_text()
    assert reply.is_visible()
    patient.goto(f"{server.url}/today")
    assert patient.locator("[data-testid=new-messages]").count() == 0

    for tab in (patient, doctor):
        assert tab.evaluate("typeof window.__pwned") == "undefined"
    patient_context.close()
    doctor_context.close()
    assert errors == [], f"script errors: {errors}"
