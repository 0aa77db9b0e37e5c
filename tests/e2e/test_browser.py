"""The web app in a real browser (Debian's Chromium through Playwright) against a real
`footwork serve` in a subprocess: sessions, the offline outbox, pain check-ins, logging in and
out, who may see what, screenshots at phone size and an axe-core accessibility check.

Without /usr/bin/chromium (or node_modules/axe-core for the accessibility tests) these skip
with the reason; with CI set they fail, since `.ci/run` installs both.
Set FOOTWORK_UPDATE_SCREENSHOTS=1 to refresh docs/screenshots/player.png (tools/screenshots.py
makes the rest), and FOOTWORK_TEST_ARTIFACTS to choose where every screenshot is saved
(default: footwork-test-artifacts in the temp folder).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from footwork.content.loader import load_program
from footwork.core.timeline import compile_timeline
from tests.e2e.browser_support import (
    AXE,
    CHROMIUM,
    PASSWORD,
    PHONE,
    ROOT,
    Server,
    efforts,
    login_client,
    outbox_pending,
    query,
    require,
    running,
    seed_history,
    sessions,
    wait_for_drain,
    wait_until,
)

pytestmark = pytest.mark.browser

PROGRAM = load_program()
TIMELINE = compile_timeline([PROGRAM.exercise("toe-presses")], PROGRAM.timing)
WORK_CUES = [i for i, cue in enumerate(TIMELINE.cues) if cue.kind == "work"]
OFFLINE_SPEED = 7  # the whole session takes TIMELINE.total_s / 7 = about 9 s
ARTIFACTS = Path(
    os.environ.get("FOOTWORK_TEST_ARTIFACTS")
    or Path(tempfile.gettempdir()) / "footwork-test-artifacts"
)
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"


# -- the browser ----------------------------------------------------------------------------


@dataclass
class Tab:
    """A page in a context of its own (own cookies, own IndexedDB), with what it logged."""

    context: Any
    page: Any
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def assert_healthy(self) -> None:
        """No uncaught script error, and no write the outbox gave up on."""
        assert self.errors == [], f"script errors: {self.errors}"
        dropped = [line for line in self.console if "dropped a write" in line]
        assert dropped == [], f"the outbox dropped writes: {dropped}"


def clock_start() -> datetime:
    """Where the page's clock starts in tests that drive it (Playwright's page.clock): now,
    read at each test, as the server refuses times outside its 60-day window."""
    return datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def new_tab(chromium: Any) -> Iterator[Callable[[], Tab]]:
    """Open tabs at phone size, each in a fresh context; all are closed after the test."""
    contexts: list[Any] = []

    def open_tab() -> Tab:
        context = chromium.new_context(viewport=PHONE, device_scale_factor=1)
        contexts.append(context)
        tab = Tab(context, context.new_page())
        tab.page.set_default_timeout(15_000)
        tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.page.on(
            "console", lambda message: tab.console.append(f"{message.type}: {message.text}")
        )
        return tab

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def tab(new_tab: Callable[[], Tab]) -> Tab:
    return new_tab()


# -- servers ----------------------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A personal server (no login on 127.0.0.1) with an empty database of its own."""
    with running(Server(tmp_path / "server")) as started:
        yield started


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A personal server for the tests that look only at the session they made (they find
    it among the sessions that were not there before): one start for them all. Tests that
    read the whole history, stop the server or need a first visit take `server`."""
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    with running(Server(tmp_path_factory.mktemp("shared"))) as started:
        yield started


def session_ids(db: Path) -> set[str]:
    return {row["id"] for row in sessions(db)}


def new_sessions(db: Path, before: Collection[str]) -> list[dict[str, Any]]:
    """The sessions made since `before` (the ids there were) was read."""
    return [row for row in sessions(db) if row["id"] not in before]


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A clinic server (everyone logs in) with two patients, alice and bob."""
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    server = Server(tmp_path_factory.mktemp("clinic"), clinic=True)
    server.add_patient("alice")
    server.add_patient("bob")
    with running(server) as started:
        yield started


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A personal server whose database holds a fortnight of sessions and pain scores."""
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    server = Server(tmp_path_factory.mktemp("seeded"))
    seed_history(server.database_url)
    with running(server) as started:
        yield started


# -- helpers ----------------------------------------------------------------------------------


def pass_readiness_if_asked(page: Any, base: str, then: str) -> None:
    """Answer no to every readiness question when the page asks them, then go to `then`."""
    if "/readiness" not in page.url:
        return
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
    page.click("#readiness-save")
    page.wait_for_selector("#readiness-result")
    page.goto(f"{base}{then}")


def open_player(page: Any, base: str, speed: float, *, clock_from: datetime | None = None) -> None:
    """Open the player and start; with `clock_from`, the page's clock (installed at that moment)
    is paused once the page has loaded, so only `page.clock.run_for` moves the session on."""
    page.goto(f"{base}/session?ids=toe-presses&speed={speed}")
    pass_readiness_if_asked(page, base, f"/session?ids=toe-presses&speed={speed}")
    assert page.inner_text("#intro h2") == "Toe presses"
    if clock_from is not None:
        page.clock.pause_at(clock_from + timedelta(hours=1))
    page.click("#start")
    assert page.is_hidden("#intro")


def wait_for_label(page: Any, text: str, *, rep: int | None = None) -> None:
    counters = f"rep {rep} of 10" if rep else ""
    page.wait_for_function(
        "([text, counters]) => document.getElementById('label').textContent === text"
        " && document.getElementById('counters').textContent.startsWith(counters)",
        arg=[text, counters],
    )


def page_session_id(page: Any) -> str:
    """The session id the page made, from the finished panel's check-in link."""
    href = page.get_attribute("#pain-after", "href")
    assert href and "session_id=" in href, href
    return str(href.split("session_id=")[1])


