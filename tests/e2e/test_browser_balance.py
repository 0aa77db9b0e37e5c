"""The guided balance test in a real browser (Chromium through Playwright) against a real
`footwork serve`: twelve tries on the page's clock (Playwright's `page.clock`, paused, moved
only by the test), by button, by key and by a tap anywhere, the cap stopping a try by itself,
the two records saved, the age reference shown; axe-core on each stage of the page; screenshots
at phone size.

Reuses the browser and server fixtures of test_browser.py. Set FOOTWORK_UPDATE_SCREENSHOTS=1 to
refresh docs/screenshots/balance.png.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import test_browser as browser
from tests.e2e.browser_support import (
    PHONE,
    Server,
    page_time_ms,
    settle_on_paused_clock,
    wait_until,
)
from tests.e2e.test_browser import (
    ARTIFACTS,
    AXE_RUN,
    DOCS_SCREENSHOTS,
    Tab,
    clock_start,
    describe,
    too_wide,
)

# The tab, server and axe-core fixtures of test_browser.py, found here by their names (the
# browser itself is in conftest.py).
new_tab = browser.new_tab
tab = browser.tab
server = browser.server
axe_script = browser.axe_script

pytestmark = pytest.mark.browser

SPEED = 20  # the 45 s cap comes after 2.25 s of the page's clock


def open_balance(page: Any, url: str) -> Any:
    """Open the page on Playwright's clock, and pause that clock once the page has loaded:
    from then on only `page.clock.run_for` moves the page's time, so no try depends on how
    fast this machine happens to be. Later pages of the same tab keep the paused clock."""
    start = clock_start()
    page.clock.install(time=start)
    answer = page.goto(url)
    page.clock.pause_at(start + timedelta(hours=1))
    return answer


def serious_violations(page: Any, axe: Path, where: str) -> None:
    page.evaluate(axe.read_text())  # not a script tag: the CSP allows no inline script
    found = settle_on_paused_clock(page, AXE_RUN)  # axe-core waits on timers between checks
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    for v in found:
        if v not in serious:
            print(f"axe-core on the balance page ({where}): {describe(v)}")
    report = "\n".join(describe(v) for v in serious)
    assert serious == [], f"axe-core on the balance page ({where}):\n{report}"


def last_line(page: Any) -> str:
    return str(page.inner_text("#last"))


def wait_for_try(page: Any, number: int, *, timeout: float = 10) -> str:
    """Until try `number` is over (the next prompt or the results are up); its line."""
    wait_until(
        lambda: page.evaluate("() => window.__tries || 0") >= number,
        timeout=timeout,
        what=f"try {number} to end",
    )
    return last_line(page)


def start(page: Any) -> float:
    """Press Start; when the try started on the page's clock (it stands still meanwhile)."""
    page.wait_for_selector("#start", state="visible")
    page.click("#start")
    page.wait_for_selector("#down", state="visible")
    return page_time_ms(page)


def held(page: Any, started: float, seconds: float) -> None:
    """Move the page's clock on until `seconds` of the test (sped up SPEED times) have passed
    since `started` (a reading of the page's clock)."""
    page.clock.run_for(started + seconds * 1000 / SPEED - page_time_ms(page))


def balance_records(server: Server) -> list[dict[str, Any]]:
    balance = json.loads(server.footwork("history", "--json"))["balance"]
    return sorted(balance, key=lambda b: b["eyes_closed"])


