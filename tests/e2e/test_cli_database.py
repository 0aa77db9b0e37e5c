"""A --database URL that cannot be used: one line naming the URL and what is wrong, exit 2,
and nothing created."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli import footwork


def refused(url: str, *command: str) -> str:
    result = footwork("--database", url, *(command or ("today",)))
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("notaurl", "is not a database URL"),
        ("mysql://someone@db.example/footwork", "'mysql' databases are not supported"),
        ("postgresql+psycopg://postgres@127.0.0.1:9/nothing", "connection"),
    ],
)
def test_a_url_that_is_not_usable_is_named_with_what_is_wrong(url: str, why: str) -> None:
    line = refused(url)
    assert url.split("://")[-1].split("@")[-1] in line and why in line


def test_the_refusal_is_in_the_terminals_language(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "footwork.db"
    line = refused(f"sqlite:///{target}", "--lang", "de", "today")
    assert f"der Ordner {target.parent} existiert nicht (legen Sie ihn zuerst an" in line
    line = refused("mysql://someone@db.example/footwork", "--lang", "fr", "today")
    assert "les bases de données 'mysql' ne sont pas prises en charge" in line


def test_a_missing_folder_is_an_error_not_a_new_empty_history(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "deeper" / "footwork.db"
    line = refused(f"sqlite:///{target}")
    assert f"the folder {target.parent} does not exist" in line
    assert not (tmp_path / "typo").exists()


def test_a_folder_that_is_a_file_a_folder_given_as_the_database_and_a_file_that_is_not_one(
    tmp_path: Path,
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n")
    assert f"{notes} is a file, not a folder" in refused(f"sqlite:///{notes}/footwork.db")
    assert f"{tmp_path} is a folder, not a database file" in refused(f"sqlite:///{tmp_path}")
    assert "file is not a database" in refused(f"sqlite:///{notes}", "history")
    assert notes.read_text() == "shopping list\n"


def test_the_default_data_folder_is_made_on_first_use_and_a_blocked_one_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOOTWORK_DATABASE_URL")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh" / "data"))
    assert footwork("today", timeout=300).returncode == 0
    assert (tmp_path / "fresh" / "data" / "footwork" / "footwork.db").is_file()

    blocker = tmp_path / "blocked"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "data"))
    result = footwork("today", timeout=300)
    assert result.returncode == 2 and "cannot create the folder" in result.stderr, result.stderr
