"""The translated pages in German (the longest words of our languages) at phone width: nothing
scrolls sideways, and the page says it is German for the browser and its voice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e import browser_support
from tests.e2e.browser_support import CHROMIUM, Server, require, running
from tests.e2e.test_browser_widths import WIDTH_PROBLEMS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PERSONAL_PAGES = [
    "/safety",
    "/what-to-expect",
    "/exercises",
    "/exercises/resistance-band",
    "/exercises/ankle-circles",
    "/checkin",
    "/balance",
    "/readiness",
    "/settings",
]
CLINIC_PAGES = ["/login", "/join"]


@pytest.fixture(autouse=True)
def patient_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser_support, "START_TIMEOUT_S", 90.0)


def german_page(chromium: Any) -> Any:
    # The browser's own language: Playwright sends it as Accept-Language.
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def overflow(page: Any, url: str, *, status: int = 200) -> str | None:
    answer = page.goto(url)
    assert answer is not None and answer.status == status, url
    assert page.locator("html").get_attribute("lang") == "de", url
    assert page.locator("html").get_attribute("data-speech-lang") == "de", url
    problem = page.evaluate(WIDTH_PROBLEMS, PHONE["width"])
    return f"{url}: {problem}" if problem else None


def test_german_pages_fit_a_phone(tmp_path: Path, chromium: Any) -> None:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    problems: list[str | None] = []
    page = german_page(chromium)
    with running(Server(tmp_path / "personal")) as server:
        for path in PERSONAL_PAGES:
            problems.append(overflow(page, server.url + path))
        problems.append(overflow(page, server.url + "/keine-seite", status=404))
        assert "Nicht gefunden" in page.locator("h1").inner_text()
        page.goto(server.url + "/safety")
        assert "Wann Sie aufhören" in page.locator("main").inner_text()
    with running(Server(tmp_path / "clinic", clinic=True)) as server:
        for path in CLINIC_PAGES:
            problems.append(overflow(page, server.url + path))
        assert page.locator("h1").inner_text() == "Ihrer Praxis beitreten"
    assert [p for p in problems if p] == []
    page.context.close()
