"""Screenshots of every page at phone size (390x844), and a few at 1366x900, into
docs/screenshots/: `.venv/bin/python tools/screenshots.py [--out FOLDER]`.

Starts its own servers on 127.0.0.1 with demo data made on the spot (two months of sessions,
pain and balance tests; a clinic with a clinician and a patient who joins) and walks the same
pages as tests/e2e/test_browser_widths.py. Nothing comes from the internet: Debian's Chromium
(/usr/bin/chromium, or FOOTWORK_CHROMIUM) through Playwright."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.e2e: the walk and the demo data are shared

from tests.e2e.browser_support import CHROMIUM, CHROMIUM_ARGS, running  # noqa: E402
from tests.e2e.tour import clinic_server, personal_server, walk_clinic, walk_person  # noqa: E402

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
# Also at laptop size: the pages with the most on them.
WIDE = {"today", "history", "progress", "handout", "clinic-patient", "clinic-list"}
# Also what the phone shows first (name-screen.png), for the README.
FIRST_SCREEN = {"today", "session-intro", "history", "progress", "handout", "clinic-patient"}
COLOURS = 128  # PNGs with a palette: a third of the size, text as sharp


class Camera:
    """A `look` that saves the whole page at phone size (and some at laptop size)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved: list[Path] = []

    def __call__(self, page: Any, name: str) -> None:
        page.evaluate("() => document.fonts.ready")
        self.shoot(page, f"{name}.png", PHONE)
        if name in FIRST_SCREEN:
            self.shoot(page, f"{name}-screen.png", PHONE, full_page=False)
        if name in WIDE:
            self.shoot(page, f"{name}-wide.png", LAPTOP)
            page.set_viewport_size(PHONE)
        if name.startswith("exercise-") and page.locator("figure.demo").count():
            self.demonstration(page, name.removeprefix("exercise-"))

    def demonstration(self, page: Any, exercise_id: str) -> None:
        """The animated figure of an exercise, caught in the middle of its effort."""
        figure = page.locator("figure.demo")
        page.wait_for_selector("figure.demo:not([hidden]) svg")  # a leg seen end-on has no width
        page.wait_for_function(
            "() => !['', 'Rest'].includes(document.querySelector('.demo-phase').textContent)"
        )
        path = self.folder / f"demo-{exercise_id}.png"
        figure.screenshot(path=path, caret="hide")
        self.saved.append(path)

    def shoot(
        self, page: Any, file_name: str, size: dict[str, int], *, full_page: bool = True
    ) -> None:
        page.set_viewport_size(size)
        path = self.folder / file_name
        page.screenshot(path=path, full_page=full_page, animations="disabled", caret="hide")
        with Image.open(path) as shot:
            small = shot.convert("RGB").quantize(
                colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
            )
        small.save(path, optimize=True)
        self.saved.append(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    options = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"Chromium is missing ({CHROMIUM}); install Debian's chromium package.")
        return 1
    from playwright.sync_api import sync_playwright

    options.out.mkdir(parents=True, exist_ok=True)
    camera = Camera(options.out)
    with tempfile.TemporaryDirectory(prefix="footwork-screenshots-") as scratch:
        folder = Path(scratch)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

            def new_page() -> Any:
                context = browser.new_context(viewport=PHONE, device_scale_factor=1)
                page = context.new_page()
                page.set_default_timeout(30_000)
                return page

            with running(personal_server(folder / "personal")) as server:
                walk_person(new_page(), server.url, camera)
                # The charts as `footwork report --format png` makes them (for the README).
                server.footwork("report", "--format", "png", "--output", str(folder / "charts"))
                for chart in sorted((folder / "charts").glob("footwork-*.png")):
                    target = options.out / chart.name.replace("footwork-", "chart-")
                    shutil.copyfile(chart, target)
                    camera.saved.append(target)
            with running(clinic_server(folder / "clinic")) as server:
                walk_clinic(server, new_page(), new_page(), camera)
            browser.close()
    print(f"{len(camera.saved)} screenshots in {options.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
