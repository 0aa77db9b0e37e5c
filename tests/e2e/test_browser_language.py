"""The translated pages in German (the longest words of our languages) at phone width: nothing
scrolls sideways, and the page says it is German for the browser and its voice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e import browser_support
from tests.e2e.browser_support import CHROMIUM, Server, require, running
from tests.e2e.test_browser import pass_readiness_if_asked
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
    "/today",
]
CLINIC_PAGES = ["/login", "/join"]


@pytest.fixture(autouse=True)
def patient_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser_support, "START_TIMEOUT_S", 90.0)


# A device whose only voice is English: what is said is kept in window.spoken.
ENGLISH_VOICE_ONLY = """
window.spoken = [];
const voices = [{ lang: "en-US", name: "English", default: true, localService: true }];
Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
  getVoices: () => voices, cancel() {}, addEventListener() {},
  speak(utterance) { window.spoken.push({ text: utterance.text, lang: utterance.lang }); },
} });
"""


def german_page(chromium: Any, *scripts: str) -> Any:
    # The browser's own language: Playwright sends it as Accept-Language.
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, locale="de-DE")
    for script in scripts:
        context.add_init_script(script)
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


# The player's buttons: each on the screen, its words inside it (German's long words break at
# their soft hyphens).
BUTTONS_FIT = """(width) => [...document.querySelectorAll(".controls button")].filter((button) => {
  const box = button.getBoundingClientRect();
  return box.left < 0 || box.right > width || button.scrollWidth > button.clientWidth;
}).map((button) => button.id)"""


def fits(page: Any, what: str) -> str | None:
    problem = page.evaluate(WIDTH_PROBLEMS, PHONE["width"])
    outside = page.evaluate(BUTTONS_FIT, PHONE["width"])
    if outside:
        problem = f"{problem or ''} buttons that do not fit: {outside}"
    return f"{what}: {problem}" if problem else None


def words(page: Any, selector: str) -> str:
    return str(page.inner_text(selector)).replace("\u00ad", "")  # soft hyphens


def test_the_german_player_fits_a_phone_and_speaks_german(tmp_path: Path, chromium: Any) -> None:
    """The player's intro and stage in German at 390 px; the voice is asked for German and,
    with no German voice on the device, the page says that the default voice speaks."""
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    page = german_page(chromium, ENGLISH_VOICE_ONLY)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    query = "/session?ids=ankle-circles&ids=toe-walking&speed=1"
    with running(Server(tmp_path / "personal")) as server:
        page.goto(server.url + query)
        pass_readiness_if_asked(page, server.url, query)
        page.wait_for_selector("#start")
        assert page.locator("html").get_attribute("data-speech-lang") == "de"
        assert page.inner_text("#start") == "Start"  # the same word in German
        assert "insgesamt" in page.inner_text("#total-length")
        problems = [fits(page, "intro")]
        if not page.is_checked("#voice-on"):
            page.click("#voice-on")
        page.click("#start")
        page.wait_for_selector("#stage", state="visible")
        assert page.inner_text("#label") == "BEREITMACHEN"
        assert page.inner_text("#pause") == "Pause"
        assert page.inner_text("#next").startswith("Als Nächstes: ")
        assert page.locator("#voice-note").is_visible()
        assert "keine Stimme für diese Sprache" in page.inner_text("#voice-note")
        assert words(page, "#skip") == "Überspringen"
        problems.append(fits(page, "stage"))
        page.click("#pause")
        assert page.inner_text("#label") == "ANGEHALTEN"
        assert words(page, "#pause") == "Fortsetzen"
        problems.append(fits(page, "paused"))
        spoken = page.evaluate("window.spoken")
        assert spoken and all(said["lang"] == "de" for said in spoken)
        page.click("#quit")
        page.wait_for_selector("#finished", state="visible")
        assert page.inner_text("#finished-title") == "Einheit beendet"
        assert "von" in page.inner_text("#summary") and "geschafft" in page.inner_text("#summary")
        problems.append(fits(page, "finished"))
    assert [p for p in problems if p] == []
    assert errors == []
    page.context.close()
