"""What every analyzer shares, on hand-built keypoints: `prepare`'s coverage, problems and
note, the trace's rounding, the angle at a joint, ankle circles' measures and the error for an
exercise without a camera check (found by mutation testing, docs/testing.md)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from footwork.vision.analyzers import (
    ANALYZERS,
    NO_FEET,
    NO_FRAMES,
    NOBODY,
    Prepared,
    _angle,
    analyze,
    prepare,
)
from footwork.vision.keypoints import Landmark, Leg, PoseFrame
from footwork.vision.results import Analysis, Coverage, Measure
from footwork.vision.synthetic import Options, generate
from tests.unit.test_vision_analyzer_rules import FPS, standing_leg, traced

FEET_HIDDEN = Leg(hip=Landmark(0.5, 0.3), knee=Landmark(0.5, 0.55))


def clip(seen: int, hidden: int) -> list[PoseFrame]:
    """A standing leg whose foot is seen for `seen` frames, then hidden for `hidden`."""
    return [
        PoseFrame(t=i / FPS, left=standing_leg(0) if i < seen else FEET_HIDDEN)
        for i in range(seen + hidden)
    ]


@pytest.mark.parametrize("exercise_id", list(ANALYZERS))
def test_no_frames_covers_nothing_at_all(exercise_id: str) -> None:
    analysis = analyze(exercise_id, [])
    assert (analysis.exercise_id, analysis.problem) == (exercise_id, NO_FRAMES)
    assert analysis.coverage == Coverage(0, 0.0, 0.0, 0.0)


def test_coverage_counts_the_grid_in_seconds_to_the_millisecond() -> None:
    # 76 frames at 30 a second, the foot seen in the first 46: 2.5333 s and 1.5333 s.
    prepared = prepare("toe-presses", clip(46, 30), aspect=1.0)
    assert isinstance(prepared, Prepared)
    assert prepared.coverage == Coverage(frames=76, duration_s=2.533, person_s=2.533, feet_s=1.533)
    # 1 - 1.533 / 2.5333 of the video: the note gives the share in whole percent.
    assert prepared.notes == (
        "Your feet were out of sight for 39% of the video; nothing done then could be counted.",
    )


def test_feet_out_of_sight_for_a_fifth_or_less_are_not_mentioned() -> None:
    prepared = prepare("toe-presses", clip(85, 15), aspect=1.0)  # 15 % unseen
    assert isinstance(prepared, Prepared)
    assert prepared.notes == ()


@pytest.mark.parametrize("exercise_id", list(ANALYZERS))
def test_nobody_and_no_feet_name_the_exercise(exercise_id: str) -> None:
    nobody = analyze(exercise_id, [PoseFrame(t=i / FPS) for i in range(30)])
    assert (nobody.exercise_id, nobody.problem) == (exercise_id, NOBODY)
    no_feet = analyze(exercise_id, [PoseFrame(t=i / FPS, left=FEET_HIDDEN) for i in range(30)])
    assert (no_feet.exercise_id, no_feet.problem) == (exercise_id, NO_FEET)


def test_a_shank_without_a_heel_is_no_feet() -> None:
    # The knee and ankle give a scale, but heel, ankle and toe are never seen together.
    leg = Leg(knee=Landmark(0.5, 0.55), ankle=Landmark(0.5, 0.8), toe=Landmark(0.6, 0.85))
    analysis = analyze("toe-walking", [PoseFrame(t=i / FPS, left=leg) for i in range(60)])
    assert analysis.problem == NO_FEET
    assert analysis.coverage.feet_s == 0


def test_a_foot_of_no_length_and_no_shank_gives_no_scale_and_so_no_feet() -> None:
    point = Landmark(0.5, 0.85)
    leg = Leg(ankle=Landmark(0.5, 0.8), heel=point, toe=point)
    analysis = analyze("toe-walking", [PoseFrame(t=i / FPS, left=leg) for i in range(60)])
    assert analysis.problem == NO_FEET
    assert analysis.coverage.feet_s == 2.0


def test_a_trace_keeps_milliseconds_and_four_decimals() -> None:
    prepared = prepare("toe-presses", clip(60, 0), aspect=1.0)
    assert isinstance(prepared, Prepared)
    trace = prepared.trace("a third", {"third": np.full(60, 1 / 3)}, None)
    assert trace.t[:4] == (0.0, 0.033, 0.067, 0.1)
    assert trace.lines[0].values[0] == 0.3333


def test_the_angle_at_a_joint_is_exact_where_rounding_overshoots() -> None:
    # Parallel and opposite arms whose cosine rounds to just past 1 and -1.
    vertex = np.array([[0.0, 0.0], [0.0, 0.0]])
    a = np.array([[0.1, 0.1], [0.1, 0.1]])
    b = np.array([[0.1 * 0.3, 0.1 * 0.3], [-0.1 * 0.3, -0.1 * 0.3]])
    assert _angle(vertex, a, b).tolist() == [0.0, 180.0]


def test_the_angle_at_a_joint_is_unknown_where_an_arm_has_no_length() -> None:
    vertex = np.array([[0.5, 0.5], [0.5, 0.5]])
    a = np.array([[0.5, 0.5], [np.nan, np.nan]])
    b = np.array([[0.7, 0.5], [0.7, 0.5]])
    assert np.isnan(_angle(vertex, a, b)).all()  # and no warning (the suite makes them errors)


def test_ankle_circles_measures_notes_and_trace_in_full() -> None:
    synthetic = generate("ankle-circles", Options(seed=43))
    analysis = analyze("ankle-circles", synthetic.frames, aspect=synthetic.aspect)
    labels = {
        ("left", "clockwise"): "Circles, left foot, clockwise",
        ("left", "counterclockwise"): "Circles, left foot, counter-clockwise",
        ("right", "clockwise"): "Circles, right foot, clockwise",
        ("right", "counterclockwise"): "Circles, right foot, counter-clockwise",
    }
    counts = {
        key: sum(1 for e in analysis.efforts if (e.side, e.direction) == key) for key in labels
    }
    assert sum(counts.values()) > 0
    assert analysis.measures == tuple(
        Measure(f"circles_{side}_{direction}", label, counts[side, direction], "")
        for (side, direction), label in labels.items()
    )
    assert analysis.notes[-1] == (
        "Directions are as the camera sees them; from where you lie they look the other way round."
    )
    traced(
        analysis, "Turns of the toe around the ankle (anticlockwise up)", None, ["left", "right"]
    )  # type: ignore[arg-type]


def lines(analysis: Analysis) -> np.ndarray:
    assert analysis.trace is not None
    return np.array([line.values for line in analysis.trace.lines], dtype=float)


@pytest.mark.parametrize("exercise_id", list(ANALYZERS))
def test_an_analyzer_called_directly_takes_the_picture_as_square(exercise_id: str) -> None:
    synthetic = generate(exercise_id, Options(seed=43))
    square = analyze(exercise_id, synthetic.frames, aspect=1.0)
    direct = ANALYZERS[exercise_id](synthetic.frames)
    assert replace(direct, trace=None) == replace(square, trace=None)
    np.testing.assert_array_equal(lines(direct), lines(square))  # NaN where unseen, in both
    wide = analyze(exercise_id, synthetic.frames, aspect=2.0)
    assert not np.allclose(lines(wide), lines(square), equal_nan=True)  # it matters here


def test_an_exercise_without_a_camera_check_is_refused_naming_those_with_one() -> None:
    with pytest.raises(KeyError) as error:
        analyze("toe-taps", [])
    assert error.value.args[0] == (
        "no camera check for 'toe-taps' (there is one for: " + ", ".join(ANALYZERS) + ")"
    )
