"""The analyzers' rules on hand-built keypoints: the thresholds, timings and sides that decide
what counts, each tested near its edge (found by mutation testing, docs/testing.md)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from footwork.vision.analyzers import ANALYZERS, analyze
from footwork.vision.keypoints import Landmark, Leg, PoseFrame
from footwork.vision.results import Analysis, Measure, Trace
from footwork.vision.synthetic import Options, generate

FPS = 30
SHANK = 0.25  # knee to ankle, in picture widths


def standing_leg(bend: float, *, sway: float = 0.0, hip: bool = True) -> Leg:
    """One leg seen from the side, the knee bent by `bend` degrees, the foot moved `sway` across."""
    knee = Landmark(0.5, 0.55)
    b = math.radians(bend)
    ankle = Landmark(knee.x + SHANK * math.sin(b) + sway, knee.y + SHANK * math.cos(b))
    return Leg(
        hip=Landmark(0.5, 0.3) if hip else None,
        knee=knee,
        ankle=ankle,
        heel=Landmark(ankle.x - 0.02, ankle.y + 0.05),
        toe=Landmark(ankle.x + 0.1, ankle.y + 0.05),
    )


def stance(*spells: tuple[float, float], sway: float = 0.0, hip: bool = True) -> list[PoseFrame]:
    """Spells of (seconds, knee bend in degrees), one after the other; with `sway`, the foot
    slides that far to and fro once a second."""
    frames: list[PoseFrame] = []
    for seconds, bend in spells:
        for _ in range(round(seconds * FPS)):
            t = len(frames) / FPS
            x = sway * math.sin(2 * math.pi * t)
            frames.append(PoseFrame(t=t, left=standing_leg(bend, sway=x, hip=hip)))
    return frames


def traced(analysis: Analysis, label: str, threshold: float | None, lines: list[str]) -> Trace:
    """The analysis's trace, checked to have this label, threshold and lines (by name)."""
    trace = analysis.trace
    assert trace is not None
    assert (trace.label, trace.threshold) == (label, threshold)
    assert [line.name for line in trace.lines] == lines
    return trace


def spans(frames: list[PoseFrame]) -> list[tuple[float, float]]:
    return [(e.start_s, e.end_s) for e in analyze("toe-presses", frames).efforts]


@pytest.mark.parametrize("exercise_id", list(ANALYZERS))
def test_every_analysis_names_its_exercise_and_counts_the_frames(exercise_id: str) -> None:
    clip = generate(exercise_id, Options(seed=41))
    analysis = analyze(exercise_id, clip.frames, aspect=clip.aspect)
    assert analysis.exercise_id == exercise_id
    assert analysis.coverage.frames == len(clip.frames)
    assert analyze(exercise_id, []).exercise_id == exercise_id


def test_toe_presses_time_a_still_spell_with_bent_knees() -> None:
    analysis = analyze("toe-presses", stance((6, 12)))
    assert [(e.kind, e.start_s, e.end_s) for e in analysis.efforts] == [("still", 0.0, 6.0)]
    assert analysis.measure("seconds_in_position") == 6.0
    assert analysis.measure("longest_still") == 6.0
    assert analysis.measure("knee_bend") == pytest.approx(12.0, abs=0.05)
    assert analysis.notes == ()


def test_toe_presses_count_a_bend_just_over_eight_degrees() -> None:
    assert spans(stance((6, 8.5))) == [(0.0, 6.0)]
    assert spans(stance((6, 7.5))) == []


def test_toe_presses_keep_a_bend_that_eases_to_just_over_five_degrees() -> None:
    assert spans(stance((3, 12), (3, 5.5))) == [(0.0, 6.0)]
    assert spans(stance((3, 12), (3, 4.5))) != [(0.0, 6.0)]


def test_toe_presses_need_two_seconds_in_position() -> None:
    assert spans(stance((2.5, 12))) == [(0.0, 2.5)]
    assert spans(stance((1.5, 12))) == []


def test_toe_presses_with_a_sliding_foot_are_not_still() -> None:
    # The foot slides 0.4 shank lengths to and fro: far more than the 0.15 allowed.
    analysis = analyze("toe-presses", stance((6, 12), sway=0.1))
    assert analysis.efforts == ()
    assert analysis.measure("seconds_in_position") == 0
    # A tremor of a fortieth of a shank length is still.
    assert spans(stance((6, 12), sway=0.006)) == [(0.0, 6.0)]


