"""Accounts under attack: parallel guessing, another clinician taking over a patient, stored
sessions for strangers, and what a password change ends. See docs/security.md, "Accounts"."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from footwork.config import Settings
from footwork.core.records import Person
from footwork.services import signin
from footwork.store import accounts
from footwork.store import tables as t
from footwork.store.accounts import (
    AccountError,
    account_by_name,
    create_account,
    create_api_token,
    find_api_token,
    open_browser_session,
    set_password,
)
from footwork.store.clinic import InviteError
from footwork.store.database import ensure_schema, make_engine
from footwork.store.repository import Store, new_id
from footwork.web.app import create_app
from tests.integration.test_web_clinic import PASSWORD, add_patient, csrf_in, join, log_in

WRONG = "not the right one at all"


class CountingHasher(PasswordHasher):
    """argon2 as usual, counting the password checks that actually ran."""

    def __init__(self) -> None:
        super().__init__()
        self.checks = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        with self._lock:
            self.checks += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(accounts, "HASHER", counting)
    return counting


@pytest.fixture
def store(database_url) -> Iterator[Store]:
    engine = make_engine(database_url)
    ensure_schema(engine)
    store = Store(engine)
    yield store
    engine.dispose()


def _patient(store: Store, username: str) -> accounts.Account:
    person = Person(id=new_id(), display_name=username.title(), timezone="UTC")
    store.add_person(person, now=datetime.now(UTC))
    return create_account(store, username=username, password=PASSWORD, role="patient",
                          person_id=person.id, now=datetime.now(UTC))  # fmt: skip


def _burst(count: int, attempt) -> list[object]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda i: _outcome(attempt, i), range(count)))


def _outcome(attempt, i: int) -> object:
    try:
        return attempt(i)
    except signin.Throttled:
        return "throttled"


# -- 1. throttling that holds under parallel requests ----------------------------------------


def test_a_burst_of_wrong_passwords_runs_argon2_at_most_five_times(store, hasher):
    _patient(store, "ana")
    now = datetime.now(UTC)
    outcomes = _burst(
        40, lambda i: signin.log_in(store, "ana", WRONG, client="203.0.113.9", now=now)
    )
    assert hasher.checks <= signin.PAIR_LIMIT
    assert outcomes.count("throttled") >= 40 - signin.PAIR_LIMIT
    assert all(o in (None, "throttled") for o in outcomes)


def test_the_right_password_hidden_in_a_burst_of_wrong_ones_is_not_tried(store, hasher):
    _patient(store, "ana")
    now = datetime.now(UTC)
    for _ in range(signin.PAIR_LIMIT):
        assert signin.log_in(store, "ana", WRONG, client="203.0.113.9", now=now) is None
    outcomes = _burst(
        30,
        lambda i: signin.log_in(
            store, "ana", PASSWORD if i == 29 else WRONG, client="203.0.113.9", now=now
        ),
    )
    assert set(outcomes) == {"throttled"}
    assert hasher.checks == signin.PAIR_LIMIT


def test_a_stranger_cannot_lock_the_patient_out(store, hasher):
    account = _patient(store, "ana")
    now = datetime.now(UTC)
    for _ in range(signin.PAIR_LIMIT + 5):
        _outcome(lambda i: signin.log_in(store, "ana", WRONG, client="198.51.100.7", now=now), 0)
    # The patient, at home, still gets in; the stranger is still shut out.
    assert signin.log_in(store, "ana", PASSWORD, client="203.0.113.9", now=now) == account
    with pytest.raises(signin.Throttled):
        signin.log_in(store, "ana", PASSWORD, client="198.51.100.7", now=now)
    # Past the window, the stranger's address may try again.
    later = now + signin.PAIR_WINDOW + timedelta(seconds=1)
    assert signin.log_in(store, "ana", PASSWORD, client="198.51.100.7", now=later) == account


def test_guessing_from_many_addresses_meets_the_account_ceiling(store, hasher):
    _patient(store, "ana")
    now = datetime.now(UTC)
    for n in range(signin.ACCOUNT_LIMIT):
        assert signin.log_in(store, "ana", WRONG, client=f"10.0.{n}.1", now=now) is None
    with pytest.raises(signin.Throttled):
        signin.log_in(store, "ana", PASSWORD, client="10.9.9.9", now=now)
    assert hasher.checks == signin.ACCOUNT_LIMIT


def test_a_burst_of_wrong_codes_looks_up_at_most_ten(store, monkeypatch):
    looked_up = []
    real = signin.redeem_invite

    def counting(*args, **kwargs):
        looked_up.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(signin, "redeem_invite", counting)
    now = datetime.now(UTC)

    def attempt(i: int) -> object:
        try:
            return signin.join(store, f"ABCDE-{i:05d}", username=f"guess{i}",
                               password=PASSWORD, client="203.0.113.9", now=now)  # fmt: skip
        except InviteError:
            return "wrong code"

    outcomes = _burst(30, attempt)
    assert len(looked_up) <= signin.JOIN_LIMIT
    assert outcomes.count("throttled") >= 30 - signin.JOIN_LIMIT


def test_a_burst_of_logins_through_the_web_app_runs_argon2_at_most_five_times(sqlite_url, hasher):
    app = create_app(Settings(database_url=sqlite_url, mode="clinic"))
    _patient(app.state.store, "ana")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        token = csrf_in(client.get("/login").text)
        form = {"username": "ana", "password": WRONG, "csrf_token": token}
        with ThreadPoolExecutor(max_workers=20) as pool:
            codes = list(pool.map(lambda _: client.post("/login", data=form).status_code,
                                  range(40)))  # fmt: skip
    app.state.store.engine.dispose()
    assert hasher.checks <= signin.PAIR_LIMIT
    assert codes.count(429) >= 40 - signin.PAIR_LIMIT
    assert set(codes) <= {401, 429}


# -- 2. a new code for a patient who has joined is a password reset ---------------------------


@pytest.fixture
def clinic(sqlite_url):
    app = create_app(Settings(database_url=sqlite_url, mode="clinic"))
    for name in ("dr-ada", "dr-bo"):
        create_account(app.state.store, username=name, password=PASSWORD, role="clinician",
                       person_id=None, now=datetime.now(UTC))  # fmt: skip
    yield app
    app.state.store.engine.dispose()


def test_only_the_own_clinician_resets_a_shared_patient_and_it_ends_their_sign_ins(clinic):
    store: Store = clinic.state.store
    ada, ada_token = log_in(clinic, "dr-ada")
    person_id, code = add_patient(ada, ada_token, "Pat Shared")
    patient, answer = join(clinic, code, "pat")
    assert answer.status_code == 303
    ada.post(f"/clinic/patients/{person_id}/sharing",
             data={"csrf_token": ada_token, "shared": "on"})  # fmt: skip
    account = account_by_name(store, "pat")
    secret, _ = create_api_token(store, person_id=person_id, account=account, name="phone",
                                 now=datetime.now(UTC))  # fmt: skip

    bo, bo_token = log_in(clinic, "dr-bo")
    assert bo.get(f"/clinic/patients/{person_id}").status_code == 200  # shared: may follow
    page = bo.post(f"/clinic/patients/{person_id}/invite", data={"csrf_token": bo_token})
    assert page.status_code == 403
    api = bo.post(f"/api/clinic/patients/{person_id}/invite", headers={"x-csrf-token": bo_token})
    assert api.status_code == 403
    # Nothing changed for the patient.
    assert patient.get("/today").status_code == 200
    assert find_api_token(store, secret, now=datetime.now(UTC)) is not None

    reset = ada.post(f"/clinic/patients/{person_id}/invite", data={"csrf_token": ada_token})
    assert reset.status_code == 200
    assert patient.get("/today", follow_redirects=False).status_code == 303  # logged out
    assert find_api_token(store, secret, now=datetime.now(UTC)) is None
    new_code = re.search(r'data-testid="invite-code">([A-Z0-9-]+)<', reset.text).group(1)
    again, answer = join(clinic, new_code, "pat", password="a brand new passphrase here")
    assert answer.status_code == 303
    log = again.get("/api/access-log").json()
    assert {"who": "dr-ada", "action": "reset the sign-in code"} in [
        {"who": e["who"], "action": e["action"]} for e in log
    ]


def test_a_new_password_revokes_tokens_and_ends_other_sessions(store):
    account = _patient(store, "ana")
    now = datetime.now(UTC)
    secret, _ = create_api_token(store, person_id=account.person_id, account=account,
                                 name="phone", now=now)  # fmt: skip
    _, here = open_browser_session(store, account=account, person_id=account.person_id, now=now,
                                   lifetime=timedelta(days=1))  # fmt: skip
    _, elsewhere = open_browser_session(store, account=account, person_id=account.person_id,
                                        now=now, lifetime=timedelta(days=1))  # fmt: skip
    set_password(store, account.id, "a brand new passphrase here", keep_session=here.token_hash)
    assert find_api_token(store, secret, now=now) is None
    with store.engine.connect() as connection:
        left = set(connection.scalars(select(t.WebSession.token_hash)))
    assert here.token_hash in left and elsewhere.token_hash not in left


def test_a_weak_new_password_is_refused_and_nothing_changes(store):
    account = _patient(store, "ana")
    with pytest.raises(AccountError, match="password"):
        set_password(store, account.id, "aaaaaaaaaa")
    assert signin.log_in(store, "ana", PASSWORD, client="x", now=datetime.now(UTC)) == account


# -- 3. no stored session for strangers; expired ones go while the app runs -------------------


def _session_rows(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(t.WebSession)) or 0)


def test_anonymous_visits_store_no_session(clinic):
    store: Store = clinic.state.store
    for _ in range(300):
        assert TestClient(clinic, base_url="http://127.0.0.1").get("/login").status_code == 200
    assert _session_rows(store) == 0
    # A login stores one, and its form's CSRF token came from the anonymous cookie.
    log_in(clinic, "dr-ada")
    assert _session_rows(store) == 1


def test_expired_sessions_are_removed_without_a_restart(clinic):
    store: Store = clinic.state.store
    past = datetime.now(UTC) - timedelta(days=30)
    with store.engine.begin() as connection:
        connection.execute(insert(t.WebSession).values(
            token_hash="0" * 64, account_id=None, person_id=None, csrf_token="x",
            created_at=past, expires_at=past + timedelta(days=14)))  # fmt: skip
    assert _session_rows(store) == 1
    log_in(clinic, "dr-ada")
    assert _session_rows(store) == 1  # the new one; the expired one is gone
    with store.engine.connect() as connection:
        assert connection.scalar(select(t.WebSession.token_hash)) != "0" * 64


def test_an_anonymous_form_needs_the_cookie_token(clinic):
    client = TestClient(clinic, base_url="http://127.0.0.1")
    token = csrf_in(client.get("/login").text)
    stranger = TestClient(clinic, base_url="http://127.0.0.1")
    answer = stranger.post("/login", data={"username": "dr-ada", "password": PASSWORD,
                                           "csrf_token": token})  # fmt: skip
    assert answer.status_code == 403


# -- 4. user names and passwords, wherever they are set ---------------------------------------


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("ana", " " * 10),
        ("ana", "aaaaaaaaaa"),
        ("ana", "password123"),
        ("an\u200ba", PASSWORD),
        ("p\u0430t", PASSWORD),
    ],
)
def test_weak_passwords_and_look_alike_names_are_refused_when_joining(clinic, username, password):
    ada, token = log_in(clinic, "dr-ada")
    _, code = add_patient(ada, token, "Pat Weak")
    _, answer = join(clinic, code, username, password=password)
    assert answer.status_code == 422
    assert "password" in answer.text.lower() or "user name" in answer.text.lower()
    _, answer = join(clinic, code, "pat")  # the code still works
    assert answer.status_code == 303


def test_a_full_width_name_is_the_plain_name(store):
    _patient(store, "ana")
    with pytest.raises(AccountError, match="taken"):
        _patient(store, "\uff41\uff4e\uff41")
    assert account_by_name(store, "ANA") is not None


def test_changing_the_password_in_settings_ends_the_other_sign_ins(clinic):
    store: Store = clinic.state.store
    ada, token = log_in(clinic, "dr-ada")
    person_id, code = add_patient(ada, token, "Pat Phone")
    here, answer = join(clinic, code, "pat")
    assert answer.status_code == 303
    there, _ = log_in(clinic, "pat")
    account = account_by_name(store, "pat")
    secret, _ = create_api_token(store, person_id=person_id, account=account, name="phone",
                                 now=datetime.now(UTC))  # fmt: skip
    here_token = csrf_in(here.get("/settings").text)
    form = {"csrf_token": here_token, "current_password": PASSWORD,
            "new_password": "aaaaaaaaaa", "new_password_again": "aaaaaaaaaa"}  # fmt: skip
    weak = here.post("/settings/password", data=form)
    assert weak.status_code == 422 and "too easy to guess" in weak.text
    wrong = here.post("/settings/password", data={**form, "current_password": WRONG})
    assert wrong.status_code == 422 and "Current password" in wrong.text
    assert there.get("/today", follow_redirects=False).status_code == 200
    new = "a brand new passphrase here"
    done = here.post("/settings/password",
                     data={**form, "new_password": new, "new_password_again": new})  # fmt: skip
    assert done.status_code == 200, done.text
    assert here.get("/today", follow_redirects=False).status_code == 200  # this browser stays
    assert there.get("/today", follow_redirects=False).status_code == 303  # the other is out
    assert find_api_token(store, secret, now=datetime.now(UTC)) is None
    assert signin.log_in(store, "pat", new, client="x", now=datetime.now(UTC)) == account
