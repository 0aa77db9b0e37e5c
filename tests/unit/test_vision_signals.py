"""Signal clean-up: even grid, gaps, smoothing, scale, facing."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.vision.keypoints import Landmark, Leg, PoseFrame
from footwork.vision.signals import (
    body_scale,
    drop_thin,
    facing,
    fill_gaps,
    finite_runs,
    hysteresis,
    intervals,
    mean_of_sides,
    rolling_range,
    smooth,
    to_tracks,
)


def standing_frame(t: float, *, toe_dx: float = 0.12, shank: float = 0.2) -> PoseFrame:
    """A side view, feet flat, toes pointing by `toe_dx` (negative: to the left)."""
    leg = Leg(
        ankle=Landmark(0.5, 0.85),
        heel=Landmark(0.5 - toe_dx / 4, 0.9),
        toe=Landmark(0.5 + toe_dx, 0.9),
        knee=Landmark(0.5, 0.85 - shank),
        hip=Landmark(0.5, 0.85 - 2 * shank),
    )
    return PoseFrame(t=t, left=leg, right=leg)


def test_tracks_put_frames_on_an_even_grid_and_bridge_a_short_gap() -> None:
    times = [i / 30 for i in range(30) if i not in (10, 11)]  # two frames lost
    tracks = to_tracks([standing_frame(t) for t in times])
    assert len(tracks) == 30
    assert tracks.dt == pytest.approx(1 / 30)
    ankle = tracks.point("left", "ankle")
    assert np.isfinite(ankle).all()
    assert ankle[10, 1] == pytest.approx(0.85)


def test_a_long_gap_stays_unseen() -> None:
    times = [i / 30 for i in range(90) if not 20 <= i < 60]
    tracks = to_tracks([standing_frame(t) for t in times])
    ankle = tracks.point("left", "ankle")
    assert np.isnan(ankle[30:50]).all()
    assert not tracks.person[30:50].any()


def test_tracks_mark_the_steps_frames_fell_on() -> None:
    times = [i / 30 for i in range(30) if i not in (10, 11)]
    tracks = to_tracks([standing_frame(t) for t in times])
    assert np.flatnonzero(~tracks.came).tolist() == [10, 11]


def test_a_stray_frame_before_a_pause_is_dropped_not_bridged() -> None:
    """Six frames a second, one with the ankle thrown up, then none for half a second: the
    stray point is the model's noise, not a line drawn across the pause."""
    times = [i / 6 for i in range(18) if i not in (7, 8)]
    frames = [standing_frame(t) for t in times]
    frames[6] = replace(frames[6], right=replace(frames[6].right, ankle=Landmark(0.5, 0.7)))
    ankle = to_tracks(frames, raw_median=3).point("right", "ankle")
    assert ankle[:, 1] == pytest.approx([0.85] * 18)


def test_drop_thin_keeps_runs_that_rest_on_enough_frames() -> None:
    mask = np.array([1, 1, 1, 0, 1, 1, 1, 1, 0, 1], dtype=bool)
    came = np.array([1, 0, 0, 1, 1, 0, 1, 1, 1, 1], dtype=bool)
    assert drop_thin(mask, came, min_frames=3).astype(int).tolist() == [
        0,
        0,
        0,
        0,
        1,
        1,
        1,
        1,
        0,
        0,
    ]
    assert drop_thin(mask, came, min_frames=1).tolist() == mask.tolist()


def test_landmarks_below_the_visibility_floor_count_as_unseen() -> None:
    faint = Leg(ankle=Landmark(0.5, 0.5, visibility=0.1))
    tracks = to_tracks([PoseFrame(t=i / 30, left=faint) for i in range(10)])
    assert np.isnan(tracks.point("left", "ankle")).all()
    assert not tracks.person.any()


def test_aspect_makes_x_in_image_heights() -> None:
    tracks = to_tracks([standing_frame(i / 30) for i in range(10)], aspect=2.0)
    assert tracks.point("left", "ankle")[0, 0] == pytest.approx(1.0)


def test_fill_gaps_leaves_the_ends_alone() -> None:
    values = np.array([np.nan, 1.0, np.nan, 3.0, np.nan])
    filled = fill_gaps(values, max_gap=2)
    assert np.isnan(filled[0]) and np.isnan(filled[-1])
    assert filled[2] == pytest.approx(2.0)


def test_smooth_removes_a_spike_and_keeps_gaps() -> None:
    values = np.full(40, 1.0)
    values[10] = 50.0
    values[30:33] = np.nan
    out = smooth(values, 9)
    assert out[10] == pytest.approx(1.0)
    assert np.isnan(out[30:33]).all()


def test_body_scale_is_the_shank_length() -> None:
    tracks = to_tracks([standing_frame(i / 30, shank=0.25) for i in range(10)])
    assert body_scale(tracks) == pytest.approx(0.25)


def test_body_scale_is_none_without_legs() -> None:
    assert body_scale(to_tracks([PoseFrame(t=0.0)])) is None


@pytest.mark.parametrize(("toe_dx", "expected"), [(0.12, "right"), (-0.12, "left"), (0.0, None)])
def test_facing_follows_heel_to_toe(toe_dx: float, expected: str | None) -> None:
    tracks = to_tracks([standing_frame(i / 30, toe_dx=toe_dx) for i in range(10)])
    assert facing(tracks) == expected


def test_mean_of_sides_uses_the_side_that_was_seen() -> None:
    left = np.array([1.0, np.nan, np.nan])
    right = np.array([3.0, 5.0, np.nan])
    out = mean_of_sides(left, right)
    assert out[0] == 2.0 and out[1] == 5.0 and np.isnan(out[2])


def test_hysteresis_needs_the_high_mark_to_start_and_the_low_one_to_stop() -> None:
    signal = np.array([0, 0.5, 1.2, 0.8, 0.6, 0.2, 0.8, np.nan, 1.5])
    assert hysteresis(signal, on=1.0, off=0.5).tolist() == [
        False, False, True, True, True, False, False, False, True,
    ]  # fmt: skip


def test_intervals_merge_short_gaps_and_drop_short_runs() -> None:
    mask = np.array([1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0], dtype=bool)
    assert intervals(mask, min_len=2, merge_gap=1) == [(0, 6)]


def test_rolling_range_measures_how_far_a_point_wanders() -> None:
    xy = np.column_stack([np.arange(10.0), np.zeros(10)])
    out = rolling_range(xy, 3)
    assert out[5] == pytest.approx(2.0)
    assert out[0] == pytest.approx(1.0)


@given(
    st.lists(st.booleans(), max_size=60),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=0, max_value=4),
)
def test_intervals_are_sorted_apart_long_enough_and_cover_every_long_run(
    bits: list[bool], min_len: int, merge_gap: int
) -> None:
    mask = np.array(bits, dtype=bool)
    found = intervals(mask, min_len=min_len, merge_gap=merge_gap)
    for (_, b), (c, _) in itertools.pairwise(found):
        assert b + merge_gap < c
    for a, b in found:
        assert b - a >= min_len
        assert mask[a] and mask[b - 1]
    for a, b in finite_runs(mask):
        if b - a >= min_len:
            assert any(x <= a and b <= y for x, y in found)


@given(st.lists(st.floats(min_value=-5, max_value=5) | st.just(math.nan), max_size=40))
def test_fill_gaps_keeps_what_was_seen(values: list[float]) -> None:
    data = np.array(values, dtype=float)
    filled = fill_gaps(data, max_gap=3)
    seen = np.isfinite(data)
    assert np.array_equal(filled[seen], data[seen])
    assert np.isfinite(filled).sum() >= seen.sum()
