"""The store on SQLite and PostgreSQL: each test here runs on both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from footwork.content.loader import load_program
from footwork.core.program import apply_overrides
from footwork.core.records import BalanceTest, EffortRecord, PainCheckin, Person, PlannedExercise
from footwork.store.history import balance_tests, load_history, pain_checkins, session_summaries
from footwork.store.repository import BadTime, NotFound, Store, new_id

T0 = datetime(2026, 3, 28, 23, 30, 15, 123456, tzinfo=UTC)


def effort(index: int, rep: int, *, outcome: str = "done", at: datetime = T0) -> EffortRecord:
    return EffortRecord(
        id=new_id(), cue_index=index, exercise_id="toe-presses", rep=rep, outcome=outcome,
        started_at=at, ended_at=at + timedelta(seconds=3), planned_s=3.0, actual_s=2.987,
    )  # fmt: skip


def open_session(store: Store, *, planned: int = 3, at: datetime = T0) -> tuple[str, str]:
    person = store.personal_person(now=at, timezone="Europe/Berlin")
    version = store.follow_program(person.id, load_program(), now=at)
    session_id = store.start_session(
        person.id, program_version_id=version.id, started_at=at, owner="elsewhere:1",
        plan=[PlannedExercise(exercise_id="toe-presses", planned_efforts=planned)],
    )  # fmt: skip
    return person.id, session_id


def test_the_personal_person_is_created_once(store):
    first = store.personal_person(now=T0, timezone="Europe/Berlin")
    again = store.personal_person(now=T0 + timedelta(days=1), timezone="UTC")
    assert first == again
    assert first.timezone == "Europe/Berlin"
    assert store.people() == [first]


def test_program_versions_change_only_when_the_program_does(store):
    person = store.personal_person(now=T0, timezone="UTC")
    program = load_program()
    v1 = store.follow_program(person.id, program, now=T0)
    assert store.follow_program(person.id, program, now=T0 + timedelta(hours=1)) == v1
    changed = apply_overrides(program, {"toe-walking.rest_s": 30})
    v2 = store.follow_program(person.id, changed, now=T0 + timedelta(hours=2))
    assert (v1.version, v2.version) == (1, 2)
    assert store.latest_program(person.id).program == changed
    assert [v.program for v in store.program_versions(person.id)] == [program, changed]


def test_sessions_stay_tied_to_the_version_they_used(store):
    person_id, _ = open_session(store)
    store.follow_program(person_id, apply_overrides(load_program(), {"toe-presses.reps": 12}),
                         now=T0 + timedelta(days=1))  # fmt: skip
    history = load_history(store, person_id)
    (session,) = history.sessions
    version = next(v for v in history.programs if v.id == session.program_version_id)
    assert version.version == 1
    assert version.program.exercise("toe-presses").dose.reps == 10


def test_every_effort_is_kept_with_its_times(store):
    person_id, session_id = open_session(store)
    store.record_effort(session_id, effort(1, 1))
    store.record_effort(session_id, effort(3, 2, outcome="skipped"))
    (session,) = load_history(store, person_id).sessions
    assert [(e.cue_index, e.rep, e.outcome) for e in session.efforts] == [
        (1, 1, "done"), (3, 2, "skipped")]  # fmt: skip
    assert session.efforts[0].started_at == T0
    assert session.efforts[0].actual_s == 2.987
    assert session.status == "in_progress"


def test_recording_a_cue_twice_keeps_one_row_and_done_wins(store):
    person_id, session_id = open_session(store)
    store.record_effort(session_id, effort(1, 1, outcome="skipped"))
    store.record_effort(session_id, effort(1, 1, outcome="done"))
    store.record_effort(session_id, effort(1, 1, outcome="skipped"))
    (session,) = load_history(store, person_id).sessions
    assert [e.outcome for e in session.efforts] == ["done"]


def test_a_second_done_of_a_cue_keeps_the_first_done(store):
    """Going back and doing a cue again (or a retried write) does not rewrite what was done."""
    person_id, session_id = open_session(store)
    first, later = T0, T0 + timedelta(minutes=2)
    store.record_effort(session_id, effort(1, 1, at=first))
    second = effort(1, 1, at=later).model_copy(update={"actual_s": 1.5})
    store.record_effort(session_id, second)
    (session,) = load_history(store, person_id).sessions
    (kept,) = session.efforts
    assert (kept.outcome, kept.started_at, kept.actual_s) == ("done", first, 2.987)


def test_a_skip_after_a_skip_keeps_the_first_skip(store):
    person_id, session_id = open_session(store)
    store.record_effort(session_id, effort(1, 1, outcome="skipped", at=T0))
    store.record_effort(session_id, effort(1, 1, outcome="skipped", at=T0 + timedelta(minutes=1)))
    (session,) = load_history(store, person_id).sessions
    assert [(e.outcome, e.started_at) for e in session.efforts] == [("skipped", T0)]


@pytest.mark.parametrize(
    ("done", "skipped", "status"),
    [(3, 0, "completed"), (2, 1, "partial"), (0, 3, "aborted"), (0, 0, "aborted")],
)
def test_finishing_sets_the_status_from_the_efforts(store, done, skipped, status):
    person_id, session_id = open_session(store, planned=3)
    index = 1
    for rep in range(1, done + 1):
        store.record_effort(session_id, effort(index, rep))
        index += 2
    for rep in range(done + 1, done + skipped + 1):
        store.record_effort(session_id, effort(index, rep, outcome="skipped"))
        index += 2
    assert store.finish_session(session_id, ended_at=T0 + timedelta(minutes=1)) == status
    (summary,) = session_summaries(store, person_id)
    assert (summary.status, summary.done, summary.skipped, summary.planned) == (
        status, done, skipped, 3)  # fmt: skip


def test_abandoned_sessions_are_closed_only_when_their_owner_is_gone(store):
    person_id, session_id = open_session(store, planned=3)
    store.record_effort(session_id, effort(1, 1, at=T0 + timedelta(seconds=5)))
    assert store.close_abandoned(lambda owner: True) == []
    assert store.close_abandoned(lambda owner: False) == [session_id]
    (summary,) = session_summaries(store, person_id)
    assert summary.status == "partial"
    assert summary.ended_at == T0 + timedelta(seconds=8)


def test_finishing_an_unknown_session_says_so(store):
    with pytest.raises(NotFound, match="no session 'no-such-session'"):
        store.finish_session("no-such-session", ended_at=T0)


def test_finishing_counts_only_this_sessions_efforts(store):
    person_id, done_id = open_session(store, planned=1)
    for index in (1, 3):
        store.record_effort(done_id, effort(index, index))
    version_id = store.session_owner(done_id)[1]  # type: ignore[index]
    empty_id = store.start_session(
        person_id, program_version_id=version_id, started_at=T0, owner=None,
        plan=[PlannedExercise(exercise_id="toe-presses", planned_efforts=1)],
    )  # fmt: skip
    assert store.finish_session(empty_id, ended_at=T0 + timedelta(minutes=1)) == "aborted"
    assert store.finish_session(done_id, ended_at=T0 + timedelta(minutes=1)) == "completed"


def test_finishing_before_the_start_is_refused_and_the_session_stays_open(store):
    person_id, session_id = open_session(store)
    store.record_effort(session_id, effort(1, 1))
    with pytest.raises(BadTime, match=r"before the session's start \(2026-03-28T23:30:15"):
        store.finish_session(session_id, ended_at=T0 - timedelta(seconds=1))
    owner = store.session_owner(session_id)
    assert owner is not None and owner[2] == "in_progress"
    assert store.finish_session(session_id, ended_at=T0) == "partial"  # at the start: allowed
    (summary,) = session_summaries(store, person_id)
    assert (summary.status, summary.ended_at) == ("partial", T0)


def test_a_retried_pain_check_in_returns_the_one_stored_then(store):
    """A check-in sent twice with the same key (a retried request) is stored once; the retry
    gets back what was stored, scores and all; another person's key is their own."""
    person = store.personal_person(now=T0, timezone="UTC")
    other = store.add_person(Person(id=new_id(), display_name="Other", timezone="UTC"), now=T0)
    first = PainCheckin(id=new_id(), recorded_at=T0, context="before", note="stairs",
                        scores={"back": 4, "knee-left": 1})  # fmt: skip
    retry = PainCheckin(id=new_id(), recorded_at=T0 + timedelta(minutes=1), context="after",
                        scores={"back": 7})  # fmt: skip
    theirs = retry.model_copy(update={"id": new_id()})
    assert store.add_pain(person.id, first, client_key="k1") == first
    assert store.add_pain(person.id, retry, client_key="k1") == first
    assert store.add_pain(other.id, theirs, client_key="k1") == theirs
    assert pain_checkins(store, person.id) == [first]
    assert pain_checkins(store, other.id) == [theirs]
    assert store.add_pain(person.id, retry, client_key="k2") == retry
    unkeyed = [retry.model_copy(update={"id": new_id()}) for _ in range(2)]
    assert [store.add_pain(person.id, c) for c in unkeyed] == unkeyed  # no key: no retry
    assert len(pain_checkins(store, person.id)) == 4
    later = retry.model_copy(update={"id": new_id()})
    assert store.add_pain(person.id, later, client_key="k1") == first  # among others
    assert store.add_pain(other.id, later, client_key="k1") == theirs  # the key, theirs
    # An id already taken is refused, not taken for a retry of another key.
    with pytest.raises(IntegrityError):
        store.add_pain(person.id, first, client_key="k9")