def finish_in_browser(page: Any, *, timeout_s: float = 20) -> None:
    page.wait_for_selector("#finished", state="visible", timeout=timeout_s * 1000)


def browser_login(page: Any, base: str, username: str, password: str = PASSWORD) -> Any:
    """Log in through the form; the response to the form's POST."""
    if "/login" not in page.url:
        page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_response(
        lambda r: r.url.split("?")[0].endswith("/login") and r.request.method == "POST"
    ) as answer:
        page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()
    return answer.value


def fetch(page: Any, method: str, url: str, body: object = None, *, csrf: bool = True) -> Any:
    """A request from the page itself (its cookie); [status, parsed JSON body]."""
    status, text = page.evaluate(
        """async ([method, url, body, csrf]) => {
            const headers = {"Content-Type": "application/json"};
            if (csrf) headers["X-CSRF-Token"] =
                document.querySelector('meta[name="csrf-token"]').content;
            const response = await fetch(url, {
                method, headers, body: body === null ? undefined : JSON.stringify(body),
            });
            return [response.status, await response.text()];
        }""",
        [method, url, body, csrf],
    )
    return status, json.loads(text) if text else None


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def effort_body() -> dict[str, object]:
    return {"id": str(uuid.uuid4()), "outcome": "done", "started_at": now_iso(),
            "ended_at": now_iso(), "actual_s": 3.0}  # fmt: skip


def person_ids(db: Path) -> dict[str, str]:
    rows = query(db, "SELECT username, person_id FROM accounts")
    return {row["username"]: row["person_id"] for row in rows}


# -- 1. a whole session, and the keyboard -----------------------------------------------------


