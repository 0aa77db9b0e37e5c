"""Toe walking's rules on hand-built keypoints: how high the heels must rise, how long a bout
must last, which short drops it rides over, and what it reports (found by mutation testing,
docs/testing.md)."""

from __future__ import annotations

import pytest

from footwork.vision.analyzers import analyze
from footwork.vision.keypoints import Landmark, Leg, PoseFrame
from footwork.vision.results import Measure
from tests.unit.test_vision_analyzer_rules import traced

FPS = 30
SHANK = 0.25  # knee to ankle, in image heights: the unit of heel height
NEVER_ROSE = "Your heels never rose clearly off the floor."

Rises = tuple[tuple[float, float, float], ...]


def walking_leg(x: float, rise: float) -> Leg:
    """One leg seen from the side, its heel `rise` shank lengths above its toe."""
    ankle = Landmark(x, 0.80)
    return Leg(
        hip=Landmark(x, 0.3),
        knee=Landmark(x, 0.55),
        ankle=ankle,
        heel=Landmark(x - 0.02, 0.85 - rise * SHANK),
        toe=Landmark(x + 0.1, 0.85),
    )


def walk(seconds: float, rises: Rises = (), *, rest: float = 0.0) -> list[PoseFrame]:
    """`seconds` of standing, the heels `rest` shank lengths above the toes (where the camera
    sits), raised by a further height in each spell of (start, end, height)."""
    frames = []
    for i in range(round(seconds * FPS)):
        t = i / FPS
        rise = rest + sum(h for start, end, h in rises if start <= t < end)
        frames.append(PoseFrame(t=t, left=walking_leg(0.4, rise), right=walking_leg(0.6, rise)))
    return frames


def bouts(frames: list[PoseFrame]) -> list[tuple[float, float]]:
    return [(e.start_s, e.end_s) for e in analyze("toe-walking", frames).efforts]


def test_toe_walking_measures_notes_and_trace_in_full() -> None:
    # Heels 0.6 shank lengths up from 2 s to 6 s; the half-second smoothing blurs each edge
    # by about 0.1 s (a wider one would blur it further).
    analysis = analyze("toe-walking", walk(10, ((2, 6, 0.6),)))
    assert [(e.kind, e.start_s, e.end_s) for e in analysis.efforts] == [("bout", 1.933, 6.1)]
    assert analysis.notes == ()
    assert analysis.measures == (
        Measure("seconds_on_toes", "Time on your toes", 4.17, "s"),
        Measure("bouts", "Bouts", 1, ""),
    )
    trace = traced(analysis, "Heel height above resting (shank lengths)", 0.15, ["heels"])
    heels = trace.lines[0].values
    assert heels[trace.t.index(1.0)] == pytest.approx(0.0, abs=1e-6)
    assert heels[trace.t.index(4.0)] == pytest.approx(0.6)
    assert heels[trace.t.index(8.0)] == pytest.approx(0.0, abs=1e-6)


def test_toe_walking_with_flat_heels_says_so_and_counts_nothing() -> None:
    analysis = analyze("toe-walking", walk(6))
    assert analysis.efforts == ()
    assert analysis.notes == (NEVER_ROSE,)
    assert analysis.measures == (
        Measure("seconds_on_toes", "Time on your toes", 0, "s"),
        Measure("bouts", "Bouts", 0, ""),
    )


def test_toe_walking_one_short_bout_in_a_long_clip_is_not_called_never_rising() -> None:
    # 2.5 s on the toes in a minute: the heels are up in 4 % of the clip.
    analysis = analyze("toe-walking", walk(60, ((30, 32.5, 0.6),)))
    assert [(e.start_s, e.end_s) for e in analysis.efforts] == [(29.933, 32.6)]
    assert analysis.notes == ()


def test_toe_walking_rises_too_short_to_count_are_not_called_never_rising() -> None:
    # Three rises of a second, 0.5 up: clearly off the floor, never for two seconds.
    analysis = analyze("toe-walking", walk(10, ((1, 2, 0.5), (4, 5, 0.5), (7, 8, 0.5))))
    assert analysis.efforts == ()
    assert analysis.notes == ()


def test_toe_walking_needs_two_seconds_on_the_toes() -> None:
    assert bouts(walk(10, ((2, 4.5, 0.6),))) == [(1.933, 4.6)]
    assert bouts(walk(10, ((2, 3.5, 0.6),))) == []


def test_toe_walking_joins_bouts_across_a_short_drop_only() -> None:
    assert bouts(walk(14, ((2, 5, 0.6), (5.6, 9, 0.6)))) == [(1.933, 9.1)]
    assert bouts(walk(14, ((2, 5, 0.6), (6.2, 9, 0.6)))) == [(1.933, 5.1), (6.133, 9.1)]


def test_toe_walking_measures_heels_from_where_they_rest() -> None:
    # The camera sees the resting heels 0.2 shank lengths above the toes: that is the floor.
    analysis = analyze("toe-walking", walk(10, ((2, 6, 0.6),), rest=0.2))
    assert [(e.start_s, e.end_s) for e in analysis.efforts] == [(1.933, 6.1)]
    assert analysis.trace is not None
    heels = analysis.trace.lines[0].values
    assert heels[analysis.trace.t.index(1.0)] == pytest.approx(0.0, abs=1e-6)
    assert heels[analysis.trace.t.index(4.0)] == pytest.approx(0.6)


def test_toe_walking_the_whole_clip_on_the_toes_is_one_bout() -> None:
    # Resting heels are never taken to be over 0.25 shank lengths up, so heels 0.5 up from
    # start to end are a bout, not the floor.
    analysis = analyze("toe-walking", walk(6, rest=0.5))
    assert [(e.start_s, e.end_s) for e in analysis.efforts] == [(0.0, 6.0)]
    assert analysis.measure("seconds_on_toes") == 6.0
    assert analysis.notes == ()