def test_a_retried_balance_test_returns_the_one_stored_then(store):
    person = store.personal_person(now=T0, timezone="UTC")
    other = store.add_person(Person(id=new_id(), display_name="Other", timezone="UTC"), now=T0)
    first = BalanceTest(id=new_id(), recorded_at=T0, eyes_closed=True, left_s=12.5, right_s=3.0)
    retry = BalanceTest(id=new_id(), recorded_at=T0 + timedelta(minutes=1), left_s=20.0)
    assert store.add_balance(person.id, first, client_key="k1") == first
    assert store.add_balance(person.id, retry, client_key="k1") == first
    theirs = retry.model_copy(update={"id": new_id()})
    assert store.add_balance(other.id, theirs, client_key="k1") == theirs
    assert balance_tests(store, person.id) == [first]
    assert balance_tests(store, other.id) == [theirs]
    assert store.add_balance(person.id, retry, client_key="k2") == retry
    later = retry.model_copy(update={"id": new_id()})
    assert store.add_balance(person.id, later, client_key="k1") == first  # among others
    assert store.add_balance(other.id, later, client_key="k1") == theirs  # the key, theirs


def test_a_session_keeps_its_plan_in_order(store):
    person = store.personal_person(now=T0, timezone="UTC")
    version = store.follow_program(person.id, load_program(), now=T0)
    plan = [PlannedExercise(exercise_id="toe-presses", planned_efforts=3),
            PlannedExercise(exercise_id="toe-walking", planned_efforts=1),
            PlannedExercise(exercise_id="ankle-circles", planned_efforts=5)]  # fmt: skip
    chosen = new_id()
    session_id = store.start_session(person.id, program_version_id=version.id, plan=plan,
                                     started_at=T0, owner="tab:1", session_id=chosen)  # fmt: skip
    assert session_id == chosen
    assert store.session_plan(session_id) == plan
    assert store.session_owner(session_id) == (person.id, version.id, "in_progress")
    other = store.start_session(person.id, program_version_id=version.id, plan=plan,
                                started_at=T0, owner=None)  # fmt: skip
    assert other != chosen and store.session_owner(other) == (person.id, version.id, "in_progress")
    (summary, _) = sorted(session_summaries(store, person.id), key=lambda s: s.id != chosen)
    assert (summary.planned, summary.started_at, summary.ended_at) == (9, T0, None)


