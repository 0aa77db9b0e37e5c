"""A clinician's day through the web app: contact details with consent, flags that say how
bad, acknowledging a flag until a day (and its return), 'starts 3 Dec', and namesakes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from footwork.services import care, clinic_day
from footwork.store.accounts import account_by_name
from footwork.store.clinic import add_patient as store_add_patient
from footwork.store.repository import Store
from tests.integration import test_web_clinic
from tests.integration.test_web_clinic import (
    BERLIN,
    add_patient,
    join,
    log_in,
    patient_today,
)

SCRIPT = "</script><script>alert(1)</script>"


app = test_web_clinic.app  # the clinic with two clinicians, dr-ada and dr-bo


def quiet_patient(app, name: str, *, days: int = 5) -> str:
    """A patient of dr-ada's added `days` ago who never did a session: flagged 'no session'."""
    store: Store = app.state.store
    added = datetime.now(UTC) - timedelta(days=days)
    person = store_add_patient(store, clinician=account_by_name(store, "dr-ada"),
                               display_name=name, timezone="Europe/Berlin", now=added)  # fmt: skip
    care.refresh_care(store, person.id, now=datetime.now(UTC))
    return person.id


def test_the_patient_gives_contact_details_and_the_clinician_can_call(app):
    doctor, token = log_in(app, "dr-ada")
    person_id, code = add_patient(doctor, token, "Cora Contact")
    patient, _ = join(app, code, "cora")
    settings = patient.get("/settings").text
    assert 'href="/settings/contact"' in settings
    page = patient.get("/settings/contact")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    bad = patient.post("/settings/contact", data={"phone": SCRIPT, "email": "x@" + SCRIPT,
                       "consent": "on", "csrf_token": csrf})  # fmt: skip
    assert bad.status_code == 422 and "Phone:" in bad.text and "E-mail:" in bad.text
    assert "<script>alert(1)" not in bad.text and "&lt;/script&gt;" in bad.text
    assert "Cora" in doctor.get(f"/clinic/patients/{person_id}").text
    assert "tel:" not in doctor.get(f"/clinic/patients/{person_id}").text

    # Without consent nothing is kept.
    patient.post("/settings/contact", data={"phone": "+49 30 1234567", "csrf_token": csrf})
    assert "tel:" not in doctor.get(f"/clinic/patients/{person_id}").text

    given = {"phone": "+49 (30) 1234567", "email": "cora@example.org", "consent": "on"}
    saved = patient.post("/settings/contact", data={**given, "csrf_token": csrf})
    assert saved.status_code == 200 and "Saved." in saved.text and "You agreed on" in saved.text
    page = doctor.get(f"/clinic/patients/{person_id}").text
    assert 'href="tel:+49301234567"' in page and 'href="mailto:cora@example.org"' in page
    listing = doctor.get("/clinic").text
    assert 'href="tel:+49301234567"' in listing and 'href="mailto:cora@example.org"' in listing
    # Another clinician sees none of it.
    bo, _ = log_in(app, "dr-bo")
    assert "cora@example.org" not in bo.get("/clinic").text

    # Withdrawing consent deletes them.
    patient.post("/settings/contact", data={"phone": "+49 30 1234567", "csrf_token": csrf})
    assert "cora@example.org" not in doctor.get("/clinic").text
    assert patient.get("/settings/contact").text.count("cora@example.org") == 0


def test_flags_say_how_bad_in_words_and_the_last_session_in_days(app):
    quiet_patient(app, "Quentin Quiet", days=9)
    quiet_patient(app, "Wanda Watch", days=5)
    doctor, _ = log_in(app, "dr-ada")
    listing = doctor.get("/clinic").text
    assert "no session yet, added 9 days ago, act now" in listing
    assert "no session yet, added 5 days ago, watch" in listing
    assert "level-act_now" in listing and "level-watch" in listing


