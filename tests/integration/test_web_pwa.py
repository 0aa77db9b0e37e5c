"""The installable app's routes: the manifest and its icons, the service worker's script (its
scope, its headers, its version), and the policy that lets both load from our origin only."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from footwork.config import Settings
from footwork.web import pwa
from footwork.web.app import create_app
from footwork.web.headers import CONTENT_SECURITY_POLICY

HTML = {"accept": "text/html"}
ICONS = Path(pwa.PACKAGE) / "static" / "icons"


@pytest.fixture(scope="module")
def personal(tmp_path_factory) -> TestClient:
    folder = tmp_path_factory.mktemp("pwa")
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'fw.db'}"))
    return TestClient(app, base_url="http://127.0.0.1:8000")


@pytest.fixture(scope="module")
def clinic(tmp_path_factory) -> TestClient:
    folder = tmp_path_factory.mktemp("pwa-clinic")
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'fw.db'}", mode="clinic"))
    return TestClient(app, base_url="http://127.0.0.1:8000")


def css_colour(name: str) -> str:
    css = (Path(pwa.PACKAGE) / "static" / "app.css").read_text()
    match = re.search(rf"--{name}: (#[0-9a-f]{{6}});", css)
    assert match, name
    return match.group(1)


def test_the_manifest_names_the_app_and_its_start(personal):
    answer = personal.get("/manifest.webmanifest")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/manifest+json"
    manifest = json.loads(answer.text)
    assert manifest["name"] == "Footwork"
    assert manifest["short_name"] == "Footwork"
    assert manifest["start_url"] == "/today"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == css_colour("accent")
    assert manifest["background_color"] == css_colour("paper")


def test_every_icon_is_a_png_of_the_size_it_claims(personal):
    icons = json.loads(personal.get("/manifest.webmanifest").text)["icons"]
    purposes = {icon["purpose"] for icon in icons}
    assert purposes == {"any", "maskable"}
    sizes = {icon["sizes"] for icon in icons}
    assert {"192x192", "512x512"} <= sizes
    for icon in icons:
        answer = personal.get(icon["src"])
        assert answer.status_code == 200, icon["src"]
        assert answer.headers["content-type"] == "image/png"
        image = Image.open(BytesIO(answer.content))
        assert image.format == "PNG"
        assert f"{image.width}x{image.height}" == icon["sizes"]


def test_the_maskable_icon_fills_its_square_and_keeps_the_foot_in_the_safe_circle():
    image = Image.open(ICONS / "maskable-512.png").convert("RGB")
    background = image.getpixel((0, 0))
    assert background == image.getpixel((511, 511))  # no transparent corners to mask
    # The foot (white) lies wholly within the central circle of radius 40 % (the safe zone).
    for x in range(0, 512, 4):
        for y in range(0, 512, 4):
            if image.getpixel((x, y)) != background and sum(image.getpixel((x, y))) > 600:
                assert (x - 256) ** 2 + (y - 256) ** 2 <= (0.4 * 512) ** 2, (x, y)


def test_the_apple_touch_icon_is_180_px_and_opaque(personal):
    answer = personal.get("/static/icons/apple-touch-icon.png")
    image = Image.open(BytesIO(answer.content))
    assert image.size == (180, 180)
    assert image.convert("RGBA").getextrema()[3] == (255, 255)


@pytest.mark.parametrize("which", ["personal", "clinic"])
def test_every_page_links_the_manifest_and_the_icons(which, request):
    client = request.getfixturevalue(which)
    page = client.get("/login" if which == "clinic" else "/today", headers=HTML)
    assert page.status_code == 200
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page.text
    assert '<meta name="theme-color" content="#1f5f8b">' in page.text
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in page.text
    assert '<script src="/static/pwa.js"></script>' in page.text


def test_the_manifest_and_the_worker_need_no_login(clinic):
    # The browser fetches the manifest without cookies; the worker script is public too.
    assert clinic.get("/manifest.webmanifest").status_code == 200
    assert clinic.get("/sw.js").status_code == 200


def test_the_service_worker_is_served_at_the_root_uncached_with_its_version(personal):
    answer = personal.get("/sw.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/javascript")
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["service-worker-allowed"] == "/"
    assert pwa.VERSION_MARK not in answer.text
    assert f'const VERSION = "{pwa.shell_version()}";' in answer.text
    assert pwa.shell_version().startswith("0.1.0-")


def test_the_worker_keeps_no_clinicians_pages_and_no_token_answers():
    script = (Path(pwa.PACKAGE) / "worker" / "sw.js").read_text()
    kept = re.search(r"const PERSON_PATHS = \[(.*?)\];", script, re.S)
    assert kept
    assert "clinic\\/patients" not in kept.group(1) and "/api/history" not in kept.group(1)
    assert 'request.headers.has("authorization")' in script


def test_the_shell_version_changes_with_a_static_file(monkeypatch, tmp_path):
    before = pwa.shell_version()
    copy = tmp_path / "web"
    for part in ("static", "templates", "worker"):
        source = Path(pwa.PACKAGE) / part
        for path in source.rglob("*"):
            if path.is_file():
                target = copy / part / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    monkeypatch.setattr(pwa, "PACKAGE", copy)
    monkeypatch.setattr(pwa, "WORKER", copy / "worker" / "sw.js")
    pwa.shell_version.cache_clear()
    try:
        assert pwa.shell_version() == before
        pwa.shell_version.cache_clear()
        (copy / "static" / "player.js").write_text("// a new player\n")
        assert pwa.shell_version() != before
    finally:
        pwa.shell_version.cache_clear()


def test_the_policy_lets_workers_and_manifests_come_from_our_origin_only(personal):
    page = personal.get("/today", headers=HTML)
    policy = dict(
        (part.split(" ", 1)[0], part.split(" ", 1)[1]) for part in
        page.headers["content-security-policy"].split("; ")
    )  # fmt: skip
    assert policy["worker-src"] == "'self'"
    assert policy["manifest-src"] == "'self'"
    # WebAssembly for the camera check's pose model, and no eval of script text.
    assert policy["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_the_pose_model_is_served_from_our_origin_and_kept_a_week(personal):
    for path in (
        "/static/vendor/pose/vision_bundle.mjs",
        "/static/vendor/pose/wasm/vision_wasm_internal.wasm",
        "/static/vendor/pose/pose_landmarker_lite.task",
    ):
        answer = personal.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["cache-control"] == "public, max-age=604800", path
    wasm = personal.get("/static/vendor/pose/wasm/vision_wasm_internal.wasm")
    assert wasm.content[:4] == b"\0asm"
    assert wasm.headers["content-type"] == "application/wasm"
