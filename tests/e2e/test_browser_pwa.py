"""The installable app in Chromium: its own installability check, the app opening and running a
whole session with the server stopped after one visit (the queued writes arriving exactly once
when it is back), a pain check-in kept offline, and a reminder delivered by push.

A persistent profile (as an installed app has) is used throughout: Chromium checks
installability only outside incognito-like contexts."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from footwork.content.loader import load_program
from footwork.core.timeline import compile_timeline
from tests.e2e.browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    PHONE,
    Server,
    efforts,
    outbox_pending,
    query,
    running,
    sessions,
    wait_until,
)

pytestmark = pytest.mark.browser

PROGRAM = load_program()
TIMELINE = compile_timeline([PROGRAM.exercise("toe-presses")], PROGRAM.timing)
WORK_CUES = [i for i, cue in enumerate(TIMELINE.cues) if cue.kind == "work"]
SPEED = 40
SESSION = f"/session?ids=toe-presses&speed={SPEED}"
RESEND_S = 15
WAIT_S = 60  # every wait is for an event: long enough for a busy machine, never slept out


def ready_to_exercise(database_url: str) -> None:
    """The personal person, with the readiness questions answered, so /session is the player."""
    from footwork.config import Settings
    from footwork.core.readiness import QUESTION_IDS
    from footwork.services.personal import local_timezone_name, open_store
    from footwork.services.readiness import record_readiness

    store = open_store(Settings(database_url=database_url))
    now = datetime.now(UTC)
    person = store.personal_person(now=now - timedelta(minutes=5), timezone=local_timezone_name())
    record_readiness(store, person.id, dict.fromkeys(QUESTION_IDS, "no"), now=now)
    store.engine.dispose()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One personal server for the tests that leave it running and its person in place, and
    look only at what they write themselves (tests run in random order)."""
    started = Server(tmp_path_factory.mktemp("shared"))
    ready_to_exercise(started.database_url)
    with running(started):
        yield started


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A server of the test's own: to stop it, or to delete its person."""
    started = Server(tmp_path / "server")
    ready_to_exercise(started.database_url)
    with running(started):
        yield started


@pytest.fixture
def app_context(chromium: Any, tmp_path: Path) -> Iterator[Any]:
    """A phone-sized Chromium with a profile of its own on disk."""
    context = chromium.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        device_scale_factor=1,
    )
    context.set_default_timeout(WAIT_S * 1000)
    yield context
    context.close()


def page_of(context: Any) -> tuple[Any, list[str]]:
    page = context.pages[0] if context.pages else context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())  # "leave with writes still queued?"
    return page, errors


def install(page: Any, base: str) -> None:
    """Visit Today once and wait until the service worker controls the page and has kept
    the app shell."""
    page.goto(f"{base}/today")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    wait_until(
        lambda: page.evaluate("async () => Boolean(await caches.match('/today'))"),
        timeout=WAIT_S,
        what="Today kept for offline use",
    )


def cached(page: Any, path: str) -> bool:
    return bool(page.evaluate("async (path) => Boolean(await caches.match(path))", path))


# -- installable ------------------------------------------------------------------------------


def test_chromium_finds_the_app_installable(shared: Server, app_context: Any) -> None:
    page, errors = page_of(app_context)
    install(page, shared.url)
    cdp = app_context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{shared.url}/manifest.webmanifest"
    assert manifest["errors"] == []
    answer = cdp.send("Page.getInstallabilityErrors")
    assert answer["installabilityErrors"] == []
    assert errors == []


def test_the_shell_is_kept_on_the_first_visit(shared: Server, app_context: Any) -> None:
    page, errors = page_of(app_context)
    install(page, shared.url)
    for path in ("/session", "/checkin", "/exercises", "/exercises/toe-presses",
                 "/static/player.js", "/static/outbox.js", "/static/app.css",
                 "/static/drawings/toe-presses.svg", "/static/demo.js", "/static/awake.js",
                 "/demos/toe-presses.json"):  # fmt: skip
        wait_until(lambda p=path: cached(page, p), timeout=WAIT_S, what=f"{path} kept")
    names = page.evaluate("() => caches.keys()")
    owner = page.get_attribute("meta[name=footwork-owner]", "content")
    assert any(name.startswith("footwork-shell-") for name in names)
    assert [n for n in names if n.startswith("footwork-person-")] == [
        n for n in names if n.startswith("footwork-person-") and n.endswith(f"-{owner}")
    ]
    assert errors == []


