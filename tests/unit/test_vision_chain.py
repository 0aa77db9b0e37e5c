"""The chain test in Python: a clip whose motion is known, made from a real photograph by
moving the region of one foot (tests/camera_clips.py), run through the real pose model
(footwork.vision.pose, in video mode as `footwork analyze` runs it) and the analyzers.

The motion is a foot lifted off the floor and held, which is what the toe-pickups analyzer
measures (how high each foot is). It is a translated image region, not a body moving: this
checks the chain model -> landmarks -> analyzer -> count, not that the analyzers are right on
real people. Skips only when the vision extra is missing (in CI it is there).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from footwork.vision.analyzers import Analysis, analyze

HAS_VISION = all(importlib.util.find_spec(name) for name in ("mediapipe", "cv2"))
pytestmark = pytest.mark.skipif(
    not HAS_VISION, reason="the vision extra is not installed (`uv sync --extra vision`)"
)
START_WITHIN_S = 0.5


@pytest.fixture(scope="module")
def clip(photos: Path) -> Any:
    from tests import camera_clips

    assert camera_clips.PERSON.parent == photos

    return camera_clips.foot_lift_clip(fps=10, lifts=3, up_s=3.0, still_s=3.0, lead_s=2.0)


@pytest.fixture(scope="module")
def landmarks(clip: Any) -> Any:
    from footwork.vision.pose import PoseEstimator, estimate_all

    with PoseEstimator() as estimator:
        return estimate_all(clip.times(), estimator)


def holds(analysis: Analysis, side: str) -> list[tuple[float, float]]:
    return [(e.start_s, e.end_s) for e in analysis.efforts if e.side == side]


def test_the_lifts_played_are_counted_on_the_right_foot_only(clip: Any, landmarks: Any) -> None:
    analysis = analyze("toe-pickups", landmarks.frames, aspect=landmarks.aspect)
    assert analysis.problem is None
    right = holds(analysis, "right")
    assert len(right) == len(clip.lifts) == 3
    assert holds(analysis, "left") == []
    for (start, end), (played_start, played_end) in zip(right, clip.lifts, strict=True):
        assert abs(start - played_start) <= START_WITHIN_S, (right, clip.lifts)
        # Each hold is one lift: it ends before the next lift starts.
        assert played_start < end < played_end + START_WITHIN_S + 1.0
    counts = {m.key: m.value for m in analysis.measures}
    assert counts == {"holds_left": 0, "holds_right": 3}


def test_a_foot_lift_is_not_read_as_heels_raised(landmarks: Any) -> None:
    # The moved region carries heel and toe together: no heel rises above the toe.
    analysis = analyze("toe-walking", landmarks.frames, aspect=landmarks.aspect)
    assert analysis.problem is None
    assert analysis.efforts == ()


def test_the_still_photo_counts_no_lift(clip: Any) -> None:
    from footwork.vision.pose import PoseEstimator, estimate_all
    from tests import camera_clips

    still = camera_clips.person()
    frames = ((i / clip.fps, still) for i in range(len(clip.frames)))
    with PoseEstimator() as estimator:
        found = estimate_all(frames, estimator)
    analysis = analyze("toe-pickups", found.frames, aspect=found.aspect)
    assert analysis.problem is None
    assert analysis.coverage.feet_s > 0
    assert analysis.efforts == ()
