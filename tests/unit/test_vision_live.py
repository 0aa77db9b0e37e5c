"""The live figures: who and which feet are in view over the last second, and when a hold
wobbles."""

from __future__ import annotations

import math
from dataclasses import replace

from footwork.content.loader import load_program
from footwork.vision.analyzers import analyze
from footwork.vision.keypoints import NO_LEG, Landmark, PoseFrame
from footwork.vision.live import (
    HOLD_STEADY,
    NO_FEET,
    NOBODY,
    ONE_FOOT,
    live_status,
    wobbles,
)
from footwork.vision.results import Analysis, Coverage, Line, Trace
from footwork.vision.synthetic import Options, generate

PROGRAM = load_program()


def status(exercise_id: str, frames: list[PoseFrame]):
    return live_status(frames, analyze(exercise_id, frames), PROGRAM.exercise(exercise_id))


def clip_frames(exercise_id: str, **options: object) -> list[PoseFrame]:
    return list(generate(exercise_id, Options(fps=10, **options)).frames)  # type: ignore[arg-type]


def test_all_well_while_resting():
    frames = clip_frames("toe-pickups", seed=1)[:20]
    live = status("toe-pickups", frames)
    assert (live.person, live.feet, live.message) == (True, True, None)


def test_nobody_in_view():
    frames = [PoseFrame(t=i / 10) for i in range(20)]
    assert status("toe-walking", frames).to_json() == {
        "person": False, "feet": False, "message": NOBODY}  # fmt: skip


def test_only_the_last_second_counts():
    frames = clip_frames("toe-walking", seed=1)[:40]
    gone = [PoseFrame(t=f.t) for f in frames[-10:]]
    assert status("toe-walking", frames[:-10] + gone).message == NOBODY
    back = [*gone[:5], *frames[-5:]]
    assert status("toe-walking", frames[:-10] + back).message is None


def test_feet_out_of_view_and_one_foot():
    frames = clip_frames("toe-pickups", seed=1)[:20]
    no_feet = [replace(f, left=replace(f.left, toe=None), right=replace(f.right, heel=None))
               for f in frames]  # fmt: skip
    assert status("toe-pickups", no_feet).message == NO_FEET
    one = [replace(f, right=NO_LEG) for f in frames]
    live = status("toe-pickups", one)
    assert (live.feet, live.message) == (False, ONE_FOOT)
    # Toe walking is measured from either foot: one in view is enough.
    walking = [replace(f, right=NO_LEG) for f in clip_frames("toe-walking", seed=1)[:20]]
    assert status("toe-walking", walking).message is None


def test_low_visibility_is_not_in_view():
    frames = clip_frames("toe-pickups", seed=1)[:20]
    faint = [
        replace(f, right=replace(f.right, toe=Landmark(f.right.toe.x, f.right.toe.y, 0.2)))
        for f in frames
        if f.right.toe is not None
    ]
    assert status("toe-pickups", faint).message == ONE_FOOT


def trace(values: list[float], threshold: float = 10.0) -> Analysis:
    t = tuple(i / 10 for i in range(len(values)))
    return Analysis("resistance-band", Coverage(len(t), len(t) / 10, len(t) / 10, len(t) / 10),
                    trace=Trace("flex", t, (Line("flex", tuple(values)),), threshold))  # fmt: skip


def test_a_steady_hold_does_not_wobble_and_a_swinging_one_does():
    steady = [20 + 0.5 * math.sin(i) for i in range(40)]
    assert not wobbles(trace(steady))
    swinging = [20 + 4 * math.sin(i) for i in range(40)]
    assert wobbles(trace(swinging))


def test_getting_into_or_out_of_a_hold_is_not_a_wobble():
    rising = [0.0] * 30 + [2.0 * i for i in range(11)]
    assert not wobbles(trace(rising))
    falling = [20.0] * 30 + [20 - 2.0 * i for i in range(11)]
    assert not wobbles(trace(falling))
    assert not wobbles(trace([math.nan] * 40))


def test_a_wobbling_band_hold_says_hold_steady():
    clip = generate("resistance-band", Options(seed=1, fps=10, efforts=2))
    frames = list(clip.frames)
    hold = clip.truth[0]
    upto = [f for f in frames if f.t <= hold.start_s + 4]
    exercise = PROGRAM.exercise("resistance-band")
    calm = live_status(upto, analyze("resistance-band", upto, aspect=clip.aspect), exercise)
    assert calm.message is None

    def shaken(frame: PoseFrame, index: int) -> PoseFrame:
        if frame.t < hold.start_s + 2:
            return frame
        dx = 0.006 if index % 10 < 5 else -0.006  # the toe swings to and fro once a second

        def leg(value):
            toe = value.toe
            return replace(value, toe=Landmark(toe.x + dx, toe.y, toe.visibility))

        return replace(frame, left=leg(frame.left), right=leg(frame.right))

    shaky = [shaken(f, i) for i, f in enumerate(upto)]
    live = live_status(shaky, analyze("resistance-band", shaky, aspect=clip.aspect), exercise)
    assert live.message == HOLD_STEADY


def test_a_noisy_camera_on_a_steady_hold_seldom_says_hold_steady():
    clip = generate("resistance-band", Options(seed=5, fps=10, noise=0.03, drop=0.1, efforts=3))
    exercise = PROGRAM.exercise("resistance-band")
    said = 0
    checks = 0
    for hold in clip.truth:
        for end in (hold.start_s + 2.5, hold.start_s + 3.5, hold.start_s + 4.5):
            upto = [f for f in clip.frames if f.t <= end]
            analysis = analyze("resistance-band", upto, aspect=clip.aspect)
            said += live_status(upto, analysis, exercise).message == HOLD_STEADY
            checks += 1
    assert said <= checks // 4
