"""Questionnaire answers and clinicians' requests for one, in and out of the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from footwork.core.questionnaires import PsfsItem, QuestionnaireAnswer
from footwork.store import tables as t
from footwork.store.accounts import Account
from footwork.store.clinic import access_event
from footwork.store.repository import Store, new_id
from footwork.store.upsert import insert_for

REQUEST_ACTION = "asked for a questionnaire"


def answer_row(person_id: str, answer: QuestionnaireAnswer) -> dict[str, Any]:
    return {
        "id": answer.id,
        "person_id": person_id,
        "answered_at": answer.answered_at,
        "psfs": [item.model_dump() for item in answer.psfs],
        "groc": answer.groc,
    }


def answer_value(row: t.QuestionnaireAnswer) -> QuestionnaireAnswer:
    return QuestionnaireAnswer(
        id=row.id,
        answered_at=row.answered_at,
        psfs=tuple(PsfsItem.model_validate(item) for item in row.psfs),
        groc=row.groc,
    )


def add_answer(
    store: Store, person_id: str, answer: QuestionnaireAnswer, *, client_key: str | None = None
) -> QuestionnaireAnswer:
    """Store an answer; with a `client_key` this person used before, nothing is stored and
    the answer stored then is returned (a retried request)."""
    statement = (
        insert_for(store.engine.dialect.name, t.QuestionnaireAnswer)
        .values(**answer_row(person_id, answer), client_key=client_key)
        .on_conflict_do_nothing(index_elements=["person_id", "client_key"])
        .returning(t.QuestionnaireAnswer.id)
    )
    with OrmSession(store.engine) as orm, orm.begin():
        if orm.execute(statement).first() is not None:
            return answer
        row = orm.scalars(_keyed(person_id, client_key)).one()
        return answer_value(row)


def _keyed(person_id: str, client_key: str | None) -> Any:
    return select(t.QuestionnaireAnswer).where(
        t.QuestionnaireAnswer.person_id == person_id,
        t.QuestionnaireAnswer.client_key == client_key,
    )


def keyed_answer(store: Store, person_id: str, client_key: str) -> QuestionnaireAnswer | None:
    """The answer this person stored with `client_key`, if any."""
    with OrmSession(store.reader) as orm:
        row = orm.scalars(_keyed(person_id, client_key)).first()
        return None if row is None else answer_value(row)


def answers(store: Store, person_id: str) -> list[QuestionnaireAnswer]:
    """Every answer of the person, oldest first."""
    with OrmSession(store.reader) as orm:
        rows = orm.scalars(
            select(t.QuestionnaireAnswer)
            .where(t.QuestionnaireAnswer.person_id == person_id)
            .order_by(t.QuestionnaireAnswer.answered_at, t.QuestionnaireAnswer.id)
        ).all()
        return [answer_value(row) for row in rows]


def add_request(store: Store, person_id: str, *, actor: Account, now: datetime) -> None:
    """A clinician asks for a questionnaire now; written to the patient's access log in the
    same transaction."""
    with OrmSession(store.engine) as orm, orm.begin():
        orm.add(
            t.QuestionnaireRequest(
                id=new_id(),
                person_id=person_id,
                requested_at=now,
                actor_id=actor.id,
                actor_name=actor.username,
            )
        )
        orm.add(access_event(person_id, actor, REQUEST_ACTION, now))


def requests(store: Store, person_id: str) -> list[datetime]:
    """When clinicians asked this person for a questionnaire, oldest first."""
    with store.reader.connect() as connection:
        return list(
            connection.scalars(
                select(t.QuestionnaireRequest.requested_at)
                .where(t.QuestionnaireRequest.person_id == person_id)
                .order_by(t.QuestionnaireRequest.requested_at)
            )
        )