def test_toe_presses_give_the_knee_bend_of_the_still_spell_only() -> None:
    analysis = analyze("toe-presses", stance((6, 0), (3, 15)))
    [still] = analysis.efforts
    assert still.start_s >= 6.0  # once the foot has settled after bending
    assert analysis.measure("knee_bend") == pytest.approx(15.0, abs=0.5)


def test_toe_presses_without_hips_say_the_bend_is_unknown() -> None:
    analysis = analyze("toe-presses", stance((6, 12), hip=False))
    assert analysis.efforts == ()
    assert analysis.notes == (
        "Your hips and knees were not both in view, so the knee bend is unknown.",
    )


def test_toe_presses_with_straight_knees_say_so_in_full() -> None:
    analysis = analyze("toe-presses", stance((6, 0)))
    assert analysis.notes == ("Your knees looked straight: bend them a little for this exercise.",)


def band_leg(angle: float) -> Leg:
    """A leg lying still, the foot at `angle` degrees to the shin (smaller: toes pulled back)."""
    knee, ankle = Landmark(0.3, 0.55), Landmark(0.3 + SHANK, 0.55)
    a = math.radians(angle)
    toe = Landmark(ankle.x - 0.1 * math.cos(a), ankle.y - 0.1 * math.sin(a))
    return Leg(knee=knee, ankle=ankle, heel=Landmark(ankle.x + 0.02, ankle.y), toe=toe)


def band(*spells: tuple[float, float]) -> list[PoseFrame]:
    """Spells of (seconds, foot-to-shin angle), one after the other."""
    frames: list[PoseFrame] = []
    for seconds, angle in spells:
        frames += [
            PoseFrame(t=(len(frames) + i) / FPS, left=band_leg(angle))
            for i in range(round(seconds * FPS))
        ]
    return frames


def holds(frames: list[PoseFrame]) -> list[tuple[float, float]]:
    analysis = analyze("resistance-band", frames)
    assert all(e.kind == "hold" for e in analysis.efforts)
    return [(e.start_s, e.end_s) for e in analysis.efforts]


def test_band_holds_are_timed_and_the_angles_measured() -> None:
    analysis = analyze("resistance-band", band((3, 110), (3, 80), (3, 110), (3, 80), (3, 110)))
    found = [(e.kind, e.start_s, e.end_s) for e in analysis.efforts]
    assert [kind for kind, *_ in found] == ["hold", "hold"]
    assert [(s, e) for _, s, e in found] == [
        pytest.approx((3.0, 6.0), abs=0.3),
        pytest.approx((9.0, 12.0), abs=0.3),
    ]
    assert analysis.measures == (
        Measure("rest_angle", "Foot to shin at rest", 110.0, "°"),
        Measure("flex_angle", "Foot to shin at full flex", 80.0, "°"),
    )
    trace = analysis.trace
    assert trace is not None
    assert trace.label == "Flex: degrees from the resting angle"
    assert [line.name for line in trace.lines] == ["flex"]
    assert trace.threshold == pytest.approx(15.0, abs=0.1)  # half the depth


def test_band_angles_are_given_to_a_tenth_of_a_degree() -> None:
    analysis = analyze("resistance-band", band((3, 110.04), (3, 80.03), (3, 110.04)))
    assert analysis.measure("rest_angle") == 110.0
    assert analysis.measure("flex_angle") == 80.0
    assert analysis.notes == ()


def test_band_flex_of_twelve_degrees_and_more_counts() -> None:
    assert len(holds(band((3, 110), (3, 97.5), (3, 110)))) == 1
    assert holds(band((3, 110), (3, 98.5), (3, 110))) == []


def test_band_hold_that_eases_but_stays_past_two_fifths_is_one_hold() -> None:
    # Depth 30: on at 15 degrees of flex, off under 12; easing to 14 for a second keeps it.
    assert len(holds(band((3, 110), (2, 80), (1, 96), (2, 80), (3, 110)))) == 1
    assert len(holds(band((3, 110), (2, 80), (1.5, 101), (2, 80), (3, 110)))) == 2


def test_band_holds_a_second_and_a_half_apart_are_two() -> None:
    assert len(holds(band((3, 110), (3, 80), (1.5, 110), (3, 80), (3, 110)))) == 2


