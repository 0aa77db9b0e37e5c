"""Safety where the exercise happens, in a real browser: each exercise's own safety notes are on
screen through its get-ready step, before its first effort, and gone once the effort starts; the
short red flags come before the first session of the day, with the full advice a link away.

Reuses the browser and server fixtures of test_browser.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from footwork.content.guidance import GENERAL_SAFETY, SHORT_RED_FLAGS
from footwork.content.loader import load_program
from tests.e2e import test_browser as browser
from tests.e2e.browser_support import Server
from tests.e2e.test_browser import Tab

new_tab = browser.new_tab
tab = browser.tab
server = browser.server

pytestmark = pytest.mark.browser

PROGRAM = load_program()


def label(page: Any) -> str:
    return str(page.inner_text("#label"))


def shown_notes(page: Any) -> list[str]:
    if page.is_hidden("#notes"):
        return []
    return [str(text) for text in page.locator("#notes-list li").all_inner_texts()]


def start_session(page: Any, base: str, exercise_id: str) -> None:
    page.goto(f"{base}/session?ids={exercise_id}&speed=1")
    browser.pass_readiness_if_asked(page, base, f"/session?ids={exercise_id}&speed=1")
    page.click("#start")
    page.wait_for_selector("#stage", state="visible")


@pytest.mark.parametrize("exercise_id", PROGRAM.ids)
def test_each_exercise_shows_its_own_safety_notes_before_its_first_effort(
    server: Server, tab: Tab, exercise_id: str
) -> None:
    exercise = PROGRAM.exercise(exercise_id)
    assert exercise.safety, "every built-in exercise has safety notes"
    page = tab.page
    start_session(page, server.url, exercise_id)
    assert label(page) == "GET READY"
    assert shown_notes(page) == list(exercise.safety)
    page.keyboard.press("s")  # on to the first effort
    page.wait_for_function("() => document.getElementById('label').textContent === 'WORK'")
    assert shown_notes(page) == []
    page.keyboard.press("q")
    tab.assert_healthy()


def test_the_red_flags_come_before_the_first_session_of_the_day_and_in_full_on_demand(
    server: Server, tab: Tab
) -> None:
    page = tab.page
    page.goto(f"{server.url}/session?ids=toe-presses")
    browser.pass_readiness_if_asked(page, server.url, "/session?ids=toe-presses")
    intro = page.inner_text("#intro")
    for line in SHORT_RED_FLAGS:
        assert line in intro
    page.click("text=All the safety advice")
    page.wait_for_url("**/safety")
    text = page.inner_text("main")
    for line in GENERAL_SAFETY:
        assert line in text
    tab.assert_healthy()
