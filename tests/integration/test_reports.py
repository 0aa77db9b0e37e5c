"""Progress and the handout, as pages and as PDFs, for the person and for their clinician."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from footwork.config import Settings
from footwork.services.logging import log_balance_test
from footwork.store.clinic import access_log
from footwork.store.repository import Store
from footwork.web.app import create_app
from tests.e2e.browser_support import seed_history
from tests.integration.test_web_clinic import add_patient, join, log_in


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def personal(sqlite_url):
    seed_history(sqlite_url, days=20)
    app = create_app(Settings(database_url=sqlite_url))
    store: Store = app.state.store
    person = store.people()[0]
    for days_ago, left in ((15, 18.0), (3, 26.0)):
        log_balance_test(store, person.id, left_s=left, right_s=left + 2, eyes_closed=False,
                         note=None, now=datetime.now(UTC) - timedelta(days=days_ago))  # fmt: skip
    yield TestClient(app, base_url="http://127.0.0.1", headers={"accept": "text/html"})
    store.engine.dispose()


def test_the_progress_page_shows_four_labelled_charts(personal):
    page = personal.get("/progress")
    assert page.status_code == 200
    assert page.text.count("<svg") >= 4
    for label in ("Calendar of the share", "Pain scores per region", "Minutes of exercise",
                  "Single-leg stance times"):  # fmt: skip
        assert f'aria-label="{label}' in page.text
    assert "In short" in page.text and "Week by week" in page.text
    assert "Add your birth year" in page.text  # no age: no reference, and it says why


def test_the_progress_report_pdf_has_the_figures_and_the_analysis(personal):
    answer = personal.get("/progress.pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert "Progress" in text and "In short" in text and "Week by week" in text
    assert "Sessions:" in text and "complete" in text
    assert "Is it helping?" in text
    assert len(PdfReader(io.BytesIO(answer.content)).pages) >= 2


def test_the_handout_pdf_has_every_exercise_its_dose_and_a_four_week_log(personal):
    answer = personal.get("/handout.pdf")
    assert answer.status_code == 200
    text = pdf_text(answer.content)
    for title in ("Toe presses", "Toe walking", "Ankle circles", "Resistance-band flexes",
                  "Toe pickups"):  # fmt: skip
        assert title in text
    assert "10 holds of 3 s" in text and "3 times a day" in text
    assert "Four-week log" in text and "Week 4" in text
    assert "Stop at once" in text  # the safety guidance comes first
    page = personal.get("/handout")
    assert page.status_code == 200 and "Four-week log" in page.text
    flat = " ".join(page.text.split())
    assert "10 s of continuous circling per direction, each ankle" in flat
    assert "once a day (our default)" in flat  # the band: the source gives no frequency
    assert "resting 3 s between (our default)" in flat


def test_a_clinician_prints_a_patients_report_and_it_is_in_the_access_log(database_url):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    from footwork.store.accounts import create_account

    for name in ("dr-ada", "dr-bo"):
        create_account(app.state.store, username=name, password="correct horse battery",
                       role="clinician", person_id=None, now=datetime.now(UTC))  # fmt: skip
    doctor, token = log_in(app, "dr-ada")
    person_id, code = add_patient(doctor, token, "Rae Report")
    join(app, code, "rae")
    report = doctor.get(f"/clinic/patients/{person_id}/report.pdf")
    assert report.status_code == 200 and "Rae Report" in pdf_text(report.content)
    handout = doctor.get(f"/clinic/patients/{person_id}/handout.pdf")
    assert handout.status_code == 200 and "Rae Report" in pdf_text(handout.content)
    other, _ = log_in(app, "dr-bo")
    assert other.get(f"/clinic/patients/{person_id}/report.pdf").status_code == 404
    actions = [e.action for e in access_log(app.state.store, person_id)]
    assert actions.count("printed report") == 1
    app.state.store.engine.dispose()
