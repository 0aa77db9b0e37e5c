"""Keypoint sequences from a simple kinematic model of each exercise, with known answers.

The analyzers are tested and benchmarked on these: a stick figure (hip, knee, ankle, heel,
toe per leg, lengths in shank lengths) moves through the exercise on a schedule drawn from a
seeded random generator, and the schedule is the ground truth. Options add what real pose
models do to a video: jitter, lost frames, a foot hidden for a moment, stray points, and
people of other sizes, tempos and facing either way.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from footwork.core.program import Direction, Side
from footwork.vision.keypoints import FOOT_JOINTS, JOINTS, SIDES, Joint, Landmark, Leg, PoseFrame
from footwork.vision.results import Effort

Array = npt.NDArray[np.float64]
Body = dict[tuple[Side, Joint], Array]
"""(n, 2) positions in shank lengths: x forward (towards the toes), y up from the floor."""

FOOT = 0.6  # heel to toe, in shank lengths


def _per_side(left: float, right: float) -> tuple[tuple[Side, float], ...]:
    return (("left", left), ("right", right))


ANKLE_HEIGHT = 0.18


@dataclass(frozen=True, slots=True)
class Options:
    seed: int = 0
    fps: float = 30.0
    noise: float = 0.0
    """Jitter of every landmark, standard deviation in shank lengths."""
    drop: float = 0.0
    """Share of frames lost entirely."""
    occlusion: float = 0.0
    """Spells per minute (0.2 to 0.6 s each) with one foot hidden."""
    outliers: float = 0.0
    """Share of frames with one landmark thrown up to half a shank off."""
    speed: float = 1.0
    """Tempo: above 1, moves, steps and circles are quicker."""
    shank: float = 0.2
    """Shank length in image heights: the person's size and distance from the camera."""
    facing: Literal["left", "right"] = "right"
    aspect: float = 16 / 9
    efforts: int | None = None
    """Bouts, holds or circles per side and direction; None for a random number near the dose."""


@dataclass(frozen=True, slots=True)
class Clip:
    exercise_id: str
    frames: tuple[PoseFrame, ...]
    truth: tuple[Effort, ...]
    aspect: float
    options: Options


def generate(exercise_id: str, options: Options | None = None) -> Clip:
    """A sequence for one exercise with its true efforts; KeyError for an unknown id."""
    options = options or Options()
    rng = np.random.default_rng(options.seed)
    model = MODELS[exercise_id]
    duration, truth, body_at = model(rng, options)
    t = np.arange(0.0, duration, 1 / options.fps)
    body = body_at(t)
    frames = _to_frames(t, body, rng, options)
    return Clip(exercise_id, frames, tuple(truth), options.aspect, options)


def ramp(t: Array, spans: list[tuple[float, float]], width: float) -> Array:
    """1 inside each span, 0 outside, with straight ramps of `width` centred on the edges."""
    level = np.zeros_like(t)
    for a, b in spans:
        up = (t - (a - width / 2)) / width
        down = ((b + width / 2) - t) / width
        level = np.maximum(level, np.clip(np.minimum(up, down), 0, 1))
    return level


def _durations(rng: np.random.Generator, options: Options, low: int, high: int) -> int:
    return options.efforts if options.efforts is not None else int(rng.integers(low, high + 1))


# Toe walking -----------------------------------------------------------------------------


