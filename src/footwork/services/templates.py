"""Templates and progressions: save a program as a named template, start a prescription
from one (its progression rules go with it), and the steps a patient qualifies for, which
only a clinician applies or dismisses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from footwork.core.adherence import Adherence, adherence
from footwork.core.care import end_of_day_before, pain_change
from footwork.core.language import N_
from footwork.core.program import Program
from footwork.core.progression import (
    Evidence,
    ProgressionRule,
    Suggestion,
    dismissed_until,
    rule_problems,
    suggest,
    with_dose,
)
from footwork.core.records import by_start, in_force
from footwork.core.schedule import ProgramHistory
from footwork.services import prescribing
from footwork.services.care import refresh_care
from footwork.store.accounts import Account
from footwork.store.clinic import Patient, access_event, record_access
from footwork.store.history import pain_checkins
from footwork.store.repository import Store
from footwork.store.schedule import load_schedule, performances
from footwork.store.templates import (
    Plan,
    Template,
    Visibility,
    add_template,
    dismiss_step,
    dismissals,
    progression_plan,
    set_progression_plan,
    visible_template,
    visible_templates,
)

BUILTIN_ID = "builtin"
BUILTIN_NAME = N_("Built-in five-exercise program")
MAX_NAME = 100


class TemplateError(ValueError):
    """A template that cannot be saved or used as asked; one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class NoStep(LookupError):
    """No step to apply or dismiss for this exercise now (already applied, or not due)."""


def builtin_template(default: Program) -> Template:
    return Template(
        id=BUILTIN_ID,
        name=BUILTIN_NAME,
        visibility="clinic",
        owner_id=None,
        owner_name="Footwork",
        program=default,
        rules=(),
        builtin=True,
    )


def templates_for(store: Store, clinician: Account, default: Program) -> list[Template]:
    """The built-in program first, then the clinician's own and the clinic's, by name."""
    return [builtin_template(default), *visible_templates(store, clinician)]


def find_template(
    store: Store, clinician: Account, template_id: str, default: Program
) -> Template | None:
    """A template this clinician may use; None for one that is not there or not theirs."""
    if template_id == BUILTIN_ID:
        return builtin_template(default)
    return visible_template(store, clinician, template_id)


def name_problem(name: str) -> str | None:
    """The web's text guard has already refused control characters and the like."""
    if not 1 <= len(name) <= MAX_NAME:
        return f"name: give a name of 1 to {MAX_NAME} characters"
    return None


def save_template(
    store: Store,
    *,
    name: str,
    visibility: str,
    program: Program,
    rules: tuple[ProgressionRule, ...],
    owner: Account,
    now: datetime,
) -> str:
    """Save `program` with its rules as a template; TemplateError naming each problem."""
    problems = [p for p in (name_problem(name),) if p]
    if visibility not in ("own", "clinic"):
        problems.append("visibility: choose 'own' or 'clinic'")
    problems += rule_problems(program, rules)
    if problems:
        raise TemplateError(problems)
    shown: Visibility = "clinic" if visibility == "clinic" else "own"
    return add_template(
        store,
        name=name,
        visibility=shown,
        program=program,
        rules=rules,
        owner=owner,
        now=now,
    )


def start_from_template(
    store: Store,
    patient: Patient,
    template: Template,
    *,
    starts_on: date,
    clinician: Account,
    today: date,
    now: datetime,
) -> None:
    """Prescribe the template's program (a new version, as any prescription) and carry its
    rules into the patient's progression plan. PrescriptionError when it cannot start then."""
    prescribing.assign(
        store,
        patient,
        template.program,
        starts_on=starts_on,
        note=None,
        clinician=clinician,
        today=today,
        now=now,
    )
    set_progression_plan(
        store, patient.person_id, rules=template.rules, template_name=template.name, now=now
    )


# -- progressions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Progressions:
    plan: Plan | None
    suggestions: list[Suggestion]


