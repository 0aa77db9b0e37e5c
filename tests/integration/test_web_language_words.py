"""The refusals around signing in, joining and erasing in the page's language (issue 18): a
throttled sign-in, a refused password's reason (zxcvbn's hints too), a wrong invite code, and
the word typed to confirm an erasure, which is the page's own and still the English DELETE."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.store.accounts import account_by_name, create_account
from footwork.store.repository import Store
from footwork.web.app import create_app
from tests.fill import fill_patient
from tests.integration.test_web_clinic import PASSWORD, add_patient, browser, log_in
from tests.integration.test_web_language import english_left


@pytest.fixture
def app(sqlite_url):
    app = create_app(Settings(database_url=sqlite_url, mode="clinic"))
    create_account(app.state.store, username="dr-ada", password=PASSWORD, role="clinician",
                   person_id=None, now=datetime.now(UTC))  # fmt: skip
    return app


def error_of(page: str) -> str:
    match = re.search(r'<p class="error" role="alert">(.*?)</p>', page, re.S)
    assert match, page
    return html.unescape(match.group(1))


def in_language(app, language: str) -> tuple[TestClient, str]:
    client, token = browser(app)
    client.headers["accept-language"] = language
    return client, token


def test_a_wrong_password_and_a_throttled_sign_in_in_german(app):
    client, token = in_language(app, "de")
    wrong = {"username": "dr-ada", "password": "not it", "csrf_token": token}
    for _ in range(5):
        answer = client.post("/login", data=wrong)
        assert answer.status_code == 401
    assert error_of(answer.text) == "Benutzername und Passwort passen nicht zusammen."
    throttled = client.post("/login", data=wrong)
    assert throttled.status_code == 429
    assert error_of(throttled.text) == (
        "Zu viele Versuche für dieses Konto: warten Sie 15 Minuten und versuchen Sie es "
        "dann erneut."
    )
    pseudo, token = in_language(app, "en-XA")
    throttled = pseudo.post("/login", data={**wrong, "csrf_token": token})
    assert throttled.status_code == 429 and english_left([error_of(throttled.text)]) == []


def test_joining_refused_in_german_with_zxcvbns_hints_translated(app):
    doctor, token = log_in(app, "dr-ada")
    _, code = add_patient(doctor, token, "Pat Example")
    client, token = in_language(app, "de")

    def join(username: str, password: str, code: str = code) -> str:
        form = {"code": code, "username": username, "password": password,
                "password_again": password, "csrf_token": token}  # fmt: skip
        return error_of(client.post("/join", data=form).text)

    assert join("pat", "password1234") == (
        "Passwort: zu leicht zu erraten. Das ist ein sehr häufiges Passwort. Fügen Sie ein "
        "oder zwei weitere Wörter hinzu. Ungewöhnliche Wörter sind besser."
    )
    assert join("pat", "kurz") == "Passwort: mindestens 10 Zeichen angeben."
    assert join("p\u0430t", PASSWORD).startswith("Benutzername: keine Alphabete mischen")
    assert join("pat", PASSWORD, code="AAAAA-AAAAA") == (
        "Dieser Code ist unbekannt, schon benutzt oder abgelaufen: bitten Sie um einen neuen."
    )
    mismatch = {"code": code, "username": "pat", "password": PASSWORD,
                "password_again": PASSWORD + "!", "csrf_token": token}  # fmt: skip
    assert error_of(client.post("/join", data=mismatch).text) == (
        "Die Passwörter stimmen nicht überein."
    )
    pseudo, token = in_language(app, "en-XA")
    for password in ("aaaaaaaaaaaa", "qwertyuiop", "kurz"):
        form = {"code": code, "username": "pat", "password": password,
                "password_again": password, "csrf_token": token}  # fmt: skip
        assert english_left([error_of(pseudo.post("/join", data=form).text)]) == []


def test_a_refused_password_change_says_why_in_french(app):
    doctor, token = log_in(app, "dr-ada")
    doctor.headers["accept-language"] = "fr"
    form = {"current_password": PASSWORD, "new_password": "aaaaaaaaaaaa",
            "new_password_again": "aaaaaaaaaaaa", "csrf_token": token}  # fmt: skip
    refused = doctor.post("/account/password", data=form)
    assert refused.status_code == 422
    assert error_of(refused.text).startswith(
        "Mot de passe : trop facile à deviner. Les répétitions comme « aaa » sont faciles"
    )


def test_the_confirm_word_is_the_pages_and_still_english(sqlite_url):
    app = create_app(Settings(database_url=sqlite_url))
    store: Store = app.state.store
    store.personal_person(now=datetime.now(UTC), timezone="UTC")
    client = TestClient(app, base_url="http://127.0.0.1",
                        headers={"accept": "text/html", "accept-language": "de"})  # fmt: skip
    form = client.get("/settings/erase")
    assert "Tippen Sie LÖSCHEN zur Bestätigung" in form.text
    token = re.search(r'name="csrf-token" content="([^"]+)"', form.text).group(1)
    refused = client.post("/settings/erase", data={"csrf_token": token, "confirm": "löschen"})
    assert refused.status_code == 422
    assert "Tippen Sie LÖSCHEN zur Bestätigung." in error_of(refused.text)
    erased = client.post("/settings/erase", data={"csrf_token": token, "confirm": " LÖSCHEN "})
    assert erased.status_code == 200
    assert "1 Person" in erased.text  # the kinds of rows deleted, in German

    again = create_app(Settings(database_url=sqlite_url))
    again.state.store.personal_person(now=datetime.now(UTC), timezone="UTC")
    client = TestClient(again, base_url="http://127.0.0.1",
                        headers={"accept": "text/html", "accept-language": "fr"})  # fmt: skip
    token = re.search(r'name="csrf-token" content="([^"]+)"',
                      client.get("/settings/erase").text).group(1)  # fmt: skip
    english = client.post("/settings/erase", data={"csrf_token": token, "confirm": "DELETE"})
    assert english.status_code == 200


def test_a_clinician_erases_with_the_german_word(app):
    store: Store = app.state.store
    ada = account_by_name(store, "dr-ada")
    filled, _ = fill_patient(store, ada, "Filled", now=datetime.now(UTC) - timedelta(days=10))
    doctor, token = log_in(app, "dr-ada")
    doctor.headers["accept-language"] = "de"
    page = doctor.get(f"/clinic/patients/{filled}").text
    assert "Geben Sie LÖSCHEN ein, um die ganze Akte jetzt zu löschen" in page
    url = f"/clinic/patients/{filled}/erasure"
    wrong = doctor.post(url, data={"csrf_token": token, "decision": "now", "confirm": "LÖSCH"})
    assert wrong.status_code == 422
    assert "Zum sofortigen Löschen geben Sie zur Bestätigung LÖSCHEN ein." in html.unescape(
        wrong.text
    )
    erased = doctor.post(url, data={"csrf_token": token, "decision": "now", "confirm": "LÖSCHEN"})
    assert erased.status_code == 200, erased.text
    removed = re.search(r'data-testid="removed">(.*?)</ul>', erased.text, re.S).group(1)
    assert "Einheiten</li>" in removed and "1 Person</li>" in removed
    assert "sessions" not in removed