def _toe_walking(rng: np.random.Generator, options: Options) -> _Model:
    speed = options.speed
    t = float(rng.uniform(2, 4))
    bouts: list[tuple[float, float]] = []
    walks: list[tuple[float, float]] = []
    pitches = []
    for _ in range(_durations(rng, options, 3, 6)):
        length = float(rng.uniform(8, 24))
        bouts.append((t, t + length))
        walks.append((t - 0.5, t + length + 0.5))
        pitches.append(math.radians(rng.uniform(28, 45)))
        t += length + float(rng.uniform(4, 12))
        if rng.random() < 0.5:  # walking about flat-footed between bouts
            walks.append((t - 3.5, t - 1.0))
    duration = t + float(rng.uniform(0, 2))
    cycle = 1.1 / speed
    ramp_s = 0.5 / speed
    turn_every = float(rng.uniform(4, 8))

    def body_at(time: Array) -> Body:
        up = np.zeros_like(time)
        toes_pitch = np.zeros_like(time)
        for span, pitch in zip(bouts, pitches, strict=True):
            level = ramp(time, [span], ramp_s)
            up = np.maximum(up, level)
            toes_pitch += level * pitch
        walking = ramp(time, walks, 0.4)
        turns = np.floor(time / turn_every)
        turning = np.clip((time - turns * turn_every) / 0.8, 0, 1)
        yaw = np.cos(np.pi * (turns - 1 + turning))
        body: Body = {}
        for side, offset in _per_side(0.0, 0.5):
            u = np.mod(time / cycle + offset, 1.0)
            swing = np.clip((u - 0.6) / 0.4, 0, 1)
            lift = walking * 0.12 * np.sin(np.pi * swing) * (u >= 0.6)
            heel_off = np.radians(15) * np.clip((u - 0.45) / 0.15, 0, 1) * (u < 0.6)
            flat_pitch = walking * np.where(u < 0.6, heel_off, np.radians(-5))
            on_toes_pitch = np.where(u < 0.6, toes_pitch, 0.6 * toes_pitch)
            on_toes_pitch = toes_pitch + walking * (on_toes_pitch - toes_pitch)
            pitch = up * on_toes_pitch + (1 - up) * flat_pitch
            toe_x = 0.3 * walking * np.sin(2 * np.pi * u) + (0.05 if side == "left" else -0.05)
            toe = np.column_stack([toe_x, lift])
            _standing_leg(body, side, toe, pitch)
        return _turned(body, yaw)

    truth = [Effort("bout", round(a, 3), round(b, 3)) for a, b in bouts]
    return duration, truth, body_at


def _standing_leg(body: Body, side: Side, toe: Array, pitch: Array, bend: float = 0.0) -> None:
    """A foot pivoting on its toe by `pitch` (radians, heel up), shank and thigh above it."""
    cos, sin = np.cos(pitch), np.sin(pitch)
    heel = toe + np.column_stack([-FOOT * cos, FOOT * sin])
    ax, ay = -0.78 * FOOT, ANKLE_HEIGHT
    ankle = toe + np.column_stack([ax * cos + ay * sin, -ax * sin + ay * cos])
    half = math.radians(bend) / 2
    knee = ankle + np.array([math.sin(half) + 0.05, math.cos(half)])
    hip = knee + np.array([-1.05 * math.sin(half) - 0.05, 1.05 * math.cos(half)])
    body.update(
        {(side, "toe"): toe, (side, "heel"): heel, (side, "ankle"): ankle}
        | {(side, "knee"): np.broadcast_to(knee, toe.shape).copy()}
        | {(side, "hip"): np.broadcast_to(hip, toe.shape).copy()}
    )


def _turned(body: Body, yaw: Array) -> Body:
    """Turn the figure about its own vertical axis: x offsets shrink through 0 and flip."""
    centre = body[("left", "hip")][:, :1]
    return {
        key: np.column_stack([centre[:, 0] + yaw * (xy[:, 0] - centre[:, 0]), xy[:, 1]])
        for key, xy in body.items()
    }


# Ankle circles ---------------------------------------------------------------------------


