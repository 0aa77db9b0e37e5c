"""History with two months of use: sessions in weeks (the latest open), pain dots coloured by
their region with a legend, and counts shown as whole numbers on Today and Progress."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.core.records import PAIN_REGIONS
from footwork.web.app import create_app
from tests.e2e.browser_support import seed_history


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('history') / 'fw.db'}"
    seed_history(url, days=60, balance=True)
    return TestClient(create_app(Settings(database_url=url)), base_url="http://127.0.0.1")


def html(client: TestClient, path: str) -> str:
    answer = client.get(path, headers={"accept": "text/html"})
    assert answer.status_code == 200
    return answer.text


def test_sessions_are_grouped_in_weeks_with_only_the_latest_open(client):
    page = html(client, "/history?days=365")
    sessions = page[page.index('id="sessions-h"') : page.index('id="scores-h"')]
    weeks = re.findall(r'<details class="week"( open)?>\s*<summary>(.*?)</summary>', sessions, re.S)
    assert len(weeks) >= 8
    assert [bool(is_open) for is_open, _ in weeks] == [True] + [False] * (len(weeks) - 1)
    for _, summary in weeks:
        assert re.search(r"Week of \d\d \w{3}</span> <span class=\"muted\">\d+ sessions?, "
                         r"\d+ minutes?</span>", summary), summary  # fmt: skip


def test_pain_dots_have_their_regions_colour_and_a_legend(client):
    page = html(client, "/history?days=365")
    dots = re.findall(r'<circle [^>]*class="dot (s\d)" data-region="([\w-]+)"', page)
    assert {region for _, region in dots} == {"back", "knee-left", "foot-right"}
    for colour, region in dots:
        assert colour == f"s{PAIN_REGIONS.index(region) + 1}", (colour, region)
    legend = re.findall(r'<li class="key (s\d)" data-region="([\w-]+)">([\w ]+)</li>', page)
    assert sorted(legend) == [("s1", "back", "low back"), ("s4", "knee-left", "left knee"),
                              ("s7", "foot-right", "right foot")]  # fmt: skip


@pytest.mark.parametrize("path", ["/today", "/progress", "/history"])
def test_counts_are_whole_numbers(client, path):
    text = re.sub(r"<[^>]+>", " ", html(client, path))
    assert re.findall(r"\d+\.\d+ of", text) == []
    assert re.findall(r"\d+ of \d+", text)
