"""The clinician's patient list: flags kept per patient and day, right on both databases."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from footwork.core.adherence import adherence
from footwork.core.care import end_of_day_before
from footwork.core.program import PerDay, PerWeek, Program
from footwork.core.records import EffortRecord
from footwork.core.schedule import ProgramHistory
from footwork.services.care import patients_of, refresh_care, stale_patient_ids
from footwork.services.logging import log_pain_checkin
from footwork.services.recording import start_recorded_session
from footwork.store.accounts import create_account
from footwork.store.clinic import add_patient, set_shared
from footwork.store.repository import Store, new_id
from footwork.store.schedule import load_schedule, performances
from tests.builders import make_exercise, make_timing

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=BERLIN)
TODAY = NOW.date()
START = TODAY - timedelta(days=20)
PROGRAM = Program(
    title="Clinic test",
    timing=make_timing(),
    exercises=(
        make_exercise("press", frequency=PerDay(kind="per_day", times=2)),
        make_exercise("walk", frequency=PerWeek(kind="per_week", times=2, times_max=3)),
    ),
)


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), BERLIN)


def do_session(store: Store, person_id: str, when: datetime, ids: tuple[str, ...], done: int = 99):
    """A session of `ids` at `when`, with its first `done` efforts done and the rest skipped."""
    exercises = [PROGRAM.exercise(i) for i in ids]
    recorded = start_recorded_session(store, person_id, PROGRAM, exercises, now=when, owner=None)
    work = [(i, c) for i, c in enumerate(recorded.timeline.cues) if c.kind == "work"]
    for n, (index, cue) in enumerate(work):
        store.record_effort(
            recorded.session_id,
            EffortRecord(
                id=new_id(), cue_index=index, exercise_id=cue.exercise, side=cue.side,
                direction=cue.direction, rep=cue.rep or 1,
                outcome="done" if n < done else "skipped",
                started_at=when, ended_at=when + timedelta(seconds=3),
                planned_s=cue.duration_s, actual_s=cue.duration_s,
            ),
        )  # fmt: skip
    store.finish_session(recorded.session_id, ended_at=when + timedelta(minutes=5))


@pytest.fixture
def clinic(store: Store):
    created = at(START, 9)
    clinician = create_account(
        store, username="dr-a", password="a long password", role="clinician",
        person_id=None, now=created,
    )  # fmt: skip
    other = create_account(
        store, username="dr-b", password="a long password", role="clinician",
        person_id=None, now=created,
    )  # fmt: skip
    people = {}
    for name, owner in (
        ("Ada Keen", clinician),
        ("Bo Sparse", clinician),
        ("Cy Sore", clinician),
        ("Di Never", clinician),
        ("Ed Elsewhere", other),
        ("Flo Shared", other),
    ):
        person = add_patient(
            store, clinician=owner, display_name=name, timezone="Europe/Berlin", now=created
        )
        store.assign_program(
            person.id, PROGRAM, starts_on=START, assigned_by=owner.id, note=None, now=created
        )
        people[name.split()[0]] = person.id
    set_shared(store, people["Flo"], True)

    # Ada: every prescribed session, every day, and the walk twice a week.
    for offset in range(20):
        day = START + timedelta(days=offset)
        do_session(store, people["Ada"], at(day, 8), ("press",))
        do_session(store, people["Ada"], at(day, 19), ("press",))
        if day.weekday() in (1, 4):
            do_session(store, people["Ada"], at(day, 12), ("walk",))
    # Bo: both sessions on two days in the last week, the last one four days ago.
    for back in (5, 4):
        day = TODAY - timedelta(days=back)
        do_session(store, people["Bo"], at(day, 8), ("press",))
        do_session(store, people["Bo"], at(day, 19), ("press",), done=1)  # half a session
    # Cy: every session, but pain from 3 (first week) to 6 (last week) in the knee.
    for offset in range(20):
        day = START + timedelta(days=offset)
        do_session(store, people["Cy"], at(day, 8), ("press", "walk"))
        do_session(store, people["Cy"], at(day, 19), ("press",))
        score = 3 if offset < 7 else 6 if offset >= 13 else 4
        log_pain_checkin(
            store, people["Cy"], {"knee-left": score}, context="any", session_id=None,
            note=None, now=at(day, 20),
        )  # fmt: skip
    for person_id in people.values():
        refresh_care(store, person_id, now=NOW)
    return clinician, people


def core_figure(store: Store, person_id: str, as_of: date):
    """The adherence the core works out directly for the 7 days before `as_of`."""
    settings = load_schedule(store, person_id, now=NOW).settings
    return adherence(
        ProgramHistory(((START, PROGRAM),)),
        settings,
        performances(store, person_id),
        days=7,
        now=end_of_day_before(settings, as_of),
    ).overall


def test_flags_follow_the_definitions(store: Store, clinic):
    clinician, people = clinic
    page = patients_of(store, clinician, now=NOW)
    rows = {row.display_name.split()[0]: row for row in page.rows}
    assert set(rows) == {"Ada", "Bo", "Cy", "Di", "Flo"}  # Ed is another's and not shared
    assert page.total == 5 and page.counts["all"] == 5

    ada, bo, cy, di = rows["Ada"], rows["Bo"], rows["Cy"], rows["Di"]
    # Press 14 of 14; the walk is prorated over the two weeks the window cuts: 3/7 of 2
    # (done once: capped at 6/7) and 4/7 of 2 (done once): 14 + 6/7 + 1 of 16.
    assert ada.adherence_done == pytest.approx(14 + 6 / 7 + 1)
    assert ada.adherence_prescribed == pytest.approx(16)
    assert (ada.low_adherence, ada.pain_up, ada.quiet) == (False, False, False)
    # Bo: press 2 x 1.5 credits of 14, walk 0 of 2: 3/16.
    assert (bo.adherence_done, bo.adherence_prescribed) == pytest.approx((3.0, 16.0))
    assert bo.low_adherence and bo.quiet and not bo.pain_up
    assert cy.pain_up and cy.pain_region == "knee-left"
    assert cy.pain_change == pytest.approx(3.0)
    assert not cy.low_adherence and not cy.quiet
    assert di.low_adherence and di.quiet and di.adherence == 0.0
    for name in ("Ada", "Bo", "Cy", "Di"):
        expected = core_figure(store, people[name], TODAY)
        assert (rows[name].adherence_done, rows[name].adherence_prescribed) == pytest.approx(
            (expected.done, expected.prescribed)
        )
    assert page.counts == {"all": 5, "low_adherence": 3, "pain_up": 1, "quiet": 3}


def test_sorted_by_flags_then_name_and_filtered(store: Store, clinic):
    clinician, _ = clinic
    order = [r.display_name for r in patients_of(store, clinician, now=NOW).rows]
    assert order[:2] == ["Bo Sparse", "Di Never"]  # two flags each, then by name
    assert order[-1] in ("Ada Keen",)
    pained = patients_of(store, clinician, now=NOW, flag="pain_up")
    assert [r.display_name for r in pained.rows] == ["Cy Sore"] and pained.total == 1
    named = patients_of(store, clinician, now=NOW, name="SPA")
    assert [r.display_name for r in named.rows] == ["Bo Sparse"]
    by_name = [r.display_name for r in patients_of(store, clinician, now=NOW, sort="name").rows]
    assert by_name == sorted(by_name)
    second = patients_of(store, clinician, now=NOW, sort="name", offset=2, limit=2)
    assert [r.display_name for r in second.rows] == by_name[2:4] and second.total == 5


def test_a_name_filter_treats_wildcards_as_text(store: Store, clinic):
    clinician, _ = clinic
    assert patients_of(store, clinician, now=NOW, name="%").rows == []
    assert patients_of(store, clinician, now=NOW, name="_").rows == []


def test_figures_kept_ahead_stay_right_for_a_quiet_patient(store: Store, clinic):
    """Days after the last refresh are worked out as days with nothing recorded."""
    clinician, people = clinic
    later = NOW + timedelta(days=3)
    rows = {r.display_name.split()[0]: r for r in patients_of(store, clinician, now=later).rows}
    for name in ("Ada", "Bo", "Cy", "Di"):
        expected = core_figure(store, people[name], later.date())
        assert rows[name].current
        assert (rows[name].adherence_done, rows[name].adherence_prescribed) == pytest.approx(
            (expected.done, expected.prescribed)
        )
    assert rows["Ada"].quiet  # nothing since NOW, three days ago and more
    assert stale_patient_ids(store, now=later) == []
    assert set(stale_patient_ids(store, now=NOW + timedelta(days=30))) == set(people.values())


def test_a_new_session_makes_the_figures_stale_until_refreshed(store: Store, clinic):
    clinician, people = clinic
    do_session(store, people["Di"], NOW + timedelta(hours=1), ("press",))
    assert stale_patient_ids(store, now=NOW + timedelta(hours=2)) == [people["Di"]]
    refresh_care(store, people["Di"], now=NOW + timedelta(hours=2))
    assert stale_patient_ids(store, now=NOW + timedelta(hours=2)) == []
    di = next(r for r in patients_of(store, clinician, now=NOW).rows if r.person_id == people["Di"])
    assert not di.quiet


def test_a_check_in_at_seven_or_more_flags_pain_up_at_once(store: Store, clinic):
    clinician, people = clinic
    before = {r.display_name.split()[0]: r for r in patients_of(store, clinician, now=NOW).rows}
    assert not before["Ada"].pain_up
    log_pain_checkin(
        store, people["Ada"], {"back": 7}, context="after", session_id=None, note=None,
        now=NOW,
    )  # fmt: skip
    after = {r.display_name.split()[0]: r for r in patients_of(store, clinician, now=NOW).rows}
    assert after["Ada"].pain_up
    assert patients_of(store, clinician, now=NOW).counts["pain_up"] == 2
    # It stays up for the week after, then drops.
    later = NOW + timedelta(days=9)
    refresh_care(store, people["Ada"], now=later)
    rows = {r.display_name.split()[0]: r for r in patients_of(store, clinician, now=later).rows}
    assert not rows["Ada"].pain_up


def test_a_check_in_three_above_the_baseline_flags_pain_up_at_once(store: Store, clinic):
    clinician, people = clinic
    for offset in range(3):  # a baseline of 2 in the first days of the program
        log_pain_checkin(
            store, people["Ada"], {"foot-left": 2}, context="any", session_id=None,
            note=None, now=at(START + timedelta(days=offset), 21),
        )  # fmt: skip
    refresh_care(store, people["Ada"], now=NOW)
    assert not patients_of(store, clinician, now=NOW, name="Ada").rows[0].pain_up
    log_pain_checkin(
        store, people["Ada"], {"foot-left": 5}, context="any", session_id=None, note=None,
        now=NOW,
    )  # fmt: skip
    assert patients_of(store, clinician, now=NOW, name="Ada").rows[0].pain_up
