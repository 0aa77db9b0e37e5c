"""The conditions the clinic's list queries add for episodes of care (kept apart from
store.episodes, which imports store.clinic)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func

from footwork.store import tables as t


def in_care(*conditions: Any) -> Any:
    """`conditions`, and the patient is not discharged."""
    return and_(t.Patient.discharged_at.is_(None), *conditions)


def since_quiet(last_session_at: Any) -> Any:
    """From when a patient without a session counts towards 'no recent session': their last
    session, else the start of their current episode (a re-admission), else when added."""
    return func.coalesce(last_session_at, t.Patient.admitted_at, t.Patient.created_at)
