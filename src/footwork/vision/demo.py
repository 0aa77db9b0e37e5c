"""Animated demonstrations: the movement model the camera coach is tested on (synthetic.py),
cut to a short loop of the first effort, as plain data for the pages to draw.

One description of each movement serves both: if the model of an exercise changes, its
demonstration and its synthetic test sequences change together.
"""

from __future__ import annotations

from functools import cache

from footwork.vision.keypoints import JOINTS, SIDES, PoseFrame
from footwork.vision.synthetic import MODELS, Options, generate

FPS = 12.0
LEAD_S = 1.5
"""Seconds of the setting-up before the effort starts, and of the rest after it ends."""
SHOWN_S = 3.0
"""Seconds of the effort shown after it starts and before it ends (less when it is short)."""
SEED = 7
VIEWS = {
    "toe-presses": "seen from the side",
    "toe-walking": "seen from the side",
    "ankle-circles": "seen from the foot end of the mat, looking at the soles",
    "resistance-band": "seen from the side",
    "toe-pickups": "seen from the side",
}
"""Where the camera of each movement model stands (as the camera coach asks, analyzers.py)."""


def exercises_with_demonstrations() -> tuple[str, ...]:
    return tuple(MODELS)


def _window(frames: tuple[PoseFrame, ...], start: float, end: float) -> list[PoseFrame]:
    return [f for f in frames if start <= f.t < end]


@cache
def demonstration(exercise_id: str) -> dict[str, object]:
    """The loop for `exercise_id` (KeyError when it has no movement model): frames of the two
    legs' joints as [x, y] in image units (y down), with the box they fit in and what the
    figure does in each part of the loop."""
    clip = generate(exercise_id, Options(seed=SEED, efforts=1, fps=FPS, aspect=1.0))
    first = clip.truth[0]
    shown = min(SHOWN_S, (first.end_s - first.start_s) / 2)
    parts = [
        ("rest", _window(clip.frames, first.start_s - LEAD_S, first.start_s)),
        (first.kind, _window(clip.frames, first.start_s, first.start_s + shown)),
        (first.kind, _window(clip.frames, first.end_s - shown, first.end_s)),
        ("rest", _window(clip.frames, first.end_s, first.end_s + LEAD_S)),
    ]
    frames, phases = [], []
    for phase, window in parts:
        for frame in window:
            legs = (frame.left, frame.right)
            points = [getattr(leg, joint) for leg in legs for joint in JOINTS]
            frames.append([[round(p.x, 4), round(p.y, 4)] for p in points])
            phases.append(phase)
    xs = [x for frame in frames for x, _ in frame]
    ys = [y for frame in frames for _, y in frame]
    margin = 0.04
    return {
        "exercise_id": exercise_id,
        "view": VIEWS.get(exercise_id, ""),
        "fps": FPS,
        "legs": list(SIDES),
        "joints": list(JOINTS),
        "box": [
            round(min(xs) - margin, 4),
            round(min(ys) - margin, 4),
            round(max(xs) - min(xs) + 2 * margin, 4),
            round(max(ys) - min(ys) + 2 * margin, 4),
        ],
        "floor": round(max(ys), 4),
        "side": first.side,
        "direction": first.direction,
        "phases": phases,
        "frames": frames,
    }
