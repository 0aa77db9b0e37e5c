"""The installable app: the web app manifest and the service worker, both from our own origin.

The service worker's script is served at /sw.js (not under /static/) so that its scope is the
whole app. Its cache names carry a version made from the app's version and a hash of every
static file and template, so a change to any of them makes a new worker that replaces the old
one and its caches (see docs/offline.md)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from footwork import __version__

PACKAGE = Path(str(resources.files("footwork.web")))
WORKER = PACKAGE / "worker" / "sw.js"
THEME_COLOUR = "#1f5f8b"  # --accent in app.css
BACKGROUND_COLOUR = "#f7f5f0"  # --paper in app.css
VERSION_MARK = "__FOOTWORK_SHELL_VERSION__"

MANIFEST: dict[str, object] = {
    "id": "/today",
    "name": "Footwork",
    "short_name": "Footwork",
    "description": "Your foot exercise program: today's sessions, a guided player, pain check-ins.",
    "lang": "en",
    "start_url": "/today",
    "scope": "/",
    "display": "standalone",
    "orientation": "any",
    "theme_color": THEME_COLOUR,
    "background_color": BACKGROUND_COLOUR,
    "icons": [
        {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png",
         "purpose": "any"},
        {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png",
         "purpose": "any"},
        {"src": "/static/icons/maskable-512.png", "sizes": "512x512", "type": "image/png",
         "purpose": "maskable"},
    ],
}  # fmt: skip

router = APIRouter()


@cache
def shell_version() -> str:
    """The app's version and a short hash of the worker, the static files and the templates:
    it changes whenever anything a cached page runs or shows changes."""
    digest = hashlib.sha256(__version__.encode())
    files = [WORKER, *(PACKAGE / "static").rglob("*"), *(PACKAGE / "templates").rglob("*")]
    for path in sorted(p for p in files if p.is_file()):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:12]}"


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest() -> Response:
    return JSONResponse(MANIFEST, media_type="application/manifest+json")


@router.get("/sw.js", include_in_schema=False)
def service_worker() -> Response:
    # Served with Cache-Control: no-store (every answer outside /static/ is), so the browser
    # checks for a new worker on every visit.
    script = WORKER.read_text(encoding="utf-8").replace(VERSION_MARK, shell_version())
    return Response(
        script,
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/"},
    )
