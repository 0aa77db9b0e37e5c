"""A clinic's lifecycle on both databases: discharge (reminders and flags stop, the list
leaves the patient out, the record stays), re-admission (a new baseline), the retention
purge (dry run and real), and deactivating a clinician with a handover."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from footwork.content.loader import load_program
from footwork.core.records import PainCheckin
from footwork.services.care import patient_report, patients_of, refresh_care, stale_patient_ids
from footwork.services.lifecycle import discharge_patient, purge, purge_due, readmit_patient
from footwork.services.schedule import send_reminders
from footwork.store import tables as t
from footwork.store.accounts import (
    AccountError,
    create_account,
    create_api_token,
    find_api_token,
    find_browser_session,
    open_browser_session,
    verify_login,
)
from footwork.store.admin import (
    HandoverNeeded,
    clinic_access_log,
    deactivate_clinician,
    retention_years,
    set_retention_years,
)
from footwork.store.clinic import access_log, add_patient, get_patient
from footwork.store.episodes import EpisodeError, discharged_patients, episode_state
from footwork.store.repository import new_id
from footwork.store.schedule import save_settings

PASSWORD = "correct horse battery"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def clinician(store, name="dr-ada"):
    return create_account(store, username=name, password=PASSWORD, role="clinician",
                          person_id=None, now=NOW - timedelta(days=400))  # fmt: skip


def patient(store, doctor, name="Pat", *, since=NOW - timedelta(days=60)):
    person = add_patient(store, clinician=doctor, display_name=name, timezone="UTC", now=since)
    store.follow_program(person.id, load_program(), now=since)
    return person.id


def pain(store, person_id, at, score):
    store.add_pain(person_id, PainCheckin(id=new_id(), recorded_at=at, scores={"foot-left": score}))


def row_of(store, doctor, person_id, now=NOW):
    rows = [r for r in patients_of(store, doctor, now=now).rows if r.person_id == person_id]
    return rows[0] if rows else None


def test_a_discharged_patient_leaves_the_list_gets_no_reminders_and_no_flags(store):
    doctor = clinician(store)
    pid, other = patient(store, doctor), patient(store, doctor, "Quinn")
    save_settings(store, pid, email="pat@example.org", reminders=True)
    due = NOW.replace(hour=7, minute=5)  # the morning slot, in UTC
    sent: list = []
    program = load_program()
    assert send_reminders(store, pid, program, now=due, deliver=sent.append, channel="email")
    for person_id in (pid, other):
        refresh_care(store, person_id, now=NOW)
    assert row_of(store, doctor, pid).flags.quiet  # 60 days without a session

    discharge_patient(store, person_id=pid, actor=doctor, reason="goals met", now=NOW)

    later, sent = due + timedelta(days=1), []
    assert (
        send_reminders(store, pid, program, now=later, deliver=sent.append, channel="email") == []
    )
    assert sent == []
    assert row_of(store, doctor, pid) is None  # off the active list, and out of its counts
    assert row_of(store, doctor, other) is not None
    assert patients_of(store, doctor, now=NOW).counts["all"] == 1
    assert refresh_care(store, pid, now=NOW) is False
    assert pid not in stale_patient_ids(store, now=NOW + timedelta(days=30))
    with store.reader.connect() as connection:
        kept = connection.scalar(
            select(func.count()).select_from(t.CareFlags).where(t.CareFlags.person_id == pid)
        )
    assert kept == 0
    # The record stays: its page's report, the list of discharged patients, the access log.
    assert patient_report(store, get_patient(store, pid), program, now=NOW).patient.person_id == pid
    assert [d.person_id for d in discharged_patients(store, clinician=doctor)] == [pid]
    state = episode_state(store, pid)
    assert state.discharged and state.episodes[-1].reason == "goals met"
    assert access_log(store, pid)[0].action == "discharged"
    with pytest.raises(EpisodeError, match="already discharged"):
        discharge_patient(store, person_id=pid, actor=doctor, reason="", now=NOW)


def pain_history(store, pid):
    for day in range(60, 50, -1):  # early in the first episode: pain around 2
        pain(store, pid, NOW - timedelta(days=day), 2)
    for day in range(19, 0, -1):  # the last weeks: around 5
        pain(store, pid, NOW - timedelta(days=day), 5)


def test_re_admission_starts_a_new_episode_with_its_own_baseline(store):
    doctor = clinician(store)
    pid, control = patient(store, doctor), patient(store, doctor, "Control")
    with pytest.raises(EpisodeError, match="in care"):
        readmit_patient(store, person_id=pid, actor=doctor, now=NOW - timedelta(days=44))
    discharge_patient(store, person_id=pid, actor=doctor, reason="", now=NOW - timedelta(days=45))
    readmit_patient(store, person_id=pid, actor=doctor, now=NOW - timedelta(days=20))
    pain_history(store, pid)
    pain_history(store, control)
    for person_id in (pid, control):
        refresh_care(store, person_id, now=NOW)
    # The patient in care all along: 5 against the baseline of 2 is pain up.
    assert row_of(store, doctor, control).pain_up
    # The re-admitted one: the baseline is the new episode's first days, at 5.
    row = row_of(store, doctor, pid)
    assert row.pain_change == 0 and not row.pain_up
    state = episode_state(store, pid)
    assert not state.discharged
    assert [(e.started_at, e.ended_at) for e in state.episodes] == [
        (NOW - timedelta(days=60), NOW - timedelta(days=45)),
        (NOW - timedelta(days=20), None),
    ]
    assert [e.action for e in access_log(store, pid)[:2]] == ["re-admitted", "discharged"]


def test_no_recent_session_counts_from_the_re_admission(store):
    doctor = clinician(store)
    pid = patient(store, doctor)
    discharge_patient(store, person_id=pid, actor=doctor, reason="", now=NOW - timedelta(days=9))
    readmit_patient(store, person_id=pid, actor=doctor, now=NOW - timedelta(hours=1))
    refresh_care(store, pid, now=NOW)
    assert not row_of(store, doctor, pid).quiet
    assert row_of(store, doctor, pid, now=NOW + timedelta(days=4)).quiet


def test_the_purge_erases_only_records_kept_past_the_retention(store):
    doctor = clinician(store)
    old, recent, in_care = (patient(store, doctor, n) for n in ("Old", "Recent", "In care"))
    pain(store, old, NOW - timedelta(days=3000), 4)
    discharge_patient(store, person_id=old, actor=doctor, reason="",
                      now=NOW - timedelta(days=365 * 6))  # fmt: skip
    discharge_patient(store, person_id=recent, actor=doctor, reason="",
                      now=NOW - timedelta(days=365 * 4))  # fmt: skip
    assert retention_years(store) == 10
    assert purge_due(store, now=NOW) == []  # nothing has been kept 10 years
    set_retention_years(store, 5, now=NOW)

    listed = purge(store, now=NOW, dry_run=True)
    assert [item.discharge.person_id for item in listed] == [old]
    assert get_patient(store, old) is not None  # a dry run erases nothing

    erased = purge(store, now=NOW)
    assert [item.discharge.person_id for item in erased] == [old]
    with store.reader.connect() as connection:
        for table in (t.Person, t.Patient, t.PainCheckin, t.Episode, t.AuditEvent):
            column = table.id if table is t.Person else table.person_id
            left = connection.scalar(select(func.count()).select_from(table).where(column == old))
            assert left == 0, table.__tablename__
        actors = connection.scalars(select(t.Erasure.actor_name)).all()
    assert actors == ["retention purge"]
    assert get_patient(store, recent) is not None and get_patient(store, in_care) is not None
    assert purge(store, now=NOW) == []  # the next day's run finds nothing more


def test_deactivating_a_clinician_hands_over_their_patients_and_ends_their_sign_ins(store):
    ada, bo = clinician(store), clinician(store, "dr-bo")
    pids = [patient(store, ada, "One"), patient(store, ada, "Two")]
    token, _ = open_browser_session(store, account=ada, person_id=None, now=NOW,
                                    lifetime=timedelta(days=1))  # fmt: skip
    secret, _ = create_api_token(store, person_id=None, account=ada, name="ehr", now=NOW)
    with pytest.raises(HandoverNeeded, match="2 patient"):
        deactivate_clinician(store, clinician_id=ada.id, handover_to=None, now=NOW)
    with pytest.raises(HandoverNeeded):
        deactivate_clinician(store, clinician_id=ada.id, handover_to=ada.id, now=NOW)
    assert find_browser_session(store, token, now=NOW) is not None  # a refusal changes nothing
    assert {get_patient(store, p).clinician_id for p in pids} == {ada.id}

    assert deactivate_clinician(store, clinician_id=ada.id, handover_to=bo.id, now=NOW) == 2
    assert {get_patient(store, p).clinician_id for p in pids} == {bo.id}
    assert find_browser_session(store, token, now=NOW) is None
    assert find_api_token(store, secret, now=NOW) is None
    assert verify_login(store, "dr-ada", PASSWORD) is None
    assert verify_login(store, "dr-bo", PASSWORD) is not None
    with pytest.raises(AccountError, match="no such active clinician"):
        deactivate_clinician(store, clinician_id=ada.id, handover_to=bo.id, now=NOW)
    # Nobody left to take dr-bo's patients: refused, never orphaned.
    with pytest.raises(HandoverNeeded):
        deactivate_clinician(store, clinician_id=bo.id, handover_to=ada.id, now=NOW)


def test_a_clinician_without_patients_is_deactivated_without_a_handover(store):
    clinician(store)
    idle = clinician(store, "dr-idle")
    assert deactivate_clinician(store, clinician_id=idle.id, handover_to=None, now=NOW) == 0
    assert verify_login(store, "dr-idle", PASSWORD) is None


def test_the_clinic_access_log_holds_every_patients_lines(store):
    ada, bo = clinician(store), clinician(store, "dr-bo")
    one, two = patient(store, ada, "One"), patient(store, bo, "Two")
    discharge_patient(store, person_id=one, actor=ada, reason="", now=NOW)
    discharge_patient(store, person_id=two, actor=bo, reason="", now=NOW + timedelta(minutes=1))
    log = clinic_access_log(store)
    assert [(e.actor, e.patient, e.action) for e in log] == [
        ("dr-bo", "Two", "discharged"),
        ("dr-ada", "One", "discharged"),
    ]
