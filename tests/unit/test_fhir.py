"""The FHIR R4 Bundle: it validates, round-trips, and maps the program and records right."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from fhir.resources.R4B.activitydefinition import ActivityDefinition
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient

from footwork.content.loader import load_program
from footwork.core.program import EveryNDays, OnWeekdays, PerDay, PerWeek, Program
from footwork.core.records import (
    BalanceTest,
    EffortRecord,
    History,
    PainCheckin,
    Person,
    PlannedExercise,
    ProgramVersion,
    SessionRecord,
)
from footwork.reports.fhir import (
    DOSE_EXTENSION,
    FhirExportError,
    frequency_timing,
    history_bundle,
    validate_bundle,
)
from tests.builders import make_dose, make_exercise, make_timing

NOW = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)


def make_program() -> Program:
    return Program(
        title="Test program",
        timing=make_timing(),
        exercises=(
            make_exercise(
                "toe-presses",
                title="Toe presses",
                dose=make_dose(reps=10, work_s=3, rest_s=3),
                frequency=PerDay(kind="per_day", times=3),
            ),
            make_exercise(
                "toe-pickups",
                title="Toe pickups",
                dose=make_dose(reps=5, work_s=10, rest_s=5, sides=("left", "right")),
                frequency=PerWeek(kind="per_week", times=2, times_max=3),
            ),
            make_exercise(
                "ankle-circles",
                title="Ankle circles",
                dose=make_dose(
                    effort="circle",
                    reps=1,
                    work_s=10,
                    rest_s=0,
                    sides=("left", "right"),
                    directions=("clockwise", "counterclockwise"),
                ),
                frequency=EveryNDays(kind="every_n_days", days=2),
            ),
            make_exercise(
                "band-flexes",
                title="Band flexes",
                equipment=("resistance band",),
                safety=("Stop if it hurts.",),
                frequency=OnWeekdays(kind="weekdays", days=("mon", "thu")),
            ),
        ),
    )


def make_history(program: Program) -> History:
    person = Person(id="person-1", display_name="Ada Example", birth_year=1961)
    version = ProgramVersion(
        id="version-1",
        version=1,
        created_at=NOW - timedelta(days=9),
        program=program,
        note="Start gently.",
        starts_on=date(2025, 3, 2),
    )
    start = NOW - timedelta(days=1)
    session = SessionRecord(
        id="session-1",
        program_version_id=version.id,
        started_at=start,
        ended_at=start + timedelta(minutes=2),
        status="partial",
        exercises=(PlannedExercise(exercise_id="toe-presses", planned_efforts=10),),
        efforts=(
            EffortRecord(
                id="effort-1",
                cue_index=1,
                exercise_id="toe-presses",
                rep=1,
                outcome="done",
                started_at=start,
                ended_at=start + timedelta(seconds=3),
                planned_s=3,
                actual_s=3,
            ),
        ),
    )
    return History(
        person=person,
        programs=(version,),
        sessions=(session,),
        pain=(
            PainCheckin(
                id="pain-1",
                recorded_at=NOW - timedelta(hours=3),
                context="after",
                session_id="session-1",
                note="After the stairs.",
                scores={"back": 4, "knee-left": 2},
            ),
            PainCheckin(id="pain-2", recorded_at=NOW, scores={"foot-right": 7}),
        ),
        balance=(
            BalanceTest(id="balance-1", recorded_at=NOW, left_s=23.5, right_s=45),
            BalanceTest(id="balance-2", recorded_at=NOW, eyes_closed=True, left_s=6),
        ),
    )


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    program = make_program()
    return history_bundle(make_history(program), program=program, generated_at=NOW)


def resources(bundle: Bundle, kind: type) -> list:
    return [e.resource for e in bundle.entry if isinstance(e.resource, kind)]


def test_the_bundle_validates_and_round_trips(bundle):
    assert bundle.type == "collection"
    text = bundle.model_dump_json()
    again = Bundle.model_validate_json(text)
    assert again == bundle
    assert again.model_dump_json() == text
    assert validate_bundle(again.model_dump()) == bundle


def test_every_entry_has_a_urn_uuid_and_references_resolve_in_the_bundle(bundle):
    urls = {e.fullUrl for e in bundle.entry}
    for entry in bundle.entry:
        assert entry.fullUrl == f"urn:uuid:{entry.resource.id}"
    (patient,) = resources(bundle, Patient)
    (plan,) = resources(bundle, CarePlan)
    assert plan.subject.reference == f"urn:uuid:{patient.id}"
    for observation in resources(bundle, Observation):
        assert observation.subject.reference in urls
    canonicals = {f"{d.url}|{d.version}" for d in resources(bundle, ActivityDefinition)}
    for activity in plan.activity:
        assert set(activity.detail.instantiatesCanonical) <= canonicals


def test_ids_are_stable_and_come_from_the_records():
    program = make_program()
    first = history_bundle(make_history(program), program=program, generated_at=NOW)
    later = NOW + timedelta(days=1)
    second = history_bundle(make_history(program), program=program, generated_at=later)
    assert [e.fullUrl for e in first.entry] == [e.fullUrl for e in second.entry]
    assert first.id != second.id
    assert len({e.fullUrl for e in first.entry}) == len(first.entry)


def test_the_patient_has_the_name_and_the_birth_year(bundle):
    (patient,) = resources(bundle, Patient)
    assert patient.name[0].text == "Ada Example"
    assert str(patient.birthDate) == "1961"
    assert patient.identifier[0].value == "person-1"


def test_the_care_plan_has_one_activity_per_exercise(bundle):
    (plan,) = resources(bundle, CarePlan)
    assert (plan.status, plan.intent, plan.title) == ("active", "plan", "Test program")
    assert str(plan.period.start) == "2025-03-02"
    assert plan.note[0].text == "Start gently."
    titles = [a.detail.code.text for a in plan.activity]
    assert titles == ["Toe presses", "Toe pickups", "Ankle circles", "Band flexes"]
    for activity in plan.activity:
        assert activity.detail.kind == "ServiceRequest"
        coding = activity.detail.code.coding[0]
        assert (coding.system, coding.code) == ("http://snomed.info/sct", "229065009")
    statuses = [a.detail.status for a in plan.activity]
    assert statuses == ["in-progress", "not-started", "not-started", "not-started"]
    presses = plan.activity[0].detail
    assert (
        presses.description == "Toe presses: 10 holds of 3 s, resting 3 s between; 3 times a day."
    )


def test_the_dose_rides_in_our_extension(bundle):
    (plan,) = resources(bundle, CarePlan)
    pickups = plan.activity[1].detail
    (extension,) = pickups.extension
    assert extension.url == DOSE_EXTENSION
    parts = [
        (p.url, p.valueCode or p.valuePositiveInt or p.valueDuration) for p in extension.extension
    ]
    assert parts[0] == ("effort", "hold")
    assert parts[1] == ("reps", 5)
    work, rest = parts[2][1], parts[3][1]
    assert (parts[2][0], float(work.value), work.code) == ("work", 10, "s")
    assert (parts[3][0], float(rest.value), rest.system) == ("rest", 5, "http://unitsofmeasure.org")
    assert parts[4:] == [("side", "left"), ("side", "right")]
    circles = plan.activity[2].detail.extension[0].extension
    assert [p.valueCode for p in circles if p.url == "direction"] == [
        "clockwise",
        "counterclockwise",
    ]


def repeat(frequency) -> dict:
    return frequency_timing(frequency)["repeat"]


def test_frequencies_map_to_timing():
    assert repeat(PerDay(kind="per_day", times=3)) == {
        "frequency": 3,
        "period": 1,
        "periodUnit": "d",
    }
    assert repeat(PerWeek(kind="per_week", times=2, times_max=3)) == {
        "frequency": 2,
        "frequencyMax": 3,
        "period": 1,
        "periodUnit": "wk",
    }
    assert repeat(PerWeek(kind="per_week", times=2, times_max=2)) == {
        "frequency": 2,
        "period": 1,
        "periodUnit": "wk",
    }
    assert repeat(EveryNDays(kind="every_n_days", days=2)) == {
        "frequency": 1,
        "period": 2,
        "periodUnit": "d",
    }
    assert repeat(OnWeekdays(kind="weekdays", days=("mon", "thu")))["dayOfWeek"] == ["mon", "thu"]


def test_the_timing_in_the_bundle_is_the_mapped_one(bundle):
    (plan,) = resources(bundle, CarePlan)
    timings = [a.detail.scheduledTiming.repeat for a in plan.activity]
    assert (timings[0].frequency, float(timings[0].period), timings[0].periodUnit) == (3, 1, "d")
    assert (timings[1].frequency, timings[1].frequencyMax, timings[1].periodUnit) == (2, 3, "wk")
    assert (timings[2].frequency, float(timings[2].period), timings[2].periodUnit) == (1, 2, "d")
    assert timings[3].dayOfWeek == ["mon", "thu"]
    definitions = resources(bundle, ActivityDefinition)
    assert [d.timingTiming.repeat for d in definitions] == timings


def test_activity_definitions_describe_each_exercise(bundle):
    definitions = resources(bundle, ActivityDefinition)
    assert [d.title for d in definitions] == [
        "Toe presses",
        "Toe pickups",
        "Ankle circles",
        "Band flexes",
    ]
    band = definitions[3]
    assert (band.status, band.kind, band.name) == ("active", "ServiceRequest", "BandFlexes")
    assert band.code.coding[0].code == "229065009"
    assert "resistance band" in band.description and "Stop if it hurts." in band.description
    assert band.extension[0].url == DOSE_EXTENSION


def test_pain_scores_are_loinc_observations_with_the_body_site(bundle):
    pain = [o for o in resources(bundle, Observation) if o.code.coding[0].code == "72514-3"]
    assert [(o.bodySite.text, o.valueInteger) for o in pain] == [
        ("low back", 4),
        ("left knee", 2),
        ("right foot", 7),
    ]
    back = pain[0]
    assert back.code.coding[0].system == "http://loinc.org"
    assert back.status == "final" and back.category[0].coding[0].code == "survey"
    assert back.bodySite.coding[0].code == "37822005"
    assert back.note[0].text == "After the stairs."
    assert back.extension[0].valueCode == "after"
    assert pain[2].extension is None
    assert back.effectiveDateTime == NOW - timedelta(hours=3)


def test_balance_tests_are_observations_with_seconds_per_leg(bundle):
    balance = [
        o
        for o in resources(bundle, Observation)
        if o.code.coding[0].code.startswith("single-leg-stance")
    ]
    codes = [o.code.coding[0].code for o in balance]
    assert codes == ["single-leg-stance-eyes-open", "single-leg-stance-eyes-closed"]
    legs = [
        [
            (c.code.coding[0].code, float(c.valueQuantity.value), c.valueQuantity.code)
            for c in o.component
        ]
        for o in balance
    ]
    assert legs == [
        [("stance-left-leg", 23.5, "s"), ("stance-right-leg", 45.0, "s")],
        [("stance-left-leg", 6.0, "s")],
    ]
    assert "45 s" in balance[0].method.text


def test_a_history_without_records_still_gives_a_plan():
    program = load_program()
    history = History(person=Person(id="solo", display_name="Solo"))
    bundle = history_bundle(history, program=program, generated_at=NOW)
    (plan,) = resources(bundle, CarePlan)
    assert len(plan.activity) == len(program.exercises)
    assert resources(bundle, Observation) == []
    (patient,) = resources(bundle, Patient)
    assert patient.birthDate is None


def test_a_code_outside_its_value_set_is_refused(bundle):
    data = bundle.model_dump(mode="json")
    data["entry"][1]["resource"]["activity"][0]["detail"]["scheduledTiming"]["repeat"][
        "periodUnit"
    ] = "fortnight"
    with pytest.raises(FhirExportError, match="periodUnit"):
        validate_bundle(data)


def test_a_time_without_a_zone_is_refused():
    program = make_program()
    with pytest.raises(ValueError, match="timezone"):
        history_bundle(make_history(program), program=program, generated_at=datetime(2025, 1, 1))


def test_the_builtin_programs_open_numbers_are_marked_as_our_default():
    from footwork.content.loader import load_program
    from footwork.reports.fhir import dose_text

    program = load_program()
    band = dose_text(program.exercise("resistance-band"))
    assert band.endswith("once a day (our default)")
    circles = dose_text(program.exercise("ankle-circles"))
    assert circles.startswith("10 s of continuous circling per direction")


# -- the function questionnaires --------------------------------------------------------------


def test_each_questionnaire_answer_is_a_validated_response_to_its_questionnaire():
    from fhir.resources.R4B.questionnaire import Questionnaire
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    from footwork.core.questionnaires import PsfsItem, QuestionnaireAnswer

    hostile = '</script><script>alert("x")</script>'
    first = QuestionnaireAnswer(
        id="q-1",
        answered_at=NOW,
        psfs=(PsfsItem(activity=hostile, score=2), PsfsItem(activity="stairs", score=5)),
    )
    again = QuestionnaireAnswer(
        id="q-2", answered_at=NOW + timedelta(weeks=2), psfs=first.psfs, groc=-2
    )
    program = make_program()
    history = make_history(program).model_copy(update={"questionnaires": (again, first)})
    bundle = history_bundle(history, program=program, generated_at=NOW)
    again_bundle = Bundle.model_validate_json(bundle.model_dump_json())
    assert again_bundle == bundle  # fhir.resources takes it back as written
    psfs, groc = resources(bundle, Questionnaire)
    assert (psfs.url, groc.url) == (
        "https://footwork.example/fhir/Questionnaire/psfs",
        "https://footwork.example/fhir/Questionnaire/groc",
    )
    responses = resources(bundle, QuestionnaireResponse)
    # Oldest first: the first answer's PSFS, then the second's PSFS and its GROC.
    assert [r.questionnaire for r in responses] == [
        f"{psfs.url}|1",
        f"{psfs.url}|1",
        f"{groc.url}|1",
    ]
    (patient,) = resources(bundle, Patient)
    assert {r.subject.reference for r in responses} == {f"urn:uuid:{patient.id}"}
    first_items = responses[0].item
    assert first_items[0].item[0].answer[0].valueString == hostile  # JSON keeps it as text
    assert first_items[0].item[1].answer[0].valueInteger == 2
    assert (
        first_items[-1].linkId == "psfs-mean"
        and float(first_items[-1].answer[0].valueDecimal) == 3.5
    )
    assert responses[2].item[0].answer[0].valueInteger == -2
    # In the JSON text, the name is a JSON string (quotes escaped), read back exactly.
    assert json.dumps(hostile)[1:-1] in bundle.model_dump_json()
    parsed = resources(again_bundle, QuestionnaireResponse)[0]
    assert parsed.item[0].item[0].answer[0].valueString == hostile


@pytest.mark.parametrize("language", ["de", "en_XA"])
def test_the_questionnaires_speak_the_exports_language(language):
    from fhir.resources.R4B.questionnaire import Questionnaire

    from footwork.core.questionnaires import PsfsItem, QuestionnaireAnswer
    from footwork.i18n import translator
    from tests.integration.test_web_language import english_left

    answer = QuestionnaireAnswer(
        id="q-1", answered_at=NOW, psfs=(PsfsItem(activity="stairs", score=5),), groc=2
    )
    program = make_program()
    history = make_history(program).model_copy(update={"questionnaires": (answer,)})
    english = history_bundle(history, program=program, generated_at=NOW)
    bundle = history_bundle(history, program=program, generated_at=NOW, language=language,
                            text=translator(language))  # fmt: skip
    psfs, groc = resources(bundle, Questionnaire)
    texts = [psfs.title, psfs.description, groc.title, groc.description, groc.item[0].text]
    texts += [psfs.item[0].text, psfs.item[1].text]
    texts += [item.text for item in psfs.item[0].item]
    if language == "de":
        assert psfs.title == "Patientenspezifische Funktionsskala (PSFS, Wortlaut von Footwork)"
        assert psfs.item[0].item[1].text == (
            "Wie gut der Patient sie heute ausführen kann: 0: geht überhaupt nicht; "
            "10: so gut wie vor dem Problem"
        )
        assert groc.item[0].text.endswith("-5: sehr viel schlechter; 0: etwa gleich; "
                                          "+5: sehr viel besser")  # fmt: skip
    else:
        assert english_left(texts) == []
    # The same questionnaire in every language: its URL, version, name and link ids.
    same = ("url", "version", "name", "id")
    assert [[getattr(q, key) for key in same] for q in (psfs, groc)] == [
        [getattr(q, key) for key in same] for q in resources(english, Questionnaire)
    ]
    assert [i.linkId for i in psfs.item] == ["activity", "psfs-mean"]


def test_no_questionnaire_resources_without_answers(bundle):
    assert not [e for e in bundle.entry if "Questionnaire" in e.resource.get_resource_type()]
