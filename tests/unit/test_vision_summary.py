"""The one sentence a saved camera report becomes, for each kind of exercise."""

from __future__ import annotations

from footwork.content.loader import load_program
from footwork.vision.analyzers import analyze
from footwork.vision.keypoints import PoseFrame
from footwork.vision.report import to_json
from footwork.vision.summary import camera_sentence
from footwork.vision.synthetic import Options, generate

PROGRAM = load_program()


def sentence_of(exercise_id: str, **options: object) -> str:
    clip = generate(exercise_id, Options(**options))  # type: ignore[arg-type]
    exercise = PROGRAM.exercise(exercise_id)
    report = to_json(analyze(exercise_id, clip.frames, aspect=clip.aspect), exercise)
    return camera_sentence(report, exercise.dose)


def effort(kind: str, seconds: float, *, side: str | None = None, meets: bool = True) -> dict:
    return {"kind": kind, "side": side, "direction": None, "start_s": 0.0,
            "end_s": seconds, "duration_s": seconds, "meets_dose": meets}  # fmt: skip


def seen(exercise_id: str, efforts: list[dict], work_s: float = 5.0) -> dict:
    return {"exercise": exercise_id, "seen": True, "dose": {"work_s": work_s, "reps": 10},
            "coverage": {"person_s": 60.0}, "efforts": efforts}  # fmt: skip


def test_holds_that_reached_the_dose_are_counted_out_of_all_holds():
    dose = PROGRAM.exercise("resistance-band").dose
    report = seen("resistance-band", [effort("hold", 6)] * 9 + [effort("hold", 2, meets=False)] * 2)
    assert camera_sentence(report, dose) == "Camera-checked: 9 of 11 holds reached 5 s"


def test_sides_are_counted_apart_where_the_dose_has_them():
    dose = PROGRAM.exercise("toe-pickups").dose
    efforts = [effort("hold", 11, side="left")] * 4 + [effort("hold", 11, side="right")] * 3
    report = seen("toe-pickups", efforts, work_s=10)
    assert (
        camera_sentence(report, dose)
        == "Camera-checked: 7 of 7 holds reached 10 s (left 4, right 3)"
    )


def test_one_of_each_is_singular():
    dose = PROGRAM.exercise("resistance-band").dose
    report = seen("resistance-band", [effort("hold", 6)])
    assert camera_sentence(report, dose) == "Camera-checked: 1 of 1 hold reached 5 s"


def test_toe_presses_say_what_a_camera_cannot_see():
    dose = PROGRAM.exercise("toe-presses").dose
    report = seen("toe-presses", [effort("still", 30.4), effort("still", 11.7)])
    assert camera_sentence(report, dose) == (
        "Camera-checked: 42 s standing still with knees bent (presses cannot be seen)"
    )


def test_nobody_and_no_feet():
    dose = PROGRAM.exercise("toe-walking").dose
    nobody = {"exercise": "toe-walking", "seen": False, "coverage": {"person_s": 0.0}}
    assert camera_sentence(nobody, dose) == "Camera: nobody was seen"
    feet = {"exercise": "toe-walking", "seen": False, "coverage": {"person_s": 3.0}}
    assert camera_sentence(feet, dose) == "Camera: the feet were not seen"
    assert camera_sentence(seen("toe-walking", []), dose) == "Camera-checked: no bouts seen"


def test_sentences_from_real_analyses():
    assert sentence_of("resistance-band", seed=1, efforts=6).startswith("Camera-checked: ")
    assert " of 6 holds reached 5 s" in sentence_of("resistance-band", seed=1, efforts=6)
    circles = sentence_of("ankle-circles", seed=2, efforts=2)
    assert circles.startswith("Camera-checked: 8 circles")
    assert sentence_of("toe-walking", seed=1, efforts=4).startswith("Camera-checked: 4 bouts")
    assert "presses cannot be seen" in sentence_of("toe-presses", seed=1)
    empty = to_json(analyze("toe-walking", [PoseFrame(t=i / 10) for i in range(20)]),
                    PROGRAM.exercise("toe-walking"))  # fmt: skip
    assert camera_sentence(empty, PROGRAM.exercise("toe-walking").dose) == "Camera: nobody was seen"
