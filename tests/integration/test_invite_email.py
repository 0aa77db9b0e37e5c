"""The invite e-mail in the invite's language (issue 18): else the patient's chosen language,
else English; the date as the language writes it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from footwork.services.invite_email import invite_email, invite_language
from footwork.store.accounts import create_account
from footwork.store.clinic import add_patient, get_patient
from footwork.store.language import set_language
from tests.integration.test_web_language import english_left

EXPIRES = datetime(2026, 12, 12, 9, 30, tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
LINK = "https://clinic.example/join?code=ABCDE-FGHIJ"


def test_the_invite_in_english_as_before():
    subject, body = invite_email("Ana", "ABCDE-FGHIJ", LINK, EXPIRES)
    assert subject == "Your invitation to Footwork"
    assert body.startswith("Hello Ana,\n\nyour clinician has set up Footwork")
    assert f"\n\n    {LINK}\n\n" in body
    assert "until 12 Dec 2026 10:30 (CET)" in body


def test_the_invite_in_german_and_portuguese():
    subject, body = invite_email("Ana", "ABCDE-FGHIJ", LINK, EXPIRES, language="de")
    assert subject == "Ihre Einladung zu Footwork"
    assert body.startswith("Hallo Ana,\n\nIhr Behandlungsteam hat Footwork")
    assert f"\n\n    {LINK}\n\n" in body and "den Code ABCDE-FGHIJ ein" in body
    assert "bis 12 Dez. 2026 10:30 (CET)" in body
    subject, body = invite_email("Ana", "ABCDE-FGHIJ", LINK, EXPIRES, language="pt")
    assert subject == "O seu convite para o Footwork"
    assert "até 12 dez. 2026 10:30 (CET)" in body and body.startswith("Olá Ana,\n\nO seu")


def test_the_pseudo_locale_leaves_no_english_in_the_invite():
    subject, body = invite_email("Ana", "ABCDE-FGHIJ", LINK, EXPIRES, language="en_XA")
    lines = [subject, *(line for line in body.replace(LINK, "").splitlines() if line.strip())]
    # Data: the name, the code, the date (Babel writes en_XA's as English's) and the zone.
    data = ("Ana", "ABCDE-FGHIJ", "12 Dec 2026 10:30", "CET")

    def blank(text: str) -> str:
        for value in data:
            text = text.replace(value, "")
        return text

    assert english_left(lines, blank=blank) == []


def test_the_invites_language_else_the_patients_else_english(store):
    now = datetime.now(UTC)
    ada = create_account(store, username="dr-ada", password="correct horse battery",
                         role="clinician", person_id=None, now=now)  # fmt: skip
    person = add_patient(store, clinician=ada, display_name="Ana", timezone="UTC", now=now)
    patient = get_patient(store, person.id)
    assert patient is not None
    assert invite_language(store, patient, None) == "en"
    assert invite_language(store, patient, "fr") == "fr"
    set_language(store, person.id, "es")
    assert invite_language(store, patient, None) == "es"
    assert invite_language(store, patient, "fr") == "fr"
