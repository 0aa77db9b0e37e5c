"""Messages between a patient and their clinicians, through the web app on both databases:
the thread on each side, unread counts, the access log, and an attacker's attempts."""

from __future__ import annotations

import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from footwork.content.loader import load_program
from footwork.services.browser import open_session
from footwork.store import tables as t
from footwork.store.clinic import access_log
from footwork.store.repository import Store
from tests.integration import test_web_clinic
from tests.integration.test_web_clinic import add_patient, join, log_in

app = test_web_clinic.app  # the clinic with dr-ada and dr-bo

XSS = "</script><script>alert(1)</script>"


@pytest.fixture
def people(app):
    """dr-ada's patient 'pat' (joined, with a session), dr-ada's other patient 'sam', and
    dr-bo, who follows neither."""
    doctor, token = log_in(app, "dr-ada")
    pat_id, code = add_patient(doctor, token, "Pat Message")
    join(app, code, "pat")
    sam_id, sam_code = add_patient(doctor, token, "Sam Other")
    join(app, sam_code, "sam")
    store: Store = app.state.store
    program = load_program()
    sessions = {}
    for person_id in (pat_id, sam_id):
        sessions[person_id] = str(uuid.uuid4())
        open_session(store, person_id, program, [program.exercise("toe-presses")],
                     session_id=sessions[person_id], started_at=datetime.now(UTC))  # fmt: skip
    return {"pat": pat_id, "sam": sam_id, "sessions": sessions}


def form(client, url: str, token: str, **fields: str):
    return client.post(url, data={**fields, "csrf_token": token}, follow_redirects=False)


def count_messages(app) -> int:
    store: Store = app.state.store
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(t.Message)) or 0


def test_patient_writes_clinician_reads_and_replies_patient_sees_the_notice(app, people):
    patient, p_token = log_in(app, "pat")
    page = patient.get("/messages")
    assert page.status_code == 200 and "No messages yet." in page.text
    assert "Not for emergencies" in page.text
    attach = re.search(r'<option value="(session:[0-9a-f-]{36})"', page.text).group(1)
    sent = form(patient, "/messages", p_token, body="  Does toe walking hurt less over time?  ",
                attach=attach)  # fmt: skip
    assert sent.status_code == 303 and sent.headers["location"].startswith("/messages?sent=1")
    thread = patient.get(sent.headers["location"]).text
    assert "Does toe walking hurt less over time?</p>" in thread
    assert 'data-testid="attachment">Attached: session' in thread

    ada, a_token = log_in(app, "dr-ada")
    listing = ada.get("/clinic").text
    assert re.search(r'data-testid="unread">1 new message<', listing)
    bo, _ = log_in(app, "dr-bo")
    assert 'data-testid="unread"' not in bo.get("/clinic").text  # not bo's patient

    url = f"/clinic/patients/{people['pat']}/messages"
    before = len(access_log(app.state.store, people["pat"]))
    seen = ada.get(url)
    assert seen.status_code == 200 and "Does toe walking hurt less over time?" in seen.text
    log = access_log(app.state.store, people["pat"])
    assert len(log) == before + 1 and log[0].action == "read the messages"
    assert 'data-testid="unread"' not in ada.get("/clinic").text  # read now

    reply = form(ada, url, a_token, body="Usually, yes. Keep the dose for now.")
    assert reply.status_code == 303
    assert access_log(app.state.store, people["pat"])[0].action == "wrote a message"

    today = patient.get("/today").text
    assert "1 new message from your clinician" in today
    thread = patient.get("/messages").text
    assert "Usually, yes. Keep the dose for now." in thread and "dr-ada (clinician)" in thread
    assert "new message from your clinician" not in patient.get("/today").text  # read


def test_bad_text_is_refused_with_the_reason_and_nothing_stored(app, people):
    patient, token = log_in(app, "pat")
    blank = form(patient, "/messages", token, body="   \n ")
    assert blank.status_code == 422 and "write something first" in blank.text
    long = form(patient, "/messages", token, body="x" * 2001)
    assert long.status_code == 422 and "at most 2000 characters" in long.text
    assert "x" * 2001 in long.text  # what was typed is kept for the next try
    nul = form(patient, "/messages", token, body="a\x00b")
    assert nul.status_code == 422
    assert form(patient, "/messages", token, body="y" * 2000).status_code == 303
    assert count_messages(app) == 1


