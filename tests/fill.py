"""A person with one or more of every kind of record, for erasure tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from footwork.content.loader import load_program
from footwork.core.progression import ProgressionRule
from footwork.core.questionnaires import PsfsItem, QuestionnaireAnswer
from footwork.core.readiness import ReadinessCheck
from footwork.core.records import BalanceTest, EffortRecord, PainCheckin, PlannedExercise
from footwork.store import tables as t
from footwork.store.accounts import (
    Account,
    create_account,
    create_api_token,
    new_calendar_feed,
    open_browser_session,
)
from footwork.store.camera import add_batch, save_report
from footwork.store.clinic import (
    access_event,
    add_patient,
    issue_invite,
    record_access,
    redeem_invite,
)
from footwork.store.contact import save_contact
from footwork.store.erasure import PLAN, Who
from footwork.store.flags import acknowledge_flag, save_digested
from footwork.store.messages import add_message, attachables, mark_read
from footwork.store.push import save_device
from footwork.store.questionnaires import add_answer, add_request
from footwork.store.readiness import add_readiness
from footwork.store.repository import Store
from footwork.store.schedule import change_timezone, mark_sent, save_settings
from footwork.store.templates import dismiss_step, set_progression_plan

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _id() -> str:
    return str(uuid.uuid4())


def fill_records(store: Store, person_id: str, *, now: datetime = T0) -> None:
    """Sessions with efforts, pain, balance, readiness, settings, devices, tokens, feed."""
    program = load_program()
    version = store.follow_program(person_id, program, now=now)
    exercise = program.exercises[0].id
    for day in range(2):
        start = now + timedelta(days=day)
        session_id = store.start_session(
            person_id,
            program_version_id=version.id,
            plan=[PlannedExercise(exercise_id=exercise, planned_efforts=2)],
            started_at=start,
            owner=None,
        )
        for rep in (1, 2):
            store.record_effort(
                session_id,
                EffortRecord(
                    id=_id(),
                    cue_index=rep,
                    exercise_id=exercise,
                    rep=rep,
                    outcome="done",
                    started_at=start,
                    ended_at=start + timedelta(seconds=3),
                    planned_s=3,
                    actual_s=3,
                ),
            )
        frames = '[{"t":0.0,"left":{"ankle":[0.5,0.8,0.9]},"right":{}}]'
        add_batch(store, session_id, exercise, 0, frames=frames, aspect=1.0, now=start)
        save_report(store, session_id, exercise, report={"seen": True}, frames=1, now=start)
        store.finish_session(session_id, ended_at=start + timedelta(minutes=5))
        store.add_pain(
            person_id,
            PainCheckin(
                id=_id(), recorded_at=start, session_id=session_id, scores={"foot-left": 4}
            ),
            client_key=_id(),
        )
        store.add_balance(
            person_id, BalanceTest(id=_id(), recorded_at=start, left_s=12, right_s=14)
        )
    add_readiness(store, person_id, ReadinessCheck(_id(), now, {"chest-pain": False}))
    save_settings(store, person_id, email="me@example.org", reminders=True)
    change_timezone(store, person_id, "Europe/Lisbon", now=now + timedelta(days=3))
    mark_sent(store, person_id, key="2026-03-02 08:00", kind="first", now=now, channel="email")
    save_device(
        store,
        person_id,
        endpoint=f"https://push.example.org/{person_id}",
        p256dh="k" * 20,
        auth="a" * 16,
        label="phone",
        now=now,
    )
    new_calendar_feed(store, person_id, now=now)
    create_api_token(store, person_id=person_id, account=None, name="script", now=now)


def fill_owner(store: Store, username: str, *, now: datetime = T0) -> tuple[str, Account]:
    """A personal install's owner with every record and a signed-in browser."""
    person = store.personal_person(now=now, timezone="UTC")
    fill_records(store, person.id, now=now)
    account = create_account(
        store,
        username=username,
        password="a long enough password",
        role="owner",
        person_id=person.id,
        now=now,
    )
    open_browser_session(
        store, account=account, person_id=person.id, now=now, lifetime=timedelta(days=1)
    )
    return person.id, account


