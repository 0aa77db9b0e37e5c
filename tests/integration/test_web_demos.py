"""Animated demonstrations: the data comes from the camera coach's movement models."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.vision.keypoints import JOINTS
from footwork.vision.synthetic import MODELS, Options, generate
from footwork.web.app import create_app

EXERCISES = ("toe-presses", "toe-walking", "ankle-circles", "resistance-band", "toe-pickups")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demos")
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'fw.db'}"))
    yield TestClient(app, base_url="http://127.0.0.1")
    app.state.store.engine.dispose()


def test_every_exercise_of_the_program_has_a_model_and_a_demonstration():
    assert set(EXERCISES) == set(MODELS)


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_a_demonstration_is_the_first_effort_of_the_model(client, exercise_id):
    answer = client.get(f"/demos/{exercise_id}.json")
    assert answer.status_code == 200
    demo = answer.json()
    assert demo["joints"] == list(JOINTS) and demo["legs"] == ["left", "right"]
    assert demo["view"].startswith("seen from the ")
    frames, phases = demo["frames"], demo["phases"]
    assert len(frames) == len(phases) and 40 <= len(frames) <= 200  # a short loop
    assert all(len(frame) == 2 * len(JOINTS) for frame in frames)
    # it rests, does the effort, and rests again, as the model's ground truth says
    clip = generate(exercise_id, Options(seed=7, efforts=1, fps=demo["fps"], aspect=1.0))
    kind = clip.truth[0].kind
    assert phases[0] == "rest" and phases[-1] == "rest"
    assert set(phases) == {"rest", kind}
    # the figure moves, and every point lies in the box the page draws
    x0, y0, width, height = demo["box"]
    points = [p for frame in frames for p in frame]
    assert all(x0 <= x <= x0 + width and y0 <= y <= y0 + height for x, y in points)
    assert len({tuple(p) for p in points}) > 2 * len(JOINTS)


def test_the_exercise_page_carries_its_demonstration(client):
    page = client.get("/exercises/toe-walking", headers={"accept": "text/html"}).text
    assert 'data-demo="/demos/toe-walking.json"' in page
    assert '<script src="/static/demo.js"></script>' in page


def test_an_exercise_without_a_model_has_no_demonstration(client):
    answer = client.get("/demos/heel-raises</script>.json", headers={"accept": "text/html"})
    assert answer.status_code == 404
    assert "</script>" not in answer.text.split("<main", 1)[-1].split("</main>", 1)[0]
