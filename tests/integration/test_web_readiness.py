"""The readiness check on the web: before a new person's first session, stored with its date,
shown to their clinician."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.store.readiness import latest_readiness
from footwork.web.app import create_app

ALL_NO = {"falls": "no", "feet": "no", "injury": "no", "serious": "no", "saddle": "no"}


@pytest.fixture
def client(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'fw.db'}"))
    return TestClient(app, base_url="http://127.0.0.1")


def csrf(client: TestClient) -> str:
    page = client.get("/today", headers={"accept": "text/html"})
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def answer(client: TestClient, answers: dict[str, str]):
    return client.post("/readiness", data={**answers, "next": "/session?ids=toe-presses",
                                           "csrf_token": csrf(client)})  # fmt: skip


def test_a_new_person_is_asked_before_their_first_session(client):
    first = client.get("/session?ids=toe-presses", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"].startswith("/readiness?next=%2Fsession%3Fids%3Dtoe-presses")
    form = client.get(first.headers["location"])
    assert "Have you had a fall in the last year" in form.text
    assert "saddle area" in form.text
    saved = answer(client, ALL_NO)
    assert saved.status_code == 200
    assert "You can start" in saved.text
    assert 'href="/session?ids=toe-presses"' in saved.text
    assert client.get("/session?ids=toe-presses", follow_redirects=False).status_code == 200
    person_id = client.app.state.store.people()[0].id
    stored = latest_readiness(client.app.state.store, person_id)
    assert stored is not None and stored.answered_at is not None
    assert stored.verdict.level == "clear"


def test_a_yes_says_check_with_a_clinician_first(client):
    saved = answer(client, {**ALL_NO, "feet": "yes"})
    assert "Check with a clinician first" in saved.text
    assert "Diabetes or reduced feeling" in saved.text


def test_saddle_numbness_says_urgent_care_and_the_session_waits(client):
    saved = answer(client, {**ALL_NO, "saddle": "yes"})
    assert "Get urgent care today" in saved.text
    assert "Go to your session" not in saved.text
    again = client.get("/session?ids=toe-presses", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/readiness")


def test_a_missing_answer_is_named_and_nothing_is_saved(client):
    saved = answer(client, {k: v for k, v in ALL_NO.items() if k != "injury"})
    assert saved.status_code == 422
    assert "injury: please answer yes or no" in saved.text
    people = client.app.state.store.people()
    assert not people or latest_readiness(client.app.state.store, people[0].id) is None
