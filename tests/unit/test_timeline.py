from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.content.loader import load_program
from footwork.core.program import Dose, Exercise
from footwork.core.timeline import READING_MS_PER_NOTE, compile_timeline
from tests.builders import make_dose, make_exercise, make_timing

# Durations with millisecond resolution, as program files allow.
durations = st.integers(min_value=1, max_value=600_000).map(lambda ms: ms / 1000)


@st.composite
def doses(draw: st.DrawFn) -> Dose:
    reps = draw(st.integers(min_value=1, max_value=30))
    return Dose(
        effort=draw(st.sampled_from(["hold", "bout", "circle"])),
        work_s=draw(durations),
        reps=reps,
        rest_s=draw(durations),
        sides=tuple(draw(st.sampled_from([(), ("left", "right"), ("right",), ("right", "left")]))),
        directions=tuple(
            draw(st.sampled_from([(), ("clockwise", "counterclockwise"), ("clockwise",)]))
        ),
    )


@st.composite
def sessions(draw: st.DrawFn) -> list[Exercise]:
    count = draw(st.integers(min_value=1, max_value=4))
    return [make_exercise(f"ex-{i}", dose=draw(doses())) for i in range(count)]


timings = st.builds(make_timing, prepare_s=durations, switch_s=durations, done_s=durations)


@given(sessions(), timings)
def test_offsets_strictly_increase_and_total_is_the_sum(exercises, timing):
    timeline = compile_timeline(exercises, timing)
    offsets = [cue.offset_ms for cue in timeline.cues]
    assert all(a < b for a, b in itertools.pairwise(offsets))
    assert timeline.total_ms == sum(cue.duration_ms for cue in timeline.cues)
    for before, after in zip(timeline.cues, timeline.cues[1:], strict=False):
        assert before.end_ms == after.offset_ms


@given(sessions(), timings)
def test_efforts_sides_and_directions_match_the_dose(exercises, timing):
    timeline = compile_timeline(exercises, timing)
    for exercise in exercises:
        dose = exercise.dose
        work = [c for c in timeline.work_cues() if c.exercise == exercise.id]
        assert len(work) == dose.efforts
        assert all(c.duration_ms == round(dose.work_s * 1000) for c in work)
        groups = [(c.side, c.direction) for c in work]
        expected = [
            (side, direction)
            for side in (dose.sides or (None,))
            for direction in (dose.directions or (None,))
            for _ in range(dose.reps)
        ]
        assert groups == expected
        assert [c.rep for c in work] == list(range(1, dose.reps + 1)) * (len(work) // dose.reps)
        rests = [c for c in timeline.cues if c.exercise == exercise.id and c.kind == "rest"]
        assert len(rests) == len(work) - len(work) // dose.reps
        switches = [c for c in timeline.cues if c.exercise == exercise.id and c.kind == "switch"]
        assert len(switches) == len(work) // dose.reps - 1


@given(sessions(), timings)
def test_every_exercise_opens_with_prepare_and_closes_with_done(exercises, timing):
    cues = compile_timeline(exercises, timing).cues
    assert cues[-1].kind == "session-done"
    assert cues[-1].duration_ms == 0
    assert [c.exercise for c in cues if c.kind == "prepare"] == [e.id for e in exercises]
    assert [c.exercise for c in cues if c.kind == "done"] == [e.id for e in exercises]
    assert all(c.duration_ms > 0 for c in cues[:-1])
    assert all(c.text for c in cues)


def test_builtin_doses_match_the_source():
    program = load_program()
    expected = {
        "toe-presses": (10, 3.0),
        "toe-walking": (6, 20.0),
        "ankle-circles": (4, 10.0),
        "resistance-band": (11, 5.0),
        "toe-pickups": (10, 10.0),
    }
    for exercise_id, (count, seconds) in expected.items():
        work = compile_timeline([program.exercise(exercise_id)], program.timing).work_cues()
        assert len(work) == count, exercise_id
        assert {c.duration_s for c in work} == {seconds}, exercise_id


def test_ankle_circles_cover_each_ankle_in_both_directions():
    program = load_program()
    work = compile_timeline([program.exercise("ankle-circles")], program.timing).work_cues()
    assert [(c.side, c.direction) for c in work] == [
        ("left", "clockwise"),
        ("left", "counterclockwise"),
        ("right", "clockwise"),
        ("right", "counterclockwise"),
    ]


def test_toe_pickups_do_five_per_foot():
    program = load_program()
    work = compile_timeline([program.exercise("toe-pickups")], program.timing).work_cues()
    assert [c.side for c in work] == ["left"] * 5 + ["right"] * 5


def test_session_done_announces_the_next_exercise():
    a, b = make_exercise("a", title="First"), make_exercise("b", title="Second")
    cues = compile_timeline([a, b], make_timing()).cues
    done_a = next(c for c in cues if c.kind == "done" and c.exercise == "a")
    assert "Next: Second" in done_a.text


def test_json_form_has_the_stable_fields():
    program = load_program()
    data = compile_timeline([program.exercise("toe-pickups")], program.timing).to_json()
    assert data["total_s"] == 159.0  # with 3 s to read each of its two safety notes
    first_work = next(c for c in data["cues"] if c["kind"] == "work")
    assert first_work == {
        "offset_s": 11.0,
        "duration_s": 10.0,
        "kind": "work",
        "exercise": "toe-pickups",
        "side": "left",
        "direction": None,
        "rep": 1,
        "reps": 5,
        "text": "1 of 5. Hold, 10 seconds.",
        "notes": [],
    }


def test_get_ready_carries_the_safety_notes_and_time_to_read_them():
    exercise = make_exercise(safety=("Hold a chair.", "Stop if it hurts."))
    cues = compile_timeline([exercise], make_timing(prepare_s=5)).cues
    prepare = cues[0]
    assert prepare.kind == "prepare"
    assert prepare.notes == ("Hold a chair.", "Stop if it hurts.")
    assert prepare.duration_ms == 5000 + 2 * READING_MS_PER_NOTE
    assert all(cue.notes == () for cue in cues[1:])
    assert prepare.to_json()["notes"] == ["Hold a chair.", "Stop if it hurts."]


def _said(exercises: list[Exercise]) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in compile_timeline(exercises, make_timing()).cues]