def test_band_with_still_feet_says_so_in_full() -> None:
    analysis = analyze("resistance-band", band((6, 110)))
    assert analysis.efforts == ()
    assert analysis.notes == ("Your feet hardly moved at the ankle: no flex was seen.",)


def test_circle_trace_counts_whole_turns_each_way() -> None:
    # Each run of circles in one direction is a spell of its own in this clip: its trace
    # climbs (anticlockwise) or falls (clockwise) by one for every circle.
    clip = generate("ankle-circles", Options(seed=41))
    analysis = analyze("ankle-circles", clip.frames, aspect=clip.aspect)
    assert analysis.trace is not None
    for line in analysis.trace.lines:
        seen = [v for v in line.values if not math.isnan(v)]
        up = analysis.measure(f"circles_{line.name}_counterclockwise")
        down = analysis.measure(f"circles_{line.name}_clockwise")
        assert up and down
        assert max(seen) == pytest.approx(up, abs=0.05)
        assert min(seen) == pytest.approx(-down, abs=0.05)


def test_toe_presses_measures_and_trace_in_full() -> None:
    analysis = analyze("toe-presses", stance((6, 12)))
    assert analysis.measures == (
        Measure("seconds_in_position", "Standing still with knees bent", 6.0, "s"),
        Measure("knee_bend", "Knee bend while in position", 12.0, "°"),
        Measure("longest_still", "Longest still spell", 6.0, "s"),
    )
    traced(analysis, "Knee bend (degrees)", 8.0, ["knees"])
    straight = analyze("toe-presses", stance((6, 0)))
    assert straight.measure("longest_still") == 0.0
    assert analyze("toe-presses", stance((6, 12.34))).measure("knee_bend") == 12.3  # a tenth


# Toe pickups: both feet seen from the side, standing; a foot lifted moves its ankle, heel and
# toe up together (the knee stays), by image heights. The shank is 0.25 high, so a lift of
# 0.1 is 0.4 shank lengths, well over the 0.12 that starts a hold.
UP = 0.1
FLOOR_LOOKS_UP = 0.025  # 0.1 shank lengths: over the 0.07 that ends a hold, under half a lift
BOTH_UP = (
    "Both feet were off the floor at once for a while; each hold was given to the higher foot."
)


def pickup_leg(x: float, lift: float, hidden: tuple[str, ...] = ()) -> Leg:
    points = {
        "hip": Landmark(x, 0.3),
        "knee": Landmark(x, 0.55),
        "ankle": Landmark(x, 0.80 - lift),
        "heel": Landmark(x - 0.02, 0.85 - lift),
        "toe": Landmark(x + 0.1, 0.85 - lift),
    }
    return Leg(**{joint: None if joint in hidden else point for joint, point in points.items()})


Lifts = tuple[tuple[float, float, float], ...]


def pickups(
    seconds: float,
    left: Lifts = (),
    right: Lifts = (),
    *,
    hide_left: tuple[str, ...] = (),
    hidden_from: tuple[float, float] = (0.0, math.inf),
) -> list[PoseFrame]:
    """`seconds` of standing with lifts of (start, end, height) per foot; the left foot's
    `hide_left` points unseen from the first time of `hidden_from` to the second."""

    def up(lifts: Lifts, t: float) -> float:
        return sum(height for start, end, height in lifts if start <= t < end)

    frames = []
    for i in range(round(seconds * FPS)):
        t = i / FPS
        hidden = hide_left if hidden_from[0] <= t < hidden_from[1] else ()
        frames.append(
            PoseFrame(
                t=t,
                left=pickup_leg(0.4, up(left, t), hidden),
                right=pickup_leg(0.6, up(right, t)),
            )
        )
    return frames


def lifted(frames: list[PoseFrame]) -> list[tuple[str | None, float, float]]:
    return [(e.side, e.start_s, e.end_s) for e in analyze("toe-pickups", frames).efforts]


