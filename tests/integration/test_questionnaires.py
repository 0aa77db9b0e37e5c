"""Function questionnaires through the web app, on SQLite and PostgreSQL: due at the start and
when the clinician asks, answered on the page and through the API (idempotent), refused with
the field named and nothing written, shown escaped to the patient and the clinician, and in
the patient's access log."""

from __future__ import annotations

import html
import uuid
from datetime import UTC, datetime

from footwork.content.loader import load_program
from footwork.store.clinic import access_log
from footwork.store.questionnaires import answers
from footwork.store.repository import Store
from tests.integration import test_web_clinic
from tests.integration.test_web_clinic import add_patient, join, log_in

app = test_web_clinic.app  # the clinic with two clinicians, dr-ada and dr-bo

HOSTILE = "</script><script>window.__pwned=1</script>"


def _patient(app) -> tuple[str, object, object, str, str]:
    doctor, doctor_csrf = log_in(app, "dr-ada")
    person_id, code = add_patient(doctor, doctor_csrf, "Pat Example")
    _, answer = join(app, code, "pat")
    assert answer.status_code == 303
    patient, patient_csrf = log_in(app, "pat")
    return person_id, doctor, patient, doctor_csrf, patient_csrf


def test_a_patient_answers_and_the_clinician_sees_it(app):
    store: Store = app.state.store
    person_id, doctor, patient, _, patient_csrf = _patient(app)
    assert 'data-testid="questionnaire-due"' not in patient.get("/today").text  # no program yet
    store.follow_program(person_id, load_program(), now=datetime.now(UTC))
    today = patient.get("/today").text
    assert 'data-testid="questionnaire-due"' in today and "start of your program" in today

    page = patient.get("/questionnaires")
    assert page.status_code == 200 and "<legend>Activity 1" in page.text
    assert 'name="groc"' not in page.text  # not asked the first time
    first = patient.post("/questionnaires", data={
        "csrf_token": patient_csrf, "activity_0": HOSTILE, "score_0": "3",
        "activity_1": "climbing stairs", "score_1": "4"})  # fmt: skip
    assert first.status_code == 200 and 'data-testid="questionnaire-saved"' in first.text
    assert "3.5" in first.text
    assert 'data-testid="questionnaire-due"' not in patient.get("/today").text

    # The second time: both activities shown back, the GROC asked and required.
    page = patient.get("/questionnaires").text
    assert HOSTILE not in page and html.escape(HOSTILE, quote=False) in page
    assert 'name="groc"' in page and 'name="activity_0"' not in page
    missing = patient.post("/questionnaires", data={
        "csrf_token": patient_csrf, "score_0": "5", "score_1": "6"})  # fmt: skip
    assert missing.status_code == 422 and "field groc" in missing.text
    assert len(answers(store, person_id)) == 1  # nothing half-written

    # Through the API, with an idempotency key: a retry stores nothing new.
    key = str(uuid.uuid4())
    body = {"id": key, "psfs": [{"activity": HOSTILE, "score": 5},
            {"activity": "Climbing  stairs", "score": 6}, {"activity": "kneel", "score": 1}],
            "groc": 3}  # fmt: skip
    headers = {"x-csrf-token": patient_csrf, "accept": "application/json"}
    sent = patient.post("/api/questionnaires", json=body, headers=headers)
    assert sent.status_code == 201, sent.text
    assert sent.json()["change"] == 2.0 and sent.json()["meaningful"] is True
    again = patient.post("/api/questionnaires", json=body, headers=headers)
    assert again.status_code == 201 and again.json()["id"] == sent.json()["id"]
    assert len(answers(store, person_id)) == 2
    listed = patient.get("/api/questionnaires", headers=headers).json()
    assert listed["activities"] == [HOSTILE, "climbing stairs", "kneel"]
    assert [a["groc"] for a in listed["answers"]] == [None, 3]

    # Left out an activity named before: 422 naming it, nothing written.
    short = {"psfs": [{"activity": "kneel", "score": 2}], "groc": 1}
    refused = patient.post("/api/questionnaires", json=short, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "psfs.0.score"
    assert len(answers(store, person_id)) == 2

    before = len(access_log(store, person_id))
    clinic = doctor.get(f"/clinic/patients/{person_id}").text
    assert len(access_log(store, person_id)) == before + 1  # reading them is logged
    assert HOSTILE not in clinic and html.escape(HOSTILE, quote=False) in clinic
    assert 'data-testid="outcomes"' in clinic
    assert "+2.0" in clinic and "better by 2 points or more" in clinic
    assert "+3: better" in clinic and "first answer" in clinic


def test_the_clinician_asks_and_the_patient_sees_it_on_today(app):
    store: Store = app.state.store
    person_id, doctor, patient, doctor_csrf, patient_csrf = _patient(app)
    asked = doctor.post(f"/clinic/patients/{person_id}/questionnaires/request",
                        data={"csrf_token": doctor_csrf}, follow_redirects=False)  # fmt: skip
    assert asked.status_code == 303
    assert access_log(store, person_id)[0].action == "asked for a questionnaire"
    today = patient.get("/today").text
    assert 'data-testid="questionnaire-due"' in today and "Your clinician asked" in today
    answered = patient.post("/questionnaires", data={
        "csrf_token": patient_csrf, "activity_0": "walk to the shop", "score_0": "6"})  # fmt: skip
    assert answered.status_code == 200
    assert 'data-testid="questionnaire-due"' not in patient.get("/today").text
    # Without the CSRF token: refused, nothing asked.
    refused = doctor.post(f"/clinic/patients/{person_id}/questionnaires/request",
                          follow_redirects=False)  # fmt: skip
    assert refused.status_code == 403
    assert 'data-testid="questionnaire-due"' not in patient.get("/today").text
    # Another clinician who does not follow the patient: 404, never said who exists.
    other, other_csrf = log_in(app, "dr-bo")
    answer = other.post(f"/clinic/patients/{person_id}/questionnaires/request",
                        data={"csrf_token": other_csrf}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 404


def test_the_progress_report_and_its_pdf_carry_the_answers(app):
    from tests.integration.test_reports import pdf_text

    person_id, doctor, patient, _, patient_csrf = _patient(app)
    for data in ({"activity_0": HOSTILE, "score_0": "2"}, {"score_0": "5", "groc": "4"}):
        saved = patient.post("/questionnaires", data={"csrf_token": patient_csrf, **data})
        assert saved.status_code == 200, saved.text
    page = patient.get("/progress").text
    assert 'data-testid="report-questionnaires"' in page
    assert HOSTILE not in page and html.escape(HOSTILE, quote=False) in page
    assert "+3.0 (2 points or more)" in page and "+4: much better" in page
    pdf = patient.get("/progress.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "Everyday activities (PSFS)" in " ".join(text.split())
    assert HOSTILE in "".join(text.split())  # shown as text (lines may break anywhere)
    report = doctor.get(f"/clinic/patients/{person_id}/report.pdf")
    assert report.status_code == 200 and "+4: much better" in pdf_text(report.content)
