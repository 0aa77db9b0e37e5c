"""Templates and progressions in a real browser: start a patient's program from a template
saved with a progression rule (its hostile name inert), and a step suggested with its
evidence and applied in one click."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.browser_support import CHROMIUM, Server, require, running
from tests.e2e.test_browser_clinic_day import log_in, serious_axe_violations

pytestmark = pytest.mark.browser

PAYLOAD = '</script><script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=1">'
NAME = "Presses " + PAYLOAD


def seed(database_url: str) -> tuple[str, str]:
    """A new patient with nothing prescribed, and one who qualifies for a step."""
    from datetime import UTC, datetime

    from footwork.config import Settings
    from footwork.services.personal import open_store
    from footwork.store.accounts import account_by_name
    from footwork.store.clinic import add_patient
    from tests.integration.test_web_templates import seed_progressing_patient

    store = open_store(Settings(database_url=database_url))
    ada = account_by_name(store, "dr-ada")
    assert ada is not None
    fresh = add_patient(store, clinician=ada, display_name="Tess Template",
                        timezone="Europe/Berlin", now=datetime.now(UTC))  # fmt: skip
    progressing = seed_progressing_patient(store, "dr-ada", sessions=14)
    store.engine.dispose()
    return fresh.id, progressing


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str, str]]:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    server = Server(tmp_path_factory.mktemp("templates"), clinic=True)
    server.add_account("dr-ada", role="clinician")
    fresh, progressing = seed(server.database_url)
    with running(server) as started:
        yield started, fresh, progressing


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1024, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"script errors: {errors}"


def test_save_a_template_and_start_a_patient_from_it(
    clinic: tuple[Server, str, str], page: Any
) -> None:
    server, fresh, _ = clinic
    log_in(page, server.url)
    page.goto(f"{server.url}/clinic/patients/{fresh}/program")
    page.click(f"a[href='/clinic/patients/{fresh}/templates']")
    page.wait_for_url(f"{server.url}/clinic/patients/{fresh}/templates")
    first = page.locator("[data-testid=template]").first
    assert "Built-in five-exercise program" in first.inner_text()
    assert serious_axe_violations(page) == []

    page.fill("#template-name", NAME)
    page.select_option("#rule_toe-presses", "reps")
    page.fill("#ceiling_toe-presses", "16")
    page.click(f"form[action='/clinic/patients/{fresh}/templates'] button[type=submit]")
    page.wait_for_url(f"{server.url}/clinic/patients/{fresh}/templates?saved=1")
    saved = page.locator("[data-testid=template]", has_text="2 more reps, up to 16")
    assert PAYLOAD in saved.inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"

    saved.locator("button[type=submit]").click()  # one click
    page.wait_for_url(f"{server.url}/clinic/patients/{fresh}?assigned=1")
    progressions = page.inner_text("[data-testid=progressions]")
    assert PAYLOAD in progressions and "No step is due now." in progressions
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_a_step_is_suggested_with_its_evidence_and_applied(
    clinic: tuple[Server, str, str], page: Any
) -> None:
    server, _, progressing = clinic
    log_in(page, server.url)
    page.goto(f"{server.url}/clinic/patients/{progressing}")
    suggestion = page.locator("[data-testid=suggestion-press]")
    text = suggestion.inner_text()
    assert "4 holds of 3 s → 6 holds of 3 s" in text
    assert "2 weeks at this dose" in text and "adherence 100 %" in text
    assert serious_axe_violations(page) == []
    suggestion.locator("button", has_text="Apply the step").click()
    page.wait_for_url(f"{server.url}/clinic/patients/{progressing}?progression=applied")
    assert "Applied" in page.inner_text("[data-testid=progressions] [role=status]")
    assert page.locator("[data-testid=suggestion-press]").count() == 0
    assert "6 holds of 3 s" in page.inner_text("main")