# -- offline ------------------------------------------------------------------------------------


def count(db: Path, table: str) -> int:
    return int(query(db, f"SELECT count(*) AS n FROM {table}")[0]["n"])


def test_the_app_opens_runs_a_session_and_keeps_a_check_in_with_the_server_down(
    server: Server, app_context: Any
) -> None:
    page, errors = page_of(app_context)
    install(page, server.url)
    page.goto(f"{server.url}{SESSION}")  # this session's address is kept too
    wait_until(lambda: cached(page, SESSION), timeout=WAIT_S, what="the session kept")
    assert count(server.db, "sessions") == 0

    server.kill()

    # Today: what was last known, marked as such.
    page.goto(f"{server.url}/today")
    note = page.locator("[data-note=offline]")
    assert note.inner_text().startswith("Offline: shown as of ")
    assert page.inner_text("h1") == "Today"

    # A whole session, on the page's own clock.
    start = datetime.now(UTC).replace(microsecond=0)
    page.clock.install(time=start)
    page.goto(f"{server.url}{SESSION}")
    assert page.locator("[data-note=offline]").count() == 1
    assert page.inner_text("#intro h2") == "Toe presses"
    page.clock.pause_at(start + timedelta(hours=1))
    page.click("#start")
    page.clock.run_for(round(TIMELINE.total_s * 1000 / SPEED) + 1000)
    page.clock.resume()
    page.wait_for_selector("#finished", state="visible")
    assert page.inner_text("#summary") == "10 of 10 efforts done."
    page.wait_for_function(
        "() => document.getElementById('sync').textContent.startsWith('Offline:')"
    )
    queued = outbox_pending(page)
    assert queued == 1 + 10 + 1  # the start, every effort, the finish

    # Pain after the session, kept on the device.
    page.click("#pain-after")
    page.wait_for_url("**/checkin?context=after&session_id=*")
    assert page.locator("[data-note=offline]").count() == 1
    page.check("label[for='back-3']")
    page.click("form[action='/checkin'] button[type=submit]")
    page.wait_for_selector("#checkin-kept")
    assert page.inner_text("#checkin-kept").startswith("Kept on this device")
    assert outbox_pending(page) == queued + 1
    assert count(server.db, "sessions") == 0 and count(server.db, "pain_checkins") == 0

    # The server is back: everything arrives, once.
    server.start()
    wait_until(lambda: outbox_pending(page) == 0, timeout=WAIT_S, what="the outbox to drain")
    page.evaluate("() => Outbox.flush()")  # sending again changes nothing
    [session] = sessions(server.db)
    assert session["status"] == "completed"
    assert [row["cue_index"] for row in efforts(server.db, session["id"])] == WORK_CUES
    [checkin] = query(server.db, "SELECT id, context, session_id FROM pain_checkins")
    assert checkin["context"] == "after" and checkin["session_id"] == session["id"]
    assert query(server.db, "SELECT region, score FROM pain_scores") == [
        {"region": "back", "score": 3}
    ]

    # Online again, Today is the server's own page, with no offline note.
    page.goto(f"{server.url}/today")
    assert page.locator("[data-note=offline]").count() == 0
    assert errors == []


def test_today_offline_in_the_browser_too(shared: Server, app_context: Any) -> None:
    """The network gone rather than the server: the same copy, marked the same way."""
    page, errors = page_of(app_context)
    install(page, shared.url)
    app_context.set_offline(True)
    try:
        page.reload()
        assert page.inner_text("[data-note=offline]").startswith("Offline: shown as of ")
        page.goto(f"{shared.url}/exercises/toe-presses")
        assert page.locator("[data-note=offline]").count() == 1
        assert page.evaluate(
            "() => [...document.images].every((img) => img.complete && img.naturalWidth > 0)"
        )
    finally:
        app_context.set_offline(False)
    page.reload()
    assert page.locator("[data-note=offline]").count() == 0
    assert errors == []


# -- push ------------------------------------------------------------------------------------------