def _ankle_circles(rng: np.random.Generator, options: Options) -> _Model:
    speed = options.speed
    t = float(rng.uniform(1.5, 3))
    # (start, end, side, direction, number of circles)
    runs: list[tuple[float, float, Side, Direction, int]] = []
    sides: list[Side] = list(SIDES) if rng.random() < 0.7 else ["right", "left"]
    for side in sides:
        directions: list[Direction] = ["clockwise", "counterclockwise"]
        if rng.random() < 0.5:
            directions.reverse()
        for direction in directions:
            count = _durations(rng, options, 1, 3)
            period = float(rng.uniform(6, 12)) / speed
            runs.append((t, t + count * period, side, direction, count))
            t += count * period + float(rng.uniform(2, 5))
    duration = t + 1.0
    radius = {side: 0.22 * float(rng.uniform(0.8, 1.2)) for side in SIDES}
    squash = {side: float(rng.uniform(0.6, 1.0)) for side in SIDES}
    wobble = float(rng.uniform(0, 0.3))
    # Facing left mirrors the picture (in `_to_frames`), and so every circle's direction.
    mirror = options.facing == "left"

    def body_at(time: Array) -> Body:
        body: Body = {}
        for side in SIDES:
            x0 = 0.45 if side == "left" else -0.45  # the camera looks from the feet
            sway = 0.02 * np.sin(2 * np.pi * time / 3.1 + x0)
            ankle = np.column_stack([x0 + sway, 1.2 + 0.5 * sway])
            offset = np.zeros((len(time), 2))
            for start, end, run_side, direction, count in runs:
                if run_side != side:
                    continue
                inside = (time >= start) & (time < end)
                u = (time[inside] - start) / (end - start)  # 0..1 over the whole run
                progress = count * u + wobble * np.sin(2 * np.pi * count * u) / (2 * np.pi)
                sign = 1 if direction == "counterclockwise" else -1
                theta = sign * 2 * np.pi * progress - np.pi / 2
                r = radius[side] * np.clip(np.minimum(u, 1 - u) * count / 0.06, 0, 1)
                offset[inside] = np.column_stack(
                    [r * (np.cos(theta)), r * squash[side] * (np.sin(theta) + 1)]
                )
            toe = ankle + np.array([0, 0.45]) + offset
            heel = ankle + np.array([0, -0.15]) - 0.25 * offset
            knee = ankle + np.array([0.0, -0.6])
            hip = knee + np.array([0.0, -0.5])
            body |= {(side, "toe"): toe, (side, "heel"): heel, (side, "ankle"): ankle}
            body |= {(side, "knee"): knee, (side, "hip"): hip}
        return body

    flip: dict[Direction, Direction] = {
        "clockwise": "counterclockwise",
        "counterclockwise": "clockwise",
    }
    truth = []
    for start, end, side, direction, count in runs:
        seen_as = flip[direction] if mirror else direction
        step = (end - start) / count
        for k in range(count):
            a, b = start + k * step, start + (k + 1) * step
            truth.append(Effort("circle", round(a, 3), round(b, 3), side=side, direction=seen_as))
    return duration, truth, body_at


# Resistance-band flexes ------------------------------------------------------------------


def _holds(
    rng: np.random.Generator,
    count: int,
    *,
    start: float,
    held: tuple[float, float],
    short: tuple[float, float],
    short_share: float,
) -> tuple[list[tuple[float, float]], float]:
    spans = []
    t = start
    for _ in range(count):
        length = float(rng.uniform(*short) if rng.random() < short_share else rng.uniform(*held))
        spans.append((t, t + length))
        t += length + float(rng.uniform(3, 6))
    return spans, t