def test_a_whole_session_is_recorded_effort_by_effort(shared: Server, tab: Tab) -> None:
    server, page = shared, tab.page
    before = session_ids(server.db)
    start = clock_start()
    page.clock.install(time=start)  # the page's clock is Playwright's from here on
    open_player(page, server.url, speed=40, clock_from=start)
    page.clock.run_for(round(TIMELINE.total_s * 1000 / 40) + 1000)  # the whole session
    page.clock.resume()
    finish_in_browser(page)
    assert page.inner_text("#finished-title") == "Session complete"
    assert page.inner_text("#summary") == "10 of 10 efforts done."
    wait_for_drain(page)
    assert page.inner_text("#sync") == ""

    [session] = new_sessions(server.db, before)
    assert session["id"] == page_session_id(page)
    assert session["status"] == "completed"
    assert session["ended_at"] is not None
    rows = efforts(server.db, session["id"])
    assert [row["cue_index"] for row in rows] == WORK_CUES
    assert [row["rep"] for row in rows] == list(range(1, 11))
    assert {row["outcome"] for row in rows} == {"done"}
    assert {row["planned_s"] for row in rows} == {3.0}
    # 3 s at 40 times the speed, on a clock that only moved when the test moved it.
    assert [row["actual_s"] for row in rows] == pytest.approx([3 / 40] * 10, abs=0.002), rows
    tab.assert_healthy()


def test_the_keyboard_pauses_skips_and_quits(shared: Server, tab: Tab) -> None:
    server, page = shared, tab.page
    before = session_ids(server.db)
    start = clock_start()
    page.clock.install(time=start)
    open_player(page, server.url, speed=3, clock_from=start)  # each hold lasts 1 s
    second_hold = TIMELINE.cues[WORK_CUES[1]].offset_s
    page.clock.run_for(round((second_hold + 0.5) * 1000 / 3))  # half a second into it
    wait_for_label(page, "WORK", rep=2)
    page.keyboard.press("Space")
    assert page.inner_text("#label") == "PAUSED"
    assert page.get_attribute("#player", "data-kind") == "paused"
    assert page.inner_text("#pause") == "Resume"
    frozen = page.inner_text("#clock"), page.inner_text("#countdown")
    page.clock.run_for(5000)  # five seconds of the page's time: nothing moves
    assert (page.inner_text("#clock"), page.inner_text("#countdown")) == frozen

    page.keyboard.press("Space")
    page.keyboard.press("s")  # skips the second hold, which still has most of its second
    wait_for_label(page, "REST")
    page.keyboard.press("q")
    page.clock.resume()
    finish_in_browser(page)
    assert page.inner_text("#finished-title") == "Session stopped"
    assert page.inner_text("#summary") == "1 of 10 efforts done, 1 skipped."
    wait_for_drain(page)

    [session] = new_sessions(server.db, before)
    assert session["status"] in ("partial", "aborted")
    assert session["status"] == "partial"  # one hold was done
    rows = efforts(server.db, session["id"])
    assert [(row["cue_index"], row["outcome"]) for row in rows] == [
        (WORK_CUES[0], "done"),
        (WORK_CUES[1], "skipped"),
    ]
    # The first hold took its 3 s at 3 times the speed; the skipped one its first half second,
    # the pause not counted.
    assert [row["actual_s"] for row in rows] == pytest.approx([1.0, 0.5 / 3], abs=0.002)
    tab.assert_healthy()


# -- 2. the pain check-in after a session ----------------------------------------------------


