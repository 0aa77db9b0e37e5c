"""The patient's own pages in their language: History, Progress, Messages, Questionnaires,
Contact, Correct, Erase, the access log and the account. In the pseudo-locale no English is
left but data; in German and Spanish the pages say real translated phrases."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.core.questionnaires import PsfsItem, QuestionnaireAnswer
from footwork.core.records import PainCheckin
from footwork.store.accounts import create_account
from footwork.store.history import balance_tests, pain_checkins, session_summaries
from footwork.store.questionnaires import add_answer
from footwork.store.repository import Store
from footwork.web.app import create_app
from tests.fill import fill_patient
from tests.integration.test_web_language import (
    VisibleText,
    csrf_of,
    english_left,
    html_lang,
)

PASSWORD = "a long enough password"
HTML = {"accept": "text/html"}
# What the person or their clinician typed, and names: data, shown as written. So are the
# access log's old values and actions kept by fill_patient's made-up correction.
TYPED = ("Does it hurt less?", "Yes, it should.", "climb stairs", "walk the dog", "dr-ada",
         "delete_balance", "left 12 s")  # fmt: skip
# The camera coach's sentence (footwork.vision.summary) is not translated yet: its exercise
# title is, and is checked; the sentence after it is left for the camera's own work.
CAMERA = re.compile(r": Camera(-checked)?: .*$")
# Dates and times as Babel writes them for the pseudo-locale (English forms): data.
MOMENTS = re.compile(
    r"\b((Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?\d\d? [A-Z][a-z]{2,8}( \d{4})?\b|\b\d\d:\d\d\b|\bUTC\b"
)


class PageText(VisibleText):
    """VisibleText without an SVG's metadata (matplotlib's name, the format), never shown."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        if tag == "metadata":
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        super().handle_endtag(tag)
        if tag == "metadata":
            self.skip -= 1


def leftover_english(text: str) -> list[str]:
    """The visible texts of a page that still hold English (data and dates taken out)."""
    parser = PageText()
    parser.feed(text)
    assert parser.texts

    def blank(found: str) -> str:
        rest = CAMERA.sub("", found)
        for typed in TYPED:
            rest = rest.replace(typed, "")
        rest = MOMENTS.sub("", rest)
        rest = rest.replace("DELETE", "")  # the word to type, checked as typed
        return re.sub(r"\b(score|activity)_\d\b", "", rest)  # a form field's name

    # "x" is fill_patient's made-up actor name.
    return english_left(parser.texts, blank=blank, data=lambda t: CAMERA.sub("", t) == "x")


def log_in(app, username: str, language: str) -> TestClient:
    client = TestClient(
        app, base_url="http://127.0.0.1", headers={**HTML, "accept-language": language}
    )
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text[:300]
    return client


@pytest.fixture
def clinic(tmp_path):
    """A clinic whose patient 'pat-p' has sessions, pain over three weeks (enough for a
    verdict), balance tests, two questionnaires, a message thread, contact details, an
    erasure request and access-log lines; dr-ada is their clinician."""
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'clinic.db'}", mode="clinic"))
    store: Store = app.state.store
    now = datetime.now(UTC)
    ada = create_account(
        store, username="dr-ada", password=PASSWORD, role="clinician", person_id=None, now=now
    )
    person_id, _ = fill_patient(store, ada, "Pat", now=now - timedelta(days=4))
    for day in range(20, -1, -1):
        at = now - timedelta(days=day, minutes=0 if day else 1)  # on the program's days
        checkin = PainCheckin(
            id=str(uuid.uuid4()), recorded_at=at, scores={"knee-left": 7 if day > 5 else 3}
        )
        store.add_pain(person_id, checkin, client_key=str(uuid.uuid4()))
    second = QuestionnaireAnswer(
        id=str(uuid.uuid4()),
        answered_at=now - timedelta(days=1),
        psfs=(
            PsfsItem(activity="climb stairs", score=7),
            PsfsItem(activity="walk the dog", score=6),
        ),
        groc=3,
    )
    add_answer(store, person_id, second, client_key=str(uuid.uuid4()))
    app.state.person_id = person_id
    return app


def record_pages(app) -> list[str]:
    store: Store = app.state.store
    person_id = app.state.person_id
    return [
        f"/history/sessions/{session_summaries(store, person_id)[0].id}",
        f"/history/checkins/{pain_checkins(store, person_id)[0].id}",
        f"/history/balance/{balance_tests(store, person_id)[0].id}",
    ]


PAGES = ["/history", "/progress", "/messages", "/questionnaires", "/settings/contact",
         "/settings/erase", "/access-log"]  # fmt: skip


