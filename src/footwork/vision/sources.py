"""Where frames come from: a video file or a camera, behind one small protocol.

OpenCV is imported when a source is read, not when this module is.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from footwork.core.language import N_, Refusal
from footwork.vision.pose import INSTALL_HINT, VisionNotInstalled, native_logs_hidden

Image = npt.NDArray[np.uint8]


class FrameSource(Protocol):
    def frames(self) -> Iterator[tuple[float, Image]]:
        """(seconds from the start, BGR image) pairs, in order."""
        ...


class VideoError(Refusal):
    """A video or a camera that cannot be read; the message names it (`said`: in a reader's
    language)."""


def _cv2() -> Any:
    try:
        # By name, so that type checking passes with or without the extra installed.
        return importlib.import_module("cv2")
    except ImportError as error:
        raise VisionNotInstalled(INSTALL_HINT) from error


class VideoFile:
    """Frames of a video file, timed by the video's own clock."""

    def __init__(self, path: Path, *, max_frames: int | None = None) -> None:
        self.path = path
        self.max_frames = max_frames

    def check(self) -> None:
        """VideoError unless the file exists and OpenCV can decode a frame from it."""
        if not self.path.exists():
            raise VideoError(N_("{path}: no such file"), path=self.path)
        if not self.path.is_file():
            raise VideoError(N_("{path}: not a file"), path=self.path)
        cv2 = _cv2()
        with native_logs_hidden():  # FFmpeg's own complaints; ours follows
            capture = cv2.VideoCapture(str(self.path))
            try:
                ok, _ = capture.read() if capture.isOpened() else (False, None)
            finally:
                capture.release()
        if not ok:
            raise VideoError(
                N_("{path}: not a video that can be read (no frame could be decoded)"),
                path=self.path,
            )

    def frames(self) -> Iterator[tuple[float, Image]]:
        self.check()
        cv2 = _cv2()
        capture = cv2.VideoCapture(str(self.path))
        fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
        if not 1 <= fps <= 1000:
            fps = 30.0
        try:
            index = 0
            while self.max_frames is None or index < self.max_frames:
                ok, image = capture.read()
                if not ok:
                    return
                # Frame numbers over the frame rate: container timestamps can be missing or
                # jump in files from phones, the frame count never does.
                yield index / fps, image
                index += 1
        finally:
            capture.release()


class Camera:
    """Frames from a webcam, timed by the clock given (seconds, e.g. time.monotonic)."""

    def __init__(
        self,
        clock: Callable[[], float],
        *,
        device: int = 0,
        stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.clock = clock
        self.device = device
        self.stop = stop

    def frames(self) -> Iterator[tuple[float, Image]]:
        cv2 = _cv2()
        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            raise VideoError(N_("camera {device}: no camera could be opened"), device=self.device)
        start = self.clock()
        try:
            while not self.stop():
                ok, image = capture.read()
                if not ok:
                    return
                yield self.clock() - start, image
        finally:
            capture.release()