def _resistance_band(rng: np.random.Generator, options: Options) -> _Model:
    spans, end = _holds(
        rng,
        _durations(rng, options, 6, 11),
        start=float(rng.uniform(2, 4)),
        held=(5.3, 7.5),
        short=(1.5, 3.5),
        short_share=0.2,
    )
    rest = math.radians(rng.uniform(115, 130))
    flexed = math.radians(rng.uniform(80, 95))
    ramp_s = 0.6 / options.speed

    def body_at(time: Array) -> Body:
        body: Body = {}
        for (side, lag), dz in zip(_per_side(0.0, 0.08), (0.0, 0.03), strict=True):
            level = ramp(time - lag, spans, ramp_s)
            tremor = math.radians(1.5) * np.sin(2 * np.pi * time * 1.7 + dz) * level
            alpha = rest + (flexed - rest) * level + tremor
            n = len(time)
            ankle = np.tile([0.0 + dz, ANKLE_HEIGHT + dz], (n, 1))
            toe = ankle + 0.78 * FOOT * np.column_stack([-np.cos(alpha), np.sin(alpha)])
            body |= {(side, "ankle"): ankle, (side, "toe"): toe}
            body[(side, "heel")] = ankle + np.array([-0.05, -ANKLE_HEIGHT])
            body[(side, "knee")] = ankle + np.array([-1.0, 0.0])
            body[(side, "hip")] = ankle + np.array([-2.05, 0.05])
        return body

    truth = [Effort("hold", round(a, 3), round(b, 3)) for a, b in spans]
    return end + 1.0, truth, body_at


# Toe pickups -----------------------------------------------------------------------------


def _toe_pickups(rng: np.random.Generator, options: Options) -> _Model:
    order: list[Side] = ["left", "right"] if rng.random() < 0.6 else ["right", "left"]
    spans: dict[Side, list[tuple[float, float]]] = {}
    t = float(rng.uniform(2, 4))
    for side in order:
        spans[side], t = _holds(
            rng,
            _durations(rng, options, 3, 5),
            start=t,
            held=(8.5, 12.0),
            short=(3.0, 6.0),
            short_share=0.2,
        )
        t += float(rng.uniform(2, 5))
    heights = {side: float(rng.uniform(0.2, 0.4)) for side in SIDES}
    ramp_s = 0.5 / options.speed

    def body_at(time: Array) -> Body:
        body: Body = {}
        for side in SIDES:
            lift = heights[side] * ramp(time, spans[side], ramp_s)
            dx = 0.04 if side == "left" else -0.04
            up = np.column_stack([np.full_like(time, dx), lift])
            body[(side, "ankle")] = up + np.array([0.0, ANKLE_HEIGHT])
            body[(side, "heel")] = up + np.array([-0.13, 0.0])
            curl = -0.02 * lift / heights[side]  # the toes curl round the pen
            body[(side, "toe")] = up + np.column_stack([np.full_like(time, 0.47), curl])
            body[(side, "knee")] = up + np.array([0.0, ANKLE_HEIGHT + 1.0])
            body[(side, "hip")] = np.column_stack(
                [np.full_like(time, dx - 1.1), np.full_like(time, ANKLE_HEIGHT + 1.05)]
            )
        return body

    truth = [
        Effort("hold", round(a, 3), round(b, 3), side=side)
        for side in order
        for a, b in spans[side]
    ]
    return t, truth, body_at


# Toe presses -----------------------------------------------------------------------------


def _toe_presses(rng: np.random.Generator, options: Options) -> _Model:
    start = float(rng.uniform(2, 4))
    sets = [(start, start + float(rng.uniform(25, 60)))]
    if rng.random() < 0.5:  # a break: stand up, shift the feet, bend again
        a = sets[0][1] + float(rng.uniform(3, 6))
        sets.append((a, a + float(rng.uniform(20, 40))))
    duration = sets[-1][1] + float(rng.uniform(2, 4))
    bend = float(rng.uniform(12, 25))
    ramp_s = 1.0 / options.speed
    breaks = [(a + 0.5, b - 0.5) for (_, a), (b, _) in itertools.pairwise(sets)]

    def body_at(time: Array) -> Body:
        level = ramp(time, sets, ramp_s)
        # Shuffling the feet during a break: they move, so the spell ends there.
        shuffle = ramp(time, breaks, 0.5) * 0.15 * np.sin(2 * np.pi * time / 1.5)
        press = 0.004 * np.sin(2 * np.pi * time / 6)  # what a press looks like: nothing much
        body: Body = {}
        for side, dx in _per_side(0.05, -0.05):
            toe = np.column_stack([dx + shuffle + press, np.zeros_like(time)])
            _standing_leg(body, side, toe, np.zeros_like(time))
            angle = np.radians(2 + bend * level) / 2  # straight legs are never quite 180°
            ankle = body[(side, "ankle")]
            knee = ankle + np.column_stack([np.sin(angle), np.cos(angle)])
            body[(side, "knee")] = knee
            body[(side, "hip")] = knee + 1.05 * np.column_stack([-np.sin(angle), np.cos(angle)])
        return body

    truth = [Effort("still", round(a, 3), round(b, 3)) for a, b in sets]
    return duration, truth, body_at


