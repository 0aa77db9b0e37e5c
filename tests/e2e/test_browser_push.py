"""The settings section for reminders on this device, in Chromium under the real CSP: without
push support it says so and offers no button; with it, "Turn on" asks for permission,
subscribes with the server's key and stores the subscription, "Stop" removes it. Headless
Chromium has no push service to reach here, so the browser's PushManager and permission prompt
are stood in for; everything from push.js to the database is real."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from footwork.config import Settings
from footwork.services.personal import local_timezone_name, open_store
from footwork.store.push import devices_of, save_device
from tests.e2e.browser_support import CHROMIUM, PHONE, Server, require, running

pytestmark = pytest.mark.browser

PAYLOAD = "</script><script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>"
KEYS = {
    "p256dh": "BGsX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW"
    "T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU",
    "auth": "AAECAwQFBgcICQoLDA0ODw",
}  # fmt: skip
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""
# A stand-in for the browser's push service and permission prompt (see the module docstring).
FAKE_PUSH = """
(() => {
  let allowed = "default", current = null;
  const keys = %s;
  const pushManager = {
    getSubscription: async () => current,
    subscribe: async (options) => {
      window.__subscribed = { userVisibleOnly: options.userVisibleOnly,
                              keyLength: options.applicationServerKey.length };
      current = {
        endpoint: "https://push.example.org/browser-test",
        toJSON() { return { endpoint: this.endpoint, expirationTime: null, keys }; },
        unsubscribe: async () => { current = null; return true; },
      };
      return current;
    },
  };
  const registration = { pushManager, scope: "/" };
  Object.defineProperty(navigator, "serviceWorker", { configurable: true, value: {
    ready: Promise.resolve(registration),
    register: async () => registration,
    getRegistration: async () => registration,
    addEventListener() {}, removeEventListener() {}, controller: null,
  }});
  Object.defineProperty(Notification, "permission", { configurable: true, get: () => allowed });
  Notification.requestPermission = async () => { allowed = "granted"; return allowed; };
})();
"""


@pytest.fixture(scope="module")
def personal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One personal server for the file: a test looks only at the devices it saved (tests run
    in random order)."""
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    server = Server(tmp_path_factory.mktemp("personal"))
    with running(server) as started:
        yield started


def store_of(server: Server) -> Any:
    return open_store(Settings(database_url=server.database_url))


def me(store: Any) -> str:
    return store.personal_person(now=datetime.now(UTC), timezone=local_timezone_name()).id


def open_settings(chromium: Any, server: Server, *scripts: str) -> tuple[Any, Any, list[str]]:
    context = chromium.new_context(viewport=PHONE)
    for script in (WATCH, *scripts):
        context.add_init_script(script)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    answer = page.goto(f"{server.url}/settings")
    assert answer is not None and answer.status == 200
    return context, page, errors


def state_of(page: Any) -> str:
    page.wait_for_function("() => document.getElementById('push-state').textContent.length > 0")
    return page.inner_text("#push-state")


def test_without_push_support_the_page_says_so_and_offers_no_button(chromium, personal):
    context, page, errors = open_settings(chromium, personal, "delete window.PushManager;")
    page.wait_for_load_state("load")
    assert page.is_visible("#push-unavailable")
    assert "cannot be turned on here" in page.inner_text("#push-unavailable")
    assert not page.is_visible("#push-on") and not page.is_visible("#push-off")
    assert page.evaluate("window.__violations") == [] and errors == []
    context.close()


def test_turn_on_and_stop_reminders_on_this_device(chromium, personal):
    store = store_of(personal)
    person_id = me(store)
    save_device(store, person_id, endpoint="https://push.example.org/other-phone", label=PAYLOAD,
                now=datetime.now(UTC), **KEYS)  # fmt: skip
    context, page, errors = open_settings(chromium, personal, FAKE_PUSH % KEYS)

    assert state_of(page) == "Reminders are off for this device."
    assert not page.is_visible("#push-unavailable")
    page.wait_for_selector("#push-devices li")
    assert page.inner_text("#push-devices li").startswith(PAYLOAD)  # shown as text
    assert page.evaluate("typeof window.__pwned") == "undefined"

    page.click("#push-on")
    page.wait_for_function(
        "() => document.getElementById('push-state').textContent.includes('are on')"
    )
    assert page.evaluate("window.__subscribed") == {"userVisibleOnly": True, "keyLength": 65}
    assert page.is_visible("#push-off") and not page.is_visible("#push-on")
    labels = [d.label for d in devices_of(store, person_id)]
    assert len(labels) == 2 and labels[0] == PAYLOAD, labels
    assert re.fullmatch(r"Chrome on \w+", labels[1]), labels
    page.wait_for_function("() => document.querySelectorAll('#push-devices li').length === 2")

    page.click("#push-off")
    page.wait_for_function(
        "() => document.getElementById('push-state').textContent.includes('are off')"
    )
    assert [d.label for d in devices_of(store, person_id)] == [PAYLOAD]
    assert page.evaluate("window.__violations") == [] and errors == []
    context.close()
    store.engine.dispose()
