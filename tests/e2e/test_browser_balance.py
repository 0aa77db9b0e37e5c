"""The guided balance test in a real browser (Chromium through Playwright) against a real
`footwork serve`: twelve tries with the clock sped up, by button, by key and by a tap anywhere,
the cap stopping a try by itself, the two records saved, the age reference shown; axe-core on
each stage of the page; screenshots at phone size.

Reuses the browser and server fixtures of test_browser.py. Set FOOTWORK_UPDATE_SCREENSHOTS=1 to
refresh docs/screenshots/balance.png.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import test_browser as browser
from tests.e2e.browser_support import PHONE, Server, wait_until
from tests.e2e.test_browser import ARTIFACTS, AXE_RUN, DOCS_SCREENSHOTS, Tab, describe, too_wide

# The tab, server and axe-core fixtures of test_browser.py, found here by their names (the
# browser itself is in conftest.py).
new_tab = browser.new_tab
tab = browser.tab
server = browser.server
axe_script = browser.axe_script

pytestmark = pytest.mark.browser

SPEED = 20  # the 45 s cap comes after 2.25 s


def serious_violations(page: Any, axe: Path, where: str) -> None:
    page.evaluate(axe.read_text())  # not a script tag: the CSP allows no inline script
    found = page.evaluate(AXE_RUN)
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


def start(page: Any) -> None:
    page.wait_for_selector("#start", state="visible")
    page.click("#start")
    page.wait_for_selector("#down", state="visible")


def balance_records(server: Server) -> list[dict[str, Any]]:
    balance = json.loads(server.footwork("history", "--json"))["balance"]
    return sorted(balance, key=lambda b: b["eyes_closed"])


def test_a_whole_balance_test_in_the_browser(server: Server, tab: Tab, axe_script: Path) -> None:
    page = tab.page
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    answer = page.goto(f"{server.url}/balance?speed={SPEED}")
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

    # Tries 1 and 2: Start, then Foot down soon after.
    for number in (1, 2):
        start(page)
        time.sleep(0.1)
        page.click("#down")
        line = wait_for_try(page, number)
        assert "try 1: " in line and "full time" not in line
    assert page.inner_text("#counters") == "Try 2 of 3 · left leg"

    # Tries 3 and 4: nobody presses; the cap stops each by itself.
    for number in (3, 4):
        start(page)
        if number == 3:
            page.wait_for_function("() => parseFloat(document.getElementById('timer')"
                                   ".textContent) > 5")  # fmt: skip
            page.screenshot(path=folder / "balance-running.png")
            serious_violations(page, axe_script, "during a try")
        line = wait_for_try(page, number, timeout=10)
        assert line.endswith("try 2: 45.0 s, the full time."), line

    # Try 5 by keyboard: space starts it, space stops it, and that space starts nothing else.
    page.wait_for_selector("#start", state="visible")
    page.focus("#start")
    page.keyboard.press(" ")
    page.wait_for_selector("#down", state="visible")
    time.sleep(0.1)
    page.keyboard.press(" ")
    wait_for_try(page, 5)
    time.sleep(0.3)
    assert page.is_visible("#start") and page.is_hidden("#down"), "the stopping key started a try"
    assert page.inner_text("#counters") == "Try 3 of 3 · right leg"

    # Try 6 by a tap anywhere (with the eyes closed, nobody has to find a button).
    start(page)
    time.sleep(0.1)
    page.mouse.click(20, 20)  # on the Footwork link in the header: the tap must not follow it
    wait_for_try(page, 6)
    assert page.url.endswith(f"/balance?speed={SPEED}")

    # Eyes closed: six quick tries.
    assert page.inner_text("#condition") == "Eyes closed"
    assert "close your eyes" in page.inner_text("#instruction")
    for number in range(7, 13):
        start(page)
        time.sleep(0.05)
        page.click("#down")
        wait_for_try(page, number)

    page.wait_for_selector("#results", state="visible")
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === 'Saved to your history.'"
    )
    rows = page.locator("#results-rows tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().startswith("Eyes open\t45.0 (")
    assert "Enter your age" in page.inner_text("#comparison")

    page.fill("#age", "65")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=folder / "balance-screen.png")  # what the phone shows first
    comparison = page.inner_text("#comparison")
    assert "Eyes open, right leg: 45.0 s, above the average for your age" in comparison
    assert "people aged 60-69 averaged about 32 s)" in comparison
    assert "Eyes open, left leg: 45.0 s (not compared: the study timed only the leg" in comparison
    assert "left leg: 45.0 s, above" not in comparison
    assert re.search(r"Eyes closed, right leg: [\d.]+ s, .*; not yet confirmed", comparison)
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
    assert 0 < closed["left_s"] < 45 and 0 < closed["right_s"] < 45

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
    page.goto(f"{server.url}/balance?speed={SPEED}")
    page.uncheck("#closed-on")
    page.click("#begin")
    for _ in range(6):
        start(page)
        page.click("#down")
    page.wait_for_selector("#results", state="visible")
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === 'Saved to your history.'"
    )
    assert page.locator("#results-rows tr").count() == 1
    assert [b["eyes_closed"] for b in balance_records(server)] == [False]

    # A test stopped after one try saves nothing, and says why.
    page.goto(f"{server.url}/balance?speed={SPEED}")
    page.click("#begin")
    start(page)
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
        start(page)
        page.click("#down")
    page.wait_for_selector("#retry", state="visible")
    status = page.inner_text("#save-status")
    assert status.startswith("Could not save your results (the server answered 503)")
    assert page.locator("#results-rows tr").count() == 1
    page.unroute("**/api/balance")
    page.click("#retry")
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === 'Saved to your history.'"
    )
    assert [b["eyes_closed"] for b in balance_records(server)] == [False, False]
    assert tab.errors == []
