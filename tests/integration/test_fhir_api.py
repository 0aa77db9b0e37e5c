"""The FHIR export over the web: the patient's own Bundle, and a following clinician's, logged."""

from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle

from tests.integration.test_web_clinic import add_patient, app, join, log_in  # noqa: F401


def observations(bundle: Bundle) -> list:
    return [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Observation"]


def test_a_patient_gets_their_own_bundle(app):  # noqa: F811
    doctor, token = log_in(app, "dr-ada")
    _, code = add_patient(doctor, token, "Fay Fhir")
    join(app, code, "fay")
    patient, csrf = log_in(app, "fay")
    saved = patient.post(
        "/api/pain", json={"scores": {"knee-right": 5}}, headers={"x-csrf-token": csrf}
    )
    assert saved.status_code == 201, saved.text
    saved = patient.post(
        "/api/balance", json={"left_s": 30, "right_s": 28}, headers={"x-csrf-token": csrf}
    )
    assert saved.status_code == 201, saved.text

    answer = patient.get("/api/fhir")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate_json(answer.text)
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds[:2] == ["Patient", "CarePlan"] and "ActivityDefinition" in kinds
    assert bundle.entry[0].resource.name[0].text == "Fay Fhir"
    pain, balance = observations(bundle)
    assert (pain.code.coding[0].code, pain.valueInteger) == ("72514-3", 5)
    assert pain.bodySite.text == "right knee"
    assert [float(c.valueQuantity.value) for c in balance.component] == [30, 28]


def test_the_clinician_export_is_only_for_the_patients_clinician_and_is_logged(app):  # noqa: F811
    ada, token = log_in(app, "dr-ada")
    person_id, code = add_patient(ada, token, "Gil Green")
    patient, _ = join(app, code, "gil")
    bo, _ = log_in(app, "dr-bo")
    path = f"/api/clinic/patients/{person_id}/fhir"

    assert bo.get(path).status_code == 404
    assert patient.get(path).status_code == 403
    answer = ada.get(path)
    assert answer.status_code == 200, answer.text
    bundle = Bundle.model_validate_json(answer.text)
    assert bundle.entry[0].resource.name[0].text == "Gil Green"
    log = patient.get("/api/access-log").json()
    assert [(e["who"], e["action"]) for e in log if e["action"] == "exported FHIR"] == [
        ("dr-ada", "exported FHIR")
    ]
    # A clinician has no bundle of their own.
    assert ada.get("/api/fhir").status_code == 403
