"""The streamed export over the web: the patient's own, and a following clinician's, logged."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from footwork.services.exchange import export_history, parse_history
from footwork.store.history import load_history
from tests.integration.test_web_clinic import add_patient, app, join, log_in  # noqa: F401


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_patient_downloads_their_whole_history(app, fmt):  # noqa: F811
    doctor, token = log_in(app, "dr-ada")
    person_id, code = add_patient(doctor, token, "Fay Export")
    join(app, code, "fay")
    patient, csrf = log_in(app, "fay")
    saved = patient.post(
        "/api/pain", json={"scores": {"knee-right": 5}}, headers={"x-csrf-token": csrf}
    )
    assert saved.status_code == 201, saved.text

    answer = patient.get("/api/export", params={"format": fmt})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith({"json": "application/json",
                                                      "csv": "text/csv"}[fmt])  # fmt: skip
    disposition = f'attachment; filename="footwork-history.{fmt}"'
    assert answer.headers["content-disposition"] == disposition
    history = load_history(app.state.store, person_id)
    assert answer.text == export_history(history, fmt)
    assert parse_history(answer.text, fmt, source="web").pain[0].scores == {"knee-right": 5}
    assert patient.get("/api/export", params={"format": "xml"}).status_code == 422


def test_the_clinician_export_is_only_for_the_patients_clinician_and_is_logged(app):  # noqa: F811
    ada, token = log_in(app, "dr-ada")
    person_id, code = add_patient(ada, token, "Gil Green")
    patient, _ = join(app, code, "gil")
    bo, _ = log_in(app, "dr-bo")
    path = f"/api/clinic/patients/{person_id}/export"

    assert bo.get(path).status_code == 404
    assert patient.get(path).status_code == 403
    answer = ada.get(path, params={"format": "csv"})
    assert answer.status_code == 200, answer.text
    assert parse_history(answer.text, "csv", source="web").person.display_name == "Gil Green"
    log = patient.get("/api/access-log").json()
    assert [(e["who"], e["action"]) for e in log if e["action"] == "exported history"] == [
        ("dr-ada", "exported history")
    ]
    # A clinician has no history of their own; nobody signed in gets nothing.
    assert ada.get("/api/export").status_code == 403
    assert TestClient(app, base_url="http://127.0.0.1").get("/api/export").status_code == 401


def test_settings_offers_both_downloads_and_each_link_gives_that_file(app):  # noqa: F811
    doctor, token = log_in(app, "dr-ada")
    _, code = add_patient(doctor, token, "Hal Copy")
    join(app, code, "hal")
    patient, _ = log_in(app, "hal")
    page = patient.get("/settings")
    assert page.status_code == 200
    links = re.findall(r'<a href="(/api/export[^"]*)" download="([^"]+)">', page.text)
    assert links == [
        ("/api/export?format=csv", "footwork-history.csv"),
        ("/api/export", "footwork-history.json"),
    ]
    for href, name in links:
        answer = patient.get(href)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
        fmt = name.rsplit(".", 1)[1]
        assert parse_history(answer.text, fmt, source="web").person.display_name == "Hal Copy"
