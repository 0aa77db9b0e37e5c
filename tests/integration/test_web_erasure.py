"""Erasure from the web app: the Settings button (personal mode) and a clinic's decision on a
patient's request. Afterwards no row of the person is left in any table."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.store.accounts import account_by_name, create_account
from footwork.store.erasure import Who
from footwork.store.erasure_requests import erasure_request
from footwork.web.app import create_app
from tests.fill import counts_of, fill_patient, fill_records
from tests.integration.test_erasure import values_left
from tests.integration.test_web_clinic import PASSWORD, log_in

HTML = {"accept": "text/html"}


def csrf(page: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


@pytest.fixture
def personal(database_url):
    app = create_app(Settings(database_url=database_url))
    client = TestClient(app, base_url="http://127.0.0.1")
    token = csrf(client.get("/today", headers=HTML).text)
    (person,) = app.state.store.people()
    fill_records(app.state.store, person.id)
    yield app, client, token, person.id
    app.state.store.engine.dispose()


def test_settings_links_to_delete_everything_and_offers_a_copy_first(personal):
    _, client, _, _ = personal
    assert 'href="/settings/erase"' in client.get("/settings", headers=HTML).text
    page = client.get("/settings/erase", headers=HTML).text
    assert 'href="/api/export"' in page and "footwork export" in page


def test_a_wrong_confirmation_deletes_nothing(personal):
    app, client, token, person_id = personal
    before = counts_of(app.state.store, Who(person_id, ()))
    page = client.post("/settings/erase", data={"csrf_token": token, "confirm": "delete"},
                       headers=HTML)  # fmt: skip
    assert page.status_code == 422 and "Nothing was deleted" in page.text
    assert counts_of(app.state.store, Who(person_id, ())) == before
    answer = client.post("/settings/erase", data={"confirm": "DELETE"}, headers=HTML)
    assert answer.status_code == 403  # no CSRF token
    assert counts_of(app.state.store, Who(person_id, ())) == before


def test_delete_everything_erases_every_row_and_a_fresh_person_follows(personal):
    app, client, token, person_id = personal
    page = client.post("/settings/erase", data={"csrf_token": token, "confirm": "DELETE"},
                       headers=HTML)  # fmt: skip
    assert page.status_code == 200, page.text
    assert (
        "2 sessions" in page.text and "4 efforts" in page.text and "2 pain check-ins" in page.text
    )
    store = app.state.store
    assert set(counts_of(store, Who(person_id, ())).values()) == {0}
    assert values_left(store, {person_id}) == []
    today = client.get("/today", headers=HTML)
    assert today.status_code == 200
    (fresh,) = store.people()
    assert fresh.id != person_id
    assert client.get("/api/history").json()["sessions"] == []


@pytest.fixture
def clinic(database_url):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    store = app.state.store
    for name in ("dr-ada", "dr-bo"):
        create_account(store, username=name, password=PASSWORD, role="clinician",
                       person_id=None, now=datetime.now(UTC))  # fmt: skip
    ada = account_by_name(store, "dr-ada")
    gone, gone_account = fill_patient(store, ada, "Gone", password=PASSWORD)
    kept, kept_account = fill_patient(store, ada, "Kept", password=PASSWORD)
    yield app, (gone, gone_account), (kept, kept_account)
    store.engine.dispose()


def test_a_patient_asks_and_the_clinic_keeps_the_record_until_a_date(clinic):
    app, (gone, account), _ = clinic
    store = app.state.store
    store_request = erasure_request(store, gone)
    assert store_request is not None  # the fill asked already; ask again: kept as it was
    patient, token = log_in(app, account.username)
    assert patient.post("/settings/erase/request", data={"csrf_token": token}).status_code == 200
    assert erasure_request(store, gone) == store_request
    # a patient cannot erase at once
    answer = patient.post("/settings/erase", data={"csrf_token": token, "confirm": "DELETE"})
    assert answer.status_code == 403
    doctor, dtoken = log_in(app, "dr-ada")
    page = doctor.get(f"/clinic/patients/{gone}").text
    assert 'data-testid="erasure-request"' in page
    assert f'value="{date(2036, 3, 2).isoformat()}"' in page  # ten years from the request
    keep = {"csrf_token": dtoken, "decision": "keep", "keep_until": "2036-03-02"}
    answer = doctor.post(f"/clinic/patients/{gone}/erasure", data=keep, follow_redirects=False)
    assert answer.status_code == 303
    shown = patient.get("/settings/erase").text
    assert "02 Mar 2036" in shown and "dr-ada" in shown
    # another clinic's clinician cannot decide
    other, otoken = log_in(app, "dr-bo")
    now = {"csrf_token": otoken, "decision": "now", "confirm": "DELETE"}
    answer = other.post(f"/clinic/patients/{gone}/erasure", data=now)
    assert answer.status_code == 404
    assert store.get_person(gone).id == gone


def test_the_clinic_erases_now_and_no_row_of_the_patient_is_left(clinic):
    app, (gone, account), (kept, kept_account) = clinic
    store = app.state.store
    others = counts_of(store, Who(kept, (kept_account.id,)))
    doctor, token = log_in(app, "dr-ada")
    url = f"/clinic/patients/{gone}/erasure"
    answer = doctor.post(url, data={"csrf_token": token, "decision": "now", "confirm": "nope"})
    assert answer.status_code == 422
    answer = doctor.post(url, data={"csrf_token": token, "decision": "now", "confirm": "DELETE"})
    assert answer.status_code == 200 and "2 sessions" in answer.text
    assert set(counts_of(store, Who(gone, (account.id,))).values()) == {0}
    assert values_left(store, {gone, account.id, account.username, "gone@example.org"}) == []
    # The app itself refreshes care figures and purges expired (the fill's, in the past)
    # sessions as it runs; everything else of the other patient is as it was.
    changing = {"care_flags", "web_sessions"}
    after = counts_of(store, Who(kept, (kept_account.id,)))
    assert {k: v for k, v in after.items() if k not in changing} == {
        k: v for k, v in others.items() if k not in changing
    }
    assert after["care_flags"] > 0
    assert doctor.get(f"/clinic/patients/{gone}").status_code == 404


def test_with_a_password_the_owner_is_logged_out_and_told_how_to_set_a_new_one(database_url):
    app = create_app(Settings(database_url=database_url, login_required=True))
    store = app.state.store
    person = store.personal_person(now=datetime.now(UTC), timezone="UTC")
    fill_records(store, person.id)
    create_account(store, username="me", password=PASSWORD, role="owner", person_id=person.id,
                   now=datetime.now(UTC))  # fmt: skip
    client, token = log_in(app, "me")
    page = client.post("/settings/erase", data={"csrf_token": token, "confirm": "DELETE"})
    assert page.status_code == 200 and "footwork password" in page.text
    assert "1 account" in page.text
    assert client.get("/today", follow_redirects=False).status_code == 303  # to the login page
    assert values_left(store, {person.id, "me"}) == []
    store.engine.dispose()
