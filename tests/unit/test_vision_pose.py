"""The pose model on real photographs, and the video source.

The photos come from Debian's opencv-doc package, installed here when missing (they are not
kept in the repository). These tests skip only when the vision extra is not installed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from footwork.vision.keypoints import FOOT_JOINTS, SIDES, PoseFrame
from footwork.vision.pose import to_pose_frame

VISION_MISSING = (
    "the vision extra is not installed; install it with `uv sync --extra vision` "
    "(or `pip install 'footwork[vision]'`)"
)
HAS_VISION = all(importlib.util.find_spec(name) for name in ("mediapipe", "cv2"))
needs_vision = pytest.mark.skipif(not HAS_VISION, reason=VISION_MISSING)


def estimate_photo(path: Path) -> PoseFrame:
    import cv2

    from footwork.vision.pose import PoseEstimator

    image = cv2.imread(str(path))
    assert image is not None, f"{path}: OpenCV could not read it"
    with PoseEstimator(still_images=True) as estimator:
        return estimator.estimate(image)


@needs_vision
@pytest.mark.parametrize(
    ("photo", "person"),
    [
        # Where the player is, as (left, right) bounds on x, from looking at the photos.
        ("messi5.jpg", (0.35, 0.9)),
        ("basketball1.png", (0.0, 0.35)),
    ],
)
def test_both_feet_are_found_where_they_are(
    photos: Path, photo: str, person: tuple[float, float]
) -> None:
    frame = estimate_photo(photos / photo)
    assert frame.has_person
    for side in SIDES:
        leg = frame.leg(side)
        assert leg.knee is not None, f"{side} knee not found"
        for joint in FOOT_JOINTS:
            point = leg.get(joint)
            assert point is not None, f"{side} {joint} not found"
            assert point.visibility > 0.5, (side, joint, point)
            assert point.y > 0.6, f"{side} {joint} is not in the lower part: {point}"
            assert person[0] <= point.x <= person[1], f"{side} {joint} is away from the player"
            assert point.y > leg.knee.y, f"{side} {joint} is above the knee"
        ankle, heel, toe = leg.ankle, leg.heel, leg.toe
        assert ankle and heel and toe
        assert abs(toe.x - ankle.x) + abs(toe.y - ankle.y) < 0.2, "toe far from its ankle"
        assert abs(heel.x - ankle.x) + abs(heel.y - ankle.y) < 0.1, "heel far from its ankle"


@needs_vision
def test_a_picture_of_nobody_gives_no_landmarks() -> None:
    import numpy as np

    from footwork.vision.pose import PoseEstimator

    with PoseEstimator(still_images=True) as estimator:
        frame = estimator.estimate(np.full((240, 320, 3), 128, dtype=np.uint8), t=1.5)
    assert frame.t == 1.5
    assert not frame.has_person


@needs_vision
def test_a_video_file_gives_timed_frames_and_landmarks(photos: Path, tmp_path: Path) -> None:
    import cv2

    from footwork.vision.analyzers import analyze
    from footwork.vision.pose import PoseEstimator, estimate_all
    from footwork.vision.sources import VideoFile

    image = cv2.resize(cv2.imread(str(photos / "messi5.jpg")), (320, 200))
    path = tmp_path / "still.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (320, 200))
    for _ in range(12):
        writer.write(image)
    writer.release()
    source = VideoFile(path)
    with PoseEstimator() as estimator:
        landmarks = estimate_all(source.frames(), estimator)
    assert len(landmarks.frames) == 12
    assert [f.t for f in landmarks.frames][:3] == pytest.approx([0.0, 0.1, 0.2])
    assert landmarks.aspect == pytest.approx(1.6)
    assert all(f.left.ankle is not None for f in landmarks.frames)
    analysis = analyze("toe-pickups", landmarks.frames, aspect=landmarks.aspect)
    assert analysis.seen and analysis.efforts == ()


@needs_vision
def test_a_missing_file_and_a_file_that_is_not_a_video_are_named(tmp_path: Path) -> None:
    from footwork.vision.sources import VideoError, VideoFile

    with pytest.raises(VideoError, match=r"nowhere\.mp4: no such file"):
        VideoFile(tmp_path / "nowhere.mp4").check()
    text = tmp_path / "notes.mp4"
    text.write_text("not a video\n")
    with pytest.raises(VideoError, match=r"notes\.mp4: not a video"):
        list(VideoFile(text).frames())


def landmark_list(points: dict[int, tuple[float, float, float]]) -> Any:
    default = SimpleNamespace(x=0.5, y=0.5, visibility=0.9)
    return SimpleNamespace(
        landmark=[
            SimpleNamespace(x=points[i][0], y=points[i][1], visibility=points[i][2])
            if i in points
            else default
            for i in range(33)
        ]
    )


def test_landmarks_map_to_the_persons_own_left_and_right() -> None:
    frame = to_pose_frame(2.0, landmark_list({27: (0.4, 0.8, 0.9), 28: (0.6, 0.81, 0.7)}))
    assert frame.t == 2.0
    assert frame.left.ankle == (0.4, 0.8, 0.9)
    assert frame.right.ankle == (0.6, 0.81, 0.7)


def test_points_outside_the_picture_count_as_unseen() -> None:
    frame = to_pose_frame(0.0, landmark_list({31: (0.5, 1.3, 0.9), 32: (-0.2, 0.5, 0.9)}))
    assert frame.left.toe is None and frame.right.toe is None
    assert frame.left.ankle is not None


def test_no_person_gives_an_empty_frame() -> None:
    assert not to_pose_frame(0.5, None).has_person


def test_the_core_of_the_camera_coach_does_not_import_mediapipe() -> None:
    code = (
        "import sys; import footwork.vision.analyzers, footwork.vision.report, "
        "footwork.vision.synthetic, footwork.vision.pose, footwork.vision.sources; "
        "assert 'mediapipe' not in sys.modules and 'cv2' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


class FakeCapture:
    """Stands in for cv2.VideoCapture: three grey frames, then the end."""

    def __init__(self, source: object) -> None:
        self.source = source
        self.left = 3
        self.released = False

    def isOpened(self) -> bool:
        return self.source != 9

    def read(self) -> tuple[bool, Any]:
        import numpy as np

        if self.left == 0:
            return False, None
        self.left -= 1
        return True, np.zeros((4, 6, 3), dtype=np.uint8)

    def release(self) -> None:
        self.released = True


def test_a_camera_times_frames_by_the_clock_given(monkeypatch: pytest.MonkeyPatch) -> None:
    from footwork.vision import sources

    monkeypatch.setattr(sources, "_cv2", lambda: SimpleNamespace(VideoCapture=FakeCapture))
    ticks = iter([100.0, 100.5, 101.0, 101.5, 102.0])
    camera = sources.Camera(lambda: next(ticks))
    assert [t for t, _ in camera.frames()] == [0.5, 1.0, 1.5]


def test_a_camera_that_cannot_be_opened_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from footwork.vision import sources

    monkeypatch.setattr(sources, "_cv2", lambda: SimpleNamespace(VideoCapture=FakeCapture))
    with pytest.raises(sources.VideoError, match="camera 9"):
        list(sources.Camera(lambda: 0.0, device=9).frames())


def test_a_camera_stops_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    from footwork.vision import sources

    monkeypatch.setattr(sources, "_cv2", lambda: SimpleNamespace(VideoCapture=FakeCapture))
    calls = iter([False, True])
    camera = sources.Camera(lambda: 0.0, stop=lambda: next(calls))
    assert len(list(camera.frames())) == 1
