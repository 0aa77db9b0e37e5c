"""Reading a person's history in bulk, and writing an imported one whole."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import case, func, select, true
from sqlalchemy.orm import Session as OrmSession

from footwork.core.language import N_, Refusal, Term
from footwork.core.records import (
    BalanceTest,
    CameraRecord,
    EffortRecord,
    History,
    PainCheckin,
    PlannedExercise,
    SessionRecord,
)
from footwork.store import tables as t
from footwork.store.mapping import (
    balance_row,
    checkin_row,
    checkin_value,
    effort_row,
    person_value,
    score_rows,
)
from footwork.store.messages import message_records, message_row
from footwork.store.questionnaires import answer_row, answers
from footwork.store.repository import Store

LOG = logging.getLogger(__name__)
T = TypeVar("T", datetime, datetime | None)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    id: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    exercises: tuple[str, ...]
    planned: int
    done: int
    skipped: int
    active_s: float


class ImportConflict(Refusal):
    """An imported record that clashes with what the database holds (`said`: in a reader's
    language, the kind of record too)."""


def _between(column, since: datetime | None, until: datetime | None):  # type: ignore[no-untyped-def]
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


def _effort_counts(store: Store, person_id: str, window: list):  # type: ignore[no-untyped-def,type-arg]
    """(session id, done, skipped, active seconds) for the person's sessions in the window.

    On PostgreSQL a LATERAL subquery makes the planner look up each session's efforts by
    index; a plain join lets it hash-join the whole efforts table (seconds at clinic size).
    SQLite has no LATERAL, and plans the plain join by index anyway.
    """
    done = func.sum(case((t.Effort.outcome == "done", 1), else_=0))
    skipped = func.sum(case((t.Effort.outcome == "skipped", 1), else_=0))
    active = func.coalesce(func.sum(t.Effort.actual_s), 0.0)
    mine = [t.Session.person_id == person_id, *window]
    if store.engine.dialect.name == "postgresql":
        per_session = (
            select(done.label("done"), skipped.label("skipped"), active.label("active"))
            .where(t.Effort.session_id == t.Session.id)
            .lateral("per_session")
        )
        return (
            select(t.Session.id, per_session.c.done, per_session.c.skipped, per_session.c.active)
            .join(per_session, true())
            .where(*mine, per_session.c.done.is_not(None))
        )
    return (
        select(t.Effort.session_id, done, skipped, active)
        .join(t.Session, t.Session.id == t.Effort.session_id)
        .where(*mine)
        .group_by(t.Effort.session_id)
    )


def session_summaries(
    store: Store, person_id: str, *, since: datetime | None = None, until: datetime | None = None
) -> list[SessionSummary]:
    """Sessions, oldest first, with effort counts aggregated in the database."""
    window = _between(t.Session.started_at, since, until)
    with store.reader.connect() as connection:
        sessions = connection.execute(
            select(t.Session.id, t.Session.started_at, t.Session.ended_at, t.Session.status)
            .where(t.Session.person_id == person_id, *window)
            .order_by(t.Session.started_at, t.Session.id)
        ).all()
        plans = connection.execute(
            select(
                t.SessionExercise.session_id,
                t.SessionExercise.exercise_id,
                t.SessionExercise.planned_efforts,
            )
            .join(t.Session, t.Session.id == t.SessionExercise.session_id)
            .where(t.Session.person_id == person_id, *window)
            .order_by(t.SessionExercise.session_id, t.SessionExercise.position)
        ).all()
        counts = connection.execute(_effort_counts(store, person_id, window)).all()
    exercises: dict[str, list[str]] = defaultdict(list)
    planned: dict[str, int] = defaultdict(int)
    for session_id, exercise_id, efforts in plans:
        exercises[session_id].append(exercise_id)
        planned[session_id] += efforts
    tallies = {row[0]: row[1:] for row in counts}
    summaries = []
    for session_id, started_at, ended_at, status in sessions:
        done, skipped, active = tallies.get(session_id, (0, 0, 0.0))
        summaries.append(
            SessionSummary(
                session_id,
                started_at,
                ended_at,
                status,
                tuple(exercises[session_id]),
                planned[session_id],
                int(done or 0),
                int(skipped or 0),
                float(active or 0.0),
            )
        )
    return summaries


def pain_checkins(
    store: Store, person_id: str, *, since: datetime | None = None, until: datetime | None = None
) -> list[PainCheckin]:
    window = _between(t.PainCheckin.recorded_at, since, until)
    with OrmSession(store.reader) as orm:
        checkins = orm.scalars(
            select(t.PainCheckin)
            .where(t.PainCheckin.person_id == person_id, *window)
            .order_by(t.PainCheckin.recorded_at, t.PainCheckin.id)
        ).all()
        scores: dict[str, dict[str, int]] = defaultdict(dict)
        for checkin_id, region, score in orm.execute(
            select(t.PainScore.checkin_id, t.PainScore.region, t.PainScore.score)
            .join(t.PainCheckin, t.PainCheckin.id == t.PainScore.checkin_id)
            .where(t.PainCheckin.person_id == person_id, *window)
            .order_by(t.PainScore.checkin_id, t.PainScore.region)
        ):
            scores[checkin_id][region] = score
        return [checkin_value(c, scores[c.id]) for c in checkins]


def balance_tests(
    store: Store, person_id: str, *, since: datetime | None = None, until: datetime | None = None
) -> list[BalanceTest]:
    window = _between(t.BalanceTest.recorded_at, since, until)
    with OrmSession(store.reader) as orm:
        rows = orm.scalars(
            select(t.BalanceTest)
            .where(t.BalanceTest.person_id == person_id, *window)
            .order_by(t.BalanceTest.recorded_at, t.BalanceTest.id)
        ).all()
        return [
            BalanceTest(
                id=r.id,
                recorded_at=r.recorded_at,
                eyes_closed=r.eyes_closed,
                left_s=r.left_s,
                right_s=r.right_s,
                note=r.note,
            )
            for r in rows
        ]


def load_history(store: Store, person_id: str) -> History:
    """Everything recorded for one person, in a stable order."""
    with OrmSession(store.reader) as orm:
        person = orm.get(t.Person, person_id)
        if person is None:
            raise LookupError(f"no person {person_id!r}")
        sessions = orm.scalars(
            select(t.Session)
            .where(t.Session.person_id == person_id)
            .order_by(t.Session.started_at, t.Session.id)
        ).all()
        plans: dict[str, list[PlannedExercise]] = defaultdict(list)
        for row in orm.scalars(
            select(t.SessionExercise)
            .join(t.Session, t.Session.id == t.SessionExercise.session_id)
            .where(t.Session.person_id == person_id)
            .order_by(t.SessionExercise.session_id, t.SessionExercise.position)
        ):
            plans[row.session_id].append(
                PlannedExercise(exercise_id=row.exercise_id, planned_efforts=row.planned_efforts)
            )
        efforts: dict[str, list[EffortRecord]] = defaultdict(list)
        for e in orm.scalars(
            select(t.Effort)
            .join(t.Session, t.Session.id == t.Effort.session_id)
            .where(t.Session.person_id == person_id)
            .order_by(t.Effort.session_id, t.Effort.cue_index)
        ):
            efforts[e.session_id].append(
                EffortRecord(
                    id=e.id,
                    cue_index=e.cue_index,
                    exercise_id=e.exercise_id,
                    side=e.side,
                    direction=e.direction,
                    rep=e.rep,
                    outcome=e.outcome,
                    started_at=e.started_at,
                    ended_at=not_before(e.ended_at, e.started_at, f"effort {e.id}"),
                    planned_s=e.planned_s,
                    actual_s=e.actual_s,
                )
            )
        camera: dict[str, list[CameraRecord]] = defaultdict(list)
        for c in orm.scalars(
            select(t.CameraReport)
            .join(t.Session, t.Session.id == t.CameraReport.session_id)
            .where(t.Session.person_id == person_id)
            .order_by(t.CameraReport.session_id, t.CameraReport.exercise_id)
        ):
            camera[c.session_id].append(
                CameraRecord(
                    exercise_id=c.exercise_id,
                    frames=c.frames,
                    updated_at=c.updated_at,
                    report=json.loads(c.report),
                )
            )
        records = tuple(
            SessionRecord(
                id=s.id,
                program_version_id=s.program_version_id,
                started_at=s.started_at,
                ended_at=not_before(s.ended_at, s.started_at, f"session {s.id}"),
                status=s.status,
                exercises=tuple(plans[s.id]),
                efforts=tuple(efforts[s.id]),
                camera=tuple(camera[s.id]),
            )
            for s in sessions
        )
        return History(
            person=person_value(person),
            programs=tuple(store.program_versions(person_id)),
            sessions=records,
            pain=tuple(pain_checkins(store, person_id)),
            balance=tuple(balance_tests(store, person_id)),
            questionnaires=tuple(answers(store, person_id)),
            messages=tuple(message_records(store, person_id)),
        )


def not_before(ended_at: T, started_at: datetime, what: str) -> T:
    """A stored end before its start (written before the API refused it) is read as the
    start, so one bad row never blocks an export of the whole history; the log says so."""
    if ended_at is not None and ended_at < started_at:
        LOG.warning("%s ends before it starts; exported as ending at its start", what)
        return started_at
    return ended_at


def import_history(store: Store, history: History, *, now: datetime) -> None:
    """Write a whole history in one transaction: all of it, or nothing.

    The person is created when the database has nobody yet; a database whose only
    person has no records takes on the imported person. Any record id already
    present is a conflict, and nothing is written.
    """
    with OrmSession(store.engine) as orm, orm.begin():
        _adopt_person(orm, history, now=now)
        _refuse_existing(orm, history)
        person_id = history.person.id
        for version in history.programs:
            orm.add(
                t.ProgramVersion(
                    id=version.id,
                    person_id=person_id,
                    version=version.version,
                    created_at=version.created_at,
                    program=version.program.model_dump(mode="json"),
                    note=version.note,
                    starts_on=version.starts_on,
                    # The prescriber's account belongs to another database.
                    assigned_by=None,
                )
            )
        orm.flush()
        for session in history.sessions:
            orm.add(
                t.Session(
                    id=session.id,
                    person_id=person_id,
                    program_version_id=session.program_version_id,
                    started_at=session.started_at,
                    ended_at=session.ended_at,
                    status=session.status,
                    owner=None,
                )
            )
        orm.flush()
        for session in history.sessions:
            for position, planned in enumerate(session.exercises):
                orm.add(
                    t.SessionExercise(
                        session_id=session.id,
                        position=position,
                        exercise_id=planned.exercise_id,
                        planned_efforts=planned.planned_efforts,
                    )
                )
            orm.add_all(effort_row(session.id, effort) for effort in session.efforts)
            orm.add_all(
                t.CameraReport(
                    session_id=session.id,
                    exercise_id=c.exercise_id,
                    report=json.dumps(c.report, separators=(",", ":"), sort_keys=True),
                    frames=c.frames,
                    updated_at=c.updated_at,
                )
                for c in session.camera
            )
        for checkin in history.pain:
            orm.add(checkin_row(person_id, checkin))
        orm.flush()
        for checkin in history.pain:
            orm.add_all(score_rows(checkin))
        orm.add_all(balance_row(person_id, test) for test in history.balance)
        orm.add_all(
            t.QuestionnaireAnswer(**answer_row(person_id, answer))
            for answer in history.questionnaires
        )
        orm.flush()  # messages point at the sessions and check-ins above
        orm.add_all(t.Message(**message_row(person_id, message)) for message in history.messages)


def _adopt_person(orm: OrmSession, history: History, *, now: datetime) -> None:
    incoming = history.person
    existing = orm.get(t.Person, incoming.id)
    if existing is not None:
        return
    others = orm.scalars(select(t.Person)).all()
    if len(others) == 1:  # a personal install: one person, who may have no records yet
        if _has_records(orm, others[0].id):
            raise ImportConflict(
                N_(
                    "this database already holds the history of {name}; import into an empty "
                    "database, or use --database for another one"
                ),
                name=repr(others[0].display_name),
            )
        orm.delete(others[0])
        orm.flush()
    # With nobody, or several people (a clinic), the imported person is added.
    orm.add(
        t.Person(
            id=incoming.id,
            display_name=incoming.display_name,
            birth_year=incoming.birth_year,
            timezone=incoming.timezone,
            created_at=now,
        )
    )
    orm.flush()


def _has_records(orm: OrmSession, person_id: str) -> bool:
    for table in (
        t.ProgramVersion,
        t.Session,
        t.PainCheckin,
        t.BalanceTest,
        t.QuestionnaireAnswer,
        t.Message,
    ):
        if orm.scalar(select(func.count()).select_from(table).where(table.person_id == person_id)):
            return True
    return False


def _refuse_existing(orm: OrmSession, history: History) -> None:
    checks = (
        (t.ProgramVersion, [p.id for p in history.programs], Term(N_("program version"))),
        (t.Session, [s.id for s in history.sessions], Term(N_("session"))),
        (t.Effort, [e.id for s in history.sessions for e in s.efforts], Term(N_("effort"))),
        (t.PainCheckin, [p.id for p in history.pain], Term(N_("pain check-in"))),
        (t.BalanceTest, [b.id for b in history.balance], Term(N_("balance test"))),
        (
            t.QuestionnaireAnswer,
            [q.id for q in history.questionnaires],
            Term(N_("questionnaire answer")),
        ),
        (t.Message, [m.id for m in history.messages], Term(N_("message"))),
    )
    for table, ids, label in checks:
        for start in range(0, len(ids), 500):
            clash = orm.scalar(
                select(table.id).where(table.id.in_(ids[start : start + 500])).limit(1)
            )
            if clash is not None:
                raise ImportConflict(
                    N_("{kind} {id} is already in the database; nothing was imported"),
                    kind=label,
                    id=clash,
                )