def test_a_delivered_push_shows_a_reminder(server: Server, app_context: Any) -> None:
    page, errors = page_of(app_context)
    app_context.grant_permissions(["notifications"], origin=server.url)
    install(page, server.url)
    cdp = app_context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")

    def ours() -> dict[str, Any] | None:
        page.wait_for_timeout(50)  # the sync API hands over CDP events only inside its calls
        return next(
            (r for r in registrations if r["scopeURL"] == f"{server.url}/" and not r["isDeleted"]),
            None,
        )

    registration = wait_until(ours, timeout=WAIT_S, what="the service worker's registration")
    # A push reaches a worker once it is activated (activating, it may still be clearing caches).
    wait_until(
        lambda: page.evaluate(
            "async () => (await navigator.serviceWorker.ready).active.state === 'activated'"
        ),
        timeout=WAIT_S,
        what="the service worker to be activated",
    )
    message = {"title": "Time for your exercises", "body": "Toe presses are due.", "url": "/today"}

    def notifications() -> list[dict[str, Any]]:
        return list(
            page.evaluate(
                """async () => (await (await navigator.serviceWorker.ready).getNotifications())
                .map((n) => ({title: n.title, body: n.body, icon: n.icon, url: n.data.url}))"""
            )
        )

    # Under load DevTools' first delivery sometimes shows nothing at all (6 Dec 2026: 3 runs
    # of 9, three copies side by side at load 6, the permission granted and the one
    # registration active; twice in four whole runs of the suite before), while a second
    # delivery showed the reminder every time. The cause inside Chromium is not known. So a
    # push that shows nothing within RESEND_S is delivered again, and that is printed (in the
    # test's output on failure, with -rP otherwise); the reminder's tag keeps one on screen.
    shown: list[dict[str, Any]] = []
    for attempt in range(WAIT_S // RESEND_S):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": server.url, "registrationId": registration["registrationId"],
             "data": json.dumps(message)},
        )  # fmt: skip
        try:
            shown = wait_until(notifications, timeout=RESEND_S, what="the notification")
            break
        except pytest.fail.Exception:
            permission = page.evaluate("() => Notification.permission")
            print(
                f"push {attempt + 1} showed nothing in {RESEND_S} s (permission {permission};"
                f" registrations seen: {registrations})"
            )
    assert shown == [
        {
            "title": "Time for your exercises",
            "body": "Toe presses are due.",
            "icon": f"{server.url}/static/icons/icon-192.png",
            "url": "/today",
        }
    ]
    assert errors == []


def test_a_balance_test_made_offline_is_sent_once_when_back(
    shared: Server, app_context: Any
) -> None:
    page, errors = page_of(app_context)
    install(page, shared.url)
    before = count(shared.db, "balance_tests")  # the server is shared: count what this adds
    page.goto(f"{shared.url}/balance?speed=20")
    page.uncheck("#closed-on")
    app_context.set_offline(True)
    try:
        page.click("#begin")
        for _ in range(6):  # three tries on each leg, each let go at once
            page.wait_for_selector("#start", state="visible")
            page.click("#start")
            page.wait_for_selector("#down", state="visible")
            page.click("#down")
        page.wait_for_function(
            "() => document.getElementById('save-status').textContent.startsWith('Kept on')"
        )
        assert outbox_pending(page) == 1
        assert count(shared.db, "balance_tests") == before
    finally:
        app_context.set_offline(False)
    wait_until(lambda: outbox_pending(page) == 0, timeout=WAIT_S, what="the outbox to drain")
    page.evaluate("() => Outbox.flush()")
    assert count(shared.db, "balance_tests") == before + 1
    assert errors == []


# -- whose pages --------------------------------------------------------------------------------


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Server]:
    started = Server(tmp_path / "clinic", clinic=True)
    started.add_patient("alice")
    started.add_patient("bob")
    started.add_account("carol", role="clinician")
    with running(started):
        yield started


def log_in(page: Any, base: str, username: str, *, lands_on: str = "/today") -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base}{lands_on}")


def every_cached_path(page: Any) -> list[str]:
    return list(
        page.evaluate(
            """async () => {
                const paths = [];
                for (const name of await caches.keys()) {
                    for (const request of await (await caches.open(name)).keys()) {
                        paths.push(new URL(request.url).pathname);
                    }
                }
                return paths;
            }"""
        )
    )


