"""An analysis against the dose: rows, JSON, plot; keypoint files; efforts into a session."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest
from rich.console import Console

from footwork.cli.vision import analysis_view
from footwork.content.loader import load_program
from footwork.core.timeline import compile_timeline
from footwork.vision.analyzers import NOBODY, analyze
from footwork.vision.keypoints import (
    KeypointFileError,
    Landmark,
    Leg,
    PoseFrame,
    keypoints_from_json,
    keypoints_to_json,
)
from footwork.vision.report import (
    count_groups,
    effort_rows,
    meets_dose,
    plot,
    summary_rows,
    to_json,
)
from footwork.vision.results import Analysis, Coverage, Effort
from footwork.vision.session import session_efforts
from footwork.vision.synthetic import Options, generate

PROGRAM = load_program(None)
COVERAGE = Coverage(frames=300, duration_s=60.0, person_s=60.0, feet_s=60.0)


def made_up(exercise_id: str, *efforts: Effort) -> Analysis:
    return Analysis(exercise_id, COVERAGE, efforts)


def render(analysis: Analysis) -> str:
    stream = io.StringIO()
    exercise = PROGRAM.exercise(analysis.exercise_id)
    Console(file=stream, width=100).print(analysis_view(analysis, exercise, Path("clip.mp4")))
    return stream.getvalue()


def test_a_hold_half_a_second_short_still_counts() -> None:
    dose = PROGRAM.exercise("resistance-band").dose
    assert meets_dose(Effort("hold", 0, 4.6), dose)
    assert not meets_dose(Effort("hold", 0, 4.4), dose)
    assert not meets_dose(Effort("still", 0, 60), dose)


def test_circles_are_counted_per_foot_and_direction() -> None:
    exercise = PROGRAM.exercise("ankle-circles")
    analysis = made_up(
        "ankle-circles",
        Effort("circle", 0, 10, side="left", direction="clockwise"),
        Effort("circle", 10, 20, side="left", direction="clockwise"),
        Effort("circle", 25, 35, side="right", direction="counterclockwise"),
    )
    assert count_groups(analysis.efforts, exercise) == {
        "left foot, clockwise": 2,
        "left foot, anticlockwise": 0,
        "right foot, clockwise": 0,
        "right foot, anticlockwise": 1,
    }
    text = render(analysis)
    assert "Left foot, clockwise" in text and "Right foot, anticlockwise" in text
    assert "1 of 10 s" in text


def test_band_holds_count_only_when_long_enough() -> None:
    exercise = PROGRAM.exercise("resistance-band")
    analysis = made_up("resistance-band", Effort("hold", 0, 6), Effort("hold", 10, 12))
    assert count_groups(analysis.efforts, exercise) == {"": 1}
    rows = summary_rows(analysis, exercise)
    assert ("Holds of 5 s or more", "1", "11 of 5 s") in rows
    assert ("Shorter holds", "1", "") in rows
    assert [row[-1] for row in effort_rows(analysis, exercise)] == ["yes", "short"]


def test_toe_presses_report_says_what_cannot_be_seen() -> None:
    clip = generate("toe-presses", Options(seed=40))
    analysis = analyze("toe-presses", clip.frames, aspect=clip.aspect)
    exercise = PROGRAM.exercise("toe-presses")
    assert count_groups(analysis.efforts, exercise) == {}
    assert summary_rows(analysis, exercise)[0] == (
        "Presses",
        "cannot be seen by a camera",
        "10 of 3 s",
    )
    text = render(analysis)
    assert "cannot see your toes pressing" in text
    assert "Standing still with knees bent" in text


def test_nobody_seen_is_one_plain_row() -> None:
    analysis = analyze("toe-walking", [PoseFrame(t=i / 30) for i in range(30)])
    assert summary_rows(analysis, PROGRAM.exercise("toe-walking")) == [("Seen", NOBODY, "")]
    assert NOBODY in render(analysis)


def test_json_has_counts_efforts_and_no_nan() -> None:
    clip = generate("toe-pickups", Options(seed=41))
    analysis = analyze("toe-pickups", clip.frames, aspect=clip.aspect)
    data = to_json(analysis, PROGRAM.exercise("toe-pickups"))
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["counts"] == {
        "left foot": sum(e.side == "left" for e in clip.truth),
        "right foot": sum(e.side == "right" for e in clip.truth),
    }
    assert {e["side"] for e in data["efforts"]} == {"left", "right"}
    assert data["seen"] is True and data["problem"] is None


def test_json_turns_an_unknown_measure_into_null() -> None:
    upper = Leg(hip=None, knee=None, ankle=Landmark(0.5, 0.8), heel=Landmark(0.48, 0.82),
                toe=Landmark(0.6, 0.82))  # fmt: skip
    analysis = analyze("toe-presses", [PoseFrame(t=i / 30, left=upper) for i in range(60)])
    data = to_json(analysis, PROGRAM.exercise("toe-presses"))
    assert data["measures"]["knee_bend"] is None
    json.dumps(data, allow_nan=False)


@pytest.mark.parametrize("exercise_id", ["ankle-circles", "toe-walking"])
def test_plot_marks_each_effort(exercise_id: str) -> None:
    clip = generate(exercise_id, Options(seed=42))
    analysis = analyze(exercise_id, clip.frames, aspect=clip.aspect)
    figure = plot(analysis, PROGRAM.exercise(exercise_id))
    axes = figure.axes[0]
    numbers = [t.get_text() for t in axes.texts]
    assert numbers == [str(i) for i in range(1, len(analysis.efforts) + 1)]
    assert len(axes.patches) == len(analysis.efforts)
    stream = io.BytesIO()
    figure.savefig(stream, format="png")
    assert stream.getvalue().startswith(b"\x89PNG")


def test_plot_of_nothing_says_why() -> None:
    analysis = analyze("toe-walking", [])
    figure = plot(analysis, PROGRAM.exercise("toe-walking"))
    assert "no frames" in figure.axes[0].texts[0].get_text()


def test_keypoint_files_round_trip() -> None:
    clip = generate("ankle-circles", Options(seed=43, occlusion=6))
    data = json.loads(json.dumps(keypoints_to_json(clip.frames, aspect=clip.aspect)))
    frames, aspect = keypoints_from_json(data)
    assert aspect == pytest.approx(clip.aspect)
    assert frames == clip.frames


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a Footwork keypoint file"),
        ({"format": "footwork-keypoints", "aspect": 0, "frames": []}, "aspect"),
        ({"format": "footwork-keypoints", "frames": {}}, "frames: expected a list"),
        ({"format": "footwork-keypoints", "frames": [{"left": {}}]}, "frame 1"),
        (
            {"format": "footwork-keypoints", "frames": [{"t": 0, "left": {"elbow": [0, 0]}}]},
            "unknown landmark",
        ),
        ({"format": "footwork-keypoints", "frames": [{"t": 0, "left": {"toe": "x"}}]}, "frame 1"),
    ],
)
def test_bad_keypoint_files_are_named(data: object, message: str) -> None:
    with pytest.raises(KeypointFileError, match=message):
        keypoints_from_json(data)


def test_efforts_go_to_the_steps_of_their_side_and_direction() -> None:
    exercise = PROGRAM.exercise("ankle-circles")
    timeline = compile_timeline([exercise], PROGRAM.timing)
    analysis = made_up(
        "ankle-circles",
        Effort("circle", 1, 11, side="right", direction="counterclockwise"),
        Effort("circle", 12, 21, side="left", direction="clockwise"),
        Effort("circle", 22, 30, side="left", direction="clockwise"),
    )
    start = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    ids = count(1)
    found = session_efforts(
        analysis, timeline, video_started_at=start, new_id=lambda: f"e{next(ids)}"
    )
    assert [(r.side, r.direction) for r in found.records] == [
        ("left", "clockwise"),
        ("right", "counterclockwise"),
    ]
    first = found.records[0]
    assert timeline.cues[first.cue_index].side == "left"
    assert first.started_at == start + timedelta(seconds=12)
    assert first.actual_s == 9 and first.planned_s == 10
    assert [e.start_s for e in found.extra] == [22]


def test_still_spells_are_not_efforts_of_a_session() -> None:
    exercise = PROGRAM.exercise("toe-presses")
    timeline = compile_timeline([exercise], PROGRAM.timing)
    found = session_efforts(
        made_up("toe-presses", Effort("still", 0, 50)),
        timeline,
        video_started_at=datetime(2026, 1, 1, tzinfo=UTC),
        new_id=lambda: "x",
    )
    assert found.records == () and found.extra == ()
