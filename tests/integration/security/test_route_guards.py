"""web/security.py's guards of pages and of the API, around a small app
(tests/integration/security/small_app.py): which role and which person each lets through,
the redirect to log in, the 401 and 403 with their words and challenge, API tokens judged
alone, and the personal install's one person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from footwork.core.records import Person
from footwork.store.accounts import api_tokens, create_api_token
from footwork.web.security import PersonalPerson
from tests.integration.security.small_app import bearer, call, logged_in

# -- the page guards ----------------------------------------------------------------------------


def test_a_patients_page_is_theirs(login_app, people):
    answer = call(login_app, "GET", "/person", cookies=logged_in(people, "patient"))
    assert answer.json()["person"] == people.patient.person_id
    assert answer.json()["viewer"]["account"] == people.patient.id


def test_the_owner_without_login_has_their_pages(personal_app, personal_person):
    answer = call(personal_app, "GET", "/person")
    assert answer.json()["person"] == personal_person.id()
    assert answer.json()["viewer"]["role"] == "owner"


@pytest.mark.parametrize("path", ["/person", "/hello/person"])
def test_a_stranger_is_sent_to_log_in_from_a_patients_page(login_app, path):
    answer = call(login_app, "GET", path)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"


@pytest.mark.parametrize("role", ["clinician", "admin"])
def test_staff_are_refused_a_patients_page(login_app, people, role):
    answer = call(login_app, "GET", "/person", cookies=logged_in(people, role))
    assert answer.status_code == 403
    assert answer.json() == {"detail": "this page is for patients"}


def test_a_clinicians_page_is_for_a_logged_in_clinician(login_app, personal_app, people):
    answer = call(login_app, "GET", "/clinician", cookies=logged_in(people, "clinician"))
    assert answer.json()["account"] == people.clinician.id
    for role in ("patient", "admin"):
        refused = call(login_app, "GET", "/clinician", cookies=logged_in(people, role))
        assert refused.status_code == 403
        assert refused.json() == {"detail": "this page is for clinicians"}
    for app, path in (
        (login_app, "/clinician"),
        (personal_app, "/clinician"),
        (login_app, "/hello/clinician"),
    ):
        stranger = call(app, "GET", path)
        assert stranger.status_code == 303
        assert stranger.headers["location"] == "/login"


def test_an_admins_page_is_for_a_logged_in_admin(login_app, personal_app, people):
    answer = call(login_app, "GET", "/admin", cookies=logged_in(people, "admin"))
    assert answer.json()["account"] == people.admin.id
    for role in ("patient", "clinician"):
        refused = call(login_app, "GET", "/admin", cookies=logged_in(people, role))
        assert refused.status_code == 403
        assert refused.json() == {"detail": "this page is for the clinic's admin"}
    for app, path in ((login_app, "/admin"), (personal_app, "/admin"), (login_app, "/hello/admin")):
        stranger = call(app, "GET", path)
        assert stranger.status_code == 303
        assert stranger.headers["location"] == "/login"


# -- the API guards and tokens ------------------------------------------------------------------

LOG_IN_FIRST = {"detail": "log in first"}
BAD_TOKEN = {"detail": "unknown or revoked API token"}


def test_an_api_token_is_its_holders_person(login_app, people):
    answer = call(login_app, "GET", "/api/person-api", headers=bearer(people, "patient"))
    assert answer.json()["person"] == people.patient.person_id
    viewer = answer.json()["viewer"]
    assert viewer["role"] == "patient"
    assert viewer["account"] == people.patient.id
    assert viewer["csrf"] == ""
    assert viewer["stored"] is None
    personal = call(login_app, "GET", "/api/person-api", headers=bearer(people, "personal"))
    assert personal.json()["person"] == people.personal_person
    assert personal.json()["viewer"]["role"] == "owner"
    assert personal.json()["viewer"]["logged_in"] is False


def test_a_tokens_use_is_noted_at_the_time_of_the_request(login_app, store, people):
    moment = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        secret, info = create_api_token(
            store,
            person_id=people.patient.person_id,
            account=people.patient,
            name="noted",
            now=moment - timedelta(days=1),
        )
        answer = call(
            login_app, "GET", "/api/person-api", headers={"authorization": f"Bearer {secret}"}
        )
        assert answer.status_code == 200
    [noted] = [x for x in api_tokens(store, person_id=people.patient.person_id) if x.id == info.id]
    assert noted.last_used_at == moment


def test_a_clinicians_token_is_their_account(login_app, people):
    answer = call(login_app, "GET", "/api/clinician-api", headers=bearer(people, "clinician"))
    assert answer.json()["role"] == "clinician"
    assert answer.json()["account"] == people.clinician.id
    assert answer.json()["person"] is None


def test_the_scheme_may_be_written_in_any_case_and_spaced(login_app, people):
    secret = people.token["patient"]
    for header in (f"bearer {secret}", f"BEARER {secret}", f"Bearer  {secret}"):
        answer = call(login_app, "GET", "/api/person-api", headers={"authorization": header})
        assert answer.json()["person"] == people.patient.person_id, header


@pytest.mark.parametrize(
    "header",
    [
        "Bearer fw_no-such-token",
        "Basic {secret}",
        "Bearer",
        "Bearer ",
        "{secret}",
        "Token {secret}",
    ],
)
def test_an_unknown_token_or_another_scheme_is_refused(login_app, people, header):
    sent = {"authorization": header.format(secret=people.token["patient"])}
    for path in ("/api/person-api", "/api/clinician-api", "/api/token-owner"):
        answer = call(login_app, "GET", path, headers=sent)
        assert answer.status_code == 401, path
        assert answer.json() == BAD_TOKEN
        assert answer.headers["www-authenticate"] == "Bearer"


def test_with_a_token_the_cookie_is_not_looked_at(login_app, people):
    cookies = logged_in(people, "patient")
    other = call(
        login_app,
        "GET",
        "/api/person-api",
        cookies=cookies,
        headers=bearer(people, "other_patient"),
    )
    assert other.json()["person"] == people.other_patient.person_id
    bad = call(
        login_app,
        "GET",
        "/api/person-api",
        cookies=cookies,
        headers={"authorization": "Bearer fw_revoked"},
    )
    assert bad.status_code == 401
    assert bad.json() == BAD_TOKEN
    owner = call(
        login_app,
        "GET",
        "/api/token-owner",
        cookies=logged_in(people, "clinician"),
        headers=bearer(people, "patient"),
    )
    assert owner.json()["person"] == people.patient.person_id
    clinic = call(
        login_app,
        "GET",
        "/api/clinician-api",
        cookies=logged_in(people, "clinician"),
        headers=bearer(people, "patient"),
    )
    assert clinic.status_code == 403


@pytest.mark.parametrize("guard", ["person-api", "clinician-api", "token-owner"])
@pytest.mark.parametrize("prefix", ["/api", "", "/hello"])
def test_an_api_guard_asks_a_stranger_to_log_in(login_app, guard, prefix):
    answer = call(login_app, "GET", f"{prefix}/{guard}")
    assert answer.status_code == 401
    assert answer.json() == LOG_IN_FIRST
    assert answer.headers["www-authenticate"] == "Cookie"


def test_the_api_serves_a_patients_cookie_with_their_own_person(login_app, people):
    answer = call(login_app, "GET", "/api/person-api", cookies=logged_in(people, "other_patient"))
    assert answer.json()["person"] == people.other_patient.person_id
    assert answer.json()["viewer"]["account"] == people.other_patient.id


@pytest.mark.parametrize("role", ["clinician", "admin"])
def test_the_patients_api_refuses_staff(login_app, people, role):
    for sent in ({"cookies": logged_in(people, role)}, {"headers": bearer(people, role)}):
        answer = call(login_app, "GET", "/api/person-api", **sent)
        assert answer.status_code == 403
        assert answer.json() == {"detail": "this is for patients"}


def test_the_clinicians_api_refuses_everyone_else(login_app, personal_app, people):
    for role in ("patient", "owner", "admin"):
        for sent in ({"cookies": logged_in(people, role)}, {"headers": bearer(people, role)}):
            answer = call(login_app, "GET", "/api/clinician-api", **sent)
            assert answer.status_code == 403, (role, sent)
            assert answer.json() == {"detail": "this is for clinicians"}
    owner = call(personal_app, "GET", "/api/clinician-api")
    assert owner.status_code == 403
    by_cookie = call(login_app, "GET", "/api/clinician-api", cookies=logged_in(people, "clinician"))
    assert by_cookie.json()["account"] == people.clinician.id


def test_tokens_are_managed_for_a_person_or_for_a_clinicians_account(
    login_app, personal_app, personal_person, people
):
    patient = call(login_app, "GET", "/api/token-owner", cookies=logged_in(people, "patient"))
    assert patient.json()["person"] == people.patient.person_id
    assert patient.json()["account"] is None
    assert patient.json()["viewer"]["account"] == people.patient.id
    clinician = call(login_app, "GET", "/api/token-owner", headers=bearer(people, "clinician"))
    assert clinician.json()["person"] is None
    assert clinician.json()["account"] == people.clinician.id
    assert clinician.json()["viewer"]["role"] == "clinician"
    owner = call(personal_app, "GET", "/api/token-owner")
    assert owner.json()["person"] == personal_person.id()
    assert owner.json()["account"] is None


# -- the personal person ------------------------------------------------------------------------


class PersonalStore:
    """Store.personal_person, recording what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[datetime, str]] = []

    def personal_person(self, *, now: datetime, timezone: str) -> Person:
        self.calls.append((now, timezone))
        return Person(id=f"person-{len(self.calls)}", display_name="Me", timezone=timezone)


def test_the_personal_person_is_found_once_and_again_after_an_erasure():
    store = PersonalStore()
    personal = PersonalPerson(store, timezone="Europe/Paris")  # type: ignore[arg-type]
    moment = datetime(2026, 5, 1, 8, 30, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        assert personal.id() == "person-1"
        assert personal.id() == "person-1"
        assert store.calls == [(moment, "Europe/Paris")]
        personal.forget()
        assert personal.id() == "person-2"
        assert personal.id() == "person-2"
    assert len(store.calls) == 2
