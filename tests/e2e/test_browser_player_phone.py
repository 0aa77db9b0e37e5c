"""The player on a phone (390x844), in a real browser: the page is the player alone during a
session, its buttons big and at the bottom, the exercise's drawing while getting ready; a
reload resumes the same session; the keys work from the Sound box; the screen is kept awake
by a silent video where the Wake Lock API is missing, and the page says so when nothing can.

Reuses the browser and server fixtures of test_browser.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from footwork.content.loader import load_program
from footwork.core.timeline import compile_timeline
from tests.e2e import test_browser as browser
from tests.e2e.browser_support import Server, efforts, sessions, wait_for_drain
from tests.e2e.test_browser import WORK_CUES, Tab

server = browser.server

pytestmark = pytest.mark.browser

PROGRAM = load_program()
PHONE = {"width": 390, "height": 844}
BUTTONS = ("#back", "#pause", "#skip", "#quit")
NO_WAKE_LOCK = "delete Navigator.prototype.wakeLock;"
# A Wake Lock API that counts its requests, its last lock in window.lastLock.
COUNTED_WAKE_LOCK = """
window.lockRequests = 0;
Object.defineProperty(Navigator.prototype, "wakeLock", { configurable: true, get() {
  return { request: async () => {
    window.lockRequests += 1;
    const lock = new EventTarget();
    lock.release = async () => { lock.dispatchEvent(new Event("release")); };
    window.lastLock = lock;
    return lock;
  } };
} });
"""
NO_VIDEO = (
    "HTMLMediaElement.prototype.play = function () {"
    " return Promise.reject(new DOMException('no', 'NotAllowedError')); };"
)


@pytest.fixture
def phone(chromium: Any) -> Iterator[Callable[..., Tab]]:
    """Tabs at 390x844, each in a context of its own; `scripts` run before each page's own."""
    contexts: list[Any] = []

    def open_tab(*scripts: str) -> Tab:
        context = chromium.new_context(viewport=PHONE, device_scale_factor=1)
        contexts.append(context)
        for script in scripts:
            context.add_init_script(script)
        tab = Tab(context, context.new_page())
        tab.page.set_default_timeout(15_000)
        tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.page.on(
            "console", lambda message: tab.console.append(f"{message.type}: {message.text}")
        )
        tab.page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" on a reload
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def open_intro(page: Any, base: str, query: str) -> None:
    page.goto(f"{base}/session?{query}")
    browser.pass_readiness_if_asked(page, base, f"/session?{query}")
    page.wait_for_selector("#start")


def start(page: Any, base: str, query: str = "ids=toe-presses&speed=1") -> None:
    open_intro(page, base, query)
    page.click("#start")
    page.wait_for_selector("#stage", state="visible")


def label(page: Any) -> str:
    return str(page.inner_text("#label"))


def test_during_a_session_the_page_is_the_player_alone(
    server: Server, phone: Callable[..., Tab]
) -> None:
    tab = phone()
    page = tab.page
    open_intro(page, server.url, "ids=toe-presses&speed=1")
    assert page.is_visible("header.top nav")  # the intro still has the navigation
    page.click("#start")
    page.wait_for_selector("#stage", state="visible")
    assert page.evaluate("() => document.activeElement.id") == "pause"
    assert page.is_hidden("header.top")
    assert page.is_hidden("footer.foot")
    for selector in BUTTONS:
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        assert box["width"] >= 48 and box["height"] >= 48, (selector, box)
        # In the bottom part of the screen, where a thumb reaches, and wholly on it.
        assert box["y"] >= PHONE["height"] * 0.75, (selector, box)
        assert box["y"] + box["height"] <= PHONE["height"], (selector, box)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    assert label(page) == "GET READY"
    drawing = page.locator("#drawings figure[data-exercise='toe-presses'] img")
    assert drawing.is_visible()
    assert drawing.evaluate("(img) => img.complete && img.naturalWidth > 0")
    demo = page.locator("#drawings figure[data-exercise='toe-presses'] figure.demo polyline")
    demo.first.wait_for(state="visible")  # the demonstration moves beside it
    page.keyboard.press("s")  # on to the first effort: the drawing goes
    page.wait_for_function("() => document.getElementById('label').textContent === 'WORK'")
    assert not drawing.is_visible()

    page.click("#quit")
    browser.finish_in_browser(page)
    assert page.evaluate("() => document.activeElement.id") == "finished-title"
    assert page.is_visible("header.top nav")  # the session is over: the navigation is back
    tab.assert_healthy()


def test_the_intro_shows_the_exercises_and_the_total_length(
    server: Server, phone: Callable[..., Tab]
) -> None:
    ids = ["toe-presses", "ankle-circles"]
    timeline = compile_timeline([PROGRAM.exercise(i) for i in ids], PROGRAM.timing)
    tab = phone()
    page = tab.page
    open_intro(page, server.url, "ids=toe-presses&ids=ankle-circles")
    items = page.locator("#exercise-list li").all_inner_texts()
    assert [item.split(" · ")[0] for item in items] == [PROGRAM.exercise(i).title for i in ids]
    assert all(" · " in item and ("min" in item or " s" in item) for item in items), items
    total = math.ceil(timeline.total_s)
    assert total > 60
    in_all = f"{total // 60} min" + (f" {total % 60} s" if total % 60 else "")
    assert page.inner_text("#total-length") == f"{in_all} in all"
    tab.assert_healthy()


