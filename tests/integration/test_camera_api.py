"""The camera coach's API: landmark batches stored once, the report growing over batches,
another person's session out of reach, and bad batches refused naming the field."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from footwork.config import Settings
from footwork.store import tables as t
from footwork.store.accounts import create_account, create_api_token
from footwork.store.clinic import add_patient
from footwork.store.repository import Store
from footwork.vision.keypoints import keypoints_to_json
from footwork.vision.synthetic import Options, generate
from footwork.web.app import create_app

PASSWORD = "long enough password"
EXERCISES = ["resistance-band", "toe-pickups"]


def _patient(app: Any, doctor: Any, name: str) -> TestClient:
    store: Store = app.state.store
    now = datetime.now(UTC)
    person = add_patient(store, clinician=doctor, display_name=name, timezone="UTC", now=now)
    account = create_account(store, username=name.lower(), password=PASSWORD, role="patient",
                             person_id=person.id, now=now)  # fmt: skip
    token, _ = create_api_token(store, person_id=person.id, account=account, name="t", now=now)
    return TestClient(app, base_url="http://127.0.0.1",
                      headers={"Authorization": f"Bearer {token}"})  # fmt: skip


@pytest.fixture
def two(database_url):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    now = datetime.now(UTC)
    doctor = create_account(app.state.store, username="dr-ada", password=PASSWORD,
                            role="clinician", person_id=None, now=now)  # fmt: skip
    yield app, _patient(app, doctor, "Pat"), _patient(app, doctor, "Sam")
    app.state.store.engine.dispose()


def open_session(client: TestClient) -> str:
    session_id = str(uuid.uuid4())
    answer = client.put(
        f"/api/sessions/{session_id}",
        json={"exercise_ids": EXERCISES, "started_at": datetime.now(UTC).isoformat()},
    )
    assert answer.status_code == 200, answer.text
    return session_id


def band_batches(size: int = 100) -> tuple[list[dict[str, Any]], int]:
    """A band clip at 10 frames/s cut into batches, and how many holds it has."""
    clip = generate("resistance-band", Options(seed=3, fps=10, efforts=4))
    frames = keypoints_to_json(clip.frames, aspect=clip.aspect)["frames"]
    batches = [
        {"aspect": clip.aspect, "frames": frames[i : i + size]} for i in range(0, len(frames), size)
    ]
    return batches, len(clip.truth)


def url(session_id: str, seq: int, exercise_id: str = "resistance-band") -> str:
    return f"/api/sessions/{session_id}/camera/{exercise_id}/batches/{seq}"


def test_the_report_grows_over_the_batches_and_is_saved(two):
    _, pat, _ = two
    session_id = open_session(pat)
    batches, holds = band_batches()
    kept = 0
    answers = []
    for seq, batch in enumerate(batches):
        answer = pat.put(url(session_id, seq), json=batch)
        assert answer.status_code == 200, answer.text
        kept += len(batch["frames"])
        body = answer.json()
        assert body["exercise_id"] == "resistance-band"
        assert body["frames"] == kept
        assert body["report"]["coverage"]["frames"] == kept
        assert set(body["live"]) == {"person", "feet", "message"}
        answers.append(body)
    final = answers[-1]
    assert final["live"] == {"person": True, "feet": True, "message": None}
    assert final["report"]["exercise"] == "resistance-band"
    assert len([e for e in final["report"]["efforts"] if e["kind"] == "hold"]) == holds
    assert len(answers[0]["report"]["efforts"]) < holds
    saved = pat.get(f"/api/sessions/{session_id}/camera")
    assert saved.status_code == 200
    assert saved.json() == {
        "reports": [{"exercise_id": "resistance-band", "report": final["report"]}]
    }


def test_a_replayed_batch_stores_nothing_new_and_answers_the_same(two):
    app, pat, _ = two
    session_id = open_session(pat)
    batches, _ = band_batches()
    first = pat.put(url(session_id, 0), json=batches[0])
    again = pat.put(url(session_id, 0), json=batches[0])
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    with app.state.store.engine.connect() as connection:
        rows = connection.execute(select(func.count()).select_from(t.CameraBatch)).scalar()
    assert rows == 1


def test_a_changed_replay_is_a_conflict(two):
    _, pat, _ = two
    session_id = open_session(pat)
    batches, _ = band_batches()
    assert pat.put(url(session_id, 0), json=batches[0]).status_code == 200
    changed = {**batches[0], "frames": batches[0]["frames"][:-1]}
    answer = pat.put(url(session_id, 0), json=changed)
    assert answer.status_code == 409
    assert "batch 0" in answer.json()["detail"]
    # A late batch after it is still taken, in order.
    assert pat.put(url(session_id, 1), json=batches[1]).json()["frames"] == 200


def test_another_persons_session_is_not_found(two):
    _, pat, sam = two
    session_id = open_session(pat)
    batches, _ = band_batches()
    assert sam.put(url(session_id, 0), json=batches[0]).status_code == 404
    assert sam.get(f"/api/sessions/{session_id}/camera").status_code == 404
    unknown = str(uuid.uuid4())
    assert pat.put(url(unknown, 0), json=batches[0]).status_code == 404
    assert pat.get(f"/api/sessions/{unknown}/camera").json() == {"detail": "no such session"}


def _problems(answer: Any) -> list[str]:
    assert answer.status_code == 422, answer.text
    return [p["field"] for p in answer.json()["detail"]]


def test_an_exercise_not_in_the_session_is_refused_by_name(two):
    _, pat, _ = two
    session_id = open_session(pat)
    batches, _ = band_batches()
    answer = pat.put(url(session_id, 0, "toe-walking"), json=batches[0])
    assert _problems(answer) == ["exercise_id"]
    assert "not one of this session's exercises" in answer.json()["detail"][0]["message"]
    assert _problems(pat.put(url(session_id, 0, "Not_An_Id"), json=batches[0])) == ["exercise_id"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"aspect": 0}, "aspect"),
        ({"aspect": "wide"}, "aspect"),
        ({"frames": []}, "frames"),
        ({"frames": [{"t": 1.0}] * 301}, "frames"),
        ({"frames": [{"t": -1.0}]}, "frames.0.t"),
        ({"frames": [{"t": 1.0}, {"t": 1.0}]}, "frames"),
        ({"frames": [{"t": 0.0, "left": {"ankle": [0.5, 0.5]}}]}, "frames.0.left.ankle.2"),
        ({"frames": [{"t": 0.0, "left": {"ankle": [0.5, 0.5, 1.5]}}]}, "frames.0.left.ankle.2"),
        ({"frames": [{"t": 0.0, "left": {"ankle": [9.0, 0.5, 1.0]}}]}, "frames.0.left.ankle.0"),
        ({"frames": [{"t": 0.0, "left": {"elbow": [0.5, 0.5, 1.0]}}]}, "frames.0.left.elbow"),
        ({"frames": [{"t": 0.0, "middle": {}}]}, "frames.0.middle"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_batches_are_refused_naming_the_field(two, change, field):
    _, pat, _ = two
    session_id = open_session(pat)
    batch = {"aspect": 1.0, "frames": [{"t": 0.0}], **change}
    assert field in _problems(pat.put(url(session_id, 0), json=batch))


def test_a_batch_number_out_of_range_is_refused(two):
    _, pat, _ = two
    session_id = open_session(pat)
    batch = {"aspect": 1.0, "frames": [{"t": 0.0}]}
    assert _problems(pat.put(url(session_id, 100_001), json=batch)) == ["seq"]
    assert _problems(pat.put(url(session_id, -1), json=batch)) == ["seq"]


def test_script_end_tags_in_keys_are_refused_and_never_echoed_as_markup(two):
    _, pat, _ = two
    session_id = open_session(pat)
    evil = "</script><script>alert(1)</script>"
    batch = {"aspect": 1.0, "frames": [{"t": 0.0, "left": {evil: [0.5, 0.5, 1.0]}}]}
    answer = pat.put(url(session_id, 0), json=batch)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/json")
    assert _problems(answer) == [f"frames.0.left.{evil}"]
    answer = pat.put(url(session_id, 0), json={"aspect": 1.0, "frames": [{"t": 0.0}], evil: 1})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/json")


def test_nobody_in_view_is_said_live_and_saved(two):
    _, pat, _ = two
    session_id = open_session(pat)
    empty = {"aspect": 1.0, "frames": [{"t": i / 10} for i in range(30)]}
    body = pat.put(url(session_id, 0), json=empty).json()
    assert body["live"] == {"person": False, "feet": False, "message": "Nobody in view"}
    assert body["report"]["seen"] is False
