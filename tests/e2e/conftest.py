"""Fixtures shared by the browser tests: one Chromium for the whole run (Playwright's sync
API allows one running instance per thread)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.browser_support import CHROMIUM, CHROMIUM_ARGS, require


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    require(CHROMIUM, "Chromium", "install Debian's chromium package (`apt-get install chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
