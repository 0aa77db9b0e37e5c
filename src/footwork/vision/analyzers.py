"""Per-exercise analyzers: a keypoint sequence in, what was done out. Pure functions.

Each one turns the landmarks into the one signal that shows the exercise (how high the heels
are, how far the toe has turned around the ankle, the angle of the foot to the shin, how
high each foot is, how bent the knees are), smooths it, and finds the spells that count.
Lengths are in shank lengths (see `signals.body_scale`), so thresholds hold for children
and adults, near the camera or far.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.signal import find_peaks  # type: ignore[import-untyped]

from footwork.core.language import N_, Message
from footwork.core.program import Direction, Side
from footwork.vision.keypoints import FOOT_JOINTS, SIDES, PoseFrame
from footwork.vision.results import Analysis, Coverage, Effort, Line, Measure, Trace
from footwork.vision.signals import (
    Array,
    Mask,
    Tracks,
    body_scale,
    drop_thin,
    hysteresis,
    intervals,
    mean_of_sides,
    rolling_range,
    smooth,
    to_tracks,
)

NOBODY = N_("No one was seen in the video.")
NO_FRAMES = N_("The video has no frames to look at.")
NO_FEET = N_(
    "Someone was seen, but not their feet: the camera needs to see both feet, heel to toe."
)
TOE_PRESSES_CANNOT_SEE = N_(
    "A camera cannot see your toes pressing into the floor: the press happens inside the "
    "foot and the foot does not move. This check only shows that you stood with your knees "
    "bent and your feet still; count the presses and their holds yourself."
)

CIRCLE_LABELS = {
    ("left", "clockwise"): N_("Circles, left foot, clockwise"),
    ("left", "counterclockwise"): N_("Circles, left foot, counter-clockwise"),
    ("right", "clockwise"): N_("Circles, right foot, clockwise"),
    ("right", "counterclockwise"): N_("Circles, right foot, counter-clockwise"),
}
# A stretch over a threshold resting on fewer frames than this is the pose model's noise.
THIN_FRAMES = 3
LIFT_LABELS = {"left": N_("Lifts, left foot"), "right": N_("Lifts, right foot")}


@dataclass(frozen=True, slots=True)
class Prepared:
    """The cleaned-up tracks of a sequence and the measures every analyzer needs."""

    tracks: Tracks
    scale: float
    coverage: Coverage
    notes: tuple[str, ...]

    def span(self, start: int, end: int) -> tuple[float, float]:
        """Seconds from the start of the video for the half-open index range [start, end)."""
        t0 = float(self.tracks.t[0])
        return (round(t0 + start * self.tracks.dt, 3), round(t0 + end * self.tracks.dt, 3))

    def samples(self, seconds: float) -> int:
        return self.tracks.samples(seconds)

    def trace(self, label: str, lines: dict[str, Array], threshold: float | None) -> Trace:
        return Trace(
            label=label,
            t=tuple(np.round(self.tracks.t, 3).tolist()),
            lines=tuple(
                Line(name, tuple(np.round(values, 4).tolist())) for name, values in lines.items()
            ),
            threshold=threshold,
        )


def prepare(
    exercise_id: str, frames: Sequence[PoseFrame], *, aspect: float, raw_median: int = 1
) -> Prepared | Analysis:
    """The tracks, scale and coverage; or an Analysis saying why nothing can be measured."""
    if not frames:
        return Analysis(exercise_id, Coverage(0, 0.0, 0.0, 0.0), problem=NO_FRAMES)
    tracks = to_tracks(frames, aspect=aspect, raw_median=raw_median)
    n = len(tracks)  # at least 1: there are frames
    duration = n * tracks.dt
    feet = np.zeros(n, dtype=bool)
    for side in SIDES:
        feet |= np.all(
            [np.isfinite(tracks.point(side, joint)[:, 0]) for joint in FOOT_JOINTS], axis=0
        )
    coverage = Coverage(
        frames=len(frames),
        duration_s=round(duration, 3),
        person_s=round(float(tracks.person.sum()) * tracks.dt, 3),
        feet_s=round(float(feet.sum()) * tracks.dt, 3),
    )
    scale = body_scale(tracks)
    if coverage.person_s == 0:
        return Analysis(exercise_id, coverage, problem=NOBODY)
    if coverage.feet_s == 0 or scale is None:
        return Analysis(exercise_id, coverage, problem=NO_FEET)
    notes: list[str] = []
    unseen = 1 - coverage.feet_s / duration
    if unseen > 0.2:
        notes.append(
            Message(
                N_(
                    "Your feet were out of sight for {share} of the video; nothing done then "
                    "could be counted."
                ),
                {"share": f"{unseen:.0%}"},
            )
        )
    return Prepared(tracks, scale, coverage, tuple(notes))


def analyze_toe_walking(frames: Sequence[PoseFrame], *, aspect: float = 1.0) -> Analysis:
    """Bouts on the toes: spells of 2 s or more with the heels clearly above the toes."""
    prepared = prepare("toe-walking", frames, aspect=aspect)
    if isinstance(prepared, Analysis):
        return prepared
    p, tracks = prepared, prepared.tracks
    rises = {
        side: (tracks.point(side, "toe")[:, 1] - tracks.point(side, "heel")[:, 1]) / p.scale
        for side in SIDES
    }
    signal = smooth(mean_of_sides(rises["left"], rises["right"]), p.samples(0.5))
    known = signal[np.isfinite(signal)]
    # Where the heels rest depends on the camera's height; take it from the flattest moments.
    flat = min(float(np.percentile(known, 5)), 0.25) if len(known) else 0.0
    lifted = signal - flat
    on = hysteresis(lifted, on=0.15, off=0.09)
    spans = intervals(on, min_len=p.samples(2.0), merge_gap=p.samples(0.8))
    efforts = tuple(Effort("bout", *p.span(a, b)) for a, b in spans)
    notes = list(p.notes)
    # Said only when no bout was counted: a short bout in a long clip is under 5 % of it.
    if not efforts and len(known) and float(np.percentile(lifted[np.isfinite(lifted)], 95)) < 0.15:
        notes.append(N_("Your heels never rose clearly off the floor."))
    return Analysis(
        "toe-walking",
        p.coverage,
        efforts,
        notes=tuple(notes),
        measures=(
            Measure("seconds_on_toes", N_("Time on your toes"), _total(efforts), "s"),
            Measure("bouts", N_("Bouts"), len(efforts), ""),
        ),
        trace=p.trace(N_("Heel height above resting (shank lengths)"), {"heels": lifted}, 0.15),
    )


def analyze_ankle_circles(frames: Sequence[PoseFrame], *, aspect: float = 1.0) -> Analysis:
    """Full circles of each toe around its ankle, per foot and direction, as the camera sees
    them (from the foot end of the mat, looking at the soles)."""
    prepared = prepare("ankle-circles", frames, aspect=aspect)
    if isinstance(prepared, Analysis):
        return prepared
    p = prepared
    efforts: list[Effort] = []
    turns: dict[str, Array] = {}
    for side in SIDES:
        found, turned = _circles(p, side)
        efforts += found
        turns[side] = turned
    efforts.sort(key=lambda e: e.start_s)
    return Analysis(
        "ankle-circles",
        p.coverage,
        tuple(efforts),
        notes=(
            *p.notes,
            N_(
                "Directions are as the camera sees them; from where you lie they look the other "
                "way round."
            ),
        ),
        measures=tuple(
            Measure(
                f"circles_{side}_{direction}",
                CIRCLE_LABELS[side, direction],
                sum(1 for e in efforts if e.side == side and e.direction == direction),
                "",
            )
            for side in SIDES
            for direction in ("clockwise", "counterclockwise")
        ),
        trace=p.trace(N_("Turns of the toe around the ankle (anticlockwise up)"), turns, None),
    )


def _circles(p: Prepared, side: Side) -> tuple[list[Effort], Array]:
    tracks = p.tracks
    n = len(tracks)
    # Circles are slow (10 s in the dose): smooth harder than the tracks are.
    rel = smooth(tracks.point(side, "toe") - tracks.point(side, "ankle"), p.samples(0.8))
    wander = rolling_range(rel, p.samples(3.0)) / p.scale
    moving = np.nan_to_num(wander, nan=0.0) > 0.15
    spells = intervals(moving, min_len=p.samples(2.0), merge_gap=p.samples(1.0))
    turned = np.full(n, np.nan)
    efforts: list[Effort] = []
    pad = p.samples(1.0)
    for a, b in spells:
        a, b = max(0, a - pad), min(n, b + pad)
        theta = _turning(rel[a:b], min_radius=0.08 * p.scale)
        if theta is None:
            continue
        turned[a:b] = theta / (2 * math.pi)
        for r0, r1 in _direction_runs(theta):
            efforts += _split_circles(p, theta, r0, r1, offset=a, side=side)
    return efforts, turned


def _turning(rel: Array, *, min_radius: float) -> Array | None:
    """The toe's angle around the middle of its path, unwrapped; held where the toe is too
    near the middle for its angle to mean anything. None when the toe was never seen."""
    seen = np.isfinite(rel).all(axis=1)
    if seen.sum() < 3:
        return None
    centre = (np.percentile(rel[seen], 5, axis=0) + np.percentile(rel[seen], 95, axis=0)) / 2
    d = rel - centre
    radius = np.hypot(d[:, 0], d[:, 1])
    typical = float(np.median(radius[seen]))
    if typical < min_radius:  # jitter of a still foot, not a circle
        return None
    usable = seen & (radius > 0.35 * typical)
    if usable.sum() < 3:
        return None
    angle = np.unwrap(np.arctan2(-d[usable, 1], d[usable, 0]))
    theta = np.full(len(rel), np.nan)
    theta[usable] = angle
    # Hold the last angle through unusable frames, and the first one before it.
    index = np.where(usable, np.arange(len(rel)), -1)
    index = np.maximum.accumulate(index)
    index[index < 0] = int(np.flatnonzero(usable)[0])
    held: Array = theta[index] - angle[0]
    return held


def _direction_runs(theta: Array) -> list[tuple[int, int]]:
    """Split where the turning reverses by more than a quarter turn."""
    quarter = math.pi / 2
    steady = smooth(theta, 31)
    peaks, _ = find_peaks(steady, prominence=quarter)
    troughs, _ = find_peaks(-steady, prominence=quarter)
    cuts = sorted({0, *peaks.tolist(), *troughs.tolist(), len(theta) - 1})
    return [(int(a), int(b)) for a, b in itertools.pairwise(cuts) if b > a]


def _split_circles(
    p: Prepared, theta: Array, r0: int, r1: int, *, offset: int, side: Side
) -> list[Effort]:
    """Whole circles in one run of one direction.

    The toe turns from where its turning speed first rises to where it last falls; a resting
    toe's angle only jitters, to and fro. The last circle may fall short by a tenth of a turn,
    since where the toe starts and stops is blurred by the smoothing.
    """
    swept = theta[r0 : r1 + 1] - theta[r0]
    steady = smooth(swept, p.samples(1.0))
    speed = np.abs(np.gradient(steady)) / p.tracks.dt if len(steady) > 1 else steady * 0
    fast = max(0.3 * float(np.percentile(speed, 90)), 2 * math.pi / 40)
    stretches = [
        (a, b)
        for a, b in intervals(speed > fast, min_len=p.samples(0.3), merge_gap=p.samples(0.1))
        if abs(steady[b - 1] - steady[a]) > 0.5  # a twitch of jitter turns less than 30°
    ]
    if not stretches:
        return []
    a, b = stretches[0][0], stretches[-1][1]
    net = float(steady[b - 1] - steady[a])
    wandered = float(np.abs(np.diff(steady[a:b])).sum())
    count = math.floor(abs(net) / (2 * math.pi) + 0.1)
    if count == 0 or abs(net) < 0.6 * wandered:
        return []
    direction: Direction = "counterclockwise" if net > 0 else "clockwise"
    progress = np.abs(steady[a:b] - steady[a])
    efforts = []
    begin = a
    for k in range(1, count + 1):
        reached = np.flatnonzero(progress >= 2 * math.pi * k)
        end = a + int(reached[0]) if len(reached) else b
        span = p.span(offset + r0 + begin, offset + r0 + end)
        efforts.append(Effort("circle", *span, side=side, direction=direction))
        begin = end
    return efforts


def analyze_resistance_band(frames: Sequence[PoseFrame], *, aspect: float = 1.0) -> Analysis:
    """Flex holds: spells with the toes pulled back towards the shin, away from the resting
    angle by at least half the way to the deepest flex seen."""
    prepared = prepare("resistance-band", frames, aspect=aspect)
    if isinstance(prepared, Analysis):
        return prepared
    p, tracks = prepared, prepared.tracks
    angles = {
        side: _angle(
            tracks.point(side, "ankle"), tracks.point(side, "knee"), tracks.point(side, "toe")
        )
        for side in SIDES
    }
    signal = smooth(mean_of_sides(angles["left"], angles["right"]), p.samples(0.5))
    known = signal[np.isfinite(signal)]
    rest = float(np.percentile(known, 90)) if len(known) else math.nan
    deepest = float(np.percentile(known, 5)) if len(known) else math.nan
    depth = rest - deepest
    flex = rest - signal
    notes = list(p.notes)
    efforts: tuple[Effort, ...] = ()
    if not depth >= 12:
        notes.append(N_("Your feet hardly moved at the ankle: no flex was seen."))
    else:
        held = hysteresis(flex, on=0.5 * depth, off=0.4 * depth)
        spans = intervals(held, min_len=p.samples(1.0), merge_gap=p.samples(1.0))
        efforts = tuple(Effort("hold", *p.span(a, b)) for a, b in spans)
    return Analysis(
        "resistance-band",
        p.coverage,
        efforts,
        notes=tuple(notes),
        measures=(
            Measure("rest_angle", N_("Foot to shin at rest"), round(rest, 1), "°"),
            Measure("flex_angle", N_("Foot to shin at full flex"), round(deepest, 1), "°"),
        ),
        trace=p.trace(
            N_("Flex: degrees from the resting angle"),
            {"flex": flex},
            0.5 * depth if depth else None,
        ),
    )


def analyze_toe_pickups(frames: Sequence[PoseFrame], *, aspect: float = 1.0) -> Analysis:
    """Holds with one foot lifted off the floor: which foot, and for how long."""
    # Only here: on the other exercises' quick movements a median over the frames as they
    # came costs more than it saves (ankle circles under heavy jitter were counted worse).
    prepared = prepare("toe-pickups", frames, aspect=aspect, raw_median=3)
    if isinstance(prepared, Analysis):
        return prepared
    p, tracks = prepared, prepared.tracks
    lifts: dict[str, Array] = {}
    held: dict[Side, Mask] = {}
    efforts: list[Effort] = []
    for side in SIDES:
        ys = np.array([tracks.point(side, joint)[:, 1] for joint in FOOT_JOINTS])
        seen = np.isfinite(ys)
        count = seen.sum(axis=0)
        height = np.full(len(tracks), np.nan)
        np.divide(np.where(seen, ys, 0).sum(axis=0), count, out=height, where=count > 0)
        known = height[np.isfinite(height)]
        floor = float(np.percentile(known, 90)) if len(known) else math.nan
        lift = smooth((floor - height) / p.scale, p.samples(0.3))
        lifts[side] = lift
        held[side] = hysteresis(lift, on=0.12, off=0.07)
    both = held["left"] & held["right"]
    for side in SIDES:
        mine = drop_thin(
            held[side] & ~(both & (lifts[side] < lifts[_other(side)])),
            tracks.came,
            min_frames=THIN_FRAMES,
        )
        for a, b in intervals(mine, min_len=p.samples(1.0), merge_gap=p.samples(1.0)):
            a, b = _at_half_height(lifts[side], a, b)
            if b - a >= p.samples(1.0):
                efforts.append(Effort("hold", *p.span(a, b), side=side))
    efforts.sort(key=lambda e: e.start_s)
    notes = list(p.notes)
    if both.sum() * tracks.dt > 1.0:
        notes.append(
            N_(
                "Both feet were off the floor at once for a while; each hold was given "
                "to the higher foot."
            )
        )
    return Analysis(
        "toe-pickups",
        p.coverage,
        tuple(efforts),
        notes=tuple(notes),
        measures=tuple(
            Measure(
                f"holds_{side}",
                LIFT_LABELS[side],
                sum(1 for e in efforts if e.side == side),
                "",
            )
            for side in SIDES
        ),
        trace=p.trace(N_("Foot height above the floor (shank lengths)"), lifts, 0.12),
    )


def _at_half_height(lift: Array, start: int, end: int) -> tuple[int, int]:
    """A hold from where the foot first reaches half its usual height in it to where it last
    is: a lower hump before or after (the pose model reading the still foot a little up, as
    the lite model does for the first frames after a pause) is not part of the hold."""
    part = lift[start:end]
    up = np.flatnonzero(part >= 0.5 * float(np.nanmedian(part)))
    return start + int(up[0]), start + int(up[-1]) + 1


def analyze_toe_presses(frames: Sequence[PoseFrame], *, aspect: float = 1.0) -> Analysis:
    """What a camera can see of toe presses: knees bent, feet still, and for how long."""
    prepared = prepare("toe-presses", frames, aspect=aspect)
    if isinstance(prepared, Analysis):
        return prepared
    p, tracks = prepared, prepared.tracks
    knees = {
        side: _angle(
            tracks.point(side, "knee"), tracks.point(side, "hip"), tracks.point(side, "ankle")
        )
        for side in SIDES
    }
    bend = smooth(180 - mean_of_sides(knees["left"], knees["right"]), p.samples(0.5))
    bent = hysteresis(bend, on=8.0, off=5.0)
    still = np.ones(len(tracks), dtype=bool)
    for side in SIDES:
        for joint in ("ankle", "toe"):
            steady = smooth(tracks.point(side, joint), p.samples(1.0))
            wander = rolling_range(steady, p.samples(2.0)) / p.scale
            still &= ~(np.nan_to_num(wander, nan=0.0) > 0.15)
    spans = intervals(bent & still, min_len=p.samples(2.0), merge_gap=p.samples(1.0))
    efforts = tuple(Effort("still", *p.span(a, b)) for a, b in spans)
    in_position = np.zeros(len(tracks), dtype=bool)
    for a, b in spans:
        in_position[a:b] = True
    typical_bend = bend[in_position & np.isfinite(bend)]
    notes = list(p.notes)
    if not np.isfinite(bend).any():
        notes.append(N_("Your hips and knees were not both in view, so the knee bend is unknown."))
    elif not bent.any():
        notes.append(N_("Your knees looked straight: bend them a little for this exercise."))
    return Analysis(
        "toe-presses",
        p.coverage,
        efforts,
        notes=tuple(notes),
        cannot_see=TOE_PRESSES_CANNOT_SEE,
        measures=(
            Measure(
                "seconds_in_position", N_("Standing still with knees bent"), _total(efforts), "s"
            ),
            Measure(
                "knee_bend",
                N_("Knee bend while in position"),
                round(float(np.median(typical_bend)), 1) if len(typical_bend) else math.nan,
                "°",
            ),
            Measure(
                "longest_still",
                N_("Longest still spell"),
                max((e.duration_s for e in efforts), default=0.0),
                "s",
            ),
        ),
        trace=p.trace(N_("Knee bend (degrees)"), {"knees": bend}, 8.0),
    )


Analyzer = Callable[..., Analysis]
ANALYZERS: dict[str, Analyzer] = {
    "toe-presses": analyze_toe_presses,
    "toe-walking": analyze_toe_walking,
    "ankle-circles": analyze_ankle_circles,
    "resistance-band": analyze_resistance_band,
    "toe-pickups": analyze_toe_pickups,
}


def analyze(exercise_id: str, frames: Sequence[PoseFrame], *, aspect: float = 1.0) -> Analysis:
    """Run the analyzer for `exercise_id`; KeyError naming the ones there are otherwise."""
    try:
        analyzer = ANALYZERS[exercise_id]
    except KeyError:
        known = ", ".join(ANALYZERS)
        raise KeyError(f"no camera check for {exercise_id!r} (there is one for: {known})") from None
    return analyzer(frames, aspect=aspect)


def _angle(vertex: Array, a: Array, b: Array) -> Array:
    """Angle a-vertex-b in degrees per frame, NaN where any point is unseen."""
    u, v = a - vertex, b - vertex
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = (u * v).sum(axis=1) / (np.hypot(*u.T) * np.hypot(*v.T))
    angle: Array = np.degrees(np.arccos(np.clip(cos, -1, 1)))
    return angle


def _total(efforts: Sequence[Effort]) -> float:
    return round(sum(e.duration_s for e in efforts), 2)


def _other(side: Side) -> Side:
    return "right" if side == "left" else "left"