def test_the_pseudo_locale_leaves_no_english_on_the_patients_pages(clinic):
    patient = log_in(clinic, "pat-p", "en-XA")
    for path in [*PAGES, *record_pages(clinic)]:
        page = patient.get(path)
        assert page.status_code == 200, path
        assert html_lang(page.text) == "en-XA"
        assert leftover_english(page.text) == [], path
    clinician = log_in(clinic, "dr-ada", "en-XA")
    account = clinician.get("/account")
    assert account.status_code == 200 and leftover_english(account.text) == []


def test_the_pseudo_locale_leaves_no_english_in_the_forms_errors(clinic):
    patient = log_in(clinic, "pat-p", "en-XA")
    token = csrf_of(patient.get("/questionnaires").text)
    answers = patient.post("/questionnaires", data={"csrf_token": token, "score_0": "3"})
    assert answers.status_code == 422 and leftover_english(answers.text) == []
    empty = patient.post("/messages", data={"csrf_token": token, "body": "   "})
    assert empty.status_code == 422 and leftover_english(empty.text) == []
    contact = patient.post(
        "/settings/contact", data={"csrf_token": token, "phone": "call me", "consent": "on"}
    )
    assert contact.status_code == 422 and leftover_english(contact.text) == []
    checkin = record_pages(clinic)[1]
    wrong = patient.post(checkin, data={"csrf_token": token, "knee-left": "11"})
    assert wrong.status_code == 422 and leftover_english(wrong.text) == []


def test_the_patients_pages_speak_german(clinic):
    patient = log_in(clinic, "pat-p", "de-DE,de;q=0.9")
    history = patient.get("/history").text
    assert "Schmerz im Zeitverlauf" in history and "Hilft es?" in history
    # The insight itself, with Babel's decimal comma: pain fell from 7 to 3.
    assert "Ihre Schmerzen (linkes Knie) sind niedriger als" in history
    assert "Was diese Zahlen nicht sagen können" in history
    assert re.search(r"\d+ Einheiten?, \d+ Minuten?", history)  # the week's summary
    progress = patient.get("/progress").text
    assert "Kurz gesagt" in progress and "Woche für Woche" in progress
    assert "+3: besser" in progress  # the overall change in words
    assert 'aria-label="Übungsminuten pro Woche, vom' in progress  # the chart's label
    messages = patient.get("/messages").text
    assert "Nicht für Notfälle:" in messages and "Angehängt: Einheit vom" in messages
    questionnaire = patient.get("/questionnaires").text
    assert "Wie kommen Sie zurecht?" in questionnaire and "etwas besser" in questionnaire
    assert "Wie hat sich Ihr Problem insgesamt verändert" in questionnaire
    assert "Ihre Praxis hat noch nicht entschieden" in patient.get("/settings/erase").text
    log = patient.get("/access-log").text
    assert "Wer Ihre Daten gesehen hat" in log and "hat angesehen" in log
    correct = patient.get(record_pages(clinic)[2]).text
    assert "Gleichgewichtstest vom" in correct and "Augen offen" in correct
    clinician = log_in(clinic, "dr-ada", "de")
    assert "Ihr Konto" in clinician.get("/account").text


def test_the_patients_pages_speak_spanish_and_errors_too(clinic):
    patient = log_in(clinic, "pat-p", "es")
    assert "Historial" in patient.get("/history").text
    token = csrf_of(patient.get("/questionnaires").text)
    answers = patient.post("/questionnaires", data={"csrf_token": token, "score_0": "3"})
    assert answers.status_code == 422
    assert "¿Cómo se las arregla?" in answers.text
    assert "Puntúe &#39;walk the dog&#39; de 0 a 10 (campo score_1)." in answers.text
    contact = patient.post(
        "/settings/contact", data={"csrf_token": token, "phone": "call me", "consent": "on"}
    )
    assert "Teléfono: solo dígitos" in contact.text


def test_the_erased_page_speaks_the_language(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'fw.db'}"))
    store: Store = app.state.store
    person = store.personal_person(now=datetime.now(UTC), timezone="UTC")
    store.add_pain(
        person.id,
        PainCheckin(id=str(uuid.uuid4()), recorded_at=datetime.now(UTC), scores={"back": 2}),
        client_key=str(uuid.uuid4()),
    )
    client = TestClient(app, base_url="http://127.0.0.1", headers={**HTML, "accept-language": "es"})
    form = client.get("/settings/erase")
    assert "Escriba BORRAR para confirmar" in form.text  # the confirm word is Spanish
    token = csrf_of(form.text)
    refused = client.post("/settings/erase", data={"csrf_token": token, "confirm": "no"})
    assert "No se ha borrado nada: escriba BORRAR para confirmar." in refused.text
    erased = client.post("/settings/erase", data={"csrf_token": token, "confirm": "BORRAR"})
    assert erased.status_code == 200
    assert "Todo borrado" in erased.text and "1 registro de dolor" in erased.text
