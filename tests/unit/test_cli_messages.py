"""Messages the commands print keep every character a person needs to read."""

from __future__ import annotations

import pytest

from footwork.cli.common import fail
from footwork.vision.pose import INSTALL_HINT


def test_an_error_with_brackets_is_printed_as_written_on_one_line(capsys) -> None:
    message = f"{INSTALL_HINT} [and a [bold]note[/bold]]"
    exit_ = fail(message)
    assert exit_.exit_code == 2
    printed = capsys.readouterr().err
    assert "pip install 'footwork[vision]'" in printed
    assert printed == f"error: {message}\n"


@pytest.mark.parametrize("width", [40, 200])
def test_a_long_error_is_not_broken_into_lines(capsys, monkeypatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    fail("sqlite:////a/very/long/path/" + "x" * 120 + ".db: the folder does not exist")
    assert capsys.readouterr().err.count("\n") == 1
