"""`write_atomically`, which `footwork export` streams into: a file whole, or no change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from footwork.cli.common import write_atomically


def test_chunks_are_written_whole(tmp_path):
    target = tmp_path / "out.csv"
    write_atomically(target, iter(["a,", "b\n", "ü\n"]))
    assert target.read_text(encoding="utf-8") == "a,b\nü\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_stream_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("the last good export", encoding="utf-8")

    def chunks() -> Iterator[str]:
        yield '{\n  "format": '
        raise ConnectionError("the database went away")

    with pytest.raises(ConnectionError):
        write_atomically(target, chunks())
    assert target.read_text(encoding="utf-8") == "the last good export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
