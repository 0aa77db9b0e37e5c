"""Writing one effort (a rep): the upsert, and the write to a session only while it is open.

On PostgreSQL the open-session write is one statement sent in autocommit: the session's
status is read, the effort upserted and the transaction committed (synced) in one round trip.
The rows it locks (the effort's, and through migration 0020's trigger the person's change
stamp) are then held only for the server's own work and its commit, not across the round
trips of a BEGIN, a read, the write and a COMMIT, each waiting for a thread of a busy worker
to be scheduled. Every rep of one person bumps the same stamp row, so that span is what the
reps of one person queue behind (docs/benchmarks.md, "Web app, issue 19"). SQLite has one
writer anyway (BEGIN IMMEDIATE) and cannot write inside WITH: there it stays a short
transaction of a read and the upsert.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, literal, select

from footwork.core.records import EffortRecord
from footwork.store import tables as t
from footwork.store.upsert import insert_for, postgresql_insert


def effort_upsert(dialect: str, session_id: str, effort: EffortRecord) -> Any:
    """The effort's INSERT; a cue recorded twice (after going back, or a retried write) keeps
    one row: the first, unless it was skipped and the second done."""
    values = {"session_id": session_id, **effort.model_dump()}
    insert = insert_for(dialect, t.Effort)
    return _keep_one_row(insert.values(**values), values)


def _keep_one_row(insert: Any, values: dict[str, Any]) -> Any:
    """`insert` with the rule for a cue recorded twice: the row stays, and takes the second
    effort's values only when the first was skipped and the second done."""
    return insert.on_conflict_do_update(
        index_elements=[t.Effort.session_id, t.Effort.cue_index],
        set_={k: insert.excluded[k] for k in values if k not in ("id", "session_id", "cue_index")},
        where=(t.Effort.outcome == "skipped") & (insert.excluded.outcome == "done"),
    )


def _open_effort_statement(person_id: str, session_id: str, effort: EffortRecord) -> Any:
    """PostgreSQL: WITH the session's (person, status), the upsert of the effort selected
    from it only when it is this person's and in progress; the statement returns the
    session's row (none when there is no such session)."""
    values = {"session_id": session_id, **effort.model_dump()}
    columns = t.Effort.__table__.c
    session = (
        select(t.Session.person_id, t.Session.status)
        .where(t.Session.id == session_id)
        .cte("open_session")
    )
    source = select(*(literal(v, columns[k].type) for k, v in values.items())).where(
        session.c.person_id == person_id, session.c.status == "in_progress"
    )
    insert = postgresql_insert(t.Effort).from_select(list(values), source)
    written = _keep_one_row(insert, values).returning(t.Effort.id).cte("written")
    return select(session.c.person_id, session.c.status).add_cte(written)


def record_open_effort(
    engine: Engine, person_id: str, session_id: str, effort: EffortRecord
) -> str:
    """Commit one effort to this person's session if it is still open (the status read and
    the write in one transaction). Returns "in_progress" when the effort was written (or was
    already there), "missing" when the person has no such session, else the status that kept
    it out (nothing written)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            row = connection.execute(_open_effort_statement(person_id, session_id, effort)).first()
    else:
        with engine.begin() as connection:
            row = _status(connection, session_id)
            if row is not None and row.person_id == person_id and row.status == "in_progress":
                connection.execute(effort_upsert(engine.dialect.name, session_id, effort))
    if row is None or row.person_id != person_id:
        return "missing"
    return str(row.status)


def _status(connection: Connection, session_id: str) -> Any:
    return connection.execute(
        select(t.Session.person_id, t.Session.status).where(t.Session.id == session_id)
    ).first()
