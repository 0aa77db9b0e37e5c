"""A function questionnaire in a real browser at phone width: the clinician asks for one, the
patient sees the notice on Today and fills the PSFS on a 390 px screen (hostile text in an
activity name stays inert), and the clinician sees the answer on the patient's page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.browser_support import CHROMIUM, Server, require, running
from tests.e2e.test_browser_clinic_day import (
    PAYLOAD,
    PHONE_390,
    log_in,
    seed_quiet_patient,
    serious_axe_violations,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    server = Server(tmp_path_factory.mktemp("questionnaires"), clinic=True)
    server.add_account("dr-ada", role="clinician")
    person_id = seed_quiet_patient(server.database_url)
    with running(server) as started:
        yield started, person_id


def phone(chromium: Any) -> tuple[Any, Any, list[str]]:
    context = chromium.new_context(viewport=PHONE_390, device_scale_factor=1)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return context, tab, errors


def test_a_patient_fills_a_psfs_on_a_phone_and_the_clinician_sees_it(
    clinic: tuple[Server, str], chromium: Any
) -> None:
    server, person_id = clinic
    doctor_context, doctor, doctor_errors = phone(chromium)
    patient_context, patient, patient_errors = phone(chromium)
    try:
        log_in(doctor, server.url)
        doctor.goto(f"{server.url}/clinic/patients/{person_id}")
        doctor.click("#outcomes button[type=submit]")
        doctor.wait_for_url(f"{server.url}/clinic/patients/{person_id}?asked=questionnaire*")
        assert "Asked" in doctor.inner_text("#outcomes")

        log_in(patient, server.url, "quinn")
        patient.goto(f"{server.url}/today")
        patient.click("[data-testid=questionnaire-due] a")
        patient.wait_for_url(f"{server.url}/questionnaires")
        assert patient.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
        assert serious_axe_violations(patient) == []
        patient.fill("#activity_0", "Stairs " + PAYLOAD[:60])
        patient.click("label[for='score_0-4']")
        patient.fill("#activity_1", "walk to the shop")
        patient.click("label[for='score_1-7']")
        patient.click("form.questionnaire button[type=submit]")
        saved = patient.inner_text("[data-testid=questionnaire-saved]")
        assert "5.5" in saved
        assert patient.evaluate("typeof window.__pwned") == "undefined"
        patient.goto(f"{server.url}/today")
        assert patient.locator("[data-testid=questionnaire-due]").count() == 0

        doctor.goto(f"{server.url}/clinic/patients/{person_id}")
        table = doctor.inner_text("[data-testid=outcomes]")
        assert "Stairs " + PAYLOAD[:60] in table and "walk to the shop: 7" in table
        assert "5.5" in table and "first answer" in table
        assert doctor.evaluate("typeof window.__pwned") == "undefined"
        assert doctor.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    finally:
        doctor_context.close()
        patient_context.close()
    assert doctor_errors == [] and patient_errors == []