def test_an_acknowledged_flag_is_quiet_until_its_day_then_returns(app):
    person_id = quiet_patient(app, "Ack Ackerman")
    doctor, token = log_in(app, "dr-ada")
    tomorrow = datetime.now(BERLIN).date() + timedelta(days=2)
    page = doctor.get(f"/clinic/patients/{person_id}").text
    assert f"/clinic/patients/{person_id}/flags/quiet/acknowledge" in page

    # A note and a day after today are needed.
    url = f"/clinic/patients/{person_id}/flags/quiet/acknowledge"
    for bad in ({"note": "", "quiet_until": tomorrow.isoformat()},
                {"note": "called", "quiet_until": patient_today()},
                {"note": "called", "quiet_until": "soon"}):  # fmt: skip
        assert doctor.post(url, data={**bad, "csrf_token": token}).status_code == 422
    assert doctor.post(url.replace("quiet", "mood"), data={"csrf_token": token}).status_code == 404
    bo, bo_token = log_in(app, "dr-bo")
    other = bo.post(url, data={"note": "x", "quiet_until": tomorrow.isoformat(),
                               "csrf_token": bo_token})  # fmt: skip
    assert other.status_code == 404

    store: Store = app.state.store
    ada = account_by_name(store, "dr-ada")

    def in_quiet_filter(at: datetime) -> tuple[bool, int]:
        listed = care.patients_of(store, ada, now=at, flag="quiet")
        return person_id in [row.person_id for row in listed.rows], listed.counts["quiet"]

    assert in_quiet_filter(datetime.now(UTC)) == (True, 1)
    note = "called; restarting Monday " + SCRIPT
    done = doctor.post(url, data={"note": note, "quiet_until": tomorrow.isoformat(),
                                  "csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    listing = doctor.get("/clinic").text
    assert "acknowledged by dr-ada" in listing and "called; restarting Monday" in listing
    assert "<script>alert(1)" not in listing and "&lt;/script&gt;" in listing
    assert 'class="tag flag level-watch" data-testid="flag-quiet"' not in listing
    assert "Quiet until" in doctor.get(f"/clinic/patients/{person_id}").text

    # Quiet: shown with who acknowledged it, but neither counted, filtered nor sorted first.
    assert in_quiet_filter(datetime.now(UTC)) == (False, 0)
    assert "No recent session (0)" in doctor.get("/clinic").text
    later = datetime.now(UTC) + timedelta(days=3)
    care.refresh_care(store, person_id, now=later)
    assert in_quiet_filter(later) == (True, 1)  # back by itself, still true
    rows = care.patients_of(store, ada, now=later).rows
    [flag] = clinic_day.list_days(store, rows, now=later)[person_id].flags
    assert flag.flag == "quiet" and flag.ack is None  # back by itself, still true
    now_rows = care.patients_of(store, ada, now=datetime.now(UTC)).rows
    [still] = clinic_day.list_days(store, now_rows, now=datetime.now(UTC))[person_id].flags
    assert still.ack is not None and still.ack.by == "dr-ada"


def test_the_acknowledgement_is_in_the_patients_access_log(app):
    doctor, token = log_in(app, "dr-ada")
    person_id, code = add_patient(doctor, token, "Lou Log")
    patient, _ = join(app, code, "lou")
    until = (datetime.now(BERLIN).date() + timedelta(days=3)).isoformat()
    ack = {"note": "talked it over", "quiet_until": until, "csrf_token": token}
    doctor.post(f"/clinic/patients/{person_id}/flags/pain_up/acknowledge", data=ack)
    log = patient.get("/access-log").text
    assert "acknowledged the pain flag" in log and "dr-ada" in log
    bad = {**ack, "quiet_until": "2000-01-01"}
    assert (
        doctor.post(f"/clinic/patients/{person_id}/flags/quiet/acknowledge", data=bad).status_code
        == 422
    )
    assert "tried to acknowledge a flag" in patient.get("/access-log").text


def test_a_program_that_starts_today_reads_starts_not_nothing_prescribed(app):
    doctor, token = log_in(app, "dr-ada")
    person_id, _ = add_patient(doctor, token, "Stella Start")
    form = {"csrf_token": token, "use_toe-presses": "on", "reps_toe-presses": "10",
            "work_s_toe-presses": "3", "rest_s_toe-presses": "3",
            "frequency_toe-presses": "per_day", "times_toe-presses": "2",
            "starts_on": patient_today()}  # fmt: skip
    saved = doctor.post(f"/clinic/patients/{person_id}/program", data=form, follow_redirects=False)
    assert saved.status_code == 303
    today = datetime.now(BERLIN).date()
    words = f"starts {today.day} {today.strftime('%b')}"
    listing = doctor.get("/clinic?q=Stella").text
    assert words in listing and "nothing prescribed" not in listing
    assert words in doctor.get(f"/clinic/patients/{person_id}").text


def test_a_second_patient_with_the_same_name_gets_a_warning(app):
    doctor, token = log_in(app, "dr-ada")
    first, _ = add_patient(doctor, token, "Sam Same")
    answer = doctor.post("/clinic/patients", data={"name": " sam same ",
                         "timezone": "Europe/Berlin", "csrf_token": token})  # fmt: skip
    assert answer.status_code == 201
    assert 'data-testid="namesake"' in answer.text and f"/clinic/patients/{first}" in answer.text
    other = doctor.post("/clinic/patients", data={"name": "Sam Other",
                        "timezone": "Europe/Berlin", "csrf_token": token})  # fmt: skip
    assert 'data-testid="namesake"' not in other.text
