"""A clinic's lifecycle in a real browser at phone width (390 px): a clinician discharges a
patient (the reason's hostile text inert; the patient off the list, on the discharged one),
and the admin deactivates a clinician, handing their patient over (the clinician's open
browser is signed out at once)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.e2e.browser_support import CHROMIUM, PASSWORD, Server, require, running
from tests.e2e.test_browser_clinic_day import serious_axe_violations

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
PAYLOAD = '</script><script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=1">'


def seed_patient(database_url: str, clinician: str, name: str) -> str:
    from footwork.config import Settings
    from footwork.services.personal import open_store
    from footwork.store.accounts import account_by_name
    from footwork.store.clinic import add_patient

    store = open_store(Settings(database_url=database_url))
    account = account_by_name(store, clinician)
    assert account is not None
    person = add_patient(store, clinician=account, display_name=name, timezone="Europe/Berlin",
                         now=datetime.now(UTC))  # fmt: skip
    store.engine.dispose()
    return person.id


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    server = Server(tmp_path_factory.mktemp("lifecycle"), clinic=True)
    for name in ("dr-ada", "dr-bo", "dr-cy"):
        server.add_account(name, role="clinician")
    server.add_account("boss", role="admin")
    ids = {
        "done": seed_patient(server.database_url, "dr-ada", "Dana Done"),
        "cy": seed_patient(server.database_url, "dr-cy", "Cyril Patient"),
    }
    with running(server) as started:
        yield started, ids


def new_page(chromium: Any) -> tuple[Any, Any, list[str]]:
    context = chromium.new_context(viewport=PHONE_390, device_scale_factor=1)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return context, tab, errors


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context, tab, errors = new_page(chromium)
    yield tab
    context.close()
    assert errors == [], f"script errors: {errors}"


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"])


def test_discharge_a_patient_on_a_phone(clinic: tuple[Server, dict[str, str]], page: Any):
    server, ids = clinic
    person = ids["done"]
    log_in(page, server.url, "dr-ada")
    page.goto(f"{server.url}/clinic/patients/{person}")
    assert fits(page)
    page.fill("#discharge-reason", "goals met " + PAYLOAD)
    page.click(f"form[action='/clinic/patients/{person}/discharge'] button[type=submit]")
    page.wait_for_url(f"{server.url}/clinic/patients/{person}")
    assert page.locator("[data-testid=discharged]").is_visible()
    assert PAYLOAD in page.inner_text("section[aria-labelledby=episodes-h]")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert fits(page)
    assert serious_axe_violations(page) == []

    page.goto(f"{server.url}/clinic")
    assert page.locator("[data-testid=patient-row]", has_text="Dana Done").count() == 0
    page.click("a[href='/clinic/discharged']")
    page.wait_for_url(f"{server.url}/clinic/discharged")
    assert page.locator("a", has_text="Dana Done").is_visible()
    assert fits(page)
    assert serious_axe_violations(page) == []


def test_the_admin_deactivates_a_clinician_and_hands_over_their_patient(
    clinic: tuple[Server, dict[str, str]], chromium: Any, page: Any
):
    server, ids = clinic
    cy_context, cy, cy_errors = new_page(chromium)
    log_in(cy, server.url, "dr-cy")
    cy.goto(f"{server.url}/clinic/patients/{ids['cy']}")
    assert cy.locator("h1", has_text="Cyril Patient").is_visible()

    log_in(page, server.url, "boss")
    assert page.url == f"{server.url}/admin"
    assert fits(page)
    assert serious_axe_violations(page) == []
    row = page.locator("[data-testid=clinician-dr-cy]")
    row.locator("button[type=submit]").click()  # no one chosen: the browser keeps the form
    assert page.url == f"{server.url}/admin"
    assert cy.goto(f"{server.url}/clinic").url == f"{server.url}/clinic"  # still signed in
    row.locator("select").select_option(label="dr-bo")
    row.locator("button[type=submit]").click()
    page.wait_for_url(f"{server.url}/admin?done=deactivated")
    assert "patients handed over" in page.inner_text("[data-testid=admin-notice]")
    assert "deactivated" in page.inner_text("[data-testid=clinician-dr-cy]")
    assert fits(page)

    # dr-cy's open browser is signed out at once.
    cy.goto(f"{server.url}/clinic")
    assert cy.url.startswith(f"{server.url}/login")
    cy_context.close()
    assert cy_errors == []

    bo_context, bo, _ = new_page(chromium)
    log_in(bo, server.url, "dr-bo")
    bo.goto(f"{server.url}/clinic/patients/{ids['cy']}")
    assert bo.locator("h1", has_text="Cyril Patient").is_visible()
    assert "Patient of dr-bo" in bo.inner_text("main")
    bo_context.close()
