"""Program templates, a patient's progression rules and dismissed steps: rows in, core
values out. Who may see or change a template is decided here, in the queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session as OrmSession

from footwork.core.program import Program
from footwork.core.progression import ProgressionRule
from footwork.store import tables as t
from footwork.store.accounts import Account
from footwork.store.repository import Store, new_id

Visibility = Literal["own", "clinic"]


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    name: str
    visibility: Visibility
    owner_id: str | None
    owner_name: str
    program: Program
    rules: tuple[ProgressionRule, ...]
    builtin: bool = False


def _rules(raw: list[object]) -> tuple[ProgressionRule, ...]:
    return tuple(ProgressionRule.model_validate(r) for r in raw)


def _dump(rules: tuple[ProgressionRule, ...]) -> list[object]:
    return [r.model_dump(mode="json") for r in rules]


def _visible_to(account: Account) -> object:
    return or_(t.ProgramTemplate.visibility == "clinic", t.ProgramTemplate.owner_id == account.id)


def _query() -> object:
    return select(t.ProgramTemplate, t.Account.username).join(
        t.Account, t.Account.id == t.ProgramTemplate.owner_id
    )


def _value(row: t.ProgramTemplate, owner_name: str) -> Template:
    return Template(
        id=row.id,
        name=row.name,
        visibility="clinic" if row.visibility == "clinic" else "own",
        owner_id=row.owner_id,
        owner_name=owner_name,
        program=Program.model_validate(row.program),
        rules=_rules(row.rules),
    )


def visible_templates(store: Store, account: Account) -> list[Template]:
    """The clinician's own templates and the clinic's, by name."""
    query = _query().where(_visible_to(account)).order_by(t.ProgramTemplate.name)  # type: ignore[attr-defined]
    with OrmSession(store.engine) as orm:
        return [_value(row, name) for row, name in orm.execute(query).all()]


def visible_template(store: Store, account: Account, template_id: str) -> Template | None:
    """The template, if this clinician may see it (theirs, or the clinic's)."""
    query = _query().where(  # type: ignore[attr-defined]
        t.ProgramTemplate.id == template_id[:36], _visible_to(account)
    )
    with OrmSession(store.engine) as orm:
        found = orm.execute(query).first()
    return _value(found[0], found[1]) if found else None


def add_template(
    store: Store,
    *,
    name: str,
    visibility: Visibility,
    program: Program,
    rules: tuple[ProgressionRule, ...],
    owner: Account,
    now: datetime,
) -> str:
    template_id = new_id()
    with OrmSession(store.engine) as orm, orm.begin():
        orm.add(
            t.ProgramTemplate(
                id=template_id,
                name=name,
                visibility=visibility,
                owner_id=owner.id,
                program=program.model_dump(mode="json"),
                rules=_dump(rules),
                created_at=now,
            )
        )
    return template_id


def rename_template(store: Store, *, owner: Account, template_id: str, name: str) -> bool:
    """Rename one of the owner's templates; False when there is none of theirs by that id."""
    query = (
        update(t.ProgramTemplate)
        .where(t.ProgramTemplate.id == template_id[:36], t.ProgramTemplate.owner_id == owner.id)
        .values(name=name)
    )
    with OrmSession(store.engine) as orm, orm.begin():
        return orm.execute(query).rowcount > 0  # type: ignore[attr-defined, no-any-return]


def delete_template(store: Store, *, owner: Account, template_id: str) -> bool:
    """Delete one of the owner's templates; False when there is none of theirs by that id.
    Patients' prescriptions made from it keep their own copy of its rules."""
    query = delete(t.ProgramTemplate).where(
        t.ProgramTemplate.id == template_id[:36], t.ProgramTemplate.owner_id == owner.id
    )
    with OrmSession(store.engine) as orm, orm.begin():
        return orm.execute(query).rowcount > 0  # type: ignore[attr-defined, no-any-return]


# -- a patient's rules and dismissed steps --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    rules: tuple[ProgressionRule, ...]
    template_name: str


def progression_plan(store: Store, person_id: str) -> Plan | None:
    with OrmSession(store.engine) as orm:
        row = orm.get(t.ProgressionPlan, person_id)
        return Plan(_rules(row.rules), row.template_name) if row else None


def set_progression_plan(
    store: Store,
    person_id: str,
    *,
    rules: tuple[ProgressionRule, ...],
    template_name: str,
    now: datetime,
) -> None:
    """The patient's rules from now on (a new template replaces the old rules and forgets
    the steps dismissed under them)."""
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(
            delete(t.ProgressionDismissal).where(t.ProgressionDismissal.person_id == person_id)
        )
        row = orm.get(t.ProgressionPlan, person_id)
        if row is None:
            orm.add(
                t.ProgressionPlan(
                    person_id=person_id,
                    rules=_dump(rules),
                    template_name=template_name,
                    updated_at=now,
                )
            )
        else:
            row.rules = _dump(rules)
            row.template_name = template_name
            row.updated_at = now


def dismissals(store: Store, person_id: str) -> dict[str, date]:
    """Exercise id -> the local day until which its step stays dismissed."""
    query = select(t.ProgressionDismissal.exercise_id, t.ProgressionDismissal.until).where(
        t.ProgressionDismissal.person_id == person_id
    )
    with OrmSession(store.engine) as orm:
        return {exercise_id: until for exercise_id, until in orm.execute(query).all()}


def dismiss_step(
    store: Store,
    person_id: str,
    exercise_id: str,
    *,
    until: date,
    actor: Account,
    now: datetime,
    audit: t.AuditEvent,
) -> None:
    """Remember a dismissed step, with the access-log line, in one transaction."""
    with OrmSession(store.engine) as orm, orm.begin():
        row = orm.get(t.ProgressionDismissal, (person_id, exercise_id))
        if row is None:
            orm.add(
                t.ProgressionDismissal(
                    person_id=person_id,
                    exercise_id=exercise_id,
                    until=until,
                    actor_id=actor.id,
                    at=now,
                )
            )
        else:
            row.until, row.actor_id, row.at = until, actor.id, now
        orm.add(audit)
