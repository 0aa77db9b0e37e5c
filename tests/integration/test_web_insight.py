"""The History page answers "is it helping?" from the person's own scores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.core.records import PainCheckin
from footwork.store.repository import new_id
from footwork.web.app import create_app


def test_history_page_says_what_more_is_needed_then_gives_a_careful_answer(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'fw.db'}"))
    client = TestClient(app, base_url="http://127.0.0.1")
    store = app.state.store
    person = store.people()[0]
    now = datetime.now(UTC)
    start = now - timedelta(days=40)
    store.follow_program(person.id, load_program(), now=start)
    store.add_pain(person.id, PainCheckin(id=new_id(), recorded_at=start + timedelta(hours=1),
                                          scores={"back": 6}))  # fmt: skip
    page = client.get("/history", headers={"accept": "text/html"}).text
    assert "Is it helping?" in page
    assert "more day" in page  # says what is still needed instead of a verdict
    for day in range(1, 40):
        score = 7 if day < 8 else 2  # a clear drop after the first week
        store.add_pain(person.id, PainCheckin(id=new_id(), recorded_at=start + timedelta(days=day),
                                              scores={"back": score}))  # fmt: skip
    page = client.get("/history?days=60", headers={"accept": "text/html"}).text
    assert "verdict-less-pain" in page
    assert "it cannot tell what caused a change" in page
    # What the figures cannot tell: where the 2-point mark comes from, regression to the mean,
    # and many regions at once.
    flat = " ".join(page.split())
    assert "comes from studies of low back pain" in flat
    assert "only a rough guide" in flat
    assert "regression to the mean" in flat
    assert "several body regions at once" in flat and "by luck alone" in flat