def test_circles_name_the_ankle_and_direction_and_say_each_change():
    circles = make_exercise(
        "circles",
        title="Ankle circles",
        position="Sitting",
        dose=make_dose(
            effort="circle",
            work_s=2.5,
            reps=2,
            rest_s=1,
            sides=("left", "right"),
            directions=("clockwise", "counterclockwise"),
        ),
    )
    left, right = "Keep circling the left ankle", "Keep circling the right ankle"
    assert _said([circles]) == [
        ("prepare", "Get ready: Ankle circles. Sitting. Start with the left foot, clockwise."),
        ("work", f"1 of 2. {left} clockwise, 2.5 seconds."),
        ("rest", "Release and relax."),
        ("work", f"2 of 2. {left} clockwise, 2.5 seconds."),
        ("switch", "Change direction: counter-clockwise."),
        ("work", f"1 of 2. {left} counter-clockwise, 2.5 seconds."),
        ("rest", "Release and relax."),
        ("work", f"2 of 2. {left} counter-clockwise, 2.5 seconds."),
        ("switch", "Change to the right foot, clockwise."),
        ("work", f"1 of 2. {right} clockwise, 2.5 seconds."),
        ("rest", "Release and relax."),
        ("work", f"2 of 2. {right} clockwise, 2.5 seconds."),
        ("switch", "Change direction: counter-clockwise."),
        ("work", f"1 of 2. {right} counter-clockwise, 2.5 seconds."),
        ("rest", "Release and relax."),
        ("work", f"2 of 2. {right} counter-clockwise, 2.5 seconds."),
        ("done", "Ankle circles done."),
        ("session-done", "Session complete. Well done."),
    ]
    cues = compile_timeline([circles], make_timing()).cues
    # A switch is to the next side and direction; a rest follows the rep just done.
    assert [(c.side, c.direction) for c in cues if c.kind == "switch"] == [
        ("left", "counterclockwise"),
        ("right", "clockwise"),
        ("right", "counterclockwise"),
    ]
    rests = [(c.side, c.direction, c.rep, c.reps) for c in cues if c.kind == "rest"]
    assert rests == [
        ("left", "clockwise", 1, 2),
        ("left", "counterclockwise", 1, 2),
        ("right", "clockwise", 1, 2),
        ("right", "counterclockwise", 1, 2),
    ]


def test_each_effort_says_what_to_do_and_a_single_rep_is_not_counted():
    walking = make_exercise(
        "walk",
        title="Toe walking",
        position="Standing",
        dose=make_dose(effort="bout", work_s=1, reps=2, rest_s=1),
    )
    presses = make_exercise(
        "hold",
        title="Toe presses",
        position="Sitting",
        dose=make_dose(effort="hold", work_s=3, reps=1, rest_s=0, sides=("right", "left")),
    )
    turning = make_exercise(
        "turn",
        title="Circles",
        position="Sitting",
        dose=make_dose(
            effort="circle",
            work_s=1,
            reps=1,
            rest_s=0,
            directions=("counterclockwise", "clockwise"),
        ),
    )
    plain = make_exercise(
        "plain",
        title="Plain circles",
        position="Sitting",
        dose=make_dose(effort="circle", work_s=1, reps=1, rest_s=0),
    )
    assert _said([walking, presses, turning, plain]) == [
        ("prepare", "Get ready: Toe walking. Standing."),
        ("work", "1 of 2. Walk on your toes, 1 second."),
        ("rest", "Rest."),
        ("work", "2 of 2. Walk on your toes, 1 second."),
        ("done", "Toe walking done. Next: Toe presses."),
        ("prepare", "Get ready: Toe presses. Sitting. Start with the right foot."),
        ("work", "Hold, 3 seconds."),
        ("switch", "Change to the left foot."),
        ("work", "Hold, 3 seconds."),
        ("done", "Toe presses done. Next: Circles."),
        ("prepare", "Get ready: Circles. Sitting. Start counter-clockwise."),
        ("work", "Keep circling the ankle counter-clockwise, 1 second."),
        ("switch", "Change direction: clockwise."),
        ("work", "Keep circling the ankle clockwise, 1 second."),
        ("done", "Circles done. Next: Plain circles."),
        ("prepare", "Get ready: Plain circles. Sitting."),
        ("work", "Keep circling the ankle, 1 second."),
        ("done", "Plain circles done."),
        ("session-done", "Session complete. Well done."),
    ]


def test_a_session_without_exercises_is_refused_in_these_words():
    with pytest.raises(ValueError) as error:
        compile_timeline([], make_timing())
    assert str(error.value) == "a session needs at least one exercise"


def test_the_session_ends_on_the_last_exercise():
    cues = compile_timeline([make_exercise("a"), make_exercise("b")], make_timing()).cues
    assert (cues[-1].kind, cues[-1].exercise) == ("session-done", "b")


def test_a_fraction_of_a_second_above_one_is_said_in_the_plural():
    exercise = make_exercise(dose=make_dose(effort="hold", work_s=1.5, reps=1, rest_s=0))
    work = compile_timeline([exercise], make_timing()).work_cues()
    assert [c.text for c in work] == ["Hold, 1.5 seconds."]