def test_pain_after_a_session_is_saved_with_it_and_shown_in_history(
    server: Server, tab: Tab
) -> None:
    page = tab.page
    open_player(page, server.url, speed=40)
    finish_in_browser(page)
    session_id = page_session_id(page)
    wait_for_drain(page)

    page.click("text=How is your pain now?")
    page.wait_for_url("**/checkin?context=after&session_id=*")
    assert page.inner_text("h1") == "How is your pain?"
    page.click("label[for='back-4']")
    page.click("label[for='knee-left-2']")
    page.click("label[for='hip-right-6']")  # a slip of the finger, cleared again
    page.click("label[for='hip-right-none']")
    assert page.is_checked("#back-4") and page.is_checked("#knee-left-2")
    assert page.is_checked("#hip-right-none") and not page.is_checked("#hip-right-6")
    page.fill("#note", "after the browser test")
    page.click("form[action='/checkin'] button[type=submit]")
    saved = page.locator("section.saved")
    assert saved.locator("h2").inner_text().startswith("Saved at ")
    assert saved.locator("li").all_inner_texts() == ["Low back: 4 of 10", "Left knee: 2 of 10"]
    assert page.locator("form[action='/checkin']").count() == 0

    [checkin] = query(server.db, "SELECT * FROM pain_checkins")
    assert checkin["context"] == "after"
    assert checkin["session_id"] == session_id
    assert checkin["note"] == "after the browser test"
    scores = query(server.db, "SELECT region, score FROM pain_scores WHERE checkin_id = ?",
                   checkin["id"])  # fmt: skip
    assert {row["region"]: row["score"] for row in scores} == {"back": 4, "knee-left": 2}

    page.goto(f"{server.url}/history")
    pain_table = page.locator("section[aria-labelledby='scores-h'] table")
    headers = pain_table.locator("thead th").all_inner_texts()
    assert headers == ["When", "low back", "left knee", "Note", "Correct"]
    [row] = pain_table.locator("tbody tr").all()
    cells = row.locator("th, td").all_inner_texts()
    assert cells[0].endswith("(after session)")
    assert cells[1:] == ["4", "2", "after the browser test", "Correct"]
    assert page.locator("figure.chart svg polyline").count() == 2
    sessions = page.locator("section[aria-labelledby='sessions-h'] .session-list li")
    assert sessions.count() == 1
    assert sessions.locator(".what, .done, .tag").all_inner_texts() == [
        "completed",
        "Toe presses",
        "10 of 10 done",
    ]
    tab.assert_healthy()


# -- 3. offline: the session runs on, and nothing is lost or counted twice --------------------


def test_the_first_visit_takes_the_timezone_of_the_device(server: Server, chromium: Any) -> None:
    context = chromium.new_context(viewport=PHONE, timezone_id="Asia/Tokyo")
    try:
        page = context.new_page()
        page.goto(f"{server.url}/today")
        wait_until(
            lambda: query(server.db, "SELECT timezone FROM people")[0]["timezone"] == "Asia/Tokyo",
            timeout=15,
            what="the device's timezone to be kept",
        )
        note = page.locator("main > p.ok[role=status]")
        assert "this device's timezone (Asia/Tokyo)" in note.inner_text()
        page.goto(f"{server.url}/settings")
        assert page.input_value("#timezone") == "Asia/Tokyo"
        assert page.locator("meta[name='footwork-adopt-timezone']").count() == 0
    finally:
        context.close()


def check_recorded_once(db: Path, session_id: str, before: Collection[str] = ()) -> None:
    [session] = new_sessions(db, before)
    assert session["id"] == session_id
    rows = efforts(db, session_id)
    indexes = [row["cue_index"] for row in rows]
    assert len(rows) == 10, indexes
    assert sorted(set(indexes)) == indexes == WORK_CUES
    assert {row["outcome"] for row in rows} == {"done"}
    assert session["status"] == "completed"


def efforts_so_far(db: Path, before: Collection[str] = ()) -> int:
    """The efforts recorded of the sessions made since `before` (all of them by default)."""
    return sum(len(efforts(db, row["id"])) for row in new_sessions(db, before))


@pytest.mark.slow
def test_a_session_finishes_while_the_server_is_down_and_syncs_later(
    server: Server, tab: Tab
) -> None:
    page = tab.page
    open_player(page, server.url, speed=OFFLINE_SPEED)
    wait_until(lambda: efforts_so_far(server.db) >= 2, timeout=15, what="two efforts recorded")
    server.kill()
    recorded_before = efforts_so_far(server.db)
    assert 2 <= recorded_before < 10

    finish_in_browser(page)
    assert page.inner_text("#finished-title") == "Session complete"
    assert page.inner_text("#summary") == "10 of 10 efforts done."
    page.wait_for_function(
        "() => document.getElementById('sync').textContent.startsWith('Offline:')"
    )
    pending = outbox_pending(page)
    assert pending >= 10 - recorded_before + 1  # the efforts still to send, and the finish
    assert page.get_attribute("#player", "data-pending") == str(pending)
    assert efforts_so_far(server.db) == recorded_before
    assert sessions(server.db)[0]["status"] == "in_progress"

    server.start()
    wait_for_drain(page, timeout=20)
    assert page.inner_text("#sync") == ""
    check_recorded_once(server.db, page_session_id(page))
    tab.assert_healthy()  # a write the killed server had taken is taken again, not refused


