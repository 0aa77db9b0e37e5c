"""A person's history as a FHIR R4 Bundle, for health records and clinic systems.

The Bundle (type collection) holds the Patient, the program as a CarePlan with one activity
per exercise, an ActivityDefinition per exercise, each pain score as an Observation and each
balance test as an Observation, and the function questionnaires as Questionnaire and
QuestionnaireResponse resources (reports.fhir_questionnaires). It is built as plain FHIR JSON
and checked with the models of fhir.resources (its R4B package: the R4 structure of every
element written here), plus a check that coded elements hold one of their allowed codes,
which those models do not enforce.
docs/fhir.md describes the mapping, the codes and our extensions.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fhir.resources.R4B.bundle import Bundle
from pydantic import BaseModel

from footwork.content.localize import localize_exercise
from footwork.core.language import ENGLISH, N_, UNTRANSLATED, Translator, html_language
from footwork.core.program import (
    Dose,
    EveryNDays,
    Exercise,
    Frequency,
    OnWeekdays,
    PerDay,
    PerWeek,
    Program,
    describe_prescription,
)
from footwork.core.records import (
    BALANCE_CAP_S,
    REGION_NAMES,
    BalanceTest,
    History,
    PainCheckin,
    PainRegion,
    Person,
    ProgramVersion,
)
from footwork.reports.fhir_questionnaires import questionnaire_resources

Json = dict[str, Any]

# Ours: identifiers, not web addresses (.example is reserved and never resolves).
FHIR_BASE = "https://footwork.example/fhir"
DOSE_EXTENSION = f"{FHIR_BASE}/StructureDefinition/exercise-dose"
PAIN_CONTEXT_EXTENSION = f"{FHIR_BASE}/StructureDefinition/pain-context"
FOOTWORK_CODES = f"{FHIR_BASE}/CodeSystem/footwork"
PERSON_IDS = f"{FHIR_BASE}/NamingSystem/person-id"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, FHIR_BASE)

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORIES = "http://terminology.hl7.org/CodeSystem/observation-category"

# HL7 Physical Activity IG codes an exercise prescription as SNOMED CT "Exercise therapy".
EXERCISE_THERAPY: Json = {"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}
PAIN_SEVERITY: Json = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
# SNOMED CT body structures; the hip, knee and foot codes carry the side.
BODY_SITES: dict[PainRegion, tuple[str, str]] = {
    "back": ("37822005", "Lower back structure"),
    "hip-left": ("287679003", "Left hip region structure"),
    "hip-right": ("287579007", "Right hip region structure"),
    "knee-left": ("82169009", "Structure of left knee region"),
    "knee-right": ("6757004", "Structure of right knee region"),
    "foot-left": ("22335008", "Structure of left foot"),
    "foot-right": ("7769000", "Structure of right foot"),
}
# No LOINC code for the single-leg stance test could be confirmed: these are our own.
STANCE_CODES = {
    False: ("single-leg-stance-eyes-open", N_("Single-leg stance time, eyes open")),
    True: ("single-leg-stance-eyes-closed", N_("Single-leg stance time, eyes closed")),
}
LEG_CODES = {
    "left": ("stance-left-leg", N_("Time standing on the left leg")),
    "right": ("stance-right-leg", N_("Time standing on the right leg")),
}
STANCE_METHOD = N_(
    "Timed on one leg until the lifted foot touches down or the standing foot moves; "
    "stopped at {seconds} s."
)
PAIN_SCALE = N_("Pain from 0 (none) to 10 (worst)")


class FhirExportError(ValueError):
    """A bundle that does not pass the checks: a fault in this module, not in the data."""


def history_bundle(
    history: History,
    *,
    program: Program,
    generated_at: datetime,
    language: str = ENGLISH,
    text: Translator = UNTRANSLATED,
) -> Bundle:
    """The whole history with `program` (the one followed now) as a validated R4 Bundle.

    The bundle and each resource state their `language` (BCP 47, "de"); our own words (titles,
    descriptions, `text`) are in it through `text`. Codes, their code systems' displays, ids
    and versions are the same in every language."""
    if generated_at.tzinfo is None:
        raise ValueError("generated_at: give a time with its timezone")
    person = history.person
    patient = _patient(person)
    patient_url = _urn(patient)
    definitions = [_activity_definition(exercise, text) for exercise in program.exercises]
    version = _version_of(history, program)
    entries = [patient, _care_plan(history, program, version, patient_url, definitions, text)]
    entries += definitions
    for checkin in sorted(history.pain, key=lambda c: (c.recorded_at, c.id)):
        entries += _pain_observations(checkin, patient_url, text)
    for test in sorted(history.balance, key=lambda b: (b.recorded_at, b.id)):
        entries.append(_balance_observation(test, patient_url, text))
    entries += questionnaire_resources(
        history.questionnaires, patient_url, base=FHIR_BASE, make_id=_id, text=text
    )
    tag = html_language(language)
    for resource in entries:
        resource["language"] = tag
    data = {
        "resourceType": "Bundle",
        "id": _id("Bundle", person.id, generated_at.isoformat()),
        "language": tag,
        "type": "collection",
        "timestamp": generated_at.isoformat(),
        "entry": [{"fullUrl": _urn(resource), "resource": resource} for resource in entries],
    }
    return validate_bundle(data)


def validate_bundle(data: Json) -> Bundle:
    """`data` as a Bundle: pydantic's ValidationError for a structural problem,
    FhirExportError for a code outside its allowed set."""
    bundle = Bundle.model_validate(data)
    problems = unbound_codes(bundle)
    if problems:
        raise FhirExportError("; ".join(problems))
    return bundle


def unbound_codes(element: BaseModel, path: str = "Bundle") -> list[str]:
    """Coded elements whose value is not among the codes the FHIR models list for them."""
    problems = []
    for name, field in type(element).model_fields.items():
        value = getattr(element, name)
        if value is None:
            continue
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        allowed = extra.get("enum_values")
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            where = f"{path}.{name}" + (f"[{index}]" if isinstance(value, list) else "")
            # A list ending in "+" is cut short by fhir.resources (Questionnaire.item.type
            # lists seven of its codes, then "+"): it cannot tell a wrong code.
            if isinstance(allowed, list) and "+" not in allowed and item not in allowed:
                problems.append(f"{where}: {item!r} is not one of {', '.join(map(str, allowed))}")
            if isinstance(item, BaseModel):
                problems += unbound_codes(item, where)
    return problems


# -- the program ------------------------------------------------------------------------------


def frequency_timing(frequency: Frequency) -> Json:
    """How often as a FHIR Timing: 3 a day is frequency 3 per 1 d; 2 to 3 a week is
    frequency 2, frequencyMax 3 per 1 wk; every 2 days is 1 per 2 d; weekdays list the days."""
    match frequency:
        case PerDay(times=times):
            repeat: Json = {"frequency": times, "period": 1, "periodUnit": "d"}
        case PerWeek(times=times, times_max=most):
            repeat = {"frequency": times, "period": 1, "periodUnit": "wk"}
            if most is not None and most != times:
                repeat["frequencyMax"] = most
        case EveryNDays(days=days):
            repeat = {"frequency": 1, "period": days, "periodUnit": "d"}
        case OnWeekdays(days=days):
            repeat = {"frequency": 1, "period": 1, "periodUnit": "d", "dayOfWeek": list(days)}
    return {"repeat": repeat}


def dose_extension(dose: Dose) -> Json:
    """Reps, seconds of work and rest, sides and directions: FHIR has no element for them."""
    parts: list[Json] = [
        {"url": "effort", "valueCode": dose.effort},
        {"url": "reps", "valuePositiveInt": dose.reps},
        {"url": "work", "valueDuration": _seconds(dose.work_s)},
        {"url": "rest", "valueDuration": _seconds(dose.rest_s)},
    ]
    parts += [{"url": "side", "valueCode": side} for side in dose.sides]
    parts += [{"url": "direction", "valueCode": way} for way in dose.directions]
    return {"url": DOSE_EXTENSION, "extension": parts}


def dose_text(exercise: Exercise, text: Translator = UNTRANSLATED) -> str:
    """The dose and how often, in words, our defaults marked as such:
    '10 holds of 3 s, resting 3 s between (our default); 3 times a day'."""
    return describe_prescription(exercise, text=text)


def _activity_definition(original: Exercise, text: Translator) -> Json:
    # The version is the exercise's, whatever the language its words are given in.
    version = hashlib.sha256(original.model_dump_json().encode()).hexdigest()[:12]
    exercise = localize_exercise(original, text)
    lines = [text.gettext("Position: {position}").format(position=exercise.position)]
    if exercise.equipment:
        things = ", ".join(exercise.equipment)
        lines += ["", text.gettext("Equipment: {things}").format(things=things)]
    steps = [f"{n}. {step}" for n, step in enumerate(exercise.steps, 1)]
    lines += ["", text.gettext("Steps:"), *steps]
    if exercise.safety:
        lines += ["", text.gettext("Safety:"), *(f"- {note}" for note in exercise.safety)]
    dose = dose_text(original, text)
    lines += ["", text.gettext("Dose: {dose}.").format(dose=dose)]
    words = exercise.id.split("-")
    name = "".join(w.capitalize() for w in words)
    return {
        "resourceType": "ActivityDefinition",
        "id": _id("ActivityDefinition", exercise.id, version),
        "extension": [dose_extension(exercise.dose)],
        "url": f"{FHIR_BASE}/ActivityDefinition/{exercise.id}",
        "version": version,
        "name": name if name[0].isalpha() else f"Exercise{name}",
        "title": exercise.title,
        "status": "active",
        "description": "\n".join(lines),
        "kind": "ServiceRequest",
        "code": {"coding": [EXERCISE_THERAPY], "text": exercise.title},
        "timingTiming": frequency_timing(exercise.frequency),
    }


def _version_of(history: History, program: Program) -> ProgramVersion | None:
    """The latest recorded version with exactly this program, if any."""
    same = [v for v in history.programs if v.program == program]
    return max(same, key=lambda v: (v.created_at, v.version), default=None)


def _care_plan(
    history: History,
    program: Program,
    version: ProgramVersion | None,
    patient_url: str,
    definitions: list[Json],
    text: Translator,
) -> Json:
    person = history.person
    key = version.id if version else hashlib.sha256(program.model_dump_json().encode()).hexdigest()
    practised = {e.exercise_id for s in history.sessions for e in s.efforts if e.outcome == "done"}
    activities = [
        {
            "detail": {
                "extension": [dose_extension(exercise.dose)],
                "kind": "ServiceRequest",
                "instantiatesCanonical": [f"{definition['url']}|{definition['version']}"],
                "code": {"coding": [EXERCISE_THERAPY], "text": text.gettext(exercise.title)},
                "status": "in-progress" if exercise.id in practised else "not-started",
                "scheduledTiming": frequency_timing(exercise.frequency),
                "description": f"{text.gettext(exercise.title)}: {dose_text(exercise, text)}.",
            }
        }
        for exercise, definition in zip(program.exercises, definitions, strict=True)
    ]
    plan: Json = {
        "resourceType": "CarePlan",
        "id": _id("CarePlan", person.id, key),
        "status": "active",
        "intent": "plan",
        "title": text.gettext(program.title),
        "subject": {"reference": patient_url, "display": person.display_name},
        "activity": activities,
    }
    if version is not None:
        zone = ZoneInfo(person.timezone)
        starts = version.starts_on or version.created_at.astimezone(zone).date()
        plan["created"] = version.created_at.isoformat()
        plan["period"] = {"start": starts.isoformat()}
        if version.note:
            plan["note"] = [{"text": version.note}]
    return plan


def _patient(person: Person) -> Json:
    patient: Json = {
        "resourceType": "Patient",
        "id": _id("Patient", person.id),
        "identifier": [{"system": PERSON_IDS, "value": person.id}],
        "name": [{"text": person.display_name}],
    }
    if person.birth_year is not None:
        patient["birthDate"] = f"{person.birth_year:04d}"
    return patient


# -- the records ------------------------------------------------------------------------------


def _pain_observations(checkin: PainCheckin, patient_url: str, text: Translator) -> list[Json]:
    found = []
    for region, score in checkin.scores.items():
        code, display = BODY_SITES[region]
        observation: Json = {
            "resourceType": "Observation",
            "id": _id("Observation", "pain", checkin.id, region),
            "status": "final",
            "category": [_category("survey", "Survey")],
            "code": {"coding": [PAIN_SEVERITY], "text": text.gettext(PAIN_SCALE)},
            "subject": {"reference": patient_url},
            "effectiveDateTime": checkin.recorded_at.isoformat(),
            "performer": [{"reference": patient_url}],
            "valueInteger": score,
            "bodySite": {
                "coding": [{"system": SNOMED, "code": code, "display": display}],
                "text": text.gettext(REGION_NAMES[region]),
            },
        }
        if checkin.context != "any":
            observation["extension"] = [
                {"url": PAIN_CONTEXT_EXTENSION, "valueCode": checkin.context}
            ]
        if checkin.note:
            observation["note"] = [{"text": checkin.note}]
        found.append(observation)
    return found


def _balance_observation(test: BalanceTest, patient_url: str, text: Translator) -> Json:
    code, display = STANCE_CODES[test.eyes_closed]
    components = [
        {
            "code": _own_code(*LEG_CODES[leg], text),
            "valueQuantity": _seconds(seconds),
        }
        for leg, seconds in (("left", test.left_s), ("right", test.right_s))
        if seconds is not None
    ]
    observation: Json = {
        "resourceType": "Observation",
        "id": _id("Observation", "balance", test.id),
        "status": "final",
        "category": [_category("exam", "Exam")],
        "code": _own_code(code, display, text),
        "subject": {"reference": patient_url},
        "effectiveDateTime": test.recorded_at.isoformat(),
        "performer": [{"reference": patient_url}],
        "method": {"text": text.gettext(STANCE_METHOD).format(seconds=f"{BALANCE_CAP_S:g}")},
        "component": components,
    }
    if test.note:
        observation["note"] = [{"text": test.note}]
    return observation


# -- small pieces -----------------------------------------------------------------------------


def _id(*parts: str) -> str:
    """A stable resource id: the same record gives the same id in every export."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _urn(resource: Json) -> str:
    """The entry's fullUrl, which references inside the bundle point to."""
    return f"urn:uuid:{resource['id']}"


def _seconds(value: float) -> Json:
    number = int(value) if float(value).is_integer() else value
    return {"value": number, "unit": "s", "system": UCUM, "code": "s"}


def _category(code: str, display: str) -> Json:
    return {"coding": [{"system": CATEGORIES, "code": code, "display": display}]}


def _own_code(code: str, display: str, text: Translator) -> Json:
    """Our own code: its display as our code system defines it (English), `text` in the
    bundle's language."""
    return {
        "coding": [{"system": FOOTWORK_CODES, "code": code, "display": display}],
        "text": text.gettext(display),
    }
