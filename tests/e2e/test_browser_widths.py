"""Every page fits the screen: at 390x844 (a phone) and 1366x900 (a laptop) no page scrolls
sideways (`scrollWidth` at most the viewport's width), with two months of sessions, pain in
three regions and balance tests; and History in weeks stays a few screens tall.

Walks tests/e2e/tour.py (the same walk tools/screenshots.py photographs); uses Debian's
Chromium through Playwright (see browser_support.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import browser_support
from tests.e2e.browser_support import CHROMIUM, Server, require, running
from tests.e2e.tour import (
    clinic_server,
    empty_server,
    personal_server,
    visit,
    walk_clinic,
    walk_person,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}

WIDTH_PROBLEMS = """(limit) => {
    const width = document.documentElement.scrollWidth;
    if (width <= limit) return null;
    const wide = [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > limit + 0.5)
        .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
             + (typeof e.className === "string" && e.className ? "." + e.className : "")
             + " (right edge " + Math.round(e.getBoundingClientRect().right) + " px)");
    return width + " px wide: " + wide.slice(0, 6).join(", ");
}"""


class Widths:
    """A `look` that measures each page at both sizes and keeps what does not fit."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.seen: list[str] = []

    def __call__(self, page: Any, name: str) -> None:
        self.seen.append(name)
        for size in (PHONE, LAPTOP):
            page.set_viewport_size(size)
            problem = page.evaluate(WIDTH_PROBLEMS, size["width"])
            if problem:
                self.problems.append(f"{name} at {size['width']}x{size['height']}: {problem}")
        page.set_viewport_size(PHONE)


@pytest.fixture(autouse=True)
def patient_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Servers start here on a busy machine; importing the app alone can take a while."""
    monkeypatch.setattr(browser_support, "START_TIMEOUT_S", 90.0)


@pytest.fixture(scope="module")
def lived_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    with running(personal_server(tmp_path_factory.mktemp("lived-in"))) as started:
        yield started


def new_page(chromium: Any) -> Any:
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.script_errors = errors  # read by the tests
    return page


def test_no_page_of_a_person_scrolls_sideways(lived_in: Server, chromium: Any) -> None:
    widths, page = Widths(), new_page(chromium)
    walk_person(page, lived_in.url, widths)
    assert "history" in widths.seen and "handout" in widths.seen
    assert widths.problems == []
    assert page.script_errors == []
    page.context.close()


def test_no_page_of_a_clinic_scrolls_sideways(tmp_path: Path, chromium: Any) -> None:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    widths = Widths()
    doctor, patient = new_page(chromium), new_page(chromium)
    with running(clinic_server(tmp_path / "clinic")) as server:
        walk_clinic(server, doctor, patient, widths)
    for name in ("login", "join", "clinic-invite", "clinic-patient", "clinic-tokens"):
        assert name in widths.seen
    assert widths.problems == []
    assert doctor.script_errors == [] and patient.script_errors == []
    doctor.context.close()
    patient.context.close()


def test_history_is_in_weeks_with_the_latest_open(lived_in: Server, chromium: Any) -> None:
    page = new_page(chromium)
    visit(page, f"{lived_in.url}/history?days=365")
    weeks = page.locator("section[aria-labelledby='sessions-h'] details.week")
    assert weeks.count() >= 8  # two months
    assert weeks.first.get_attribute("open") is not None
    assert all(weeks.nth(i).get_attribute("open") is None for i in range(1, weeks.count()))
    summary = weeks.first.locator("summary").inner_text()
    assert "session" in summary and "minute" in summary
    # Two months of sessions take less than a phone screen and a half (they took 12,700 px).
    sessions = page.evaluate(
        """() => document.querySelector("section[aria-labelledby='sessions-h']")
                 .getBoundingClientRect().height"""
    )
    assert sessions < 1.5 * 844, f"the sessions are {sessions} px tall at 390 px"
    page.context.close()


def test_pain_dots_take_their_regions_colour_on_history(lived_in: Server, chromium: Any) -> None:
    page = new_page(chromium)
    visit(page, f"{lived_in.url}/history?days=365")
    colours = page.evaluate(
        """() => [...document.querySelectorAll("figure.chart [data-region]")].map((e) => {
            const style = getComputedStyle(e), tag = e.tagName.toLowerCase();
            // the line's stroke, the dot's fill, the legend's text
            return [e.dataset.region, tag, tag === "polyline" ? style.stroke
                    : tag === "circle" ? style.fill : style.color];
        })"""
    )
    by_region: dict[str, set[str]] = {}
    for region, tag, colour in colours:
        assert tag in ("polyline", "circle", "li"), tag
        by_region.setdefault(region, set()).add(colour)
    assert set(by_region) == {"back", "knee-left", "foot-right"}
    for region, seen in by_region.items():
        assert len(seen) == 1, f"{region} is drawn in {seen}"
    assert len({next(iter(s)) for s in by_region.values()}) == 3  # and no two alike
    page.context.close()


def test_progress_with_no_data_says_so(tmp_path: Path, chromium: Any) -> None:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    page = new_page(chromium)
    with running(empty_server(tmp_path / "empty")) as server:
        visit(page, f"{server.url}/progress")
        labels = page.locator("svg[aria-label^='Minutes of exercise']")
        assert labels.count() == 1
        assert labels.first.get_attribute("aria-label").endswith(": no exercise yet")
    page.context.close()