def person_caches(page: Any) -> list[str]:
    names = page.evaluate("() => caches.keys()")
    # footwork-person-<app version>-<hash>-<person id>
    return sorted(name.split("-", 4)[4] for name in names if name.startswith("footwork-person-"))


def test_one_persons_pages_are_never_shown_to_another(clinic: Server, app_context: Any) -> None:
    page, errors = page_of(app_context)
    log_in(page, clinic.url, "alice")
    alice = page.get_attribute("meta[name=footwork-owner]", "content")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto(f"{clinic.url}/today")
    wait_until(lambda: person_caches(page) == [alice], timeout=WAIT_S, what="alice's pages kept")

    page.click("nav form[action='/logout'] button")
    page.wait_for_url(f"{clinic.url}/login")
    wait_until(lambda: person_caches(page) == [], timeout=WAIT_S, what="alice's pages forgotten")

    log_in(page, clinic.url, "bob")
    bob = page.get_attribute("meta[name=footwork-owner]", "content")
    assert bob != alice
    wait_until(lambda: person_caches(page) == [bob], timeout=WAIT_S, what="bob's pages kept")

    # A clinician's pages are never kept, and the patient's are forgotten.
    page.click("nav form[action='/logout'] button")
    page.wait_for_url(f"{clinic.url}/login")
    log_in(page, clinic.url, "carol", lands_on="/clinic")
    page.goto(f"{clinic.url}/clinic/exercises")
    page.goto(f"{clinic.url}/clinic")
    wait_until(lambda: person_caches(page) == [], timeout=WAIT_S, what="no one's pages kept")
    assert [p for p in every_cached_path(page) if p.startswith("/clinic")] == []

    page.click("nav form[action='/logout'] button")
    page.wait_for_url(f"{clinic.url}/login")
    log_in(page, clinic.url, "bob")
    wait_until(lambda: person_caches(page) == [bob], timeout=WAIT_S, what="bob's pages kept")
    clinic.kill()
    page.goto(f"{clinic.url}/today")
    assert page.get_attribute("meta[name=footwork-owner]", "content") == bob
    assert errors == []


# -- a new version ---------------------------------------------------------------------------


class Deploy:
    """A pass-through proxy in front of the server whose /sw.js can carry another version, as
    after a deploy (Chromium fetches a worker's script past Playwright's routing), and which
    can hold a page's navigation until released."""

    HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.suffix = ""
        self.hold = ""  # the path of a navigation to hold until `released` is set
        self.holding = threading.Event()
        self.released = threading.Event()
        deploy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def forward(self) -> None:
                if self.path == deploy.hold and self.headers.get("sec-fetch-mode") == "navigate":
                    deploy.holding.set()
                    deploy.released.wait(WAIT_S)
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = [(k, v) for k, v in self.headers.items() if k.lower() not in deploy.HOP]
                answer = httpx.request(
                    self.command, deploy.upstream + self.path, headers=headers, content=body,
                    follow_redirects=False, timeout=WAIT_S,
                )  # fmt: skip
                content = answer.content
                if self.path == "/sw.js" and deploy.suffix:
                    content = content.replace(
                        b'const VERSION = "', f'const VERSION = "{deploy.suffix}-'.encode(), 1
                    )
                self.send_response(answer.status_code)
                for key, value in answer.headers.multi_items():
                    if key.lower() not in deploy.HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = forward

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_page_opened_while_the_worker_takes_over_is_controlled_too(
    shared: Server, app_context: Any
) -> None:
    """The worker claims the pages open when it starts; a page whose request went out before
    then (a log-in's next page, on a slow server) asks to be claimed when it loads."""
    deploy = Deploy(shared.url)
    deploy.hold = "/today"
    try:
        page, errors = page_of(app_context)
        page.goto(f"{deploy.url}/exercises")  # registers the worker when loaded
        page.evaluate("() => { window.location.href = '/today'; }")
        assert deploy.holding.wait(WAIT_S), "the visit to Today never reached the server"
        # Today's request is out; a second tab is claimed when the worker starts.
        tab = app_context.new_page()
        tab.goto(f"{deploy.url}/hello")
        tab.wait_for_function("() => navigator.serviceWorker.controller !== null")
        deploy.released.set()
        page.wait_for_url(f"{deploy.url}/today")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        assert errors == []
    finally:
        deploy.released.set()
        deploy.close()