@pytest.mark.slow
def test_a_session_finishes_while_the_network_is_down_and_syncs_later(
    shared: Server, tab: Tab
) -> None:
    server, page = shared, tab.page
    before = session_ids(server.db)
    open_player(page, server.url, speed=OFFLINE_SPEED)
    wait_until(
        lambda: efforts_so_far(server.db, before) >= 2, timeout=15, what="two efforts recorded"
    )
    tab.context.set_offline(True)
    finish_in_browser(page)
    page.wait_for_function(
        "() => document.getElementById('sync').textContent.startsWith('Offline:')"
    )
    waiting = outbox_pending(page)
    assert waiting > 0
    recorded = efforts_so_far(server.db, before)
    # The outbox tries again (every 2 s while it cannot reach the server): that try fails, and
    # nothing more reaches the server.
    with page.expect_event(
        "requestfailed", predicate=lambda r: r.method in ("POST", "PUT"), timeout=30_000
    ):
        pass
    assert outbox_pending(page) == waiting
    assert efforts_so_far(server.db, before) == recorded < 10
    assert new_sessions(server.db, before)[0]["status"] == "in_progress"

    tab.context.set_offline(False)
    wait_for_drain(page, timeout=20)
    check_recorded_once(server.db, page_session_id(page), before)
    tab.assert_healthy()


# -- 4. logging in and out --------------------------------------------------------------------


