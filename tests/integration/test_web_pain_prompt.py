"""A check-in at 7 or more gets a caring prompt at once, with what to do."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.web.app import create_app


def test_a_high_score_gets_a_caring_prompt_a_moderate_one_does_not(tmp_path):
    client = TestClient(
        create_app(Settings(database_url=f"sqlite:///{tmp_path / 'fw.db'}")),
        base_url="http://127.0.0.1",
    )
    page = client.get("/checkin", headers={"accept": "text/html"})
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    calm = client.post("/checkin", data={"back": "4", "context": "any", "csrf_token": token})
    assert calm.status_code == 200 and 'id="pain-alert"' not in calm.text
    hurt = client.post("/checkin", data={"knee-left": "8", "context": "after", "csrf_token": token})
    assert hurt.status_code == 200
    assert 'id="pain-alert"' in hurt.text
    assert "Your left knee pain is 8 out of 10" in hurt.text
    assert "Stop the exercises for today" in hurt.text
    assert "contact your doctor or physiotherapist" in hurt.text