def test_a_whole_balance_test_in_the_browser(server: Server, tab: Tab, axe_script: Path) -> None:
    page = tab.page
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    answer = open_balance(page, f"{server.url}/balance?speed={SPEED}")
    assert answer is not None and answer.status == 200
    assert page.inner_text("h1") == "Balance test"
    intro = page.inner_text("#intro")
    assert "sturdy chair" in intro and "dizzy" in intro and "someone stand beside you" in intro
    # Count finished tries from the page, without touching its script.
    page.evaluate(
        """() => { window.__tries = 0;
            new MutationObserver((records) => { window.__tries += records.length; })
                .observe(document.getElementById("last"), {childList: true, characterData: true,
                                                           subtree: true}); }"""
    )
    serious_violations(page, axe_script, "the introduction")
    page.screenshot(path=folder / "balance-intro.png", full_page=True)

    page.click("label[for='compare-right']")  # the leg compared, chosen before the tries
    page.click("#begin")
    assert page.is_hidden("#intro")
    assert page.inner_text("#condition") == "Eyes open"
    assert page.inner_text("#counters") == "Try 1 of 3 · left leg"
    assert "Stand on your left leg. Lift your right foot" in page.inner_text("#instruction")
    serious_violations(page, axe_script, "waiting to start a try")

    # Tries 1 and 2: Start, then Foot down; 44.9 s is not yet the cap.
    for number, seconds in ((1, 2.0), (2, 44.9)):
        started = start(page)
        held(page, started, seconds)
        assert page.is_visible("#down"), "the try stopped before the cap"
        page.click("#down")
        line = wait_for_try(page, number)
        assert line.endswith(f"try 1: {seconds:.1f} s."), line
    assert page.inner_text("#counters") == "Try 2 of 3 · left leg"

    # Tries 3 and 4: nobody presses; the cap stops each by itself.
    for number in (3, 4):
        started = start(page)
        if number == 3:
            held(page, started, 6)
            assert page.inner_text("#timer") == "6.0"
            page.screenshot(path=folder / "balance-running.png")
            serious_violations(page, axe_script, "during a try")  # moves the page's clock
            print(f"axe-core during a try took {page_time_ms(page) - started - 300:.0f} ms")
            held(page, started, 44.9)
            assert page.is_visible("#down"), "the try stopped before the cap"
            assert page.inner_text("#timer") == "44.0"  # shown every 50 ms, 1 s of the test
            assert last_line(page).startswith("Eyes open, right leg, try 1: 44.9 s")
            held(page, started, 45.0)
        else:
            held(page, started, 45.0)
        line = wait_for_try(page, number)
        assert line.endswith("try 2: 45.0 s, the full time."), line

    # Try 5 by keyboard: space starts it, space stops it, and that space starts nothing else.
    page.wait_for_selector("#start", state="visible")
    page.focus("#start")
    page.keyboard.press(" ")
    page.wait_for_selector("#down", state="visible")
    started = page_time_ms(page)
    held(page, started, 3)
    page.keyboard.press(" ")
    assert wait_for_try(page, 5).endswith("try 3: 3.0 s.")
    held(page, started, 13)  # time enough for a try the key had started to show
    assert page.is_visible("#start") and page.is_hidden("#down"), "the stopping key started a try"
    assert page.inner_text("#counters") == "Try 3 of 3 · right leg"

    # Try 6 by a tap anywhere (with the eyes closed, nobody has to find a button).
    held(page, start(page), 2)
    page.mouse.click(20, 20)  # on the Footwork link in the header: the tap must not follow it
    wait_for_try(page, 6)
    assert page.url.endswith(f"/balance?speed={SPEED}")
    assert last_line(page).endswith("try 3: 2.0 s.")

    # Eyes closed: six quick tries.
    assert page.inner_text("#condition") == "Eyes closed"
    assert "close your eyes" in page.inner_text("#instruction")
    for number in range(7, 13):
        held(page, start(page), number - 6)
        page.click("#down")
        assert wait_for_try(page, number).endswith(f": {number - 6:.1f} s.")

    page.wait_for_selector("#results", state="visible")
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === 'Saved to your history.'"
    )
    rows = page.locator("#results-rows tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text() == "Eyes open\t45.0 (2.0, 45.0, 3.0)\t45.0 (44.9, 45.0, 2.0)"
    assert rows.nth(1).inner_text() == "Eyes closed\t5.0 (1.0, 3.0, 5.0)\t6.0 (2.0, 4.0, 6.0)"
    assert "Enter your age" in page.inner_text("#comparison")

    page.fill("#age", "65")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=folder / "balance-screen.png")  # what the phone shows first
    comparison = page.inner_text("#comparison")
    assert "Eyes open, right leg: 45.0 s, above the average for your age" in comparison
    assert "people aged 60-69 averaged about 32 s)" in comparison
    assert "Eyes open, left leg: 45.0 s (not compared: the study timed only the leg" in comparison
    assert "left leg: 45.0 s, above" not in comparison
    assert re.search(r"Eyes closed, right leg: 6\.0 s, .*; not yet confirmed", comparison)
    assert "not yet confirmed" in page.inner_text("#results")
    assert "J Geriatr Phys Ther. 2007" in page.inner_text("#results")
    page.click("details summary")
    reference = page.inner_text("details table")
    assert "60-69\t32.1\t3.6\t5.1" in reference
    serious_violations(page, axe_script, "the results")
    problem = too_wide(page, "balance")
    assert problem is None, problem
    page.screenshot(path=folder / "balance.png", full_page=True)

    opened, closed = balance_records(server)
    assert (opened["eyes_closed"], closed["eyes_closed"]) == (False, True)
    assert opened["left_s"] == opened["right_s"] == 45.0
    assert (closed["left_s"], closed["right_s"]) == (5.0, 6.0)

    if os.environ.get("FOOTWORK_UPDATE_SCREENSHOTS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "balance-screen.png", DOCS_SCREENSHOTS / "balance.png")
    tab.assert_healthy()


def test_stopping_early_saves_only_finished_conditions_and_a_failed_save_says_so(
    server: Server, chromium: Any
) -> None:
    # No service worker here: requests it handles would pass by the route that fails the save.
    context = chromium.new_context(viewport=PHONE, service_workers="block")
    tab = Tab(context, context.new_page())
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    try:
        refused_save_is_said(server, tab)
    finally:
        context.close()


def refused_save_is_said(server: Server, tab: Tab) -> None:
    page = tab.page
    page.set_default_timeout(15_000)
    open_balance(page, f"{server.url}/balance?speed={SPEED}")
    page.uncheck("#closed-on")
    page.click("#begin")
    for _ in range(6):
        held(page, start(page), 5)
        page.click("#down")
    page.wait_for_selector("#results", state="visible")
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === 'Saved to your history.'"
    )
    assert page.locator("#results-rows tr").count() == 1
    assert [b["eyes_closed"] for b in balance_records(server)] == [False]

    # A test stopped after one try saves nothing, and says why. (The page's clock stays
    # paused on the pages the tab opens next.)
    page.goto(f"{server.url}/balance?speed={SPEED}")
    page.click("#begin")
    held(page, start(page), 5)
    page.click("#down")
    page.click("#stop")
    page.wait_for_selector("#results", state="visible")
    assert "stopped early" in page.inner_text("#results-title")
    assert page.inner_text("#save-status").startswith("Nothing was saved")

    # The server refuses the save: a clear message, the times kept, and a way to try again.
    page.goto(f"{server.url}/balance?speed={SPEED}")
    page.route("**/api/balance", lambda route: route.fulfill(status=503, body="{}"))
    page.uncheck("#closed-on")
    page.click("#begin")
    for _ in range(6):
        held(page, start(page), 5)
        page.click("#down")
    page.wait_for_selector("#retry", state="visible")
    status = page.inner_text("#save-status")
    assert status.startswith("Could not save your results (the server answered 503)")
    assert page.inner_text("#results-rows") == "Eyes open\t5.0 (5.0, 5.0, 5.0)\t5.0 (5.0, 5.0, 5.0)"
    page.unroute("**/api/balance")
    page.click("#retry")
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === 'Saved to your history.'"
    )
    assert [b["eyes_closed"] for b in balance_records(server)] == [False, False]
    assert tab.errors == []