def progressions(store: Store, person_id: str, *, now: datetime) -> Progressions:
    """The patient's rules and the steps they qualify for today (none dismissed for now)."""
    plan = progression_plan(store, person_id)
    if plan is None or not plan.rules:
        return Progressions(plan, [])
    settings = load_schedule(store, person_id, now=now).settings
    local_date = settings.local_date
    today = local_date(now)
    versions = by_start(store.program_versions(person_id), local_date)
    current = in_force(versions, today, local_date)
    if current is None:
        return Progressions(plan, [])
    history = ProgramHistory(tuple((v.start(local_date), v.program) for v in versions))
    longest = max(rule.weeks for rule in plan.rules) * 7
    done = performances(store, person_id, since=now - timedelta(days=longest + 2))
    end = end_of_day_before(settings, today)
    pain = pain_change(pain_checkins(store, person_id), settings, as_of=today)
    quiet = dismissals(store, person_id)
    by_weeks: dict[int, Adherence] = {}
    found = []
    for rule in plan.rules:
        if rule.exercise_id not in current.program.ids:
            continue
        exercise = current.program.exercise(rule.exercise_id)
        # Days at this dose: back through the versions while the dose stayed the same.
        index = versions.index(current)
        while index > 0:
            before = versions[index - 1].program
            if rule.exercise_id not in before.ids:
                break
            if before.exercise(rule.exercise_id).dose != exercise.dose:
                break
            index -= 1
        since = versions[index].start(local_date)
        if rule.weeks not in by_weeks:
            by_weeks[rule.weeks] = adherence(history, settings, done, days=rule.weeks * 7, now=end)
        share = by_weeks[rule.weeks].by_exercise.get(rule.exercise_id)
        evidence = Evidence(
            days=(today - since).days,
            adherence=share.ratio if share else None,
            pain_change=pain[0] if pain else None,
        )
        step = suggest(
            rule, exercise, evidence, dismissed_until=quiet.get(rule.exercise_id), today=today
        )
        if step is not None:
            found.append(step)
    return Progressions(plan, found)


def _step(store: Store, person_id: str, exercise_id: str, *, now: datetime) -> Suggestion:
    for step in progressions(store, person_id, now=now).suggestions:
        if step.exercise_id == exercise_id:
            return step
    raise NoStep(f"no step is due for {exercise_id!r} now")


def _due_step(
    store: Store, person_id: str, exercise_id: str, clinician: Account, verb: str, *, now: datetime
) -> Suggestion:
    """The step due for the exercise; NoStep, with a 'tried to <verb>' access-log line, when
    none is."""
    try:
        return _step(store, person_id, exercise_id, now=now)
    except NoStep:
        action = f"tried to {verb} a progression"
        record_access(store, person_id=person_id, actor=clinician, action=action, now=now)
        raise


def apply_progression(
    store: Store, patient: Patient, exercise_id: str, *, clinician: Account, now: datetime
) -> None:
    """Apply the due step: a new program version from today, one access-log line. NoStep
    (and a 'tried' line) when no step is due, as after a second click."""
    person_id = patient.person_id
    step = _due_step(store, person_id, exercise_id, clinician, "apply", now=now)
    settings = load_schedule(store, person_id, now=now).settings
    versions = by_start(store.program_versions(person_id), settings.local_date)
    in_place = in_force(versions, settings.local_date(now), settings.local_date)
    assert in_place is not None  # a step is due, so a version is in force
    program = with_dose(in_place.program, exercise_id, step.after)
    store.assign_program(
        person_id,
        program,
        starts_on=settings.local_date(now),
        assigned_by=clinician.id,
        note=None,
        now=now,
    )
    record_access(
        store, person_id=person_id, actor=clinician, action="applied a progression", now=now
    )
    refresh_care(store, person_id, now=now)


def dismiss_progression(
    store: Store, patient: Patient, exercise_id: str, *, clinician: Account, now: datetime
) -> date:
    """Dismiss the due step until the next qualifying period; the day it may come back.
    NoStep (and a 'tried' line) when none is due."""
    person_id = patient.person_id
    step = _due_step(store, person_id, exercise_id, clinician, "dismiss", now=now)
    today = load_schedule(store, person_id, now=now).settings.local_date(now)
    until = dismissed_until(step.rule, today)
    dismiss_step(
        store,
        person_id,
        exercise_id,
        until=until,
        actor=clinician,
        now=now,
        audit=access_event(person_id, clinician, "dismissed a progression", now),
    )
    return until
