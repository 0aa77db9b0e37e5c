"""The CSV rows of the export, one function per kind of record: from a record's JSON form
(`model_dump(mode="json")`) to the row `services/exchange.py` and the streaming export
(`services/export_stream.py`) both write."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

# The export's columns, in order: every kind of record fills some of them.
COLUMNS = (
    "record",
    "id",
    "parent_id",
    "time",
    "end_time",
    "version",
    "status",
    "position",
    "exercise",
    "planned",
    "cue_index",
    "side",
    "direction",
    "rep",
    "outcome",
    "planned_s",
    "actual_s",
    "context",
    "region",
    "score",
    "eyes_closed",
    "left_s",
    "right_s",
    "name",
    "birth_year",
    "timezone",
    "note",
    "data",
    "starts_on",
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def person_csv(person: dict[str, Any]) -> dict[str, Any]:
    return {
        "record": "person",
        "id": person["id"],
        "name": person["display_name"],
        "birth_year": person["birth_year"],
        "timezone": person["timezone"],
    }


def program_csv(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "record": "program",
        "id": p["id"],
        "version": p["version"],
        "time": p["created_at"],
        "note": p["note"],
        "data": json.dumps(p["program"], separators=(",", ":")),
        "starts_on": p["starts_on"],
    }


def session_csv(s: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A session's row, then its planned exercises, efforts and camera reports."""
    yield {
        "record": "session",
        "id": s["id"],
        "parent_id": s["program_version_id"],
        "time": s["started_at"],
        "end_time": s["ended_at"],
        "status": s["status"],
    }
    for position, planned in enumerate(s["exercises"]):
        yield {
            "record": "session_exercise",
            "parent_id": s["id"],
            "position": position,
            "exercise": planned["exercise_id"],
            "planned": planned["planned_efforts"],
        }
    for e in s["efforts"]:
        yield effort_csv(s["id"], e)
    for c in s["camera"]:
        yield camera_csv(s["id"], c)


def effort_csv(session_id: str, e: dict[str, Any]) -> dict[str, Any]:
    return {
        "record": "effort",
        "id": e["id"],
        "parent_id": session_id,
        "cue_index": e["cue_index"],
        "exercise": e["exercise_id"],
        "side": e["side"],
        "direction": e["direction"],
        "rep": e["rep"],
        "outcome": e["outcome"],
        "time": e["started_at"],
        "end_time": e["ended_at"],
        "planned_s": repr(e["planned_s"]),
        "actual_s": repr(e["actual_s"]),
    }


def camera_csv(session_id: str, c: dict[str, Any]) -> dict[str, Any]:
    return {
        "record": "camera",
        "parent_id": session_id,
        "exercise": c["exercise_id"],
        "time": c["updated_at"],
        "data": json.dumps({"frames": c["frames"], "report": c["report"]}, separators=(",", ":")),
    }


def pain_csv(c: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A check-in's row, then one row per region scored."""
    yield {
        "record": "pain",
        "id": c["id"],
        "parent_id": c["session_id"],
        "time": c["recorded_at"],
        "context": c["context"],
        "note": c["note"],
    }
    for region, score in c["scores"].items():
        yield {"record": "pain_score", "parent_id": c["id"], "region": region, "score": score}


def balance_csv(b: dict[str, Any]) -> dict[str, Any]:
    return {
        "record": "balance",
        "id": b["id"],
        "time": b["recorded_at"],
        "eyes_closed": b["eyes_closed"],
        "left_s": b["left_s"],
        "right_s": b["right_s"],
        "note": b["note"],
    }


def questionnaire_csv(q: dict[str, Any]) -> dict[str, Any]:
    return {
        "record": "questionnaire",
        "id": q["id"],
        "time": q["answered_at"],
        "score": q["groc"],
        "data": json.dumps(q["psfs"], ensure_ascii=False),
    }


def message_csv(m: dict[str, Any]) -> dict[str, Any]:
    attached = {k: m[k] for k in ("session_id", "checkin_id") if m[k] is not None}
    return {
        "record": "message",
        "id": m["id"],
        "time": m["created_at"],
        "status": m["side"],
        "name": m["author_name"],
        "note": m["body"],
        "data": json.dumps(attached) if attached else "",
    }


def csv_cells(row: dict[str, Any]) -> dict[str, str]:
    """A row's values as the CSV writes them."""
    return {key: _text(value) for key, value in row.items()}


def csv_line(row: dict[str, Any], columns: Sequence[str]) -> list[str]:
    """The row's cells in the order of `columns`, empty where it has no value: what
    `csv.DictWriter(fieldnames=columns).writerow(csv_cells(row))` writes, without the
    DictWriter's check for keys outside `columns` (every row here is made by this module)."""
    places = _places(tuple(columns))
    cells = [""] * len(places)
    for key, value in row.items():
        if (place := places.get(key)) is not None:
            cells[place] = _text(value)
    return cells


@cache
def _places(columns: tuple[str, ...]) -> dict[str, int]:
    return {key: place for place, key in enumerate(columns)}
