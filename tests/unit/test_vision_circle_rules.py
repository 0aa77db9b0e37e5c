"""Ankle circles' helpers on hand-made angles and paths: where a run of one direction ends,
how the toe's angle is read, and which turning counts as whole circles (found by mutation
testing, docs/testing.md)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from footwork.vision.analyzers import (
    Prepared,
    _direction_runs,
    _split_circles,
    _turning,
    analyze_ankle_circles,
    prepare,
)
from footwork.vision.synthetic import Options, generate

FPS = 30
TURN = 2 * math.pi


def angles(*legs: tuple[int, float], start: float = 0.0) -> np.ndarray:
    """An angle track from `start`, in legs of (samples, radians turned, at an even speed)."""
    out = [start]
    for samples, change in legs:
        out += list(out[-1] + change * np.arange(1, samples + 1) / samples)
    return np.array(out)


def turning(*legs: tuple[float, float]) -> np.ndarray:
    """An angle track in legs of (seconds, turns) at FPS samples a second."""
    return angles(*((round(seconds * FPS), turns * TURN) for seconds, turns in legs))


# _direction_runs ---------------------------------------------------------------------------


def test_turning_one_way_is_one_run_over_every_sample() -> None:
    up = turning((2, 0), (8, 2), (2, 0))
    assert _direction_runs(up) == [(0, len(up) - 1)]
    assert _direction_runs(-up) == [(0, len(up) - 1)]


@pytest.mark.parametrize(("back_degrees", "runs"), [(80, 1), (110, 3)])
def test_runs_split_where_the_toe_turns_back_over_a_quarter_turn(
    back_degrees: int, runs: int
) -> None:
    # Two turns anticlockwise, back by `back_degrees`, two more turns anticlockwise.
    theta = angles((60, 0), (150, 2 * TURN), (90, -math.radians(back_degrees)), (150, 2 * TURN))
    found = _direction_runs(theta)
    assert len(found) == runs
    assert found[0][0] == 0 and found[-1][1] == len(theta) - 1
    assert all(a1 == b0 for (_, a1), (b0, _) in itertools.pairwise(found))
    if runs == 3:  # cut where it turned back and where it turned on again
        assert [a for a, _ in found[1:]] == [
            pytest.approx(210, abs=6),
            pytest.approx(300, abs=6),
        ]


# _turning ----------------------------------------------------------------------------------


def circle_path(
    turns: float, samples: int, *, across: float = 1.0, up: float = 1.0, start: float = 0.0
) -> np.ndarray:
    """Toe minus ankle, in image coordinates (y down): `turns` anticlockwise as the camera
    sees them, on an ellipse `across` wide and `up` high (radii), from angle `start`."""
    a = start + TURN * turns * np.arange(samples) / samples
    return np.column_stack([across * np.cos(a), -up * np.sin(a)])


def test_turning_reads_anticlockwise_up_from_where_the_toe_starts() -> None:
    theta = _turning(circle_path(2, 120, start=1.0), min_radius=0.1)
    assert theta is not None
    assert theta[0] == 0.0
    # A round path is read around its true middle: even steps, a 60th of a turn each.
    np.testing.assert_allclose(np.diff(theta), TURN / 60, rtol=0, atol=1e-9)
    backwards = _turning(circle_path(2, 120, start=1.0)[::-1], min_radius=0.1)
    assert backwards is not None and np.all(np.diff(backwards) < 0)


def test_turning_holds_the_first_angle_before_the_toe_is_seen_and_the_last_after() -> None:
    rel = circle_path(1, 80, start=2.0)
    rel[:10] = np.nan
    rel[70:] = np.nan
    theta = _turning(rel, min_radius=0.1)
    assert theta is not None
    assert list(theta[:11]) == [0.0] * 11
    assert theta[11] > 0
    assert list(theta[70:]) == [theta[69]] * 10


def test_turning_holds_the_angle_while_the_toe_is_near_the_middle() -> None:
    # The toe passes through the middle of its path for five frames, mid-circle.
    rel = circle_path(2, 120)
    rel[50:55] = 0.0
    theta = _turning(rel, min_radius=0.1)
    assert theta is not None
    assert np.isfinite(theta).all()
    assert list(theta[50:55]) == [theta[49]] * 5
    assert np.all(np.diff(theta) >= 0)


def test_turning_reads_a_flat_ellipse_seen_edge_on() -> None:
    # Wide across, a tenth as high: the toe is far from the middle at the sides.
    theta = _turning(circle_path(2, 120, up=0.1), min_radius=0.3)
    assert theta is not None
    assert theta[-1] == pytest.approx(2 * TURN, abs=0.2)


def test_turning_needs_three_frames_with_the_toe_seen() -> None:
    rel = np.full((10, 2), np.nan)
    rel[[1, 4, 7]] = circle_path(1, 3)
    theta = _turning(rel, min_radius=0.1)
    assert theta is not None
    assert theta[-1] == pytest.approx(TURN * 2 / 3, abs=0.2)  # around the middle of the three
    rel[7] = np.nan
    assert _turning(rel, min_radius=0.1) is None


def test_turning_of_a_toe_that_only_jitters_is_none() -> None:
    still = circle_path(3, 90) * 0.05
    assert _turning(still, min_radius=0.1) is None
    assert _turning(still, min_radius=0.01) is not None


# _split_circles ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    """The tracks of any clip: _split_circles takes from them only the frame rate and times."""
    clip = generate("ankle-circles", Options(seed=41))
    p = prepare("ankle-circles", clip.frames, aspect=clip.aspect)
    assert isinstance(p, Prepared)
    return p


def circles(p: Prepared, theta: np.ndarray) -> list[tuple[str | None, float, float]]:
    found = _split_circles(p, theta, 0, len(theta) - 1, offset=0, side="left")
    assert all(e.kind == "circle" and e.side == "left" for e in found)
    return [(e.direction, e.start_s, e.end_s) for e in found]


def test_two_circles_are_timed_each_from_where_the_toe_sets_off(prepared: Prepared) -> None:
    found = circles(prepared, turning((2, 0), (16, 2), (2, 0)))
    assert found == [
        ("counterclockwise", pytest.approx(2.0, abs=0.1), pytest.approx(10.0, abs=0.1)),
        ("counterclockwise", pytest.approx(10.0, abs=0.1), pytest.approx(18.0, abs=0.1)),
    ]
    assert [d for d, *_ in circles(prepared, -turning((2, 0), (16, 2), (2, 0)))] == [
        "clockwise",
        "clockwise",
    ]


def test_a_slow_creep_before_a_circle_is_not_part_of_it(prepared: Prepared) -> None:
    # Half a turn crept in 10 s, then a whole turn in 5 s: one circle, from 12 s to 17 s.
    found = circles(prepared, turning((2, 0), (10, 0.5), (5, 1), (2, 0)))
    assert found == [
        ("counterclockwise", pytest.approx(12.0, abs=0.3), pytest.approx(17.0, abs=0.1)),
    ]


def test_a_circle_of_thirty_seconds_counts_and_a_turn_a_minute_does_not(
    prepared: Prepared,
) -> None:
    # A turn a minute (a sixth in 10 s) is under the slowest circling, a turn in 40 s.
    found = circles(prepared, turning((2, 0), (10, 1 / 6), (30, 1), (2, 0)))
    assert found == [
        ("counterclockwise", pytest.approx(12.0, abs=0.1), pytest.approx(42.0, abs=0.2)),
    ]


def test_the_last_circle_ends_where_the_turning_is_cut_off(prepared: Prepared) -> None:
    # The video stops at 0.95 of the second circle: it counts, and ends with the video.
    theta = turning((2, 0), (9.75, 1.95))
    found = circles(prepared, theta)
    assert len(found) == 2
    assert found[0][1:] == (pytest.approx(2.0, abs=0.1), pytest.approx(7.0, abs=0.1))
    assert found[1][2] == prepared.span(0, len(theta))[1]


def test_a_toe_dithering_to_and_fro_while_it_drifts_a_turn_is_no_circle(
    prepared: Prepared,
) -> None:
    # To and fro by 0.6 rad once a second, drifting 1.1 turns in 12 s: it wanders about
    # four times as far as it gets.
    t = np.arange(0, 12, 1 / FPS)
    dither = 1.1 * TURN * t / 12 + 0.6 * np.sin(TURN * t)
    theta = np.concatenate([np.zeros(60), dither, np.full(60, dither[-1])])
    assert circles(prepared, theta) == []
    drift = 1.1 * TURN * t / 12
    steady = np.concatenate([np.zeros(60), drift, np.full(60, drift[-1])])
    assert len(circles(prepared, steady)) == 1


@pytest.mark.parametrize("seed", [41, 2])
def test_a_video_that_stops_during_the_last_circle_counts_it_to_the_end(seed: int) -> None:
    clip = generate("ankle-circles", Options(seed=seed))
    last = clip.truth[-1]
    stop = last.start_s + 0.95 * last.duration_s
    analysis = analyze_ankle_circles([f for f in clip.frames if f.t < stop], aspect=clip.aspect)
    assert [(e.side, e.direction) for e in analysis.efforts] == [
        (e.side, e.direction) for e in clip.truth
    ]
    assert analysis.efforts[-1].start_s == pytest.approx(last.start_s, abs=0.1)
    assert analysis.efforts[-1].end_s == analysis.coverage.duration_s


def test_circles_each_way_without_a_pause_are_timed_from_the_start_of_the_video(
    prepared: Prepared,
) -> None:
    # A spell starting a second into the video: two circles anticlockwise, then at once two
    # clockwise, 8 s each; the second run starts mid-spell.
    theta = turning((2, 0), (16, 2), (16, -2), (2, 0))
    runs = _direction_runs(theta)
    assert len(runs) == 2
    found = [
        (e.direction, e.start_s, e.end_s)
        for r0, r1 in runs
        for e in _split_circles(prepared, theta, r0, r1, offset=FPS, side="right")
    ]
    assert found == [
        (direction, pytest.approx(start, abs=0.3), pytest.approx(start + 8, abs=0.3))
        for direction, start in [
            ("counterclockwise", 3),
            ("counterclockwise", 11),
            ("clockwise", 19),
            ("clockwise", 27),
        ]
    ]
