"""A person corrects their own entries from History; each change is in their access log,
another person's entries answer 404, and typed text stays inert."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.core.records import BalanceTest, PainCheckin
from footwork.store import tables as t
from footwork.store.accounts import create_account
from footwork.store.history import balance_tests, pain_checkins, session_summaries
from footwork.store.repository import Store, new_id
from footwork.web.app import create_app
from tests.fill import fill_records

PASSWORD = "correct horse battery"
HTML = {"accept": "text/html"}


def log_in(app, name: str) -> tuple[TestClient, str]:
    client = TestClient(app, base_url="http://127.0.0.1", headers=HTML)
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
    answer = client.post("/login", data={"username": name, "password": PASSWORD,
                                         "csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    page = client.get("/today").text
    return client, re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


@pytest.fixture
def two(database_url):
    app = create_app(Settings(database_url=database_url, mode="clinic"))
    store: Store = app.state.store
    ids = {}
    for name in ("ana", "bo"):
        from footwork.core.records import Person

        person = Person(id=new_id(), display_name=name, timezone="UTC")
        store.add_person(person, now=datetime.now(UTC))
        create_account(store, username=name, password=PASSWORD, role="patient",
                       person_id=person.id, now=datetime.now(UTC))  # fmt: skip
        fill_records(store, person.id)
        ids[name] = person.id
    yield app, store, ids
    store.engine.dispose()


def test_changing_a_checkin_keeps_the_old_value_in_the_access_log(two):
    app, store, ids = two
    ana, token = log_in(app, "ana")
    checkin = pain_checkins(store, ids["ana"])[0]
    assert f'href="/history/checkins/{checkin.id}"' in ana.get("/history?days=3650").text
    page = ana.get(f"/history/checkins/{checkin.id}")
    assert page.status_code == 200 and 'value="4"' in page.text
    answer = ana.post(f"/history/checkins/{checkin.id}",
                      data={"csrf_token": token, "foot-left": "2", "back": "1"},
                      follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    changed = next(c for c in pain_checkins(store, ids["ana"]) if c.id == checkin.id)
    assert changed.scores == {"foot-left": 2, "back": 1}
    log = ana.get("/access-log").text
    assert "changed a pain check-in" in log and "left foot 4" in log.lower()
    # The JSON API says the same as the page.
    [line] = [e for e in ana.get("/api/access-log").json() if "pain check-in" in e["action"]]
    assert line["who"] == "ana" and "left foot 4" in line["action"].lower()
    bad = ana.post(f"/history/checkins/{checkin.id}", data={"csrf_token": token, "back": "11"})
    assert bad.status_code == 422


def test_deleting_a_session_a_checkin_and_a_balance_test(two):
    app, store, ids = two
    ana, token = log_in(app, "ana")
    session = session_summaries(store, ids["ana"])[0]
    checkin = pain_checkins(store, ids["ana"])[0]
    test = balance_tests(store, ids["ana"])[0]
    for kind, record in (("sessions", session.id), ("checkins", checkin.id),
                         ("balance", test.id)):  # fmt: skip
        assert ana.get(f"/history/{kind}/{record}").status_code == 200
        answer = ana.post(f"/history/{kind}/{record}/delete", data={"csrf_token": token},
                          follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303, (kind, answer.text)
    assert session.id not in {s.id for s in session_summaries(store, ids["ana"])}
    assert checkin.id not in {c.id for c in pain_checkins(store, ids["ana"])}
    assert test.id not in {b.id for b in balance_tests(store, ids["ana"])}
    with store.engine.connect() as connection:
        efforts = connection.execute(
            sa.select(sa.func.count())
            .select_from(t.Effort)
            .where(t.Effort.session_id == session.id)
        ).scalar_one()
    assert efforts == 0
    log = ana.get("/access-log").text
    for action in ("deleted a session", "deleted a pain check-in", "deleted a balance test"):
        assert action in log


def test_another_persons_entries_answer_404_and_stay(two):
    app, store, ids = two
    ana, token = log_in(app, "ana")
    session = session_summaries(store, ids["bo"])[0]
    checkin = pain_checkins(store, ids["bo"])[0]
    test = balance_tests(store, ids["bo"])[0]
    for kind, record in (("sessions", session.id), ("checkins", checkin.id),
                         ("balance", test.id)):  # fmt: skip
        assert ana.get(f"/history/{kind}/{record}").status_code == 404
        answer = ana.post(f"/history/{kind}/{record}/delete", data={"csrf_token": token})
        assert answer.status_code == 404
    answer = ana.post(f"/history/checkins/{checkin.id}", data={"csrf_token": token, "back": "1"})
    assert answer.status_code == 404
    # no CSRF token: refused
    own = pain_checkins(store, ids["ana"])[0]
    assert ana.post(f"/history/checkins/{own.id}/delete").status_code == 403
    assert len(session_summaries(store, ids["bo"])) == 2
    assert len(pain_checkins(store, ids["bo"])) == 2
    assert len(balance_tests(store, ids["bo"])) == 2
    assert own.id in {c.id for c in pain_checkins(store, ids["ana"])}


def test_a_note_with_a_script_tag_stays_inert_on_the_correction_page(two):
    app, store, ids = two
    ana, _ = log_in(app, "ana")
    checkin = PainCheckin(id=new_id(), recorded_at=datetime.now(UTC), scores={"back": 3},
                          note="</script><script>alert(1)</script>")  # fmt: skip
    store.add_pain(ids["ana"], checkin)
    test = BalanceTest(id=new_id(), recorded_at=datetime.now(UTC), left_s=3,
                       note="</script><script>alert(1)</script>")  # fmt: skip
    store.add_balance(ids["ana"], test)
    for path in (f"/history/checkins/{checkin.id}", f"/history/balance/{test.id}", "/history"):
        page = ana.get(path).text
        assert "<script>alert(1)" not in page
