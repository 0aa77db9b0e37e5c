"""Every page renders with a plain title and one main heading."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.web.app import create_app

PAGES = {
    "/today": "Today",
    "/readiness": "Before you start",
    "/safety": "Safety",
    "/what-to-expect": "What to expect",
    "/checkin": "Pain check-in",
    "/history": "History",
    "/exercises": "Exercises",
    "/exercises/toe-pickups": "Toe pickups",
    "/settings": "Settings",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    return TestClient(create_app(Settings(database_url=f"sqlite:///{folder / 'fw.db'}")),
                      base_url="http://127.0.0.1")  # fmt: skip


@pytest.mark.parametrize(("path", "title"), PAGES.items())
def test_page_title_is_plain_text(client, path, title):
    page = client.get(path, headers={"accept": "text/html"})
    assert page.status_code == 200
    (found,) = re.findall(r"<title>(.*?)</title>", page.text, re.S)
    assert found == f"{title} · Footwork"
    assert len(re.findall(r"<h1[ >]", page.text)) == 1