def test_toe_pickups_measures_and_trace_in_full() -> None:
    # Two holds of the left foot 1.5 s apart, of 1.5 s each, then one of the right foot.
    frames = pickups(11, left=((2, 3.5, UP), (5, 6.5, UP)), right=((8, 9.5, UP),))
    analysis = analyze("toe-pickups", frames)
    assert [(e.kind, e.side, e.start_s, e.end_s) for e in analysis.efforts] == [
        ("hold", "left", 2.0, 3.5),
        ("hold", "left", 5.0, 6.5),
        ("hold", "right", 8.0, 9.5),
    ]
    assert analysis.notes == ()
    assert analysis.measures == (
        Measure("holds_left", "Lifts, left foot", 2, ""),
        Measure("holds_right", "Lifts, right foot", 1, ""),
    )
    trace = traced(analysis, "Foot height above the floor (shank lengths)", 0.12, ["left", "right"])
    left = trace.lines[0].values
    assert left[trace.t.index(3.0)] == pytest.approx(UP / SHANK)
    assert left[trace.t.index(4.0)] == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize(
    ("left", "right", "holds"),
    [
        # The left foot higher: the right foot's lift inside its hold is no hold of its own.
        ((2, 6, UP), (3, 5, UP / 2), [("left", 2.0, 6.0)]),
        # The right foot higher: its hold cuts the left foot's in two.
        ((2, 6, UP / 2), (3, 5, UP), [("left", 2.0, 3.0), ("right", 3.0, 5.0), ("left", 5.0, 6.0)]),
    ],
)
def test_toe_pickups_give_a_hold_with_both_feet_up_to_the_higher_foot(
    left: tuple[float, float, float],
    right: tuple[float, float, float],
    holds: list[tuple[str, float, float]],
) -> None:
    frames = pickups(9, left=(left,), right=(right,))
    assert lifted(frames) == holds
    assert analyze("toe-pickups", frames).notes == (BOTH_UP,)


@pytest.mark.parametrize(("overlap", "noted"), [(0.5, False), (0.9, False), (1.5, True)])
def test_toe_pickups_note_both_feet_up_for_over_a_second(overlap: float, noted: bool) -> None:
    # The right foot goes up, higher, before the left comes down: the left's hold ends there.
    frames = pickups(10, left=((2, 5.5, UP / 2),), right=((5.5 - overlap, 8, UP),))
    assert lifted(frames) == [("left", 2.0, 5.5 - overlap), ("right", 5.5 - overlap, 8.0)]
    notes = analyze("toe-pickups", frames).notes
    assert notes == ((BOTH_UP,) if noted else ())


@pytest.mark.parametrize(
    ("hidden", "hidden_from"),
    [
        (("heel",), (2.0, 6.0)),
        (("ankle", "heel"), (2.0, 6.0)),
        (("ankle", "heel"), (0.0, math.inf)),
    ],
)
def test_toe_pickups_measure_a_foot_from_the_points_seen(
    hidden: tuple[str, ...], hidden_from: tuple[float, float]
) -> None:
    frames = pickups(9, left=((2, 6, UP),), hide_left=hidden, hidden_from=hidden_from)
    assert lifted(frames) == [("left", 2.0, 6.0)]


def test_toe_pickups_count_one_foot_when_the_other_is_never_seen() -> None:
    frames = pickups(
        9, right=((2, 6, UP),), hide_left=("ankle", "heel", "toe"), hidden_from=(0, math.inf)
    )
    analysis = analyze("toe-pickups", frames)
    assert lifted(frames) == [("right", 2.0, 6.0)]
    assert analysis.measures[0] == Measure("holds_left", "Lifts, left foot", 0, "")


@pytest.mark.parametrize(("lift_s", "holds"), [(0.8, []), (1.2, [("left", 2.0, 3.233)])])
def test_toe_pickups_time_a_hold_without_the_low_tail_after_it(
    lift_s: float, holds: list[tuple[str, float, float]]
) -> None:
    """A foot put down but read a little up for half a second: the hold ends where it came
    down, and what is left of a lift under a second is no hold."""
    down = 2 + lift_s
    frames = pickups(8, left=((2, down, UP), (down, down + 0.5, FLOOR_LOOKS_UP)))
    assert lifted(frames) == holds


def test_toe_presses_a_break_of_over_a_second_splits_the_spell() -> None:
    # The knee unseen for 1.5 s of a still, bent stance (the feet stay in view): the angle is
    # unknown then, and a break of over a second is not joined across.
    frames = [
        PoseFrame(t=f.t, left=replace(f.left, knee=None)) if 4 <= f.t < 5.5 else f
        for f in stance((10.5, 12))
    ]
    assert spans(frames) == [(0.0, 4.0), (5.5, 10.5)]
