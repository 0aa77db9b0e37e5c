"""What a clinic holds besides sessions and pain, for benchmarks/clinic.py: contact details,
acknowledged flags, program templates with progression rules (and patients' plans and
dismissed steps), PSFS/GROC questionnaires and clinicians' requests for one, messages with
read marks, and camera reports on some sessions.

Each patient draws from their own generator (seeded by the benchmark's seed and their index),
so the same clinic comes out whatever the order. Rows go in with SQLAlchemy Core executemany
in one transaction per table; camera reports with one INSERT ... SELECT over the sessions
already written.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import Engine

from footwork.content.loader import load_program
from footwork.core.progression import ProgressionRule
from footwork.store import tables as t
from footwork.store.accounts import Account
from store import _uuid

QUESTIONNAIRE_DAYS = (0, 14, 28, 56)  # the PSFS at the start and at weeks 2, 4 and 8
ANSWER_SHARE = (0.9, 0.8, 0.75, 0.7)  # who answers each, given they answered the one before
REQUEST_SHARE = 0.05  # patients a clinician asked for a questionnaire lately
MESSAGES_PER_MONTH = (0, 5)  # each patient draws a rate in this range
PATIENT_SIDE_SHARE = 0.55
CLINICIAN_READ_SHARE = 0.7  # patients whose thread the clinician has read up to the end
CONTACT_SHARE = 0.6
ACK_SHARE = 0.15
PLAN_SHARE = 0.4
DISMISSAL_SHARE = 0.1
CAMERA_PATIENTS = 3  # in 16: patients who use the camera (by the first hex digit of an md5)
CAMERA_SESSIONS = 0x60  # in 256: of their sessions with the band, those with a report
BATCH = 5000

ACTIVITIES = (
    "Walking to the shops",
    "Climbing stairs",
    "Standing at work",
    "Running 5 km",
    "Dancing",
    "Gardening",
    "Playing with my children",
    "Hiking",
)
MESSAGE_BODIES = {
    "patient": (
        "My arch felt tight after this morning's session.",
        "Is it all right to skip the band exercise while my ankle is sore?",
        "Done all sessions this week, feeling better.",
        "The toe pickups are hard on the left side.",
        "Could we talk about the new exercises at the next visit?",
    ),
    "clinician": (
        "Well done this week. Keep going at the same dose.",
        "Ease off the band holds if the pain rises, and tell me how it goes.",
        "Let's review your program at the next appointment.",
        "Thanks for the update. Try the pickups seated for now.",
    ),
}
CAMERA_REPORT = {
    "exercise": "resistance-band",
    "seen": True,
    "problem": None,
    "coverage": {"frames": 300, "duration_s": 30.0, "person_s": 30.0, "feet_s": 30.0},
    "dose": {"work_s": 5.0, "reps": 11},
    "counts": {"": 9},
    "efforts": [
        {
            "kind": "hold",
            "side": None,
            "direction": None,
            "start_s": 1.0 + 10 * i,
            "end_s": 1.0 + 10 * i + (6.0 if i < 9 else 3.0),
            "duration_s": 6.0 if i < 9 else 3.0,
            "meets_dose": i < 9,
        }
        for i in range(11)
    ],
    "measures": {},
    "notes": [],
    "cannot_see": None,
}
RULES = (
    ProgressionRule(exercise_id="toe-presses", kind="reps", step=2, ceiling=20),
    ProgressionRule(exercise_id="resistance-band", kind="hold", step=1, ceiling=10),
    ProgressionRule(exercise_id="toe-pickups", kind="reps", step=1, ceiling=10, weeks=3),
)


@dataclass(frozen=True, slots=True)
class ExtraPatient:
    index: int
    person_id: str
    clinician: Account
    timezone: str
    start: date
    account_id: str | None
    username: str | None


def _moment(start: date, day: int, zone: ZoneInfo, rnd: random.Random) -> datetime:
    local = datetime.combine(start + timedelta(days=day), clock_time(8), tzinfo=zone)
    return (local + timedelta(minutes=rnd.randint(0, 13 * 60))).astimezone(UTC)


def _questionnaires(
    p: ExtraPatient, rnd: random.Random, rows: dict[str, list[dict[str, Any]]], now: datetime
) -> None:
    zone = ZoneInfo(p.timezone)
    activities = rnd.sample(ACTIVITIES, rnd.randint(1, 3))
    scores = [rnd.randint(1, 6) for _ in activities]
    gain = rnd.uniform(-0.5, 1.2)  # points a fortnight
    for n, (day, share) in enumerate(zip(QUESTIONNAIRE_DAYS, ANSWER_SHARE, strict=True)):
        at = _moment(p.start, day + rnd.randint(0, 2), zone, rnd)
        if at >= now or rnd.random() >= share:
            break
        current = [min(10, max(0, round(s + gain * day / 14 + rnd.uniform(-1, 1)))) for s in scores]
        rows["questionnaire_answers"].append(
            {
                "id": _uuid(rnd),
                "person_id": p.person_id,
                "answered_at": at,
                "psfs": [
                    {"activity": a, "score": s} for a, s in zip(activities, current, strict=True)
                ],
                "groc": None if n == 0 else max(-5, min(5, round(gain * 3 + rnd.uniform(-1, 1)))),
                "client_key": _uuid(rnd),
            }
        )
    if rnd.random() < REQUEST_SHARE:
        rows["questionnaire_requests"].append(
            {
                "id": _uuid(rnd),
                "person_id": p.person_id,
                "requested_at": now - timedelta(hours=rnd.randint(1, 24 * 10)),
                "actor_id": p.clinician.id,
                "actor_name": p.clinician.username,
            }
        )


def _messages(
    p: ExtraPatient,
    rnd: random.Random,
    rows: dict[str, list[dict[str, Any]]],
    now: datetime,
    days: int,
    measured: Account,
) -> None:
    rate = rnd.uniform(*MESSAGES_PER_MONTH) / 30
    zone = ZoneInfo(p.timezone)
    thread: list[tuple[datetime, str]] = []
    for day in range(days):
        if rnd.random() >= rate:
            continue
        side = "patient" if p.account_id and rnd.random() < PATIENT_SIDE_SHARE else "clinician"
        at = _moment(p.start, day, zone, rnd)
        if at >= now:
            continue
        rows["messages"].append(
            {
                "id": _uuid(rnd),
                "person_id": p.person_id,
                "side": side,
                "author_id": p.account_id if side == "patient" else p.clinician.id,
                "author_name": p.username if side == "patient" else p.clinician.username,
                "body": rnd.choice(MESSAGE_BODIES[side]),
                "created_at": at,
                "session_id": None,
                "checkin_id": None,
                "client_key": _uuid(rnd),
            }
        )
        thread.append((at, side))
    if not thread:
        return
    readers = {p.clinician.id} | ({measured.id} if rnd.random() < 0.5 else set())
    for reader in readers:
        # most read to the end; the others have the last one to three messages still unread
        keep = len(thread) if rnd.random() < CLINICIAN_READ_SHARE else -rnd.randint(1, 3)
        read = thread[:keep]
        if read:
            rows["message_reads"].append(
                {"person_id": p.person_id, "reader_id": reader, "read_until": read[-1][0]}
            )
    if p.account_id:
        rows["message_reads"].append(
            {"person_id": p.person_id, "reader_id": p.account_id, "read_until": thread[-1][0]}
        )


def _care(
    p: ExtraPatient,
    rnd: random.Random,
    rows: dict[str, list[dict[str, Any]]],
    now: datetime,
    templates: Sequence[dict[str, Any]],
) -> None:
    if rnd.random() < CONTACT_SHARE:
        rows["patient_contacts"].append(
            {
                "person_id": p.person_id,
                "phone": f"+44 7700 9{p.index % 100000:05d}",
                "email": f"patient{p.index + 1:05d}@example.org",
                "consented": True,
                "consented_at": now - timedelta(days=rnd.randint(1, 300)),
                "updated_at": now - timedelta(days=rnd.randint(0, 30)),
            }
        )
    if rnd.random() < ACK_SHARE:
        for flag in rnd.sample(("low_adherence", "pain_up", "quiet"), rnd.randint(1, 2)):
            rows["flag_acks"].append(
                {
                    "id": _uuid(rnd),
                    "person_id": p.person_id,
                    "flag": flag,
                    "note": "Spoke on the phone; reviewing at the next visit.",
                    "quiet_until": now.date() + timedelta(days=rnd.randint(-20, 14)),
                    "actor_id": p.clinician.id,
                    "actor_name": p.clinician.username,
                    "created_at": now - timedelta(days=rnd.randint(1, 30)),
                }
            )
    if rnd.random() < PLAN_SHARE:
        template = rnd.choice(templates)
        rows["progression_plans"].append(
            {
                "person_id": p.person_id,
                "rules": template["rules"],
                "template_name": template["name"],
                "updated_at": datetime.combine(p.start, clock_time(9), tzinfo=UTC),
            }
        )
        if rnd.random() < DISMISSAL_SHARE:
            rows["progression_dismissals"].append(
                {
                    "person_id": p.person_id,
                    "exercise_id": template["rules"][0]["exercise_id"],
                    "until": now.date() + timedelta(days=rnd.randint(1, 14)),
                    "actor_id": p.clinician.id,
                    "at": now - timedelta(days=rnd.randint(1, 14)),
                }
            )


def template_rows(clinicians: Sequence[Account], now: datetime) -> list[dict[str, Any]]:
    """Two own templates per clinician and three for the whole clinic, with rules."""
    program = load_program().model_dump(mode="json")
    rules = [r.model_dump(mode="json") for r in RULES]
    rows = []
    for n, clinician in enumerate(clinicians):
        for k, visibility in enumerate(("own", "own") + (("clinic",) * 3 if n == 0 else ())):
            rows.append(
                {
                    "id": f"00000000-0000-4000-8000-{n:06d}{k:06d}",
                    "name": f"Plantar fasciitis {visibility} {n + 1}.{k + 1}",
                    "visibility": visibility,
                    "owner_id": clinician.id,
                    "program": program,
                    "rules": rules[: 1 + k % len(rules)],
                    "created_at": now - timedelta(days=400),
                }
            )
    return rows


TABLES = {
    "patient_contacts": t.PatientContact,
    "flag_acks": t.FlagAck,
    "progression_plans": t.ProgressionPlan,
    "progression_dismissals": t.ProgressionDismissal,
    "questionnaire_answers": t.QuestionnaireAnswer,
    "questionnaire_requests": t.QuestionnaireRequest,
    "messages": t.Message,
    "message_reads": t.MessageRead,
}


def write_extras(
    engine: Engine,
    clinicians: Sequence[Account],
    measured: Account,
    patients: Sequence[tuple[str, str, date, datetime]],
    *,
    days: int,
    seed: int,
    now: datetime,
) -> dict[str, int]:
    """All of the above for `patients` (person id, timezone, first day, when added; patient i
    is clinician i % len(clinicians)'s). Returns the rows written per table."""
    with engine.connect() as connection:
        accounts = {
            person_id: (account_id, username)
            for person_id, account_id, username in connection.execute(
                sa.select(t.Account.person_id, t.Account.id, t.Account.username).where(
                    t.Account.role == "patient"
                )
            )
        }
    templates = template_rows(clinicians, now)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for index, (person_id, zone, start, _added) in enumerate(patients):
        rnd = random.Random(f"{seed}:extras:{index}")
        account_id, username = accounts.get(person_id, (None, None))
        patient = ExtraPatient(
            index,
            person_id,
            clinicians[index % len(clinicians)],
            zone,
            start,
            account_id,
            username,
        )
        _care(patient, rnd, rows, now, templates)
        _questionnaires(patient, rnd, rows, now)
        _messages(patient, rnd, rows, now, days, measured)
    counts = {"program_templates": len(templates)}
    with engine.begin() as connection:
        connection.execute(sa.insert(t.ProgramTemplate), templates)
    for name, table in TABLES.items():
        with engine.begin() as connection:
            for at in range(0, len(rows[name]), BATCH):
                connection.execute(sa.insert(table), rows[name][at : at + BATCH])
        counts[name] = len(rows[name])
    counts["camera_reports"] = write_camera_reports(engine, now)
    return counts


def write_camera_reports(engine: Engine, now: datetime) -> int:
    """A band report on part of the sessions with the band of the patients who use the camera."""
    statement = sa.text(
        "INSERT INTO camera_reports (session_id, exercise_id, report, frames, updated_at) "
        "SELECT s.id, 'resistance-band', :report, 300, coalesce(s.ended_at, s.started_at) "
        "FROM sessions s "
        "JOIN session_exercises x ON x.session_id = s.id AND x.exercise_id = 'resistance-band' "
        "WHERE get_byte(decode(md5(s.person_id), 'hex'), 0) < :patients "
        "AND get_byte(decode(md5(s.id), 'hex'), 0) < :sessions"
    )
    report = json.dumps(CAMERA_REPORT, separators=(",", ":"), sort_keys=True)
    with engine.begin() as connection:
        result = connection.execute(
            statement,
            {"report": report, "patients": CAMERA_PATIENTS * 16, "sessions": CAMERA_SESSIONS},
        )
    return int(result.rowcount)