def update(page: Any) -> None:
    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")


def test_a_new_version_takes_over_between_sessions(shared: Server, app_context: Any) -> None:
    deploy = Deploy(shared.url)
    try:
        page, errors = page_of(app_context)
        install(page, deploy.url)
        [old_shell] = [n for n in page.evaluate("() => caches.keys()") if "shell" in n]

        # During a session: the page keeps its scripts and says a new version is ready.
        page.goto(f"{deploy.url}/session?ids=toe-presses")
        page.click("#start")
        page.evaluate("() => { window.__samePage = true; }")
        deploy.suffix = "second"
        update(page)
        page.wait_for_selector("[data-note=update]")
        note = page.inner_text("[data-note=update]")
        assert note.startswith("A new version of Footwork is ready")
        assert page.evaluate("() => window.__samePage") is True
        assert page.is_visible("#stage")
        wait_until(
            lambda: old_shell not in page.evaluate("() => caches.keys()"),
            timeout=WAIT_S,
            what="the old version's caches deleted",
        )
        page.click("#quit")

        # Between sessions: the page reloads into the new version.
        page.goto(f"{deploy.url}/today")
        wait_until(lambda: outbox_pending(page) == 0, timeout=WAIT_S, what="the outbox to drain")
        page.evaluate("() => { window.__samePage = true; }")
        deploy.suffix = "third"
        update(page)
        page.wait_for_function("() => window.__samePage === undefined")
        names = page.evaluate("() => caches.keys()")
        assert [n for n in names if "shell" in n] == [
            old_shell.replace("footwork-shell-", "footwork-shell-third-")
        ]
        assert page.locator("[data-note=update]").count() == 0
        assert errors == []
    finally:
        deploy.close()


# -- erasure ------------------------------------------------------------------------------------

OUTBOX_ITEMS = """async () => new Promise((resolve, reject) => {
    const open = indexedDB.open("footwork", 1);
    open.onsuccess = () => {
        const all = open.result.transaction("outbox").objectStore("outbox").getAll();
        all.onsuccess = () => resolve(all.result.map((item) => item.owner));
        all.onerror = () => reject(all.error);
    };
    open.onerror = () => reject(open.error);
})"""


def test_delete_everything_empties_this_devices_copies_too(
    server: Server, app_context: Any
) -> None:
    page, errors = page_of(app_context)
    install(page, server.url)
    owner = page.get_attribute("meta[name=footwork-owner]", "content")
    assert owner and person_caches(page) == [owner]
    # A write of theirs the server keeps refusing (a patient asking a clinician's route is
    # 403, so the outbox holds it for after a log-in), one of someone else's, and a session
    # in progress.
    page.evaluate(
        """async (owner) => {
            await Outbox.add("GET", "/api/clinic/patients", null);
            await new Promise((resolve) => {
                const open = indexedDB.open("footwork", 1);
                open.onsuccess = () => {
                    const t = open.result.transaction("outbox", "readwrite");
                    t.objectStore("outbox").add({method: "GET", url: "/api/today", body: null,
                                                 owner: "someone-else", added: Date.now()});
                    t.oncomplete = resolve;
                };
            });
            localStorage.setItem(`footwork-session:${owner}`, '{"sessionId": "x"}');
        }""",
        owner,
    )
    assert sorted(page.evaluate(OUTBOX_ITEMS)) == sorted([owner, "someone-else"])
    page.goto(f"{server.url}/settings/erase")
    page.fill("#erase-confirm", "DELETE")
    page.click("form[action='/settings/erase'] button[type=submit]")
    page.wait_for_selector("[data-forget-owner][data-forgotten=yes]")
    assert "deleted too" in page.inner_text("[data-device-status]")
    assert page.evaluate(OUTBOX_ITEMS) == ["someone-else"]
    assert owner not in person_caches(page)
    assert (
        page.evaluate("(owner) => localStorage.getItem(`footwork-session:${owner}`)", owner) is None
    )
    assert errors == []
