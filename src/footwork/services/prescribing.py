"""Prescribing: the exercise library, building a program from it within clinical bounds,
and assigning it to a patient."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from footwork.core.language import N_, Message
from footwork.core.program import Exercise, Program, explain_validation_error
from footwork.core.records import ProgramVersion
from footwork.services.care import refresh_care
from footwork.store.accounts import Account
from footwork.store.clinic import (
    LibraryConflict,
    Patient,
    add_clinic_exercise,
    clinic_exercises,
    record_access,
)
from footwork.store.repository import Store

# Tighter than the program file's bounds: a prescription past these is a slip of the keyboard.
BOUNDS: dict[str, tuple[float, float]] = {
    "dose.reps": (1, 100),
    "dose.work_s": (1, 600),
    "dose.rest_s": (0, 300),
    "frequency.times": (1, 14),
    "frequency.times_max": (1, 14),
    "frequency.days": (1, 28),
}
MAX_START_AHEAD_DAYS = 366


class PrescriptionError(ValueError):
    """A program that cannot be prescribed; one line per problem, naming the exercise."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    exercise: Exercise
    builtin: bool
    has_drawing: bool


def library(store: Store, builtin: Program) -> list[LibraryEntry]:
    """The built-in exercises, then the clinic's own."""
    entries = [LibraryEntry(e, True, True) for e in builtin.exercises]
    entries += [LibraryEntry(x.exercise, False, x.has_drawing) for x in clinic_exercises(store)]
    return entries


def bound_problems(exercise: Exercise) -> list[str]:
    data = exercise.model_dump(mode="json")
    problems: list[str] = []
    for key, (low, high) in BOUNDS.items():
        group, field = key.split(".")
        value = data[group].get(field)
        if isinstance(value, int | float) and not low <= value <= high:
            problems.append(
                Message(
                    N_("exercise '{id}': {field}: must be from {low} to {high} (got {value})"),
                    {
                        "id": exercise.id,
                        "field": key,
                        "low": f"{low:g}",
                        "high": f"{high:g}",
                        "value": f"{value:g}",
                    },
                )
            )
    return problems


def build_program(
    builtin: Program, entries: list[LibraryEntry], choices: Mapping[str, Mapping[str, Any]]
) -> Program:
    """A program of the chosen library exercises, each with the dose and frequency given in
    `choices` (exercise id -> {"dose": {...}, "frequency": {...}}), in library order.
    PrescriptionError names every problem."""
    by_id = {entry.exercise.id: entry.exercise for entry in entries}
    unknown = [i for i in choices if i not in by_id]
    if unknown:
        raise PrescriptionError(
            [Message(N_("no exercise '{id}' in the library"), {"id": i}) for i in unknown]
        )
    if not choices:
        raise PrescriptionError([Message(N_("choose at least one exercise"))])
    exercises: list[Any] = []
    for entry in entries:
        chosen = choices.get(entry.exercise.id)
        if chosen is None:
            continue
        data = entry.exercise.model_dump(mode="json")
        data["dose"] = {**data["dose"], **chosen.get("dose", {})}
        if "frequency" in chosen:
            data["frequency"] = chosen["frequency"]
        data["assumed"] = []  # what a clinician prescribes is no longer our assumption
        exercises.append(data)
    raw = {
        "title": builtin.title,
        "timing": builtin.timing.model_dump(mode="json"),
        "exercises": exercises,
    }
    try:
        program = Program.model_validate(raw)
    except ValidationError as error:
        raise PrescriptionError(explain_validation_error(error, raw)) from None
    problems = [p for e in program.exercises for p in bound_problems(e)]
    if problems:
        raise PrescriptionError(problems)
    return program


def assign(
    store: Store,
    patient: Patient,
    program: Program,
    *,
    starts_on: date,
    note: str | None,
    clinician: Account,
    today: date,
    now: datetime,
) -> ProgramVersion:
    """Prescribe `program` from `starts_on` (today or later): a new version, an audit entry
    for the patient, and fresh care figures."""
    if starts_on < today:
        raise PrescriptionError([Message(N_("starts_on: must be today or later"))])
    if (starts_on - today).days > MAX_START_AHEAD_DAYS:
        raise PrescriptionError([Message(N_("starts_on: must be within a year"))])
    for exercise in program.exercises:
        problems = bound_problems(exercise)
        if problems:
            raise PrescriptionError(problems)
    version = store.assign_program(
        patient.person_id,
        program,
        starts_on=starts_on,
        assigned_by=clinician.id,
        note=note,
        now=now,
    )
    record_access(
        store, person_id=patient.person_id, actor=clinician, action="changed program", now=now
    )
    refresh_care(store, patient.person_id, now=now)
    return version


def add_to_library(
    store: Store,
    builtin: Program,
    exercise: Exercise,
    *,
    drawing: tuple[bytes, str] | None,
    created_by: Account,
    now: datetime,
) -> None:
    """Add a clinic exercise; ValueError when it is out of bounds or its id is taken."""
    if exercise.id in builtin.ids:
        raise LibraryConflict(f"id: {exercise.id!r} is a built-in exercise")
    problems = bound_problems(exercise)
    if problems:
        raise ValueError("; ".join(problems))
    add_clinic_exercise(store, exercise, drawing=drawing, created_by=created_by, now=now)