def test_pain_and_balance_round_trip(store):
    person = store.personal_person(now=T0, timezone="UTC")
    checkin = PainCheckin(id=new_id(), recorded_at=T0, context="before", note="stairs",
                          scores={"back": 4, "knee-left": 0})  # fmt: skip
    store.add_pain(person.id, checkin)
    test = BalanceTest(id=new_id(), recorded_at=T0, eyes_closed=True, left_s=12.5, right_s=None)
    store.add_balance(person.id, test)
    assert pain_checkins(store, person.id) == [checkin]
    assert balance_tests(store, person.id) == [test]


def test_windows_select_by_time(store):
    person = store.personal_person(now=T0, timezone="UTC")
    for day in range(5):
        store.add_balance(person.id, BalanceTest(id=new_id(), recorded_at=T0 + timedelta(days=day),
                                                 left_s=day))  # fmt: skip
    chosen = balance_tests(store, person.id, since=T0 + timedelta(days=1),
                           until=T0 + timedelta(days=3))  # fmt: skip
    assert [b.left_s for b in chosen] == [1, 2]


def test_the_database_refuses_impossible_values(store):
    from sqlalchemy.orm import Session as OrmSession

    from footwork.store import tables as t

    person = store.personal_person(now=T0, timezone="UTC")
    with OrmSession(store.engine) as orm, pytest.raises(IntegrityError), orm.begin():
        orm.add(t.BalanceTest(id=new_id(), person_id=person.id, recorded_at=T0,
                              eyes_closed=False, left_s=46.0))  # fmt: skip
    with OrmSession(store.engine) as orm, pytest.raises(IntegrityError), orm.begin():
        orm.add(t.PainCheckin(id="c1", person_id=person.id, recorded_at=T0, context="any"))
        orm.flush()
        orm.add(t.PainScore(checkin_id="c1", region="back", score=11))
    assert balance_tests(store, person.id) == []
    assert pain_checkins(store, person.id) == []


def test_two_workers_starting_at_once_share_the_personal_person(database_url):
    """Each worker of `footwork serve --workers 2` makes the personal person on its first
    request; at once, they must still find one person, not make one each."""
    import threading

    from footwork.store.database import ensure_schema, make_engine

    engine = make_engine(database_url)
    ensure_schema(engine)
    stores = [Store(engine) for _ in range(4)]
    found: list[str] = []
    start = threading.Barrier(len(stores))

    def first_request(store: Store) -> None:
        start.wait()
        found.append(store.personal_person(now=datetime.now(UTC), timezone="UTC").id)

    threads = [threading.Thread(target=first_request, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert len(found) == len(stores)
    assert len(set(found)) == 1