def test_the_keys_work_from_the_sound_box_and_speech_mutes_the_live_cue(
    server: Server, phone: Callable[..., Tab]
) -> None:
    tab = phone()
    page = tab.page
    start(page, server.url)
    page.focus("#sound-on")
    ticked = page.is_checked("#sound-on")
    page.keyboard.press("Space")
    assert label(page) == "PAUSED"
    assert page.is_checked("#sound-on") == ticked  # space paused, it did not tick the box
    page.keyboard.press("p")
    assert label(page) == "GET READY"

    page.focus("#voice-on")
    if not page.is_checked("#voice-on"):
        page.click("#voice-on")
    assert page.get_attribute("#cue-text", "aria-live") == "off"  # the voice says it
    page.click("#voice-on")
    assert page.get_attribute("#cue-text", "aria-live") == "assertive"

    page.focus("#voice-on")
    page.keyboard.press("q")
    browser.finish_in_browser(page)
    assert page.inner_text("#finished-title") == "Session stopped"
    tab.assert_healthy()


def test_a_reload_mid_session_resumes_the_same_session(
    server: Server, phone: Callable[..., Tab]
) -> None:
    tab = phone()
    page = tab.page
    sent: list[str] = []  # every effort the page sends, across the reload
    page.on(
        "request",
        lambda request: (
            sent.append(request.url.split("/efforts/")[1]) if "/efforts/" in request.url else None
        ),
    )
    start(page, server.url, "ids=toe-presses&speed=10")
    browser.wait_for_label(page, "WORK", rep=3)
    page.keyboard.press("Space")  # hold still to read where it is
    assert label(page) == "PAUSED"
    where = page.inner_text("#exercise"), page.inner_text("#counters")
    wait_for_drain(page)

    page.reload()
    page.wait_for_selector("#resume", state="visible")
    assert "Toe presses" in page.inner_text("#resume-text")
    assert page.evaluate("() => document.activeElement.id") == "resume-button"
    page.click("#resume-button")
    page.wait_for_selector("#stage", state="visible")
    assert (page.inner_text("#exercise"), page.inner_text("#counters")) == where
    browser.finish_in_browser(page)
    assert page.inner_text("#summary") == "10 of 10 efforts done."
    wait_for_drain(page)

    [session] = sessions(server.db)
    assert session["id"] == browser.page_session_id(page)
    assert session["status"] == "completed"
    rows = efforts(server.db, session["id"])
    assert [row["cue_index"] for row in rows] == WORK_CUES  # each effort once, none missing
    assert sorted(sent, key=int) == [str(cue) for cue in WORK_CUES]  # none sent twice

    page.reload()  # finished: nothing to resume
    page.wait_for_selector("#start")
    assert page.is_hidden("#resume")
    tab.assert_healthy()


def test_starting_anew_instead_of_resuming_ends_the_unfinished_session(
    server: Server, phone: Callable[..., Tab]
) -> None:
    tab = phone()
    page = tab.page
    start(page, server.url, "ids=toe-presses&speed=10")
    browser.wait_for_label(page, "WORK", rep=2)
    wait_for_drain(page)
    page.reload()
    page.wait_for_selector("#resume", state="visible")
    page.click("#start")
    page.click("#quit")
    browser.finish_in_browser(page)
    wait_for_drain(page)
    rows = sessions(server.db)
    assert len(rows) == 2
    assert all(row["status"] != "in_progress" for row in rows), rows
    tab.assert_healthy()


def test_without_the_wake_lock_api_a_silent_video_keeps_the_screen_awake(
    server: Server, phone: Callable[..., Tab]
) -> None:
    tab = phone(NO_WAKE_LOCK)
    page = tab.page
    answer = page.goto(f"{server.url}/session?ids=toe-presses")
    policy = answer.headers["content-security-policy"]
    assert "media-src 'self';" in policy and "data:" not in policy.split("media-src")[1]
    browser.pass_readiness_if_asked(page, server.url, "/session?ids=toe-presses")
    assert page.evaluate("() => 'wakeLock' in navigator") is False
    page.click("#start")
    page.wait_for_function("() => document.getElementById('player').dataset.awake")
    assert page.get_attribute("#player", "data-awake") == "video"
    assert page.is_hidden("#awake-note")
    assert not [line for line in tab.console if "Content Security Policy" in line]
    page.click("#quit")
    tab.assert_healthy()


def test_the_page_says_so_when_the_screen_cannot_be_kept_awake(
    server: Server, phone: Callable[..., Tab]
) -> None:
    tab = phone(NO_WAKE_LOCK, NO_VIDEO)
    page = tab.page
    start(page, server.url)
    page.wait_for_function("() => document.getElementById('player').dataset.awake")
    assert page.get_attribute("#player", "data-awake") == "none"
    assert page.is_visible("#awake-note")
    assert "screen may go to sleep" in page.inner_text("#awake-note")
    page.click("#quit")
    tab.assert_healthy()


def test_the_wake_lock_is_taken_again_when_the_page_is_back(
    server: Server, phone: Callable[..., Tab]
) -> None:
    tab = phone(COUNTED_WAKE_LOCK)
    page = tab.page
    start(page, server.url)
    page.wait_for_function("() => document.getElementById('player').dataset.awake")
    assert page.get_attribute("#player", "data-awake") == "wake-lock"
    assert page.evaluate("() => window.lockRequests") == 1
    # Hidden, the browser releases the lock; visible again, the player asks for another.
    page.evaluate("() => window.lastLock.release()")
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    page.wait_for_function("() => window.lockRequests === 2")
    page.click("#quit")
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    assert page.evaluate("() => window.lockRequests") == 2  # not after the session
    tab.assert_healthy()
