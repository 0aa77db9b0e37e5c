"""A session's efforts written from templates are the text the exact paths write: pydantic-core
for a list of effort dicts (JSON), the `csv` writer for `effort_csv`'s rows (CSV)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import to_json, to_jsonable_python

from footwork.services.csv_rows import COLUMNS, csv_cells, effort_csv
from footwork.services.effort_text import efforts_csv, efforts_json
from footwork.store.export_rows import EFFORT_FIELDS

plain = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True)
awkward = st.text(min_size=0, max_size=12)  # quotes, commas, line breaks, backslashes, ...
strings = st.one_of(plain, awkward)
times = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
seconds = st.floats(min_value=0, allow_nan=False, allow_infinity=False)
effort = st.tuples(
    strings, st.integers(0, 10**6), strings, st.one_of(st.none(), strings),
    st.one_of(st.none(), strings), st.integers(1, 10**6), strings, times, times, seconds, seconds,
)  # fmt: skip
sessions = st.lists(effort, max_size=6)


def as_columns(efforts: list[tuple[Any, ...]]) -> tuple[tuple[Any, ...], ...]:
    """The efforts as the export reads them: columns, the times as pydantic writes them."""
    if not efforts:
        return ()
    return tuple(
        tuple(to_jsonable_python(column)) if name in ("started_at", "ended_at") else column
        for name, column in zip(EFFORT_FIELDS, zip(*efforts, strict=True), strict=True)
    )


def json_by_pydantic(efforts: list[tuple[Any, ...]], indent: int) -> str:
    values = [dict(zip(EFFORT_FIELDS, e, strict=True)) for e in efforts]
    return to_json(values, indent=2).decode().replace("\n", "\n" + " " * indent)


def csv_by_writer(session_id: str, efforts: list[tuple[Any, ...]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")  # as exchange.py
    for e in efforts:
        record = to_jsonable_python(dict(zip(EFFORT_FIELDS, e, strict=True)))
        writer.writerow(csv_cells(effort_csv(session_id, record)))
    return out.getvalue()


@given(sessions, st.sampled_from([0, 6]))
def test_efforts_json_is_what_pydantic_writes(efforts, indent):
    assert efforts_json(as_columns(efforts), indent=indent) == json_by_pydantic(efforts, indent)


@given(st.one_of(plain, awkward), sessions)
def test_efforts_csv_is_what_the_csv_writer_writes(session_id, efforts):
    assert efforts_csv(session_id, as_columns(efforts)) == csv_by_writer(session_id, efforts)


def test_plain_values_and_awkward_ones_both_come_out_exact():
    at = datetime(2026, 3, 1, 7, 30, tzinfo=UTC)
    ordinary = ("e1", 0, "toe-presses", "left", None, 1, "done", at, at, 1e-05, 1e16)
    quoted = ("e2", 1, 'toe "presses",\nnext\\', None, "clock\twise", 2, "done", at,
              at.replace(microsecond=120000), 0.1 + 0.2, 0.0)  # fmt: skip
    for efforts in ([ordinary], [ordinary, quoted]):
        assert efforts_json(as_columns(efforts), indent=6) == json_by_pydantic(efforts, 6)
        assert efforts_csv("s-1", as_columns(efforts)) == csv_by_writer("s-1", efforts)
    assert efforts_json((), indent=6) == "[]" and efforts_csv("s-1", ()) == ""