def test_script_in_a_message_is_shown_escaped_on_both_sides(app, people):
    patient, token = log_in(app, "pat")
    assert form(patient, "/messages", token, body=XSS).status_code == 303
    ada, a_token = log_in(app, "dr-ada")
    url = f"/clinic/patients/{people['pat']}/messages"
    assert form(ada, url, a_token, body=XSS + " reply").status_code == 303
    for page in (patient.get("/messages").text, ada.get(url).text):
        assert XSS not in page
        assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    api = patient.get("/api/messages").json()
    assert [m["body"] for m in api["messages"]] == [XSS, XSS + " reply"]


def test_an_attacker_reaches_no_other_thread(app, people):
    # sam writes; pat (another patient) cannot see it and has no way to name it
    sam, s_token = log_in(app, "sam")
    assert form(sam, "/messages", s_token, body="Sam's private question").status_code == 303
    pat, p_token = log_in(app, "pat")
    assert "Sam's private question" not in pat.get("/messages").text
    assert "Sam's private question" not in pat.get("/api/messages").text
    for path in (f"/clinic/patients/{people['sam']}/messages",):
        assert pat.get(path).status_code == 403  # a patient is not a clinician
    # a clinician who does not follow sam: 404, and nothing written
    bo, b_token = log_in(app, "dr-bo")
    url = f"/clinic/patients/{people['sam']}/messages"
    assert bo.get(url).status_code == 404
    assert form(bo, url, b_token, body="hello").status_code == 404
    assert count_messages(app) == 1
    # attaching sam's session or an unknown id: refused, nothing stored
    sams = f"session:{people['sessions'][people['sam']]}"
    refused = form(pat, "/messages", p_token, body="look", attach=sams)
    assert refused.status_code == 422 and "not one of your own" in refused.text
    sams_id = people["sessions"][people["sam"]]
    api = pat.post("/api/messages", headers={"x-csrf-token": p_token},
                   json={"body": "look", "session_id": sams_id})  # fmt: skip
    assert api.status_code == 422 and api.json()["detail"][0]["field"] == "session_id"
    api = pat.post("/api/messages", headers={"x-csrf-token": p_token},
                   json={"body": "look", "checkin_id": str(uuid.uuid4())})  # fmt: skip
    assert api.status_code == 422 and api.json()["detail"][0]["field"] == "checkin_id"
    assert form(pat, "/messages", p_token, body="look", attach="profile:1").status_code == 422
    assert count_messages(app) == 1


def test_a_post_without_csrf_or_from_another_origin_is_refused(app, people):
    pat, token = log_in(app, "pat")
    assert pat.post("/messages", data={"body": "hi"}).status_code == 403
    foreign = pat.post("/messages", data={"body": "hi", "csrf_token": token},
                       headers={"origin": "https://evil.example"})  # fmt: skip
    assert foreign.status_code == 403
    api = pat.post("/api/messages", json={"body": "hi"},
                   headers={"x-csrf-token": token, "origin": "https://evil.example"})  # fmt: skip
    assert api.status_code == 403
    assert count_messages(app) == 0


def test_the_api_thread_and_one_message_per_idempotency_key_even_in_parallel(app, people):
    pat, token = log_in(app, "pat")
    key = str(uuid.uuid4())
    body = {"id": key, "body": "Sent twice by a flaky phone",
            "session_id": people["sessions"][people["pat"]]}  # fmt: skip

    def post(_: int):
        return pat.post("/api/messages", json=body, headers={"x-csrf-token": token})

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(post, range(8)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert count_messages(app) == 1
    thread = pat.get("/api/messages").json()
    assert thread["closed"] is None and thread["unread"] == 0
    [message] = thread["messages"]
    assert message["side"] == "patient"
    assert message["session_id"] == people["sessions"][people["pat"]]


def test_a_discharged_patients_thread_is_read_only(app, people):
    pat, p_token = log_in(app, "pat")
    assert form(pat, "/messages", p_token, body="Before the discharge").status_code == 303
    ada, a_token = log_in(app, "dr-ada")
    url = f"/clinic/patients/{people['pat']}/messages"
    assert form(ada, f"/clinic/patients/{people['pat']}/discharge", a_token,
                reason="goals met").status_code == 303  # fmt: skip
    page = ada.get(url)
    assert page.status_code == 200 and "Before the discharge" in page.text
    assert 'data-testid="closed"' in page.text and "<textarea" not in page.text
    assert form(ada, url, a_token, body="After").status_code == 403
    mine = pat.get("/messages").text
    assert "Before the discharge" in mine and "<textarea" not in mine
    assert form(pat, "/messages", p_token, body="After").status_code == 403
    answer = pat.post("/api/messages", json={"body": "After"}, headers={"x-csrf-token": p_token})
    assert answer.status_code == 403
    assert count_messages(app) == 1
