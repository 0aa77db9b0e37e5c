"""Export and import of a person's history as JSON or CSV.

JSON is the History document itself. CSV is one table a spreadsheet can open: a `record`
column says what each row is (person, program, session, session_exercise, effort, camera (a
camera report, its JSON in `data`), pain, pain_score, balance, questionnaire, message) and the
other columns hold that record's fields, empty where they do not apply. Both formats carry
everything, so either one imported into an empty database and exported again gives the same
file. (Camera landmark batches are not exported: see docs/camera.md.)
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from pydantic import ValidationError

from footwork.core.language import N_, UNTRANSLATED, Message, Translator, say
from footwork.core.program_problems import problem_message
from footwork.core.records import History
from footwork.services.csv_rows import (
    COLUMNS,
    balance_csv,
    csv_cells,
    message_csv,
    pain_csv,
    person_csv,
    program_csv,
    questionnaire_csv,
    session_csv,
)

Format = Literal["json", "csv"]


class ImportFileError(ValueError):
    """An import file that cannot be used; names the line or field of every problem (each a
    `Message` where we wrote it: `said` gives them in a reader's language)."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))

    def __str__(self) -> str:
        return self.said(UNTRANSLATED)

    def said(self, text: Translator) -> str:
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        lines = [f"{self.source}: {say(p, text)}" for p in shown]
        if more:
            said = text.ngettext("... and {n} more problem", "... and {n} more problems", more)
            lines.append(f"{self.source}: {said.format(n=more)}")
        return "\n".join(lines)


def export_history(history: History, fmt: Format) -> str:
    if fmt == "json":
        return history.model_dump_json(indent=2) + "\n"
    return _to_csv(history)


def parse_history(text: str, fmt: Format, *, source: str) -> History:
    """Read and validate a whole export; ImportFileError on any problem, before any write."""
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            said = Message(
                N_("line {line}: not valid JSON ({reason})"),
                {"line": error.lineno, "reason": error.msg},
            )
            raise ImportFileError(source, [said]) from None
        return _validate(data, source, _json_location)
    data, lines = _from_csv(text, source)
    return _validate(data, source, lambda loc: _csv_location(loc, lines))


def _validate(data: Any, source: str, where: Any) -> History:
    try:
        return History.model_validate(data)
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            loc = problem["loc"]
            place = where(loc) if loc else Message(N_("document"))
            problems.append(
                Message(
                    N_("{place}: {problem}"), {"place": place, "problem": problem_message(problem)}
                )
            )
        raise ImportFileError(source, problems) from None


# -- CSV ------------------------------------------------------------------------------


def _csv_rows(history: History) -> Iterator[dict[str, Any]]:
    doc = history.model_dump(mode="json")
    yield person_csv(doc["person"])
    for p in doc["programs"]:
        yield program_csv(p)
    for s in doc["sessions"]:
        yield from session_csv(s)
    for c in doc["pain"]:
        yield from pain_csv(c)
    for b in doc["balance"]:
        yield balance_csv(b)
    for q in doc["questionnaires"]:
        yield questionnaire_csv(q)
    for m in doc["messages"]:
        yield message_csv(m)


def _to_csv(history: History) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _csv_rows(history):
        writer.writerow(csv_cells(row))
    return out.getvalue()


# Where each part of the History came from: loc prefix -> CSV line number.
Lines = dict[tuple[Any, ...], int]


def _from_csv(text: str, source: str) -> tuple[dict[str, Any], Lines]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "record" not in reader.fieldnames:
        raise ImportFileError(
            source, [Message(N_("line 1: expected a header row with a 'record' column"))]
        )
    missing = [c for c in COLUMNS if c not in reader.fieldnames]
    if missing:
        said = Message(N_("line 1: missing column(s) {columns}"), {"columns": ", ".join(missing)})
        raise ImportFileError(source, [said])
    doc: dict[str, Any] = {
        "programs": [],
        "sessions": [],
        "pain": [],
        "balance": [],
        "questionnaires": [],
        "messages": [],
    }
    lines: Lines = {}
    sessions: dict[str, dict[str, Any]] = {}
    checkins: dict[str, dict[str, Any]] = {}
    problems = []
    for row in reader:
        line = reader.line_num
        cell = {k: (v if v != "" else None) for k, v in row.items() if k in COLUMNS}
        kind = cell["record"]
        try:
            _place(kind, cell, doc, sessions, checkins, lines, line)
        except (KeyError, ValueError) as error:
            detail = error.args[0] if error.args else str(error)  # a Message, where ours
            values = {"line": line, "kind": kind, "problem": detail}
            problems.append(Message(N_("line {line} ({kind}): {problem}"), values))
    if "person" not in doc:
        problems.append(Message(N_("no 'person' row")))
    if problems:
        raise ImportFileError(source, problems)
    return doc, lines


def _data(c: dict[str, Any]) -> Any:
    """The row's `data` column read as JSON; ValueError naming the column when it is not."""
    try:
        return json.loads(c["data"] or "")
    except json.JSONDecodeError as error:
        raise ValueError(
            Message(N_("data: not valid JSON ({reason})"), {"reason": error.msg})
        ) from None


def _place(
    kind: str | None,
    c: dict[str, Any],
    doc: dict[str, Any],
    sessions: dict[str, dict[str, Any]],
    checkins: dict[str, dict[str, Any]],
    lines: Lines,
    line: int,
) -> None:
    if kind == "person":
        if "person" in doc:
            raise ValueError(Message(N_("a second 'person' row; an export holds one person")))
        doc["person"] = {
            "id": c["id"],
            "display_name": c["name"],
            "birth_year": c["birth_year"],
            "timezone": c["timezone"],
        }
        lines[("person",)] = line
    elif kind == "program":
        program = _data(c)
        lines[("programs", len(doc["programs"]))] = line
        doc["programs"].append(
            {
                "id": c["id"],
                "version": c["version"],
                "created_at": c["time"],
                "program": program,
                "note": c["note"],
                "starts_on": c.get("starts_on"),
            }
        )
    elif kind == "session":
        session = {
            "id": c["id"],
            "program_version_id": c["parent_id"],
            "started_at": c["time"],
            "ended_at": c["end_time"],
            "status": c["status"],
            "exercises": [],
            "efforts": [],
            "camera": [],
        }
        lines[("sessions", len(doc["sessions"]))] = line
        sessions[c["id"]] = session
        doc["sessions"].append(session)
    elif kind == "camera":
        parent = sessions.get(c["parent_id"])
        if parent is None:
            raise KeyError(_no_parent(c, N_("parent_id {id} names no session above this line")))
        data = _data(c)
        if not isinstance(data, dict):
            raise ValueError(
                Message(N_("data: expected {shape}"), {"shape": "{'frames': ..., 'report': {...}}"})
            )
        index = doc["sessions"].index(parent)
        lines[("sessions", index, "camera", len(parent["camera"]))] = line
        parent["camera"].append(
            {
                "exercise_id": c["exercise"],
                "updated_at": c["time"],
                "frames": data.get("frames"),
                "report": data.get("report"),
            }
        )
    elif kind in ("session_exercise", "effort"):
        parent = sessions.get(c["parent_id"])
        if parent is None:
            raise KeyError(_no_parent(c, N_("parent_id {id} names no session above this line")))
        index = doc["sessions"].index(parent)
        if kind == "session_exercise":
            lines[("sessions", index, "exercises", len(parent["exercises"]))] = line
            parent["exercises"].append(
                {"exercise_id": c["exercise"], "planned_efforts": c["planned"]}
            )
        else:
            lines[("sessions", index, "efforts", len(parent["efforts"]))] = line
            parent["efforts"].append(
                {
                    "id": c["id"],
                    "cue_index": c["cue_index"],
                    "exercise_id": c["exercise"],
                    "side": c["side"],
                    "direction": c["direction"],
                    "rep": c["rep"],
                    "outcome": c["outcome"],
                    "started_at": c["time"],
                    "ended_at": c["end_time"],
                    "planned_s": c["planned_s"],
                    "actual_s": c["actual_s"],
                }
            )
    elif kind == "pain":
        checkin = {
            "id": c["id"],
            "recorded_at": c["time"],
            "context": c["context"],
            "session_id": c["parent_id"],
            "note": c["note"],
            "scores": {},
        }
        lines[("pain", len(doc["pain"]))] = line
        checkins[c["id"]] = checkin
        doc["pain"].append(checkin)
    elif kind == "pain_score":
        owner = checkins.get(c["parent_id"])
        if owner is None:
            raise KeyError(_no_parent(c, N_("parent_id {id} names no pain row above this line")))
        lines[("pain", doc["pain"].index(owner), "scores", c["region"])] = line
        owner["scores"][c["region"]] = c["score"]
    elif kind == "balance":
        eyes = {"true": True, "false": False}.get((c["eyes_closed"] or "").lower())
        if eyes is None:
            raise ValueError(
                Message(
                    N_("eyes_closed: expected true or false, got {value}"),
                    {"value": repr(c["eyes_closed"])},
                )
            )
        lines[("balance", len(doc["balance"]))] = line
        doc["balance"].append(
            {
                "id": c["id"],
                "recorded_at": c["time"],
                "eyes_closed": eyes,
                "left_s": c["left_s"],
                "right_s": c["right_s"],
                "note": c["note"],
            }
        )
    elif kind == "questionnaire":
        psfs = _data(c)
        lines[("questionnaires", len(doc["questionnaires"]))] = line
        # The GROC sits in the score column (empty on a first questionnaire).
        doc["questionnaires"].append(
            {"id": c["id"], "answered_at": c["time"], "psfs": psfs, "groc": c["score"]}
        )
    elif kind == "message":
        attached = _data(c) if c["data"] else {}
        if not isinstance(attached, dict):
            raise ValueError(
                Message(
                    N_("data: expected {shape}"),
                    {"shape": '{"session_id": ...} or {"checkin_id": ...}'},
                )
            )
        lines[("messages", len(doc["messages"]))] = line
        doc["messages"].append(
            {
                "id": c["id"],
                "side": c["status"],
                "author_name": c["name"],
                "body": c["note"],
                "created_at": c["time"],
                "session_id": attached.get("session_id"),
                "checkin_id": attached.get("checkin_id"),
            }
        )
    else:
        raise ValueError(Message(N_("record: unknown kind {kind}"), {"kind": repr(kind)}))


def _no_parent(c: dict[str, Any], template: str) -> Message:
    return Message(template, {"id": repr(c["parent_id"])})


def _json_location(loc: tuple[Any, ...]) -> Message:
    return Message(N_("field {path}"), {"path": ".".join(str(p) for p in loc)})


def _csv_location(loc: tuple[Any, ...], lines: Lines) -> Message:
    """The CSV line behind a validation error's location, with the field that failed."""
    for size in range(len(loc), 0, -1):
        line = lines.get(tuple(loc[:size]))
        if line is not None:
            rest = loc[size:]
            if not rest and len(loc) >= 2 and loc[-2] == "scores":
                rest = ("score",)  # a pain_score row holds one value: its score
            if not rest:
                return Message(N_("line {line}, row"), {"line": line})
            return Message(
                N_("line {line}, {field}"), {"line": line, "field": ".".join(map(str, rest))}
            )
    return _json_location(loc)
