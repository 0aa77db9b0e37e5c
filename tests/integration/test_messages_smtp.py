"""The e-mail notice of a new message, through a real SMTP server (aiosmtpd on loopback), on
both databases: it says there is a message and carries none of its text."""

from __future__ import annotations

from datetime import UTC, datetime

from footwork.config import Settings
from footwork.services.messages import NOTICE_SUBJECT
from footwork.store.accounts import create_account
from footwork.store.language import set_language
from footwork.store.schedule import save_settings
from footwork.web.app import create_app
from tests.integration.test_reminders_smtp import smtp  # noqa: F401
from tests.integration.test_web_clinic import PASSWORD, add_patient, join, log_in

SECRET = "Your swelling sounds worrying; keep the left foot up"


def clinic(database_url: str, port: int | None):
    extra = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False} if port else {}
    app = create_app(Settings(database_url=database_url, mode="clinic", **extra))
    create_account(app.state.store, username="dr-ada", password=PASSWORD, role="clinician",
                   person_id=None, now=datetime.now(UTC))  # fmt: skip
    doctor, token = log_in(app, "dr-ada")
    person_id, code = add_patient(doctor, token, "Mae Mail")
    join(app, code, "mae")
    return app, doctor, token, person_id


def reply(doctor, token: str, person_id: str, text: str) -> None:
    url = f"/clinic/patients/{person_id}/messages"
    answer = doctor.post(url, data={"body": text, "csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303, answer.text


def test_a_reply_sends_a_notice_without_its_text(database_url, smtp):  # noqa: F811
    inbox, port = smtp
    app, doctor, token, person_id = clinic(database_url, port)
    reply(doctor, token, person_id, "Before an address")  # no address yet: no e-mail
    assert inbox.messages == []
    save_settings(app.state.store, person_id, email="mae@example.org")
    reply(doctor, token, person_id, SECRET)
    [notice] = inbox.messages
    assert notice["To"] == "mae@example.org" and notice["Subject"] == NOTICE_SUBJECT
    text = notice.get_payload(decode=True).decode()
    assert "/messages" in text
    assert "swelling" not in text and "Before an address" not in text and "Mae" not in text
    # The patient's own message notifies nobody by e-mail.
    patient, p_token = log_in(app, "mae")
    sent = patient.post("/messages", data={"body": "Thanks", "csrf_token": p_token},
                        follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303 and len(inbox.messages) == 1
    app.state.store.engine.dispose()


def test_the_notice_is_in_the_patients_language(database_url, smtp):  # noqa: F811
    inbox, port = smtp
    app, doctor, token, person_id = clinic(database_url, port)
    save_settings(app.state.store, person_id, email="mae@example.org")
    set_language(app.state.store, person_id, "de")
    reply(doctor, token, person_id, SECRET)
    [notice] = inbox.messages
    assert notice["Subject"] == "Sie haben eine neue Nachricht in Footwork"
    text = notice.get_payload(decode=True).decode()
    assert "hat Ihnen in Footwork geschrieben" in text and "/messages" in text
    assert "clinician" not in text and "swelling" not in text
    app.state.store.engine.dispose()


def test_without_smtp_a_reply_is_stored_and_nothing_is_sent(database_url):
    app, doctor, token, person_id = clinic(database_url, None)
    save_settings(app.state.store, person_id, email="mae@example.org")
    reply(doctor, token, person_id, SECRET)
    patient, _ = log_in(app, "mae")
    assert SECRET in patient.get("/messages").text
    app.state.store.engine.dispose()
