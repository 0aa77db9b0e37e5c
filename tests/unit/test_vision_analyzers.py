"""The per-exercise analyzers on synthetic sequences with known answers, and on bad input.

Seeds here stay below 100; the accuracy benchmark uses its own, from 100,000 up.
"""

from __future__ import annotations

from collections import Counter

import pytest

from footwork.vision.analyzers import ANALYZERS, NO_FEET, NO_FRAMES, NOBODY, analyze
from footwork.vision.keypoints import Landmark, Leg, PoseFrame
from footwork.vision.results import Analysis, Effort
from footwork.vision.synthetic import Clip, Options, generate, match_efforts

COUNTED = ("toe-walking", "ankle-circles", "resistance-band", "toe-pickups")
# What a phone on a shelf gives: some jitter, lost frames, a foot hidden now and then.
REAL_LIFE = {"noise": 0.03, "drop": 0.1, "occlusion": 3.0, "outliers": 0.005}


def run(exercise_id: str, **options: object) -> tuple[Clip, Analysis]:
    clip = generate(exercise_id, Options(**options))  # type: ignore[arg-type]
    return clip, analyze(exercise_id, clip.frames, aspect=clip.aspect)


def groups(efforts: tuple[Effort, ...]) -> Counter[tuple[str | None, str | None]]:
    return Counter((e.side, e.direction) for e in efforts)


def assert_found(clip: Clip, analysis: Analysis, *, within_s: float = 0.6) -> None:
    """Every true effort found once, on the right side and direction, and about as long."""
    assert analysis.seen, analysis.problem
    assert groups(analysis.efforts) == groups(clip.truth)
    pairs = match_efforts(clip.truth, analysis.efforts)
    assert len(pairs) == len(clip.truth)
    for real, seen in pairs:
        assert seen.duration_s == pytest.approx(real.duration_s, abs=within_s), (real, seen)


@pytest.mark.parametrize("exercise_id", COUNTED)
@pytest.mark.parametrize("seed", [1, 2])
def test_clean_sequences_give_the_true_counts_and_times(exercise_id: str, seed: int) -> None:
    clip, analysis = run(exercise_id, seed=seed)
    assert_found(clip, analysis, within_s=0.5)


@pytest.mark.parametrize("exercise_id", COUNTED)
@pytest.mark.parametrize("seed", [3, 4, 5])
def test_noise_lost_frames_and_hidden_feet(exercise_id: str, seed: int) -> None:
    clip, analysis = run(exercise_id, seed=seed, **REAL_LIFE)
    assert_found(clip, analysis, within_s=1.0)


@pytest.mark.parametrize("exercise_id", COUNTED)
@pytest.mark.parametrize("facing", ["left", "right"])
def test_facing_either_way(exercise_id: str, facing: str) -> None:
    clip, analysis = run(exercise_id, seed=7, facing=facing, noise=0.02)
    assert_found(clip, analysis)


@pytest.mark.parametrize("exercise_id", COUNTED)
@pytest.mark.parametrize(("shank", "speed", "aspect"), [(0.1, 1.4, 9 / 16), (0.3, 0.75, 4 / 3)])
def test_small_and_large_people_quick_and_slow(
    exercise_id: str, shank: float, speed: float, aspect: float
) -> None:
    clip, analysis = run(exercise_id, seed=11, shank=shank, speed=speed, aspect=aspect)
    assert_found(clip, analysis)


def test_ankle_circles_are_told_apart_by_foot_and_direction() -> None:
    clip, analysis = run("ankle-circles", seed=21, efforts=2, noise=0.02)
    counts = groups(analysis.efforts)
    assert counts == {
        (side, direction): 2
        for side in ("left", "right")
        for direction in ("clockwise", "counterclockwise")
    }
    assert_found(clip, analysis)


def test_mirrored_picture_swaps_the_directions_seen() -> None:
    right = run("ankle-circles", seed=22, facing="right")[1]
    left = run("ankle-circles", seed=22, facing="left")[1]
    swap = {"clockwise": "counterclockwise", "counterclockwise": "clockwise"}
    assert [(e.side, swap[e.direction or ""]) for e in left.efforts] == [
        (e.side, e.direction) for e in right.efforts
    ]


def test_toe_pickups_name_the_foot_that_lifted() -> None:
    clip, analysis = run("toe-pickups", seed=23, efforts=5)
    sides = [e.side for e in analysis.efforts]
    assert sides.count("left") == 5 and sides.count("right") == 5
    assert sides == [e.side for e in clip.truth]