_Model = tuple[float, list[Effort], Callable[[Array], Body]]
MODELS: dict[str, Callable[[np.random.Generator, Options], _Model]] = {
    "toe-presses": _toe_presses,
    "toe-walking": _toe_walking,
    "ankle-circles": _ankle_circles,
    "resistance-band": _resistance_band,
    "toe-pickups": _toe_pickups,
}


def _to_frames(
    t: Array, body: Body, rng: np.random.Generator, options: Options
) -> tuple[PoseFrame, ...]:
    """Into the picture (normalised coordinates), then spoil it as a pose model would."""
    n = len(t)
    sign = -1.0 if options.facing == "left" else 1.0
    placed: Body = {}
    for key, xy in body.items():
        world = np.broadcast_to(xy, (n, 2)) + rng.normal(0, options.noise, (n, 2))
        x = 0.5 * options.aspect + sign * world[:, 0] * options.shank
        y = 0.92 - world[:, 1] * options.shank
        placed[key] = np.column_stack([x / options.aspect, y])
    keys = list(placed)
    for i in np.flatnonzero(rng.random(n) < options.outliers):
        key = keys[int(rng.integers(len(keys)))]
        placed[key][i] += rng.uniform(-0.5, 0.5, 2) * options.shank
    hidden = {side: np.zeros(n, dtype=bool) for side in SIDES}
    spells = rng.poisson(options.occlusion * (t[-1] if n else 0) / 60)
    for _ in range(spells):
        start = int(rng.integers(max(n, 1)))
        length = int(rng.uniform(0.2, 0.6) * options.fps)
        hidden[SIDES[int(rng.integers(2))]][start : start + length] = True
    kept = rng.random(n) >= options.drop
    visibility = rng.uniform(0.7, 1.0, (n, len(keys)))
    frames = []
    for i in np.flatnonzero(kept):
        legs = {}
        for side in SIDES:
            points: dict[str, Any] = {}
            for joint in JOINTS:
                if hidden[side][i] and joint in FOOT_JOINTS:
                    points[joint] = None
                    continue
                x, y = placed[(side, joint)][i]
                v = visibility[i, keys.index((side, joint))]
                points[joint] = Landmark(float(x), float(y), float(v))
            legs[side] = Leg(**points)
        frames.append(PoseFrame(t=round(float(t[i]), 4), left=legs["left"], right=legs["right"]))
    return tuple(frames)


def match_efforts(truth: Sequence[Effort], found: Sequence[Effort]) -> list[tuple[Effort, Effort]]:
    """Pairs of a true and a found effort of the same side and direction that overlap,
    the largest overlaps first, each effort in one pair at most."""
    candidates = []
    for i, real in enumerate(truth):
        for j, seen in enumerate(found):
            if (real.side, real.direction) != (seen.side, seen.direction):
                continue
            overlap = min(real.end_s, seen.end_s) - max(real.start_s, seen.start_s)
            if overlap > 0:
                candidates.append((overlap, i, j))
    pairs = []
    used_truth: set[int] = set()
    used_found: set[int] = set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_truth and j not in used_found:
            used_truth.add(i)
            used_found.add(j)
            pairs.append((truth[i], found[j]))
    return sorted(pairs, key=lambda pair: pair[0].start_s)
