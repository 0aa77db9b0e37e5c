"""Fake-camera clips for the browser tests, made at test time from Debian's opencv-doc photos:
a person with both feet in view (messi5.jpg), an empty scene (building.jpg), and heel raises
with a known timing made by warping the person's feet (the heel lifted about the toe).

Chromium's fake camera reads YUV4MPEG2 (.y4m) files and plays them in a loop.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

PHOTOS = Path("/usr/share/doc/opencv-doc/examples/data")
PERSON = PHOTOS / "messi5.jpg"
EMPTY = PHOTOS / "building.jpg"
FLOOR_PX = 40  # rows added under messi5.jpg (its edge, repeated) so the feet are not at the edge
# Heel and toe (foot index) of each foot in messi5.jpg, in pixels, as the pose model finds them.
FEET = (((399, 271), (428, 273)), ((304, 321), (279, 319)))
LIFT_PX = 40
RAMP_S = 0.3

Image = npt.NDArray[np.uint8]


def person() -> Image:
    image = cv2.imread(str(PERSON))
    return cv2.copyMakeBorder(image, 0, FLOOR_PX, 0, 0, cv2.BORDER_REPLICATE)


def empty_room() -> Image:
    image = cv2.imread(str(EMPTY))
    h, w = person().shape[:2]
    return cv2.resize(image, (w, h), interpolation=cv2.INTER_AREA)


def heels_lifted(image: Image, amount: float) -> Image:
    """The photo with each heel raised by `amount` (0..1 of LIFT_PX) about its toe."""
    if amount <= 0:
        return image
    h, w = image.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    dy = np.zeros((h, w), np.float32)
    for heel, toe in FEET:
        hx, hy = heel
        tx, ty = toe
        length = float(np.hypot(tx - hx, ty - hy))
        ux, uy = (tx - hx) / length, (ty - hy) / length
        along = ((xs - hx) * ux + (ys - hy) * uy) / length  # 0 at the heel, 1 at the toe
        heelward = np.clip(1 - along, 0, 1)
        cx, cy = (hx + tx) / 2, (hy + ty) / 2
        near = np.clip(1 - np.hypot(xs - cx, ys - cy) / (2.5 * length), 0, 1) ** 0.5
        dy = np.maximum(dy, LIFT_PX * amount * heelward * near)
    return cv2.remap(image, xs, ys + dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def lift_spans(lifts: int = 3, up_s: float = 3.0, down_s: float = 3.0, lead_s: float = 2.0):
    """The (start, end) seconds of each heel raise in the clip, and the clip's length."""
    spans = [
        (lead_s + i * (up_s + down_s), lead_s + i * (up_s + down_s) + up_s) for i in range(lifts)
    ]
    return spans, lead_s + lifts * (up_s + down_s)


def lift_at(t: float, spans: Sequence[tuple[float, float]]) -> float:
    for start, end in spans:
        if start - RAMP_S <= t <= end + RAMP_S:
            rise = min(1.0, (t - (start - RAMP_S)) / RAMP_S, ((end + RAMP_S) - t) / RAMP_S)
            return max(0.0, rise)
    return 0.0


def heel_raise_frames(fps: float, lifts: int = 3) -> Iterator[tuple[float, Image]]:
    """(seconds, BGR frame) of the heel-raise clip."""
    spans, length = lift_spans(lifts)
    base = person()
    for i in range(round(length * fps)):
        t = i / fps
        yield t, heels_lifted(base, lift_at(t, spans))


def write_y4m(path: Path, frames: Iterator[Image] | Sequence[Image], fps: int) -> Path:
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


def heel_raise_clip(path: Path, fps: int = 10, lifts: int = 3) -> Path:
    return write_y4m(path, (frame for _, frame in heel_raise_frames(fps, lifts)), fps)
