"""The player's camera check with Chromium's fake camera, fed clips made at test time from
real photos (tests/camera_clips.py): the real pose model runs in the page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests import camera_clips as clips
from tests.e2e import test_browser as browser
from tests.e2e.browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    running,
    wait_for_drain,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
FAKE_CAMERA = ["--use-fake-device-for-media-stream"]
GIVE_UP = ("no-camera", "refused", "no-model", "dark")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(Server(tmp_path_factory.mktemp("camera-server"))) as server:
        yield server


@pytest.fixture
def camera_browser(chromium: Any) -> Iterator[Callable[..., Any]]:
    """A Chromium whose fake camera plays `clip`; `allow=False` leaves out the flag that
    grants the camera without asking. Launched by the session's Playwright (one per thread)."""
    browsers: list[Any] = []

    def launch(clip: Path | None, *, allow: bool = True) -> Any:
        args = [*CHROMIUM_ARGS, *FAKE_CAMERA]
        if allow:
            args.append("--use-fake-ui-for-media-stream")
        if clip is not None:
            args.append(f"--use-file-for-fake-video-capture={clip}")
        instance = chromium.browser_type.launch(executable_path=str(CHROMIUM), args=args)
        browsers.append(instance)
        context = instance.new_context(viewport=PHONE, service_workers="block")
        page = context.new_page()
        page.set_default_timeout(30_000)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors  # type: ignore[attr-defined]
        return page

    yield launch
    for instance in browsers:
        instance.close()


def open_player(page: Any, base: str, query: str = "ids=toe-walking&speed=1") -> None:
    page.goto(f"{base}/session?{query}")
    browser.pass_readiness_if_asked(page, base, f"/session?{query}")
    page.wait_for_selector("#camera[data-ready=yes]", state="attached")


def camera_on(page: Any) -> None:
    page.check("#camera-on")
    page.wait_for_function(
        "(giveUp) => Number(document.getElementById('camera-points').dataset.points) > 0"
        " || document.getElementById('camera-view').dataset.view === 'none'"
        " && document.getElementById('camera-view').textContent !== ''"
        " || giveUp.includes(document.getElementById('camera').dataset.state)",
        arg=list(GIVE_UP),
        timeout=90_000,
    )


def test_a_person_clip_shows_the_leg_points_and_feet_in_view(
    server: Server, camera_browser: Callable[..., Any], tmp_path: Path
) -> None:
    page = camera_browser(clips.still_clip(tmp_path / "person.y4m", clips.person()))
    open_player(page, server.url)
    assert page.inner_text(".camera-privacy").startswith("The video stays on this device")
    camera_on(page)
    assert page.get_attribute("#camera", "data-state") == "on"
    assert int(page.get_attribute("#camera-points", "data-points")) >= 8
    assert page.inner_text("#camera-view") == "Feet in view"
    # The canvas has the points drawn on it, not just the attribute.
    coloured = page.evaluate(
        "() => { const c = document.getElementById('camera-points');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"
    )
    assert coloured > 50
    # Remembered on this device; off again stops the camera.
    assert page.evaluate("() => localStorage.getItem('footwork-camera')") == "on"
    page.uncheck("#camera-on")
    assert page.evaluate("() => document.getElementById('camera-video').srcObject") is None
    assert page.get_attribute("#camera-points", "data-points") == "0"
    assert page.errors == []


def test_an_empty_room_says_nobody_is_in_view(
    server: Server, camera_browser: Callable[..., Any], tmp_path: Path
) -> None:
    page = camera_browser(clips.still_clip(tmp_path / "room.y4m", clips.empty_room()))
    open_player(page, server.url)
    camera_on(page)
    assert page.inner_text("#camera-view") == "Nobody in view"
    assert page.get_attribute("#camera-points", "data-points") == "0"
    assert page.errors == []


