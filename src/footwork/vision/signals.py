"""Pure signal helpers: landmarks to evenly sampled tracks, gaps, smoothing, scale, facing.

Pose models drop frames, lose a foot behind the other for a moment and jitter from frame to
frame. Every analyzer starts from the same clean-up: put the frames on an even time grid,
bridge short gaps, smooth, and measure lengths in shank lengths (knee to ankle) so that the
thresholds do not depend on how far the person stands from the camera.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.ndimage import median_filter  # type: ignore[import-untyped]
from scipy.signal import savgol_filter  # type: ignore[import-untyped]

from footwork.core.program import Side
from footwork.vision.keypoints import JOINTS, MIN_VISIBILITY, SIDES, Joint, PoseFrame

Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

DEFAULT_DT = 1 / 30
MAX_GAP_S = 0.5
# Feet are about 0.6 shank lengths long (heel to toe) in adults and children alike.
FOOT_PER_SHANK = 0.6


@dataclass(frozen=True, slots=True)
class Tracks:
    """Landmark positions on an even time grid, NaN where unseen.

    x is multiplied by the image's width / height, so both axes are in image heights and
    angles come out true.
    """

    t: Array
    dt: float
    points: dict[tuple[Side, Joint], Array]
    """(n, 2) arrays of x, y per side and joint."""
    person: Mask
    """Frames where any landmark was seen."""
    came: Mask
    """Grid steps a frame really fell on (not bridged): how many frames a stretch rests on."""

    def __len__(self) -> int:
        return len(self.t)

    def point(self, side: Side, joint: Joint) -> Array:
        return self.points[(side, joint)]

    def samples(self, seconds: float) -> int:
        """How many grid steps make `seconds` (at least 1)."""
        return max(1, round(seconds / self.dt))


def to_tracks(
    frames: Sequence[PoseFrame],
    *,
    aspect: float = 1.0,
    min_visibility: float = MIN_VISIBILITY,
    max_gap_s: float = MAX_GAP_S,
    smooth_s: float = 0.3,
    raw_median: int = 1,
) -> Tracks:
    """Frames onto an even grid at their usual spacing; short gaps bridged, then smoothed.

    Landmarks below `min_visibility` count as unseen. With `raw_median` of 3, a landmark's
    jump in a single one of the frames it was seen in is dropped as the pose model's noise (a
    median over those frames as they came, before the grid; edges kept). Gaps up to
    `max_gap_s` are filled by straight lines; longer ones stay NaN, so an analyzer can tell
    it saw nothing there.
    """
    ordered = sorted(frames, key=lambda f: f.t)
    times = np.array([f.t for f in ordered], dtype=float)
    steps = np.diff(times)
    steps = steps[steps > 0]
    dt = float(np.median(steps)) if len(steps) else DEFAULT_DT
    if len(times) == 0:
        n = 0
        index = np.zeros(0, dtype=int)
    else:
        # A broken clock must not make a grid of millions of empty frames.
        n = min(round((times[-1] - times[0]) / dt) + 1, 20 * len(times) + 10)
        index = np.clip(np.round((times - times[0]) / dt).astype(int), 0, max(n - 1, 0))
    t: Array = float(times[0] if len(times) else 0.0) + dt * np.arange(n, dtype=float)
    person = np.zeros(n, dtype=bool)
    came = np.zeros(n, dtype=bool)
    came[index] = True
    points: dict[tuple[Side, Joint], Array] = {}
    for side in SIDES:
        for joint in JOINTS:
            points[(side, joint)] = np.full((n, 2), np.nan)
    unseen = (np.nan, np.nan, -1.0)
    for side in SIDES:
        legs = [frame.leg(side) for frame in ordered]
        for joint in JOINTS:
            # One array per landmark rather than a loop per frame: the same values, in time
            # order, so where two frames fall on one grid step the later one wins.
            found = np.array(
                [p if (p := getattr(leg, joint)) is not None else unseen for leg in legs],
                dtype=float,
            ).reshape(-1, 3)
            seen = found[:, 2] >= min_visibility
            xy = found[seen, :2]
            if raw_median > 1:
                # Spikes go on the frames as they came: on the grid, a pause after a stray
                # frame would be bridged from it and the spike stretched too wide for any median.
                xy = median_filter(xy, size=(raw_median, 1), mode="nearest")
            points[(side, joint)][index[seen]] = xy * (aspect, 1.0)
            person[index[seen]] = True
    max_gap = max(1, round(max_gap_s / dt))
    window = max(1, round(smooth_s / dt))
    cleaned = {key: smooth(fill_gaps(xy, max_gap), window) for key, xy in points.items()}
    return Tracks(t=t, dt=dt, points=cleaned, person=fill_gap_mask(person, max_gap), came=came)


def finite_runs(mask: Mask) -> list[tuple[int, int]]:
    """Half-open [start, end) index ranges where `mask` is True."""
    if len(mask) == 0:
        return []
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def fill_gaps(values: Array, max_gap: int) -> Array:
    """Bridge runs of NaN up to `max_gap` samples long by straight lines, along axis 0."""
    out = np.array(values, dtype=float, copy=True)
    for column in _columns(out):
        missing = np.isnan(column)
        if not missing.any() or missing.all():
            continue
        known = np.flatnonzero(~missing)
        for start, end in finite_runs(missing):
            if end - start <= max_gap and start > 0 and end < len(column):
                column[start:end] = np.interp(np.arange(start, end), known, column[known])
    return out


def fill_gap_mask(mask: Mask, max_gap: int) -> Mask:
    """`mask` with False runs up to `max_gap` long between two True samples set to True."""
    out = mask.copy()
    for start, end in finite_runs(~mask):
        if end - start <= max_gap and start > 0 and end < len(mask):
            out[start:end] = True
    return out


def smooth(values: Array, window: int) -> Array:
    """Drop single-frame spikes (median of 5), then a Savitzky-Golay fit over `window` samples.

    Each stretch without NaN is smoothed on its own, so gaps neither spread nor vanish. Where
    `window` is under 5 samples (a few frames a second), the median is of 3: five samples
    would then span well over a second and eat into the ends of holds.
    """
    out = np.array(values, dtype=float, copy=True)
    for column in _columns(out):
        for start, end in finite_runs(~np.isnan(column)):
            length = end - start
            if length < 5:
                continue
            spike = 5 if window >= 5 else 3
            part = median_filter(column[start:end], size=spike, mode="nearest")
            size = min(window | 1, length if length % 2 else length - 1)
            if size > 3:
                part = savgol_filter(part, size, 2, mode="interp")
            column[start:end] = part
    return out


def distance(a: Array, b: Array) -> Array:
    """Frame by frame distance between two (n, 2) tracks; NaN where either is unseen."""
    d: Array = np.hypot(*(a - b).T)
    return d


def body_scale(tracks: Tracks) -> float | None:
    """The shank length (knee to ankle) in image heights, the unit every threshold uses.

    Taken as the larger of the median shank and the median foot over 0.6, because the
    camera may see either one end on (the shank when legs point at it, the foot when it
    faces the soles). None when neither was seen.
    """
    lengths = []
    for side in SIDES:
        shank = distance(tracks.point(side, "knee"), tracks.point(side, "ankle"))
        foot = distance(tracks.point(side, "heel"), tracks.point(side, "toe"))
        foot_length = _median(foot)
        lengths += [_median(shank), None if foot_length is None else foot_length / FOOT_PER_SHANK]
    known = [x for x in lengths if x is not None and x > 0]
    return max(known) if known else None


def facing(tracks: Tracks) -> Literal["left", "right"] | None:
    """Which side of the picture the toes point to, from heel to toe; None when unclear
    (the camera faces the person, or no foot was seen)."""
    offsets = []
    for side in SIDES:
        dx = tracks.point(side, "toe")[:, 0] - tracks.point(side, "heel")[:, 0]
        offsets.append(dx[np.isfinite(dx)])
    dx = np.concatenate(offsets)
    scale = body_scale(tracks)
    if len(dx) == 0 or scale is None:
        return None
    middle = float(np.median(dx))
    if abs(middle) < 0.15 * scale:
        return None
    return "right" if middle > 0 else "left"


def mean_of_sides(left: Array, right: Array) -> Array:
    """Frame by frame mean of the two sides, using one side where the other is unseen."""
    both = np.vstack([left, right])
    seen = np.isfinite(both)
    total = np.where(seen, both, 0.0).sum(axis=0)
    count = seen.sum(axis=0)
    out: Array = np.full(len(left), np.nan)
    np.divide(total, count, out=out, where=count > 0)
    return out


def hysteresis(signal: Array, *, on: float, off: float) -> Mask:
    """True from where `signal` rises above `on` until it falls below `off`; NaN ends it."""
    state = False
    out = np.zeros(len(signal), dtype=bool)
    for i, value in enumerate(signal):
        if not np.isfinite(value):
            state = False
        elif state:
            state = value > off
        else:
            state = value > on
        out[i] = state
    return out


def drop_thin(mask: Mask, came: Mask, *, min_frames: int) -> Mask:
    """`mask` without its runs that rest on fewer than `min_frames` frames that really came.

    A frame or two of a pose model's noise next to a pause in the frames is stretched over
    the pause by the bridging and smoothing; counted in grid steps it looks like a movement,
    and merged with the next real one it would start that one early."""
    out = mask.copy()
    for start, end in finite_runs(mask):
        if int(came[start:end].sum()) < min_frames:
            out[start:end] = False
    return out


def intervals(mask: Mask, *, min_len: int, merge_gap: int) -> list[tuple[int, int]]:
    """Runs of True, joined across gaps up to `merge_gap`, dropped when shorter than
    `min_len` samples. Half-open [start, end) indexes."""
    merged: list[tuple[int, int]] = []
    for start, end in finite_runs(mask):
        if merged and start - merged[-1][1] <= merge_gap:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [(a, b) for a, b in merged if b - a >= min_len]


def rolling_range(values: Array, window: int) -> Array:
    """Largest minus smallest value in a centred window (NaN ignored), per column summed in
    quadrature for (n, 2) input: how far a point wanders in that time."""
    data = values.reshape(len(values), -1)
    if len(values) == 0:
        return np.zeros(0)
    half = window // 2
    padded = np.pad(data, ((half, half), (0, 0)), mode="edge")
    view = np.lib.stride_tricks.sliding_window_view(padded, window | 1, axis=0)
    seen = np.isfinite(view).any(axis=2)
    with np.errstate(invalid="ignore"):
        high = np.where(seen, np.nanmax(np.where(np.isfinite(view), view, -np.inf), axis=2), 0)
        low = np.where(seen, np.nanmin(np.where(np.isfinite(view), view, np.inf), axis=2), 0)
    spans = (high - low)[: len(values)]
    total: Array = np.sqrt((spans**2).sum(axis=1)).astype(float)
    total[~np.isfinite(data).any(axis=1)] = np.nan
    return total


def _columns(values: Array) -> list[Array]:
    """Views of each column of a 1-D or 2-D array, to change in place."""
    return [values] if values.ndim == 1 else [values[:, i] for i in range(values.shape[1])]


def _median(values: Array) -> float | None:
    known = values[np.isfinite(values)]
    return float(np.median(known)) if len(known) else None
