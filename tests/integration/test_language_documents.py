"""Handouts, reports, reminders, the calendar, the FHIR export and the camera's sentences in
the person's language (issue 18): German PDFs, a Spanish e-mail, a French push message, a
German FHIR bundle; the pseudo-locale finds any English left in the handout."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from email.header import decode_header, make_header

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from footwork.config import Settings
from footwork.content.loader import load_program
from footwork.core.program import Dose
from footwork.core.schedule import Slot
from footwork.i18n import translator
from footwork.reports.calendar import build_calendar
from footwork.reports.fhir import validate_bundle
from footwork.services.logging import log_balance_test, log_pain_checkin
from footwork.services.push import Tally, send_push_reminders
from footwork.store.database import ensure_schema, make_engine
from footwork.store.language import set_language
from footwork.store.repository import Store
from footwork.store.schedule import load_schedule, save_settings
from footwork.vision.summary import camera_sentence
from footwork.web.app import create_app
from tests.e2e.browser_support import seed_history
from tests.integration.test_reminders_push import (  # noqa: F401
    add_device,
    morning_tomorrow,
    push_service,
    push_settings,
)
from tests.integration.test_reminders_smtp import smtp  # noqa: F401
from tests.integration.test_reports import pdf_text
from tests.integration.test_web_language import (
    COMMAND,
    DATA,
    ENGLISH,
    HTML,
    VisibleText,
    html_lang,
)


def person_in(client: TestClient, language: str | None) -> str:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    person = store.people()[0]
    set_language(store, person.id, language)
    return person.id


@pytest.fixture
def personal(sqlite_url):
    seed_history(sqlite_url, days=20)
    app = create_app(Settings(database_url=sqlite_url))
    store: Store = app.state.store
    person = store.people()[0]
    log_balance_test(store, person.id, left_s=18.0, right_s=20.0, eyes_closed=False,
                     note=None, now=datetime.now(UTC) - timedelta(days=3))  # fmt: skip
    yield TestClient(app, base_url="http://127.0.0.1", headers={"accept": "text/html"})
    store.engine.dispose()


# -- the handout and the report -------------------------------------------------------------


def test_the_handout_pdf_is_in_the_persons_chosen_language(personal):
    person_in(personal, "de")
    # The chosen language wins over the browser's.
    answer = personal.get("/handout.pdf", headers={"accept-language": "en"})
    assert answer.status_code == 200
    text = " ".join(pdf_text(answer.content).split())
    assert "Ihr Übungsprogramm" in text and "Bevor Sie beginnen" in text
    assert "Hören Sie sofort auf" in text  # the safety guidance, first
    assert "Zehen drücken" in text  # the program's own words
    assert "Protokoll für vier Wochen" in text and "Woche 4" in text
    assert "Ausgangsposition:" in text
    assert "Your exercise program" not in text and "Four-week log" not in text
    today = datetime.now(UTC).date()
    assert f"Gedruckt am {today.day:02d}.{today.month:02d}.{today.year}" in text  # Babel


def test_the_progress_report_pdf_and_its_charts_are_in_the_chosen_language(personal):
    person_in(personal, "de")
    answer = personal.get("/progress.pdf")
    assert answer.status_code == 200
    reader = PdfReader(io.BytesIO(answer.content))
    assert reader.trailer["/Root"]["/Lang"] == "de"  # the document says its language
    page = personal.get("/progress")
    labels = re.findall(r'aria-label="([^"]+)"', page.text)
    assert any(label.startswith("Kalender des Anteils der erledigten Übungen") for label in labels)
    assert any(label.startswith("Standzeiten auf einem Bein") for label in labels)
    assert not any(label.startswith("Calendar of the share") for label in labels)


def test_the_pseudo_locale_leaves_no_english_in_the_handout(personal):
    person_in(personal, None)
    page = personal.get("/handout", headers={**HTML, "accept-language": "en-XA"})
    assert page.status_code == 200 and html_lang(page.text) == "en-XA"
    parser = VisibleText()
    parser.feed(page.text)
    # Dates are Babel's English for the pseudo-locale ("Dec 4, 2026"): data.
    date = re.compile(r"\b[A-Z][a-z]{2} \d\d?, \d{4}\b")
    left = [
        t
        for t in parser.texts
        if ENGLISH.search(date.sub("", COMMAND.sub("", t))) and not DATA.match(t)
    ]
    assert parser.texts and left == [], f"untranslated {left}"


# -- reminders and the calendar -------------------------------------------------------------


def test_the_reminder_email_is_in_the_persons_language(smtp, tmp_path):  # noqa: F811
    inbox, port = smtp
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    store = Store(engine)
    now = datetime.now(UTC)
    person = store.personal_person(now=now - timedelta(days=1), timezone="UTC")
    all_day = Slot(name="all-day", start=time(0, 0), end=time(23, 59, 59))
    save_settings(store, person.id, email="eva@example.org", slots=(all_day,))
    set_language(store, person.id, "es")
    env = {
        **os.environ,
        "FOOTWORK_DATABASE_URL": url,
        "FOOTWORK_SMTP_HOST": "127.0.0.1",
        "FOOTWORK_SMTP_PORT": str(port),
        "FOOTWORK_SMTP_STARTTLS": "false",
        "FOOTWORK_LANG": "en",  # the terminal's language is not the person's
    }
    command = [sys.executable, "-m", "footwork", "remind", "--via", "email", "--all-people"]
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    (message,) = inbox.messages
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "Footwork: es hora de sus ejercicios (all-day)"
    body = message.get_payload(decode=True).decode()
    assert body.startswith("Toca ahora: Presión de dedos, Caminar de puntillas")
    assert "Empiece con `footwork session`." in body
    assert "Due now" not in body
    engine.dispose()


def test_the_push_message_is_in_the_persons_language(store, push_service):  # noqa: F811
    settings = push_settings("sqlite://")
    person_id = store.personal_person(now=datetime.now(UTC), timezone="UTC").id
    set_language(store, person_id, "fr")
    phone = add_device(store, person_id, f"{push_service.origin}/phone", "Téléphone")
    now = morning_tomorrow(store, person_id)
    tally = Tally()
    send_push_reminders(store, settings, person_id, load_program(), now=now, tally=tally)
    assert tally.sent == 1
    (received,) = push_service.received
    message = phone.decrypt(received.body)
    assert message["lang"] == "fr" and message["url"] == "/today"
    assert message["title"] == "Footwork : c\u2019est l\u2019heure de vos exercices (matin)"
    assert message["body"].startswith("À faire maintenant : Pressions des orteils")
    assert "jusqu\u2019à 10:00" in message["body"]


def test_the_calendar_speaks_the_persons_language(store):
    person = store.personal_person(now=datetime.now(UTC), timezone="Europe/Berlin")
    schedule = load_schedule(store, person.id, now=datetime.now(UTC))
    calendar = build_calendar(load_program(), schedule.settings, person_id=person.id,
                              stamp=datetime.now(UTC), text=translator("pt"))  # fmt: skip
    text = calendar.to_ical().decode()
    unfolded = text.replace("\r\n ", "")
    assert "X-WR-CALNAME:Exercícios do Footwork" in unfolded
    assert "SUMMARY:Footwork (manhã): " in unfolded
    assert "estes dias são uma sugestão" in unfolded
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO,TH" in unfolded  # rules are the same in every language


# -- FHIR -----------------------------------------------------------------------------------


def test_the_fhir_bundle_states_its_language_and_speaks_it(personal):
    person_id = person_in(personal, "de")
    store: Store = personal.app.state.store  # type: ignore[attr-defined]
    log_pain_checkin(store, person_id, {"knee-right": 4}, context="any", session_id=None,
                     note=None, now=datetime.now(UTC))  # fmt: skip
    answer = personal.get("/api/fhir", headers={"accept": "application/fhir+json"})
    assert answer.status_code == 200, answer.text
    bundle = validate_bundle(Bundle.model_validate_json(answer.text).model_dump(mode="json"))
    assert bundle.language == "de"
    resources = [e.resource for e in bundle.entry]
    assert {r.language for r in resources} == {"de"}
    plan = next(r for r in resources if r.get_resource_type() == "CarePlan")
    assert plan.activity[0].detail.code.text == "Zehen drücken"
    assert plan.activity[0].detail.code.coding[0].display == "Exercise therapy"  # SNOMED's
    pain = next(r for r in resources if r.get_resource_type() == "Observation"
                and r.bodySite is not None)  # fmt: skip
    assert pain.code.text == "Schmerz von 0 (keiner) bis 10 (am schlimmsten)"
    definition = next(r for r in resources if r.get_resource_type() == "ActivityDefinition")
    assert "Schritte:" in definition.description
    person_in(personal, "en")
    again = Bundle.model_validate_json(
        personal.get("/api/fhir", headers={"accept": "application/fhir+json"}).text
    )
    assert again.language == "en"
    # Ids and versions do not change with the language.
    assert [e.resource.id for e in bundle.entry] == [e.resource.id for e in again.entry]


# -- the camera -----------------------------------------------------------------------------


def test_the_camera_sentence_is_translated():
    dose = Dose(effort="hold", reps=10, work_s=3, rest_s=3)
    efforts = [{"kind": "hold", "meets_dose": True}] * 9 + [{"kind": "hold"}] * 2
    report = {"seen": True, "exercise": "resistance-band", "efforts": efforts}
    assert camera_sentence(report, dose) == "Camera-checked: 9 of 11 holds reached 3 s"
    assert (
        camera_sentence(report, dose, text=translator("de"))
        == "Von der Kamera geprüft: 9 von 11 Halten erreichten 3 s"
    )
    assert camera_sentence({"seen": False}, dose, text=translator("es")) == (
        "Cámara: no se vio a nadie"
    )
