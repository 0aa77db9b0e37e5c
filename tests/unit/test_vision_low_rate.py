"""The analyzers at the frame rate a phone's browser gives: the same synthetic sequences at
their native 30 frames/s and thinned to 3 frames/s, counted exactly, each effort's time
within half a second of the truth."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from footwork.core.program import Side
from footwork.vision.analyzers import analyze
from footwork.vision.keypoints import FOOT_JOINTS, Landmark, PoseFrame
from footwork.vision.synthetic import Clip, Options, generate, match_efforts

EXERCISES = ("toe-walking", "ankle-circles", "resistance-band", "toe-pickups", "toe-presses")


def thinned(clip: Clip, every: int) -> Clip:
    return Clip(clip.exercise_id, clip.frames[::every], clip.truth, clip.aspect, clip.options)


def check(clip: Clip) -> None:
    """Counts exact; each bout, circle or hold within 0.5 s. Toe presses cannot be seen:
    their spells standing still with the knees bent end where the knees straighten over a
    second, so those are held to 1 s."""
    within = 1.0 if clip.exercise_id == "toe-presses" else 0.5
    analysis = analyze(clip.exercise_id, clip.frames, aspect=clip.aspect)
    assert analysis.seen, analysis.problem
    found = Counter((e.kind, e.side, e.direction) for e in analysis.efforts)
    truth = Counter((e.kind, e.side, e.direction) for e in clip.truth)
    assert found == truth
    pairs = match_efforts(clip.truth, analysis.efforts)
    assert len(pairs) == len(clip.truth)
    for real, seen in pairs:
        assert seen.duration_s == pytest.approx(real.duration_s, abs=within), (real, seen)


@pytest.mark.parametrize("exercise_id", EXERCISES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_native_rate(exercise_id: str, seed: int) -> None:
    check(generate(exercise_id, Options(seed=seed)))


@pytest.mark.parametrize("exercise_id", EXERCISES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_three_frames_a_second(exercise_id: str, seed: int) -> None:
    clip = generate(exercise_id, Options(seed=seed))
    assert clip.options.fps == 30
    check(thinned(clip, 10))


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_ten_frames_a_second_as_the_page_sends_them(exercise_id: str) -> None:
    check(thinned(generate(exercise_id, Options(seed=4)), 3))


def raised(frame: PoseFrame, side: Side, by: float) -> PoseFrame:
    """`frame` with every point of one foot `by` image heights higher, as a pose model's
    noisy guess of a still foot."""
    leg = frame.leg(side)
    moved = {
        joint: Landmark(point.x, point.y - by, point.visibility)
        for joint in FOOT_JOINTS
        if (point := leg.get(joint)) is not None
    }
    return replace(frame, **{side: replace(leg, **moved)})


@pytest.mark.parametrize(("noisy", "before_s"), [(1, 0.8), (1, 1.0), (2, 1.3)])
def test_a_few_noisy_frames_before_a_lift_do_not_start_its_hold_early(
    noisy: int, before_s: float
) -> None:
    """A busy phone analyses about 6 frames a second and then none for a moment. One or two
    frames in which the model puts the still foot well up, shortly before a real lift and
    followed by such a pause, are noise: the hold starts with the lift, not with them."""
    clip = thinned(generate("toe-pickups", Options(seed=5)), 5)
    lift = next(e for e in clip.truth[1:] if e.side == "right")
    times = [f.t for f in clip.frames]
    first = next(i for i, t in enumerate(times) if t >= lift.start_s - before_s)
    last = first + noisy  # the two frames after the noisy ones are lost: the page is busy
    frames = [
        *clip.frames[:first],
        *(raised(f, "right", 0.3 * clip.options.shank) for f in clip.frames[first:last]),
        *clip.frames[last + 2 :],
    ]
    assert frames[last].t < lift.start_s - 0.2  # the foot is seen down again before the lift
    check(Clip(clip.exercise_id, tuple(frames), clip.truth, clip.aspect, clip.options))


def test_a_foot_read_a_little_up_before_a_lift_is_not_part_of_its_hold() -> None:
    """After a pause the lite model can read the still foot a little up (a third to a half of
    the lift) for most of a second, straight into the real lift: the hold starts where the
    foot passes half its height, not where that hump crossed the threshold."""
    clip = thinned(generate("toe-pickups", Options(seed=1)), 3)
    lift = next(e for e in clip.truth[1:] if e.side == "right")
    hump = 0.16  # shank lengths: over the 0.12 that starts a hold, under half of this lift
    frames = tuple(
        raised(f, "right", hump * clip.options.shank)
        if lift.start_s - 1.0 <= f.t < lift.start_s - 0.25
        else f
        for f in clip.frames
    )
    check(Clip(clip.exercise_id, frames, clip.truth, clip.aspect, clip.options))
