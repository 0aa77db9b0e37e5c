"""Fake-camera clips made at test time from Debian's opencv-doc photos: a person with both
feet in view (messi5.jpg), an empty scene (building.jpg), and foot lifts with a known timing
made by moving the region of the foot on the ground straight up (the chain test).

Chromium's fake camera reads YUV4MPEG2 (.y4m) files and plays them in a loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

PHOTOS = Path("/usr/share/doc/opencv-doc/examples/data")
PERSON = PHOTOS / "messi5.jpg"
EMPTY = PHOTOS / "building.jpg"
FLOOR_PX = 40  # rows added under messi5.jpg (its edge, repeated) so the feet are not at the edge

# The foot on the ground in messi5.jpg is the person's right foot: the pose model finds its
# ankle at (289, 312), heel at (304, 321) and toe at (279, 319); the shoe spans x 252..310,
# y 312..336. The region moved is the shoe and the bottom of the sock, with a margin of grass.
FOOT_BOX = (244, 296, 320, 342)  # x0, y0, x1, y1 (x1, y1 excluded)
FEATHER_PX = 4  # the moved region's edge is blended over this many pixels
LIFT_PX = 25  # how far the foot goes up: about 0.4 shank lengths in this photo
RAMP_S = 0.3  # the time the foot takes to go up, and to come down
# Frame numbers are drawn as a row of black and white squares at the top left (the crowd),
# so that a test can tell which frame of the looping clip the page is showing.
MARK_BITS = 12
MARK_PX = 8

Image = npt.NDArray[np.uint8]


def person() -> Image:
    image = cv2.imread(str(PERSON))
    return cv2.copyMakeBorder(image, 0, FLOOR_PX, 0, 0, cv2.BORDER_REPLICATE)


def empty_room() -> Image:
    image = cv2.imread(str(EMPTY))
    h, w = person().shape[:2]
    return cv2.resize(image, (w, h), interpolation=cv2.INTER_AREA)


@cache
def _lift_parts() -> tuple[Image, Image, npt.NDArray[np.float32]]:
    """The photo, the photo with the foot region filled from the grass around it (OpenCV's
    inpainting), and the region's soft mask."""
    image = person()
    x0, y0, x1, y1 = FOOT_BOX
    hole = np.zeros(image.shape[:2], np.uint8)
    hole[y0:y1, x0:x1] = 255
    plate = cv2.inpaint(image, hole, 7, cv2.INPAINT_TELEA)
    mask = np.zeros(image.shape[:2], np.float32)
    mask[y0 + FEATHER_PX : y1 - FEATHER_PX, x0 + FEATHER_PX : x1 - FEATHER_PX] = 1
    mask = cv2.GaussianBlur(mask, (0, 0), FEATHER_PX / 2)
    return image, plate, mask


def foot_lifted(height_px: float) -> Image:
    """The photo with the region of the right foot moved straight up by `height_px`; where
    the foot was, the grass OpenCV fills in from around it."""
    image, plate, mask = _lift_parts()
    if height_px <= 0:
        return image.copy()
    shift = np.float32([[1, 0, 0], [0, 1, -height_px]])
    size = (image.shape[1], image.shape[0])
    moved = cv2.warpAffine(image, shift, size, flags=cv2.INTER_LINEAR)
    alpha = cv2.warpAffine(mask, shift, size, flags=cv2.INTER_LINEAR)[:, :, None]
    # Where the region was, the grass; where it is now, the foot; elsewhere the photo.
    hole = np.clip(mask - alpha[:, :, 0], 0, 1)[:, :, None]
    background = image * (1 - hole) + plate * hole
    return np.clip(background * (1 - alpha) + moved * alpha, 0, 255).astype(np.uint8)


@dataclass(frozen=True, slots=True)
class Clip:
    """A clip's frames (BGR) at `fps`, and the (start, end) seconds of each lift in it: from
    when the foot leaves the floor to when it is back down."""

    frames: tuple[Image, ...]
    fps: int
    lifts: tuple[tuple[float, float], ...]

    @property
    def length_s(self) -> float:
        return len(self.frames) / self.fps

    def times(self) -> Iterator[tuple[float, Image]]:
        return ((i / self.fps, frame) for i, frame in enumerate(self.frames))


def foot_lift_clip(
    *,
    fps: int = 10,
    lifts: int = 3,
    up_s: float = 3.0,
    still_s: float = 3.0,
    lead_s: float = 2.0,
    height_px: float = LIFT_PX,
    marked: bool = False,
) -> Clip:
    """`lead_s` still, then `lifts` times: the right foot up for `up_s` (ramps included),
    then still for `still_s`. With `marked`, each frame carries its number (see mark)."""
    period = up_s + still_s
    spans = tuple((lead_s + i * period, lead_s + i * period + up_s) for i in range(lifts))
    count = round((lead_s + lifts * period) * fps)
    frames = []
    for i in range(count):
        frame = foot_lifted(height_px * _raised(i / fps, spans))
        frames.append(mark(frame, i) if marked else frame)
    return Clip(tuple(frames), fps, spans)


def _raised(t: float, spans: Sequence[tuple[float, float]]) -> float:
    """0 on the floor, 1 fully up; ramps of RAMP_S at both ends of each span."""
    for start, end in spans:
        if start <= t <= end:
            return float(min(1.0, (t - start) / RAMP_S, (end - t) / RAMP_S))
    return 0.0


def mark(frame: Image, number: int) -> Image:
    """The frame with `number` drawn as MARK_BITS squares, most significant first."""
    out = frame.copy()
    for bit in range(MARK_BITS):
        on = (number >> (MARK_BITS - 1 - bit)) & 1
        out[0:MARK_PX, bit * MARK_PX : (bit + 1) * MARK_PX] = 255 if on else 0
    return out


def write_y4m(path: Path, frames: Iterable[Image], fps: int) -> Path:
    """Frames (BGR, even width and height) as a YUV4MPEG2 4:2:0 file."""
    with path.open("wb") as out:
        header = False
        for frame in frames:
            h, w = frame.shape[:2]
            if not header:
                out.write(f"YUV4MPEG2 W{w} H{h} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
                header = True
            out.write(b"FRAME\n")
            out.write(cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420).tobytes())
    return path


def still_clip(path: Path, image: Image, fps: int = 10, seconds: float = 1.0) -> Path:
    return write_y4m(path, [image] * max(1, round(fps * seconds)), fps)


def black_clip(path: Path, fps: int = 10) -> Path:
    return still_clip(path, np.zeros_like(person()), fps)