def test_log_in_and_out(clinic: Server, tab: Tab) -> None:
    page = tab.page
    page.goto(f"{clinic.url}/today")
    assert page.url == f"{clinic.url}/login?next=/today"
    assert page.inner_text("h1") == "Log in"
    assert page.locator("nav[aria-label='Main']").count() == 0

    answer = browser_login(page, clinic.url, "alice", "not the password")
    assert answer.status == 401
    assert page.inner_text("p.error") == "That user name and password do not match."
    assert page.url.startswith(f"{clinic.url}/login")

    answer = browser_login(page, clinic.url, "alice")
    assert answer.status == 303
    assert page.url == f"{clinic.url}/today"
    assert page.inner_text("h1") == "Today"
    [cookie] = [c for c in tab.context.cookies() if c["name"] == "footwork_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    with httpx.Client(base_url=clinic.url, cookies={cookie["name"]: cookie["value"]}) as client:
        assert client.get("/today").status_code == 200  # the cookie alone is the login

    page.click("text=Log out")
    page.wait_for_url(f"{clinic.url}/login")
    page.goto(f"{clinic.url}/today")
    assert page.url == f"{clinic.url}/login?next=/today"

    with httpx.Client(base_url=clinic.url, cookies={cookie["name"]: cookie["value"]}) as client:
        old = client.get("/today")
        assert old.status_code == 303
        assert old.headers["location"] == "/login?next=/today"
        assert client.get("/api/history").status_code == 401
    tab.assert_healthy()


# -- 5. nobody sees or changes another patient's data ----------------------------------------


def test_a_patient_cannot_touch_another_patients_session(clinic: Server, tab: Tab) -> None:
    def pain_count() -> int:
        return len(query(clinic.db, "SELECT id FROM pain_checkins"))

    pain_before = pain_count()
    bob_session = str(uuid.uuid4())
    with login_client(clinic.url, "bob") as bob:
        plan = {"exercise_ids": ["toe-presses"], "started_at": now_iso()}
        opened = bob.put(f"/api/sessions/{bob_session}", json=plan)
        assert opened.status_code == 200, opened.text
        mine = bob.put(f"/api/sessions/{bob_session}/efforts/1", json=effort_body())
        assert mine.status_code == 200, mine.text

    page = tab.page
    page.goto(f"{clinic.url}/login")
    browser_login(page, clinic.url, "alice")
    open_player(page, clinic.url, speed=40)
    finish_in_browser(page)
    alice_session = page_session_id(page)
    wait_for_drain(page)

    base = f"/api/sessions/{bob_session}"
    assert fetch(page, "PUT", f"{base}/efforts/3", effort_body())[0] == 404
    assert fetch(page, "POST", f"{base}/finish", {"ended_at": now_iso()})[0] == 404
    reopen = {"exercise_ids": ["toe-presses"], "started_at": now_iso()}
    assert fetch(page, "PUT", base, reopen)[0] == 404
    pain = {"scores": {"back": 3}, "context": "after", "session_id": bob_session}
    assert fetch(page, "POST", "/api/pain", pain)[0] == 404

    status, history = fetch(page, "GET", "/api/history")
    assert status == 200
    # The module's server is shared (tests run in random order): alice may have more
    # sessions from other tests, but never bob's, and none of this test's pain.
    listed = [s["id"] for s in history["sessions"]]
    assert alice_session in listed and bob_session not in listed
    assert pain_count() == pain_before

    # Without the CSRF token nothing is written, even with the login cookie.
    status, answer = fetch(page, "POST", "/api/pain", {"scores": {"back": 3}}, csrf=False)
    assert status == 403, answer
    assert fetch(page, "POST", f"/api/sessions/{alice_session}/finish",
                 {"ended_at": now_iso()}, csrf=False)[0] == 403  # fmt: skip
    form = page.request.post(f"{clinic.url}/checkin", form={"back": "3"})
    assert form.status == 403
    assert pain_count() == pain_before

    ids = person_ids(clinic.db)
    owners = {row["id"]: row["person_id"] for row in sessions(clinic.db)}
    assert (owners[bob_session], owners[alice_session]) == (ids["bob"], ids["alice"])
    assert [row["cue_index"] for row in efforts(clinic.db, bob_session)] == [1]
    assert query(clinic.db, "SELECT status FROM sessions WHERE id = ?", bob_session) == [
        {"status": "in_progress"}
    ]
    assert query(clinic.db, "SELECT count(*) AS n FROM pain_checkins") == [{"n": 0}]
    with login_client(clinic.url, "bob") as bob:
        assert [s["id"] for s in bob.get("/api/history").json()["sessions"]] == [bob_session]
    tab.assert_healthy()


# -- 6. screenshots at phone size -------------------------------------------------------------

SCREENS = [
    ("today", "/today", "Today"),
    ("history", "/history", "History"),
    ("exercises", "/exercises", "Your exercises"),
    ("exercise", "/exercises/toe-presses", "Toe presses"),
    ("checkin", "/checkin", "How is your pain?"),
    ("settings", "/settings", "Settings"),
]


def too_wide(page: Any, name: str) -> str | None:
    """What sticks out sideways on a phone (the page scrolls sideways), or None."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width <= PHONE["width"]:
        return None
    culprits = page.evaluate(
        """(limit) => [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > limit + 0.5)
            .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                 + (e.className && typeof e.className === "string" ? "." + e.className : "")
                 + " (right edge " + Math.round(e.getBoundingClientRect().right) + " px)")
            .slice(0, 6)""",
        PHONE["width"],
    )
    return f"{name}: the page is {width} px wide on a {PHONE['width']} px phone: {culprits}"


def test_screenshots_of_every_page_at_phone_size(
    seeded: Server, clinic: Server, new_tab: Callable[[], Tab]
) -> None:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    update_docs = os.environ.get("FOOTWORK_UPDATE_SCREENSHOTS") == "1"
    tab = new_tab()
    page = tab.page
    shots: dict[str, Path] = {}

    def shoot(name: str) -> None:
        page.screenshot(path=folder / f"{name}.png", full_page=True)
        page.screenshot(path=folder / f"{name}-screen.png")  # what the phone shows first
        shots[name] = folder / f"{name}-screen.png"

    for name, path, title in SCREENS:
        answer = page.goto(f"{seeded.url}{path}")
        assert answer is not None and answer.status == 200, name
        assert page.inner_text("h1") == title
        if name == "history":  # pain lines for the low back and the left knee; sessions
            assert page.locator("figure.chart svg polyline").count() == 2
            assert (
                page.locator("section[aria-labelledby='sessions-h'] .session-list li").count() >= 5
            )
        shoot(name)

    # The player mid-session, showing the countdown of the first hold.
    start = clock_start()
    page.clock.install(time=start)
    page.goto(f"{seeded.url}/session?ids=toe-presses&speed=1")
    page.clock.pause_at(start + timedelta(hours=1))  # time stands still for the picture
    shoot("player-intro")
    page.click("#start")
    page.keyboard.press("s")  # past "get ready", to the first hold
    wait_for_label(page, "WORK", rep=1)
    assert page.inner_text("#countdown") == "3"
    page.clock.run_for(1000)
    assert page.inner_text("#countdown") == "2"
    page.clock.run_for(500)
    shoot("player")

    login = new_tab()
    login.page.goto(f"{clinic.url}/login")
    page = login.page
    shoot("login")

    print(f"screenshots in {folder}")
    if update_docs:
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # The player mid-session; every other page comes from tools/screenshots.py.
        shutil.copyfile(shots["player"], DOCS_SCREENSHOTS / "player.png")
    blank = [name for name, shot in shots.items() if shot.stat().st_size < 2000]
    assert blank == [], f"blank-looking screenshots: {blank}"
    tab.assert_healthy()
    login.assert_healthy()


@pytest.mark.parametrize("path", [path for _, path, _ in SCREENS] + ["/session", "/login"])
def test_every_page_fits_a_phone_screen(
    path: str, seeded: Server, clinic: Server, tab: Tab
) -> None:
    """Nothing sticks out sideways at 412 px: the page never scrolls sideways."""
    base = clinic.url if path == "/login" else seeded.url
    answer = tab.page.goto(f"{base}{path}")
    assert answer is not None and answer.status == 200
    problem = too_wide(tab.page, path)
    assert problem is None, problem


# -- 7. accessibility -------------------------------------------------------------------------

A11Y_PAGES = [
    "/today",
    "/session?ids=toe-presses",
    "/session?ids=toe-presses&speed=1#running",
    "/history",
    "/exercises",
    "/exercises/toe-presses",
    "/checkin?context=after",
    "/settings",
    "/login",
]

AXE_RUN = """async () => {
    const result = await axe.run(document);
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
    }));
}"""


@pytest.fixture(scope="module")
def axe_script() -> Path:
    require(AXE, "axe-core", "run `npm ci` at the repository root")
    return AXE


@pytest.mark.parametrize("path", A11Y_PAGES)
def test_no_serious_accessibility_violations(
    path: str, axe_script: Path, seeded: Server, clinic: Server, tab: Tab
) -> None:
    page = tab.page
    base = clinic.url if path == "/login" else seeded.url
    answer = page.goto(f"{base}{path.removesuffix('#running')}")
    assert answer is not None and answer.status == 200
    if path.endswith("#running"):
        page.click("#start")
        page.keyboard.press("s")
        wait_for_label(page, "WORK", rep=1)
    page.evaluate(axe_script.read_text())  # not a script tag: the CSP allows no inline script
    violations = page.evaluate(AXE_RUN)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    for v in violations:  # the lesser ones are shown with -s, and kept in the log
        if v not in serious:
            print(f"axe-core on {path}: {describe(v)}")
    report = "\n".join(describe(v) for v in serious)
    assert serious == [], f"axe-core on {path}:\n{report}"


def describe(violation: dict[str, Any]) -> str:
    nodes = "\n".join(f"    {n['target']}: {n['summary']}" for n in violation["nodes"])
    return f"{violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"


# -- 6. the clinic: invite, join, prescribe, follow, audit ------------------------------------


def axe_violations(page: Any, axe_script: Path) -> list[dict[str, Any]]:
    page.evaluate(axe_script.read_text())  # not a script tag: the CSP allows no inline script
    found = page.evaluate(AXE_RUN)
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_a_clinician_invites_prescribes_and_follows_a_patient(
    clinic: Server, new_tab: Callable[[], Tab], axe_script: Path
) -> None:
    clinic.add_account("dr-lee", role="clinician")
    doctor, patient = new_tab(), new_tab()
    dp, pp = doctor.page, patient.page

    # The clinician adds the patient and gets a one-time code.
    assert browser_login(dp, clinic.url, "dr-lee").status == 303
    assert dp.url == f"{clinic.url}/clinic"
    dp.click("text=Add a patient")
    dp.fill("#name", "Robin Example")
    dp.fill("#timezone", "Europe/Berlin")
    dp.click("form[action='/clinic/patients'] button[type=submit]")
    code = dp.inner_text("[data-testid=invite-code]")
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    assert axe_violations(dp, axe_script) == []

    # The patient joins with it and lands on Today.
    pp.goto(f"{clinic.url}/join")
    pp.fill("#code", code)
    pp.fill("#username", "robin")
    pp.fill("#password", PASSWORD)
    pp.fill("#password_again", PASSWORD)
    pp.click("form[action='/join'] button[type=submit]")
    pp.wait_for_url(f"{clinic.url}/today")
    assert pp.inner_text("h1") == "Today"

    # The clinician prescribes a changed program: toe presses only, 4 holds of 2 s.
    dp.click("text=Go to Robin Example's page")
    assert dp.inner_text("h1") == "Robin Example"
    assert axe_violations(dp, axe_script) == []
    dp.click("text=Change the program")
    for box in dp.locator("fieldset.exercise-choice legend input[type=checkbox]").all():
        box.uncheck()
    dp.check("#use_toe-presses")
    dp.fill("#reps_toe-presses", "4")
    dp.fill("#work_s_toe-presses", "2")
    dp.fill("#note", "Shorter holds this week.")
    assert axe_violations(dp, axe_script) == []
    dp.click("form.builder button[type=submit]")
    dp.wait_for_url(re.compile(r".*/clinic/patients/[0-9a-f-]+\?assigned=1"))
    assert "4 holds of 2 s" in dp.inner_text("#program-h + table")

    # The patient sees what changed, and does a session of it.
    pp.goto(f"{clinic.url}/today")
    news = pp.inner_text("section.news")
    assert "Shorter holds this week." in news
    assert "Toe presses, dose: 10 holds of 3 s → 4 holds of 2 s" in news
    assert "Stopped: Toe walking" in news
    pp.goto(f"{clinic.url}/session?ids=toe-presses&speed=20")
    pass_readiness_if_asked(pp, clinic.url, "/session?ids=toe-presses&speed=20")
    pp.click("#start")
    finish_in_browser(pp)
    assert pp.inner_text("#summary") == "4 of 4 efforts done."
    wait_for_drain(pp)

    # The clinician sees the session, done under the new dose.
    dp.reload()
    log = dp.inner_text("#sessions-h + div table")
    assert "Toe presses" in log and "4 of 4" in log and "completed" in log
    # ... and the patient's readiness answers, with their date.
    assert "no to every question" in dp.inner_text("section[aria-labelledby='readiness-h']")
    dp.goto(f"{clinic.url}/clinic")
    assert "Robin Example" in dp.inner_text("table.patients")
    assert axe_violations(dp, axe_script) == []

    # The patient sees who opened their record.
    pp.goto(f"{clinic.url}/access-log")
    entries = pp.inner_text("table")
    assert "dr-lee" in entries and "viewed" in entries and "changed program" in entries
    doctor.assert_healthy()
    patient.assert_healthy()
