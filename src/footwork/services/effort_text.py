"""A session's efforts as export text, JSON or CSV, without a dict or a CSV row per effort.

A year of history holds tens of thousands of efforts, so the streamed export writes them from
one template per effort, filled column by column. Every value is written as the slow, exact
paths write it: the times come as pydantic writes them (store/export_rows.py), the JSON floats
are formatted by pydantic-core in one call per session, the CSV floats by `repr` as
`effort_csv` does. The strings (ids, exercise ids,
sides, directions, outcomes) go in as they are only when none of them can need escaping in JSON
or quoting in CSV; a session with any other string takes the exact path (a dict per effort for
pydantic-core, a row per effort for the `csv` writer). tests/unit/test_effort_text.py holds the
two paths together.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, repeat
from typing import Any

from pydantic_core import to_json

from footwork.services.csv_rows import COLUMNS, effort_csv
from footwork.store.export_rows import EFFORT_FIELDS

Columns = Sequence[Sequence[Any]]
"""A session's efforts: one sequence per field of EFFORT_FIELDS (the times as the text pydantic
writes for them), or none at all."""

_ID = EFFORT_FIELDS.index("id")
_REPEATED = tuple(
    EFFORT_FIELDS.index(name) for name in ("exercise_id", "side", "direction", "outcome")
)
"""String fields with few distinct values in a session."""
_OPTIONAL = (EFFORT_FIELDS.index("side"), EFFORT_FIELDS.index("direction"))
_FLOATS = (EFFORT_FIELDS.index("planned_s"), EFFORT_FIELDS.index("actual_s"))


def _plain(columns: Columns, *more: str) -> bool:
    """Whether every string is letters, digits, "-" and "_" only: text that JSON writes
    without an escape and CSV without quotes."""
    distinct = set(more).union(*(columns[i] for i in _REPEATED))
    distinct.discard(None)
    text = "".join(chain(distinct, columns[_ID]))
    return text.replace("-", "").replace("_", "").isalnum()


# -- JSON -------------------------------------------------------------------------------


def efforts_json(columns: Columns, *, indent: int) -> str:
    """The efforts as the JSON array `to_json(..., indent=2)` writes for a list of
    `EffortRecord` dicts, its lines after the first indented by `indent` spaces."""
    if not columns or not columns[0]:
        return "[]"
    if not _plain(columns):
        efforts = [dict(zip(EFFORT_FIELDS, e, strict=True)) for e in zip(*columns, strict=True)]
        text = to_json(efforts, indent=2)
        return text.decode().replace("\n", "\n" + " " * indent)
    count = len(columns[0])
    floats = to_json([*columns[_FLOATS[0]], *columns[_FLOATS[1]]]).decode()
    formatted = floats[1:-1].split(",")  # no number holds a comma
    filled = list(columns)
    filled[_FLOATS[0]], filled[_FLOATS[1]] = formatted[:count], formatted[count:]
    for i in _OPTIONAL:
        filled[i] = ["null" if v is None else f'"{v}"' for v in columns[i]]
    return _json_template(indent, count) % tuple(chain.from_iterable(zip(*filled, strict=True)))


@lru_cache(maxsize=64)
def _json_template(indent: int, count: int) -> str:
    """`count` efforts as a JSON array whose `[` is already placed and whose lines are
    indented by `indent` spaces more than pydantic's: a %s per field of each effort, strings
    quoted where they can never be null (filled in one call: no Python step per effort)."""
    quoted = {"id", "exercise_id", "outcome", "started_at", "ended_at"}
    pad = " " * (indent + 4)
    fields = ",\n".join(
        f'{pad}"{name}": ' + ('"%s"' if name in quoted else "%s") for name in EFFORT_FIELDS
    )
    effort = "{\n" + fields + "\n" + " " * (indent + 2) + "}"
    between = ",\n" + " " * (indent + 2)
    return "[" + between[1:] + between.join([effort] * count) + "\n" + " " * indent + "]"


# -- CSV --------------------------------------------------------------------------------

_EFFORT_COLUMNS = frozenset(effort_csv("", dict.fromkeys(EFFORT_FIELDS, 0.0)))
_CSV_FIELDS = tuple(name if name in _EFFORT_COLUMNS else "" for name in COLUMNS[1:])
"""The effort row's cells after `record`, in the export's COLUMNS order ("" for one an effort
leaves empty): the columns `effort_csv` fills."""


def efforts_csv(session_id: str, columns: Columns) -> str:
    """The efforts' CSV lines, as the `csv` writer writes `effort_csv`'s rows."""
    if not columns or not columns[0]:
        return ""
    values = _csv_values(session_id, columns)
    if _plain(columns, session_id):
        cells = zip(*(values[n] for n in _CSV_FIELDS if n), strict=False)
        return _csv_template(len(columns[0])) % tuple(chain.from_iterable(cells))
    out = io.StringIO()
    rows = (("effort", *row) for row in zip(*(values[n] for n in _CSV_FIELDS), strict=False))
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@lru_cache(maxsize=64)
def _csv_template(count: int) -> str:
    """`count` effort rows, a %s per cell that is not always empty."""
    return ("effort," + ",".join("%s" if name else "" for name in _CSV_FIELDS) + "\n") * count


def _csv_values(session_id: str, columns: Columns) -> dict[str, Iterable[str]]:
    """Each cell of the effort rows, by name, as text."""
    field = dict(zip(EFFORT_FIELDS, columns, strict=True))
    return {  # by the export's column names, as effort_csv fills them
        "id": field["id"],
        "parent_id": repeat(session_id),
        "time": field["started_at"],
        "end_time": field["ended_at"],
        "exercise": field["exercise_id"],
        "cue_index": map(str, field["cue_index"]),
        "side": (v or "" for v in field["side"]),
        "direction": (v or "" for v in field["direction"]),
        "rep": map(str, field["rep"]),
        "outcome": field["outcome"],
        "planned_s": map(repr, field["planned_s"]),
        "actual_s": map(repr, field["actual_s"]),
        "": repeat(""),
    }
