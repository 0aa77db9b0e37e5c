"""The full export, streamed: the same bytes as `export_history`, written as the rows arrive.

Everything is read in one snapshot (store/export_rows.py). Sessions, with their efforts, are
never turned into models: each session's own fields are plain values serialised in one call by
pydantic-core, the same serialiser `History.model_dump_json` uses, and its efforts are written
from templates (effort_text.py). The CSV rows come from the same functions as
`export_history`'s (csv_rows.py), but for the efforts; the byte-for-byte tests
(tests/integration/test_export_stream.py, tests/unit/test_effort_text.py) hold the two
together.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_json, to_jsonable_python

from footwork.services.csv_rows import (
    COLUMNS,
    balance_csv,
    camera_csv,
    csv_line,
    message_csv,
    pain_csv,
    person_csv,
    program_csv,
    questionnaire_csv,
    session_csv,
)
from footwork.services.effort_text import efforts_csv, efforts_json
from footwork.services.exchange import Format
from footwork.store.export_rows import HistoryRows, SessionRows, snapshot
from footwork.store.repository import Store

CHUNK_CHARS = 64 * 1024
"""Text gathered before it is handed on: large enough to keep writes few."""


def stream_history(store: Store, person_id: str, fmt: Format) -> Iterator[str]:
    """The person's whole history in `fmt`, in chunks of text. LookupError before the first
    chunk when there is no such person. The snapshot stays open until the last chunk is taken
    (or the iterator is closed)."""
    chunks = _chunks(store, person_id, fmt)
    first = next(chunks)  # reads the person: a missing one fails here, not mid-response
    return _prepend(first, chunks)


def _prepend(first: str, rest: Generator[str]) -> Iterator[str]:
    try:
        yield first
        yield from rest
    finally:
        rest.close()


def _chunks(store: Store, person_id: str, fmt: Format) -> Generator[str]:
    with snapshot(store) as connection:
        rows = HistoryRows(connection, person_id)
        person = rows.person()
        if fmt == "json":
            yield from _buffered(_json_parts(rows, person))
        else:
            yield from _buffered(_csv_parts(rows, person))


def _buffered(parts: Iterable[str]) -> Iterator[str]:
    """The first part at once (it proves the person exists), then chunks of CHUNK_CHARS."""
    pending: list[str] = []
    size = 0
    first = True
    for part in parts:
        pending.append(part)
        size += len(part)
        if first or size >= CHUNK_CHARS:
            yield "".join(pending)
            pending, size, first = [], 0, False
    if pending:
        yield "".join(pending)


# -- JSON -------------------------------------------------------------------------------


def _json_parts(rows: HistoryRows, person: BaseModel) -> Iterator[str]:
    """The History document as pydantic writes it with indent=2, part by part."""
    yield '{\n  "format": "footwork-history",\n  "version": 1,\n  "person": '
    yield _nested(person.model_dump_json(indent=2), 2)
    parts: tuple[tuple[str, Callable[[], Iterable[str]]], ...] = (
        ("programs", lambda: _models(rows.programs())),
        ("sessions", lambda: (_session_json(s) for s in rows.sessions())),
        ("pain", lambda: _models(rows.pain())),
        ("balance", lambda: _models(rows.balance())),
        ("questionnaires", lambda: _models(rows.questionnaires())),
        ("messages", lambda: _models(rows.messages())),
    )
    for name, items in parts:
        yield f',\n  "{name}": '
        yield from _json_array(items())
    yield "\n}\n"


def _models(values: Iterable[BaseModel]) -> Iterator[str]:
    return (_nested(value.model_dump_json(indent=2), 4) for value in values)


def _json_array(items: Iterable[str]) -> Iterator[str]:
    """A top-level array of documents, each written with indent=2 and already indented for its
    place in the array."""
    opened = False
    for item in items:
        yield ",\n    " if opened else "[\n    "
        yield item
        opened = True
    yield "\n  ]" if opened else "[]"


def _nested(text: str, spaces: int) -> str:
    # JSON text holds no raw line break inside a string, so every "\n" starts a line.
    return text.replace("\n", "\n" + " " * spaces)


def _session_value(s: SessionRows) -> dict[str, Any]:
    """A session's own fields and plan as plain values, in the order of `SessionRecord`
    (its efforts and camera reports, which follow, are written apart)."""
    return {
        "id": s.id,
        "program_version_id": s.program_version_id,
        "started_at": s.started_at,
        "ended_at": s.ended_at,
        "status": s.status,
        "exercises": [{"exercise_id": e, "planned_efforts": n} for e, n in s.exercises],
    }


def _camera_values(s: SessionRows) -> list[dict[str, Any]]:
    return [
        {
            "exercise_id": exercise_id,
            "frames": frames,
            "updated_at": updated_at,
            "report": json.loads(report),
        }
        for exercise_id, frames, updated_at, report in s.camera
    ]


def _session_json(s: SessionRows) -> str:
    """The session as pydantic writes its `SessionRecord` with indent=2, already indented for
    its place in the sessions array (its efforts are the bulk of the text: not indented again)."""
    head = _nested(to_json(_session_value(s), indent=2).decode(), 4)
    assert head.endswith("\n    }")
    camera = _nested(to_json(_camera_values(s), indent=2).decode(), 6)
    return (
        f'{head[:-6]},\n      "efforts": {efforts_json(s.efforts, indent=6)},'
        f'\n      "camera": {camera}\n    }}'
    )


# -- CSV --------------------------------------------------------------------------------


def _csv_parts(rows: HistoryRows, person: BaseModel) -> Iterator[str]:
    out = io.StringIO()
    cells = csv.writer(out, lineterminator="\n")  # csv.DictWriter's dialect, row by row
    cells.writerow(COLUMNS)

    def written(kinds: Iterable[dict[str, Any]]) -> str:
        cells.writerows(csv_line(record, COLUMNS) for record in kinds)
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    yield written([person_csv(person.model_dump(mode="json"))])
    yield written(program_csv(p.model_dump(mode="json")) for p in rows.programs())
    for session in rows.sessions():
        # The session and its plan, its efforts, then its camera reports.
        head = to_jsonable_python({**_session_value(session), "efforts": [], "camera": []})
        yield written(session_csv(head))
        yield efforts_csv(session.id, session.efforts)
        camera = to_jsonable_python(_camera_values(session))
        yield written(camera_csv(session.id, c) for c in camera)
    for checkin in rows.pain():
        yield written(pain_csv(checkin.model_dump(mode="json")))
    yield written(balance_csv(b.model_dump(mode="json")) for b in rows.balance())
    yield written(questionnaire_csv(q.model_dump(mode="json")) for q in rows.questionnaires())
    yield written(message_csv(m.model_dump(mode="json")) for m in rows.messages())
