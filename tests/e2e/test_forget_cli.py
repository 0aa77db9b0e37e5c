"""`footwork forget`: everything of the person goes, after a confirmation or --yes."""

from __future__ import annotations

import os
import subprocess
import sys

from footwork.store.database import ensure_schema, make_engine
from footwork.store.erasure import Who
from footwork.store.repository import Store
from tests.fill import counts_of, fill_owner
from tests.integration.test_erasure import values_left


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footwork", "--database", url, *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip


def filled(url: str):
    engine = make_engine(url)
    ensure_schema(engine)
    store = Store(engine)
    person_id, account = fill_owner(store, "me")
    return url, store, Who(person_id, (account.id,)), account


def test_forget_yes_erases_every_row_and_says_what(database_url):
    url, store, who, account = filled(database_url)
    result = run(url, "forget", "--yes")
    assert result.returncode == 0, result.stderr
    assert "2 sessions" in result.stdout
    assert "4 efforts" in result.stdout
    assert "1 account" in result.stdout
    assert "footwork password" in result.stdout
    assert set(counts_of(store, who).values()) == {0}
    assert values_left(store, {who.person_id, account.id}) == []
    store.engine.dispose()


def test_forget_without_a_terminal_or_yes_refuses_and_keeps_everything(tmp_path):
    url, store, who, _ = filled(f"sqlite:///{tmp_path / 'fw.db'}")
    before = counts_of(store, who)
    result = run(url, "forget")
    assert result.returncode == 2
    assert "--yes" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert counts_of(store, who) == before
    store.engine.dispose()


def test_forget_offers_export_in_its_help(tmp_path):
    result = run(f"sqlite:///{tmp_path / 'fw.db'}", "forget", "--help")
    assert result.returncode == 0
    assert "footwork export" in result.stdout