def fill_patient(
    store: Store,
    clinician: Account,
    name: str,
    *,
    now: datetime = T0,
    password: str = "a long enough password",
) -> tuple[str, Account]:
    """A joined patient with every record, the clinic's rows about them included."""
    person = add_patient(store, clinician=clinician, display_name=name, timezone="UTC", now=now)
    code, _ = issue_invite(store, person_id=person.id, created_by=clinician, now=now)
    account = redeem_invite(store, code, username=f"{name.lower()}-p", password=password, now=now)
    assert account is not None
    fill_records(store, person.id, now=now)
    issue_invite(store, person_id=person.id, created_by=clinician, now=now)  # a reset code
    open_browser_session(
        store, account=account, person_id=person.id, now=now, lifetime=timedelta(days=1)
    )
    create_api_token(store, person_id=None, account=account, name="app", now=now)
    record_access(store, person_id=person.id, actor=clinician, action="viewed", now=now)
    email = f"{name.lower()}@example.org"
    save_contact(store, person.id, phone="+351 900 000", email=email, consent=True, now=now)
    acknowledge_flag(
        store,
        person_id=person.id,
        flag="quiet",
        note="called",
        quiet_until=date(2026, 3, 9),
        actor=clinician,
        now=now,
    )
    save_digested(store, clinician.id, [(person.id, "pain")], now=now)
    rule = ProgressionRule(exercise_id="toe-presses", kind="reps", step=2, ceiling=20)
    set_progression_plan(store, person.id, rules=(rule,), template_name="Start", now=now)
    dismissed = access_event(person.id, clinician, "dismissed a progression", now)
    dismiss_step(store, person.id, "toe-presses", until=date(2026, 3, 16), actor=clinician,
                 now=now, audit=dismissed)  # fmt: skip
    answer = QuestionnaireAnswer(
        id=_id(), answered_at=now, psfs=(PsfsItem(activity="climb stairs", score=4),)
    )
    add_answer(store, person.id, answer, client_key=_id())
    add_request(store, person.id, actor=clinician, now=now)
    add_message(store, person_id=person.id, side="patient", author_id=account.id,
                author_name=account.username, body="Does it hurt less?", now=now,
                attachment=("session", attachables(store, person.id)[0].id))  # fmt: skip
    add_message(store, person_id=person.id, side="clinician", author_id=clinician.id,
                author_name=clinician.username, body="Yes, it should.", now=now,
                client_key=_id())  # fmt: skip
    mark_read(store, person_id=person.id, reader_id=account.id, until=now)
    mark_read(store, person_id=person.id, reader_id=clinician.id, until=now)
    with OrmSession(store.engine) as orm, orm.begin():
        orm.add(
            t.CareFlags(
                person_id=person.id,
                as_of=date(2026, 3, 2),
                adherence_done=1,
                adherence_prescribed=2,
            )
        )
        orm.add(t.CareStatus(person_id=person.id, refreshed_at=now, horizon=date(2026, 3, 30)))
        orm.add(t.CareQueue(person_id=person.id, queued_at=now))
        orm.add(t.ErasureRequest(person_id=person.id, requested_at=now))
        orm.add(t.Episode(id=_id(), person_id=person.id, started_at=now, ended_at=now))
        orm.add(
            t.Correction(
                id=_id(), person_id=person.id, actor_name="x", action="delete_balance",
                old_value="left 12 s", at=now,
            )
        )  # fmt: skip
    return person.id, account


def counts_of(store: Store, who: Who) -> dict[str, int]:
    """Rows of `who` in each table of the erasure plan."""
    with OrmSession(store.engine) as orm:
        return {
            step.table.__tablename__: orm.scalar(
                select(func.count()).select_from(step.table).where(step.where(who))
            )
            or 0
            for step in PLAN
        }
