"""Rows to core values and back."""

from __future__ import annotations

from footwork.core.program import Program
from footwork.core.records import BalanceTest, EffortRecord, PainCheckin, Person, ProgramVersion
from footwork.store import tables as t


def person_value(row: t.Person) -> Person:
    return Person(
        id=row.id, display_name=row.display_name, birth_year=row.birth_year, timezone=row.timezone
    )


def program_version_value(row: t.ProgramVersion) -> ProgramVersion:
    return ProgramVersion(
        id=row.id,
        version=row.version,
        created_at=row.created_at,
        program=Program.model_validate(row.program),
        note=row.note,
        starts_on=row.starts_on,
        assigned_by=row.assigned_by,
    )


def effort_row(session_id: str, effort: EffortRecord) -> t.Effort:
    return t.Effort(session_id=session_id, **effort.model_dump())


def checkin_row(person_id: str, checkin: PainCheckin) -> t.PainCheckin:
    return t.PainCheckin(person_id=person_id, **checkin.model_dump(exclude={"scores"}))


def checkin_value(row: t.PainCheckin, scores: dict[str, int]) -> PainCheckin:
    return PainCheckin(
        id=row.id,
        recorded_at=row.recorded_at,
        context=row.context,
        session_id=row.session_id,
        note=row.note,
        scores=scores,
    )


def score_rows(checkin: PainCheckin) -> list[t.PainScore]:
    return [
        t.PainScore(checkin_id=checkin.id, region=region, score=score)
        for region, score in checkin.scores.items()
    ]


def balance_row(person_id: str, test: BalanceTest) -> t.BalanceTest:
    return t.BalanceTest(person_id=person_id, **test.model_dump())


def balance_value(row: t.BalanceTest) -> BalanceTest:
    return BalanceTest(
        id=row.id,
        recorded_at=row.recorded_at,
        eyes_closed=row.eyes_closed,
        left_s=row.left_s,
        right_s=row.right_s,
        note=row.note,
    )
