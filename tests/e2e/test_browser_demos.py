"""The animated demonstrations in Chromium: they move, they stand still for people who ask
for less motion until Play, and they fit a phone. Screenshots go to the test artifacts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import test_browser as browser
from tests.e2e.browser_support import PHONE, wait_for_frames
from tests.e2e.test_browser import ARTIFACTS, too_wide

server = browser.server  # the server fixture of test_browser.py, found here by its name

EXERCISES = ("toe-presses", "toe-walking", "ankle-circles", "resistance-band", "toe-pickups")


def figure_points(page: Any) -> list[str | None]:
    return page.eval_on_selector_all(
        "figure.demo polyline", "lines => lines.map(l => l.getAttribute('points'))"
    )


def wait_for_a_move(page: Any, before: list[str | None]) -> None:
    """Until either leg is drawn somewhere else (some exercises move one leg only)."""
    page.wait_for_function(
        "(before) => [...document.querySelectorAll('figure.demo polyline')]"
        ".some((line, i) => line.getAttribute('points') !== before[i])",
        arg=before,
        timeout=15_000,
    )


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_each_demonstration_moves_and_fits_the_phone(server, chromium, exercise_id):
    context = chromium.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/exercises/{exercise_id}")
        page.wait_for_selector("figure.demo:not([hidden]) polyline.leg-right")
        first = figure_points(page)
        assert len(first) == 2 and all(first)
        wait_for_a_move(page, first)
        assert page.inner_text("figure.demo button") == "Pause the demo"
        problem = too_wide(page, f"demonstration {exercise_id}")
        assert problem is None, problem
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator("figure.demo").screenshot(path=ARTIFACTS / f"demo-{exercise_id}.png")
    finally:
        context.close()


def test_less_motion_means_a_still_figure_until_play(server, chromium):
    context = chromium.new_context(viewport=PHONE, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(f"{server.url}/exercises/toe-walking")
        page.wait_for_selector("figure.demo:not([hidden]) polyline")
        still = figure_points(page)
        wait_for_frames(page)  # nothing may move meanwhile
        assert figure_points(page) == still
        button = page.locator("figure.demo button")
        assert button.inner_text() == "Play the demo"
        assert button.get_attribute("aria-pressed") == "false"
        button.click()
        wait_for_a_move(page, still)
    finally:
        context.close()
