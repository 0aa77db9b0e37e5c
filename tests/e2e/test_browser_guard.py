"""Hostile text in a real browser: an exercise title, a clinic exercise, a pain note and a
patient's name made of script run nothing on any page that shows them, the pages raise no
Content-Security-Policy violation, and every HTML answer carries the policy."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.browser_support import (
    CHROMIUM,
    PASSWORD,
    PHONE,
    Server,
    require,
    running,
    seed_history,
)

pytestmark = pytest.mark.browser

PAYLOAD = '</script><script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=1">'
# Count every policy violation the page sees, before any of its own script runs.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


@dataclass
class Watched:
    page: Any
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def visit(self, url: str) -> None:
        """Open `url` and check nothing ran that we did not write, and nothing was blocked."""
        answer = self.page.goto(url)
        assert answer is not None and answer.status == 200, (url, answer and answer.status)
        assert "content-security-policy" in answer.headers, url
        self.page.wait_for_load_state("load")
        assert self.page.evaluate("typeof window.__pwned") == "undefined", url
        assert self.page.evaluate("window.__violations") == [], url
        assert self.errors == [], (url, self.errors)
        # A missing drawing may 404; anything else in the console is a defect.
        others = [m for m in self.console if "Failed to load resource" not in m]
        assert others == [], (url, others)


@pytest.fixture
def watched(chromium: Any) -> Iterator[Callable[[], Watched]]:
    contexts: list[Any] = []

    def open_page() -> Watched:
        context = chromium.new_context(viewport=PHONE)
        context.add_init_script(WATCH)
        contexts.append(context)
        tab = Watched(context.new_page())
        tab.page.set_default_timeout(15_000)
        tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.page.on(
            "console",
            lambda message: tab.console.append(message.text) if message.type == "error" else None,
        )
        return tab

    yield open_page
    for context in contexts:
        context.close()


def hostile_program(folder: Path) -> Path:
    text = resources.files("footwork.content").joinpath("program.toml").read_text()
    path = folder / "program.toml"
    path.write_text(text.replace('title = "Toe presses"', f"title = {json.dumps(PAYLOAD)}"))
    return path


def add_hostile_note(database_url: str) -> None:
    from footwork.config import Settings
    from footwork.services.logging import log_pain_checkin
    from footwork.services.personal import local_timezone_name, open_store

    store = open_store(Settings(database_url=database_url))
    now = datetime.now(UTC) - timedelta(hours=1)
    person = store.personal_person(now=now, timezone=local_timezone_name())
    log_pain_checkin(store, person.id, {"back": 3}, context="any", session_id=None,
                     note=PAYLOAD, now=now)  # fmt: skip
    store.engine.dispose()


def html_get_routes() -> list[str]:
    """Every router's GET routes that take no parameter in their path (each module of
    footwork.web with a router: a page moved to a new module stays in the check)."""
    import importlib
    import pkgutil

    import footwork.web

    modules = [
        importlib.import_module(f"footwork.web.{info.name}")
        for info in pkgutil.iter_modules(footwork.web.__path__)
    ]
    paths = []
    for module in (m for m in modules if hasattr(m, "router")):
        for route in module.router.routes:
            path = getattr(route, "path", "")
            if "GET" in (getattr(route, "methods", None) or ()) and "{" not in path:
                paths.append(path)
    return paths


@pytest.fixture
def personal(tmp_path: Path) -> Iterator[Server]:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    server = Server(tmp_path / "personal")
    server.env["FOOTWORK_PROGRAM_PATH"] = str(hostile_program(tmp_path))
    seed_history(server.database_url, days=6)
    add_hostile_note(server.database_url)
    with running(server) as started:
        yield started


def test_hostile_titles_and_notes_run_nothing_in_personal_mode(
    personal: Server, watched: Callable[[], Watched]
) -> None:
    tab = watched()
    for path in ("/today", "/session", "/session?ids=toe-presses", "/history", "/progress",
                 "/exercises", "/exercises/toe-presses", "/checkin", "/settings", "/balance",
                 "/handout", "/access-log"):  # fmt: skip
        tab.visit(f"{personal.url}{path}")
    # The player shows the title as text, and works under the policy.
    tab.visit(f"{personal.url}/session?ids=toe-presses&speed=40")
    assert tab.page.inner_text("#intro h2") == PAYLOAD
    tab.page.click("#start")
    tab.page.wait_for_selector("#finished", state="visible", timeout=30_000)
    assert tab.page.evaluate("typeof window.__pwned") == "undefined"
    assert tab.page.evaluate("window.__violations") == []

    # Every HTML page the app has carries the policy.
    routes = html_get_routes()
    assert "/today" in routes and "/clinic" in routes
    pages = 0
    with httpx.Client(base_url=personal.url, headers={"accept": "text/html"}, timeout=60) as client:
        for path in (p for p in routes if not p.endswith(".pdf")):
            answer = client.get(path)
            if answer.headers.get("content-type", "").startswith("text/html"):
                pages += 1
                policy = answer.headers.get("content-security-policy", "")
                assert "script-src 'self'" in policy, path
                assert "frame-ancestors 'none'" in policy, path
            assert answer.headers["x-content-type-options"] == "nosniff", path
    assert pages >= 15  # the patient's pages, and the clinic's (refused here) as error pages


def test_hostile_names_and_exercises_run_nothing_in_clinic_mode(
    tmp_path: Path, watched: Callable[[], Watched]
) -> None:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    server = Server(tmp_path / "clinic", clinic=True)
    server.add_account("dr-lee", role="clinician")
    with running(server):
        doctor, patient = watched(), watched()
        dp, pp = doctor.page, patient.page

        dp.goto(f"{server.url}/login")
        dp.fill("#username", "dr-lee")
        dp.fill("#password", PASSWORD)
        dp.click("form[action='/login'] button[type=submit]")
        dp.wait_for_url(f"{server.url}/clinic")

        # A patient named with script, and a library exercise titled with it.
        dp.goto(f"{server.url}/clinic/patients/new")
        dp.fill("#name", PAYLOAD)
        dp.fill("#timezone", "Europe/Berlin")
        dp.click("form[action='/clinic/patients'] button[type=submit]")
        code = dp.inner_text("[data-testid=invite-code]")
        assert dp.evaluate("typeof window.__pwned") == "undefined"
        doctor.visit(f"{server.url}/clinic/exercises")
        dp.fill("#id", "hostile")
        dp.fill("#title", PAYLOAD)
        dp.fill("#position", PAYLOAD)
        dp.fill("#steps", PAYLOAD)
        dp.fill("#safety", PAYLOAD)
        dp.click("form[action='/clinic/exercises'] button[type=submit]")
        dp.wait_for_load_state("load")
        assert PAYLOAD in dp.inner_text("main")

        # The patient joins and writes a pain note with script in it.
        pp.goto(f"{server.url}/join")
        pp.fill("#code", code)
        pp.fill("#username", "robin")
        pp.fill("#password", PASSWORD)
        pp.fill("#password_again", PASSWORD)
        pp.click("form[action='/join'] button[type=submit]")
        pp.wait_for_url(f"{server.url}/today")
        status = pp.evaluate(
            """async (note) => (await fetch("/api/pain", {method: "POST",
                 headers: {"Content-Type": "application/json", "X-CSRF-Token":
                   document.querySelector('meta[name="csrf-token"]').content},
                 body: JSON.stringify({scores: {back: 4}, note})})).status""",
            PAYLOAD,
        )
        assert status == 201

        # The clinician prescribes the hostile exercise; both look at every page showing it.
        dp.goto(f"{server.url}/clinic")
        patient_url = dp.locator("table.patients a").first.get_attribute("href")
        assert patient_url and re.fullmatch(r"/clinic/patients/[0-9a-f-]+", patient_url)
        doctor.visit(f"{server.url}{patient_url}/program")
        dp.check("#use_hostile")
        dp.click("form.builder button[type=submit]")
        dp.wait_for_url(re.compile(r".*/clinic/patients/[0-9a-f-]+\?assigned=1"))
        for path in ("/clinic", f"{patient_url}/program", "/clinic/exercises", "/clinic/tokens",
                     "/account", f"{patient_url}/messages", patient_url):  # fmt: skip
            doctor.visit(f"{server.url}{path}")
        assert dp.inner_text("h1") == PAYLOAD  # shown as the text it is
        for path in ("/today", "/session", "/session?ids=hostile", "/history", "/progress",
                     "/exercises", "/handout", "/settings", "/messages"):  # fmt: skip
            patient.visit(f"{server.url}{path}")
        patient.visit(f"{server.url}/exercises/hostile")
        assert pp.inner_text("h1") == PAYLOAD