def test_a_refused_camera_says_so_and_the_session_goes_on(
    server: Server, camera_browser: Callable[..., Any], tmp_path: Path
) -> None:
    page = camera_browser(None, allow=False)
    # Without the flag that grants it, the camera is refused (no one answers the prompt).
    page.context.grant_permissions([])
    page.context.add_init_script(
        "navigator.mediaDevices.getUserMedia = () =>"
        " Promise.reject(new DOMException('refused', 'NotAllowedError'));"
    )
    open_player(page, server.url, "ids=toe-presses&speed=20")
    page.check("#camera-on")
    page.wait_for_selector("#camera[data-state=refused]", state="attached")
    assert "not allowed" in page.inner_text("#camera-message")
    page.click("#start")
    page.wait_for_function("() => document.getElementById('player').dataset.kind === 'work'")
    page.wait_for_function("() => document.getElementById('player').dataset.kind === 'rest'")
    assert page.errors == []


def test_black_frames_say_so_and_the_session_goes_on(
    server: Server, camera_browser: Callable[..., Any], tmp_path: Path
) -> None:
    page = camera_browser(clips.black_clip(tmp_path / "black.y4m"))
    open_player(page, server.url, "ids=toe-presses&speed=20")
    page.check("#camera-on")
    page.wait_for_selector("#camera[data-state=dark]", state="attached", timeout=90_000)
    assert "black" in page.inner_text("#camera-message")
    page.click("#start")
    page.wait_for_function("() => document.getElementById('player').dataset.kind === 'work'")
    assert page.errors == []


def test_no_request_leaves_the_origin(
    server: Server, camera_browser: Callable[..., Any], tmp_path: Path
) -> None:
    page = camera_browser(clips.still_clip(tmp_path / "person.y4m", clips.person()))
    hosts: list[str] = []
    paths: list[str] = []

    def record(route: Any) -> None:
        hosts.append(urlsplit(route.request.url).netloc)
        paths.append(urlsplit(route.request.url).path)
        route.continue_()

    page.context.route("**/*", record)
    open_player(page, server.url, "ids=toe-walking&speed=5")
    camera_on(page)
    with page.expect_request(lambda request: "/camera/" in request.url, timeout=60_000):
        page.click("#start")  # a batch of points goes out during the first work cue
    assert any(path.startswith("/static/vendor/pose/") for path in paths)
    assert set(hosts) == {urlsplit(server.url).netloc}


def test_a_session_with_the_camera_shows_live_figures_and_saves_the_report(
    server: Server, camera_browser: Callable[..., Any], tmp_path: Path
) -> None:
    page = camera_browser(clips.still_clip(tmp_path / "person.y4m", clips.person()))
    open_player(page, server.url, "ids=toe-walking&speed=4")
    camera_on(page)
    page.click("#start")
    # The server's answer to a batch of the first work cue is on the page.
    page.wait_for_function(
        "() => Number(document.getElementById('camera-live').dataset.frames) > 0", timeout=90_000
    )
    assert page.get_attribute("#camera-live", "data-exercise") == "toe-walking"
    page.click("#quit")
    page.wait_for_selector("#finished", state="visible")
    wait_for_drain(page, timeout=60)
    session_id = page.evaluate(
        "() => new URL(document.getElementById('pain-after').href).searchParams.get('session_id')"
    )
    answer = page.evaluate(
        "(id) => fetch(`/api/sessions/${id}/camera`).then((r) => r.json())", session_id
    )
    reports = {r["exercise_id"]: r["report"] for r in answer["reports"]}
    report = reports["toe-walking"]
    assert report["seen"] is True
    assert report["coverage"]["person_s"] > 0
    assert report["coverage"]["feet_s"] > 0
    # The camera stopped with the session.
    assert page.evaluate("() => document.getElementById('camera-video').srcObject") is None
    assert page.errors == []


def test_without_a_camera_the_page_says_so_and_the_session_goes_on(
    server: Server, camera_browser: Callable[..., Any]
) -> None:
    page = camera_browser(None)
    page.context.add_init_script(
        "Object.defineProperty(navigator, 'mediaDevices', { value: undefined });"
    )
    open_player(page, server.url, "ids=toe-presses&speed=20")
    page.check("#camera-on")
    page.wait_for_selector("#camera[data-state=no-camera]", state="attached")
    assert "no camera" in page.inner_text("#camera-message")
    page.click("#start")
    page.wait_for_function("() => document.getElementById('player').dataset.kind === 'work'")
    assert page.errors == []