def test_short_band_holds_are_found_but_fall_short_of_the_dose() -> None:
    clip, analysis = run("resistance-band", seed=24, efforts=11)
    short = [e for e in clip.truth if e.duration_s < 5]
    assert short, "this seed should include a hold cut short"
    found_short = [e for e in analysis.efforts if e.duration_s < 4.5]
    assert len(found_short) == len(short)


def test_toe_walking_reports_seconds_on_the_toes() -> None:
    clip, analysis = run("toe-walking", seed=25)
    total = sum(e.duration_s for e in clip.truth)
    assert analysis.measure("seconds_on_toes") == pytest.approx(total, abs=1.0)
    assert analysis.measure("bouts") == len(clip.truth)


def test_toe_presses_say_plainly_what_a_camera_cannot_see() -> None:
    clip, analysis = run("toe-presses", seed=26, **REAL_LIFE)
    assert analysis.cannot_see is not None
    assert "cannot see your toes pressing" in analysis.cannot_see
    assert all(e.kind == "still" for e in analysis.efforts)
    in_position = sum(e.duration_s for e in clip.truth)
    assert analysis.measure("seconds_in_position") == pytest.approx(in_position, abs=2.0)
    bend = analysis.measure("knee_bend")
    assert bend is not None and 10 < bend < 30


def test_toe_presses_with_straight_knees_are_not_in_position() -> None:
    frames = [
        PoseFrame(
            t=i / 30,
            left=Leg(
                hip=Landmark(0.5, 0.3),
                knee=Landmark(0.5, 0.55),
                ankle=Landmark(0.5, 0.8),
                heel=Landmark(0.48, 0.85),
                toe=Landmark(0.6, 0.85),
            ),
        )
        for i in range(300)
    ]
    analysis = analyze("toe-presses", frames)
    assert analysis.efforts == ()
    assert any("knees looked straight" in note for note in analysis.notes)


def test_band_with_feet_that_never_move_finds_no_holds() -> None:
    clip = generate("resistance-band", Options(seed=27))
    still = [PoseFrame(t=f.t, left=clip.frames[0].left, right=clip.frames[0].right) for f in
             clip.frames]  # fmt: skip
    analysis = analyze("resistance-band", still, aspect=clip.aspect)
    assert analysis.efforts == ()
    assert any("hardly moved" in note for note in analysis.notes)


@pytest.mark.parametrize("exercise_id", list(ANALYZERS))
def test_an_empty_sequence_says_so(exercise_id: str) -> None:
    analysis = analyze(exercise_id, [])
    assert not analysis.seen
    assert analysis.problem == NO_FRAMES
    assert analysis.efforts == ()
    assert analysis.coverage.frames == 0


@pytest.mark.parametrize("exercise_id", list(ANALYZERS))
def test_nobody_in_the_video_says_so(exercise_id: str) -> None:
    analysis = analyze(exercise_id, [PoseFrame(t=i / 30) for i in range(90)])
    assert analysis.problem == NOBODY
    assert analysis.coverage.frames == 90
    assert analysis.coverage.person_s == 0


@pytest.mark.parametrize("exercise_id", list(ANALYZERS))
def test_a_person_without_feet_in_view_says_so(exercise_id: str) -> None:
    upper = Leg(hip=Landmark(0.5, 0.3), knee=Landmark(0.5, 0.6))
    analysis = analyze(exercise_id, [PoseFrame(t=i / 30, left=upper) for i in range(90)])
    assert analysis.problem == NO_FEET
    assert analysis.coverage.person_s > 0


@pytest.mark.parametrize("exercise_id", COUNTED)
def test_feet_leaving_the_picture_are_noted_not_fatal(exercise_id: str) -> None:
    clip = generate(exercise_id, Options(seed=28))
    half = clip.frames[len(clip.frames) // 2 :]
    no_feet = [
        PoseFrame(t=f.t, left=Leg(hip=f.left.hip), right=Leg(hip=f.right.hip))
        for f in clip.frames[: len(clip.frames) // 2]
    ]
    analysis = analyze(exercise_id, [*no_feet, *half], aspect=clip.aspect)
    assert analysis.seen
    assert any("out of sight" in note for note in analysis.notes)
    later = [e for e in clip.truth if e.start_s > half[0].t + 1]
    assert len(analysis.efforts) >= len(later)


def test_frames_out_of_order_and_a_single_frame_do_not_crash() -> None:
    clip = generate("toe-walking", Options(seed=29))
    shuffled = list(reversed(clip.frames))
    assert len(analyze("toe-walking", shuffled, aspect=clip.aspect).efforts) == len(clip.truth)
    assert analyze("toe-walking", clip.frames[:1], aspect=clip.aspect).efforts == ()


def test_an_unknown_exercise_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="toe-walking"):
        analyze("hopping", [])
