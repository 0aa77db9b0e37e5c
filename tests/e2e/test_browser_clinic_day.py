"""A clinician's day in a real browser at phone width: the patient list as cards, a flag
that says how bad, acknowledging it (quiet, with who and the note; hostile text inert), and
the program builder showing only the chosen "How often" fields. The flag's return after its
day is covered against the service with a `now` (tests/integration/test_web_clinic_day.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.browser_support import AXE, CHROMIUM, PASSWORD, Server, require, running

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
PAYLOAD = '</script><script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=1">'


def seed_quiet_patient(database_url: str) -> str:
    """dr-ada's patient added 5 days ago who never did a session: 'no session', watch."""
    from footwork.config import Settings
    from footwork.services import care
    from footwork.services.personal import open_store
    from footwork.store.accounts import account_by_name, create_account
    from footwork.store.clinic import add_patient

    store = open_store(Settings(database_url=database_url))
    ada = account_by_name(store, "dr-ada")
    assert ada is not None
    now = datetime.now(UTC)
    person = add_patient(store, clinician=ada, display_name="Quinn Quiet",
                         timezone="Europe/Berlin", now=now - timedelta(days=5))  # fmt: skip
    care.refresh_care(store, person.id, now=now)
    create_account(store, username="quinn", password=PASSWORD, role="patient",
                   person_id=person.id, now=now)  # fmt: skip
    store.engine.dispose()
    return person.id


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    server = Server(tmp_path_factory.mktemp("clinic-day"), clinic=True)
    server.add_account("dr-ada", role="clinician")
    person_id = seed_quiet_patient(server.database_url)
    with running(server) as started:
        yield started, person_id


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport=PHONE_390, device_scale_factor=1)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"script errors: {errors}"


AXE_RUN = """async () => (await axe.run(document)).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "))"""


def serious_axe_violations(page: Any) -> list[str]:
    require(AXE, "axe-core", "run `npm ci` at the repository root")
    page.evaluate(AXE.read_text())  # not a script tag: the CSP allows no inline script
    return list(page.evaluate(AXE_RUN))


def log_in(page: Any, base: str, username: str = "dr-ada") -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def test_acknowledge_a_flag_on_a_phone_and_see_it_quiet(clinic: tuple[Server, str], page: Any):
    server, person_id = clinic
    log_in(page, server.url)
    page.goto(f"{server.url}/clinic")
    # A list of cards: nothing scrolls sideways at 390 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    row = page.locator("[data-testid=patient-row]", has_text="Quinn Quiet")
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    flag = row.locator("[data-testid=flag-quiet]")
    assert flag.inner_text() == "no session yet, added 5 days ago, watch"
    assert "level-watch" in (flag.get_attribute("class") or "")
    assert serious_axe_violations(page) == []

    row.locator("a", has_text="Quinn Quiet").click()
    page.wait_for_url(f"{server.url}/clinic/patients/{person_id}")
    assert page.inner_text("[data-testid=last-session]") == "never"
    assert serious_axe_violations(page) == []
    until = datetime.now(ZoneInfo("Europe/Berlin")).date() + timedelta(days=4)
    page.fill("#note-quiet", "called; restarting Monday " + PAYLOAD)
    page.fill("#until-quiet", until.isoformat())
    page.click("[data-testid=flag-quiet] button[type=submit]")
    page.wait_for_url(f"{server.url}/clinic/patients/{person_id}?acknowledged=quiet")
    detail = page.inner_text("[data-testid=flag-quiet]")
    assert "Quiet until" in detail and "dr-ada" in detail and PAYLOAD in detail
    assert page.evaluate("typeof window.__pwned") == "undefined"

    page.goto(f"{server.url}/clinic")
    flag = page.locator("[data-testid=patient-row]", has_text="Quinn Quiet").locator(
        "[data-testid=flag-quiet]"
    )
    text = flag.inner_text()
    assert "acknowledged by dr-ada" in text and "called; restarting Monday" in text
    assert f"quiet until {until.strftime('%a %d %b')}" in text
    assert "level-watch" not in (flag.get_attribute("class") or "")
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_the_builder_shows_only_the_chosen_how_often(clinic: tuple[Server, str], page: Any):
    server, person_id = clinic
    log_in(page, server.url)
    answer = page.goto(f"{server.url}/clinic/patients/{person_id}/program")
    assert answer is not None and answer.status == 200, page.content()[:3000]
    every = page.locator("#every_toe-presses")
    times = page.locator("#times_toe-presses")
    weekdays = page.locator("#weekdays_toe-presses_mon")
    assert page.input_value("#frequency_toe-presses") == "per_day"
    assert times.is_visible() and not every.is_visible() and not weekdays.is_visible()
    page.select_option("#frequency_toe-presses", "every_n_days")
    assert every.is_visible() and not times.is_visible() and not weekdays.is_visible()
    page.select_option("#frequency_toe-presses", "weekdays")
    assert weekdays.is_visible() and not every.is_visible() and not times.is_visible()
    page.select_option("#frequency_toe-presses", "per_week")
    assert times.is_visible() and page.locator("#times_max_toe-presses").is_visible()
    assert serious_axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


def test_the_patient_gives_a_phone_number_and_the_clinician_can_tap_to_call(
    clinic: tuple[Server, str], chromium: Any
):
    server, person_id = clinic
    patient = chromium.new_context(viewport=PHONE_390).new_page()
    log_in(patient, server.url, "quinn")
    patient.goto(f"{server.url}/settings")
    patient.click("a[href='/settings/contact']")
    patient.fill("#contact-phone", "+49 (30) 555-0100")
    patient.fill("#contact-email", "quinn@example.org")
    patient.check("#contact-consent")
    patient.click("form[action='/settings/contact'] button[type=submit]")
    assert "Saved." in patient.inner_text("[role=status]")
    assert serious_axe_violations(patient) == []
    patient.context.close()

    doctor = chromium.new_context(viewport=PHONE_390).new_page()
    log_in(doctor, server.url)
    doctor.goto(f"{server.url}/clinic/patients/{person_id}")
    assert doctor.get_attribute("[data-testid=tel]", "href") == "tel:+49305550100"
    assert doctor.get_attribute("[data-testid=mailto]", "href") == "mailto:quinn@example.org"
    doctor.goto(f"{server.url}/clinic")
    row = doctor.locator("[data-testid=patient-row]", has_text="Quinn Quiet")
    assert row.locator("a[href='tel:+49305550100']").inner_text() == "+49 (30) 555-0100"
    doctor.context.close()
