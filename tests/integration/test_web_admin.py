"""The clinic admin in the web app and at the command line: the first admin from
`footwork account add --role admin`, clinicians added and deactivated (with a handover),
retention, the clinic's access log; discharge and re-admission from the patient's page;
`footwork care purge`. The admin reads no patient's health data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI

from footwork.config import Settings
from footwork.services.accounts import add_account
from footwork.store.accounts import account_by_name
from footwork.store.admin import HandoverNeeded, deactivate_clinician
from footwork.store.clinic import get_patient
from footwork.store.episodes import discharge
from footwork.store.erasure_requests import ask_erasure, keep_until
from footwork.store.repository import Store
from footwork.web.app import create_app
from tests.integration.test_web_clinic import add_patient, browser, csrf_in, log_in

PASSWORD = "correct horse battery"
PAYLOAD = '</script><script>window.__pwned=1</script>"><img src=x onerror=alert(1)>'


def cli(url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footwork", "--database", url, *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
        env={**os.environ, "COLUMNS": "200", **env},
    )  # fmt: skip


@contextmanager
def clinic_app(database_url: str) -> Iterator[FastAPI]:
    """The clinic's web app with two clinicians, dr-ada and dr-bo (made in this process)."""
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    store: Store = app.state.store
    for name in ("dr-ada", "dr-bo"):
        add_account(store, username=name, password=PASSWORD, role="clinician",
                    now=datetime.now(UTC))  # fmt: skip
    yield app
    store.engine.dispose()


@pytest.fixture
def app(database_url: str) -> Iterator[FastAPI]:
    """The clinic with its admin, boss, made in this process by the service the command
    calls (a command costs about 6 s of a core); `admin_by_command` runs the command."""
    with clinic_app(database_url) as app:
        add_account(app.state.store, username="boss", password=PASSWORD, role="admin",
                    now=datetime.now(UTC))  # fmt: skip
        yield app


@pytest.fixture
def admin_by_command(database_url: str) -> Iterator[FastAPI]:
    """The clinic with its first admin made as a clinic makes it: `footwork account add`."""
    made = cli(
        database_url, "account", "add", "boss", "--role", "admin", FOOTWORK_PASSWORD=PASSWORD
    )
    assert made.returncode == 0, made.stderr
    assert "Account 'boss' (admin) created." in made.stdout
    with clinic_app(database_url) as app:
        yield app


def test_the_admin_lands_on_the_admin_page_and_reads_no_patient(admin_by_command):
    app = admin_by_command
    doctor, token = log_in(app, "dr-ada")
    person_id, _ = add_patient(doctor, token, "Pat " + PAYLOAD)
    doctor.get(f"/clinic/patients/{person_id}")  # a line for the access log
    admin, _ = log_in(app, "boss")
    assert admin.get("/", follow_redirects=False).headers["location"] == "/admin"
    for path in ("/clinic", f"/clinic/patients/{person_id}", "/clinic/discharged", "/today",
                 f"/clinic/patients/{person_id}/report.pdf", "/api/clinic/patients"):  # fmt: skip
        assert admin.get(path, follow_redirects=False).status_code == 403, path
    log = admin.get("/admin/access")
    assert log.status_code == 200
    assert "dr-ada" in log.text and "viewed" in log.text
    assert PAYLOAD not in log.text  # the name is there, escaped
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in log.text


def test_the_admin_adds_a_clinician_who_can_log_in_with_the_one_time_password(app):
    admin, token = log_in(app, "boss")
    answer = admin.post("/admin/clinicians", data={"username": "dr-cy", "csrf_token": token})
    assert answer.status_code == 201
    password = re.search(r'data-testid="new-password">([^<]+)<', answer.text).group(1)
    client, csrf = browser(app)
    login = client.post("/login", data={"username": "dr-cy", "password": password,
                        "csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert login.headers["location"] == "/clinic"
    taken = admin.post("/admin/clinicians", data={"username": "dr-cy", "csrf_token": token})
    assert taken.status_code == 422 and "taken" in taken.text
    bad = admin.post("/admin/clinicians", data={"username": PAYLOAD, "csrf_token": token})
    assert bad.status_code == 422 and PAYLOAD not in bad.text


def test_deactivating_needs_a_handover_then_ends_the_clinicians_sign_ins(app):
    store: Store = app.state.store
    doctor, token = log_in(app, "dr-ada")
    person_id, _ = add_patient(doctor, token, "Pat")
    admin, admin_token = log_in(app, "boss")
    ada, bo = account_by_name(store, "dr-ada"), account_by_name(store, "dr-bo")
    url = f"/admin/clinicians/{ada.id}/deactivate"
    refused = admin.post(url, data={"csrf_token": admin_token})
    assert refused.status_code == 422 and "1 patient:" in refused.text
    assert doctor.get("/clinic", follow_redirects=False).status_code == 200  # still signed in
    done = admin.post(url, data={"handover_to": bo.id, "csrf_token": admin_token},
                      follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert "patients handed over" in admin.get(done.headers["location"]).text
    assert doctor.get("/clinic", follow_redirects=False).status_code == 303  # to log in
    assert get_patient(store, person_id).clinician_name == "dr-bo"
    client, csrf = browser(app)
    again = client.post("/login", data={"username": "dr-ada", "password": PASSWORD,
                        "csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert again.status_code != 303
    page = admin.get("/admin").text
    assert 'data-testid="clinician-dr-ada"' in page and "deactivated" in page


def test_the_refusals_are_in_the_admins_language(app):
    """The page says why in the admin's language; str() stays English (logs, terminal)."""
    store: Store = app.state.store
    doctor, token = log_in(app, "dr-ada")
    for name in ("Pat", "Sam"):
        add_patient(doctor, token, name)
    admin, admin_token = log_in(app, "boss")
    admin.headers["accept-language"] = "de"
    ada = account_by_name(store, "dr-ada")
    url = f"/admin/clinicians/{ada.id}/deactivate"
    refused = admin.post(url, data={"csrf_token": admin_token})
    assert refused.status_code == 422
    assert (
        "dr-ada hat 2 Patientinnen und Patienten: wählen Sie eine andere Fachperson" in refused.text
    )
    gone = admin.post(url, data={"handover_to": "nobody", "csrf_token": admin_token})
    assert "übergeben Sie die Patientinnen und Patienten an eine aktive Fachperson" in gone.text
    taken = admin.post("/admin/clinicians", data={"username": "dr-bo", "csrf_token": admin_token})
    assert taken.status_code == 422 and "ist vergeben" in taken.text
    with pytest.raises(HandoverNeeded, match=r"^dr-ada has 2 patients: choose another clinician"):
        deactivate_clinician(store, clinician_id=ada.id, handover_to=None, now=datetime.now(UTC))


def test_the_admin_sets_the_retention_within_bounds(app):
    admin, token = log_in(app, "boss")
    assert 'value="10"' in admin.get("/admin").text  # the default
    for bad in ("0", "101", "ten", PAYLOAD):
        answer = admin.post("/admin/retention", data={"years": bad, "csrf_token": token})
        assert answer.status_code == 422, bad
    answer = admin.post("/admin/retention", data={"years": "7", "csrf_token": token})
    assert answer.status_code == 200 and 'value="7"' in answer.text  # after the redirect


def test_discharge_and_re_admission_from_the_patients_page(app):
    doctor, token = log_in(app, "dr-ada")
    person_id, _ = add_patient(doctor, token, "Pat")
    page = doctor.get(f"/clinic/patients/{person_id}").text
    assert f'action="/clinic/patients/{person_id}/discharge"' in page
    answer = doctor.post(f"/clinic/patients/{person_id}/discharge",
                         data={"reason": PAYLOAD, "csrf_token": token})  # fmt: skip
    assert answer.status_code == 200
    assert 'data-testid="discharged"' in answer.text  # the record stays readable
    assert PAYLOAD not in answer.text and "&lt;/script&gt;" in answer.text
    assert person_id not in doctor.get("/clinic").text
    assert person_id in doctor.get("/clinic/discharged").text
    assert doctor.get(f"/clinic/patients/{person_id}/report.pdf").status_code == 200
    other, other_token = log_in(app, "dr-bo")
    refused = other.post(f"/clinic/patients/{person_id}/readmit", data={"csrf_token": other_token})
    assert refused.status_code == 404  # not their patient: they do not learn it exists
    again = doctor.post(f"/clinic/patients/{person_id}/readmit", data={"csrf_token": token})
    assert again.status_code == 200 and 'data-testid="discharged"' not in again.text
    assert person_id in doctor.get("/clinic").text


def test_care_purge_dry_run_lists_then_the_real_run_erases(app, database_url):
    store: Store = app.state.store
    doctor, token = log_in(app, "dr-ada")
    old, _ = add_patient(doctor, token, "Old Discharge")
    recent, _ = add_patient(doctor, token, "Recent Discharge")
    ada = account_by_name(store, "dr-ada")
    now = datetime.now(UTC)
    discharge(store, person_id=old, actor=ada, reason="", now=now - timedelta(days=3700))
    discharge(store, person_id=recent, actor=ada, reason="", now=now - timedelta(days=30))
    asked, _ = add_patient(doctor, token, "Asked Erasure")  # kept until yesterday
    ask_erasure(store, asked, now=now - timedelta(days=400))
    keep_until(store, asked, now.date() - timedelta(days=1), decided_by="dr-ada", now=now)
    dry = cli(database_url, "care", "purge", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Old Discharge" in dry.stdout and "Recent Discharge" not in dry.stdout
    assert "1 discharged record would be erased." in dry.stdout
    assert f"{asked}  asked for erasure" in dry.stdout
    assert "1 record kept after an erasure request would be erased." in dry.stdout
    assert get_patient(store, old) is not None and get_patient(store, asked) is not None
    real = cli(database_url, "care", "purge")
    assert real.returncode == 0, real.stderr
    assert "1 discharged record erased." in real.stdout
    assert "1 record kept after an erasure request erased." in real.stdout
    assert get_patient(store, old) is None and get_patient(store, recent) is not None
    assert get_patient(store, asked) is None
    assert "0 discharged records erased." in cli(database_url, "care", "purge").stdout


def test_only_a_known_role_is_accepted_at_the_command_line(database_url):
    made = cli(database_url, "account", "add", "root", "--role", "superuser",
               FOOTWORK_PASSWORD=PASSWORD)  # fmt: skip
    assert made.returncode != 0 and "patient, clinician or admin" in made.stderr


def test_every_admin_page_carries_the_csrf_token_in_its_forms(app):
    admin, _ = log_in(app, "boss")
    html = admin.get("/admin").text
    forms = re.findall(r"<form method=\"post\"[^>]*>(.*?)</form>", html, re.S)
    assert len(forms) >= 4
    assert all(f'value="{csrf_in(html)}"' in form for form in forms)


def test_admin_and_discharge_changes_need_the_csrf_token_and_our_own_origin(app):
    doctor, token = log_in(app, "dr-ada")
    person_id, _ = add_patient(doctor, token, "Pat")
    admin, admin_token = log_in(app, "boss")
    store: Store = app.state.store
    ada = account_by_name(store, "dr-ada")
    posts = [
        (admin, admin_token, "/admin/retention", {"years": "3"}),
        (admin, admin_token, "/admin/clinicians", {"username": "dr-new"}),
        (admin, admin_token, f"/admin/clinicians/{ada.id}/deactivate", {}),
        (doctor, token, f"/clinic/patients/{person_id}/discharge", {"reason": "x"}),
        (doctor, token, f"/clinic/patients/{person_id}/readmit", {}),
    ]
    for client, csrf, url, form in posts:
        assert client.post(url, data=form).status_code == 403, url
        foreign = client.post(url, data={**form, "csrf_token": csrf},
                              headers={"origin": "https://evil.example"})  # fmt: skip
        assert foreign.status_code == 403, url
    assert 'value="10"' in admin.get("/admin").text
    assert account_by_name(store, "dr-new") is None
    assert get_patient(store, person_id).clinician_name == "dr-ada"
    assert person_id in doctor.get("/clinic").text  # not discharged


@pytest.mark.parametrize("name", ["dr-ada", "boss"])
def test_clinic_staff_change_their_own_password_on_the_account_page(app, name):
    elsewhere, _ = log_in(app, name)
    here, token = log_in(app, name)
    page = here.get("/account")
    assert page.status_code == 200 and name in page.text
    assert 'action="/account/password"' in page.text and token in page.text
    new = "tulip orbit forty two"
    form = {"current_password": PASSWORD, "new_password": new, "new_password_again": new,
            "csrf_token": token}  # fmt: skip
    for change, field in [({"current_password": "not it at all"}, "Current password"),
                          ({"new_password_again": new + "!"}, "two copies differ"),
                          ({"new_password": "password1", "new_password_again": "password1"},
                           "")]:  # fmt: skip
        refused = here.post("/account/password", data={**form, **change})
        assert refused.status_code == 422 and field in refused.text, refused.text[:300]
    assert elsewhere.get("/account", follow_redirects=False).status_code == 200  # unchanged
    done = here.post("/account/password", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/account?done=password"
    assert "Your password is changed" in here.get(done.headers["location"]).text
    # The other browser is logged out; the old password no longer works, the new one does.
    assert elsewhere.get("/account", follow_redirects=False).status_code == 303
    client, login_token = browser(app)
    old = client.post("/login", data={"username": name, "password": PASSWORD,
                                      "csrf_token": login_token})  # fmt: skip
    assert old.status_code != 303
    log_in(app, name, password=new)


def test_the_account_page_is_for_clinic_staff_and_its_form_needs_the_csrf_token(app):
    doctor, _ = log_in(app, "dr-ada")
    form = {"current_password": PASSWORD, "new_password": "tulip orbit forty two",
            "new_password_again": "tulip orbit forty two"}  # fmt: skip
    assert doctor.post("/account/password", data=form).status_code == 403
    assert "Account" in doctor.get("/clinic").text  # in the clinician's navigation
    assert browser(app)[0].get("/account", follow_redirects=False).status_code == 303
