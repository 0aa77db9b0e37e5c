"""`footwork account add` and `footwork password`: the same name and password rules as the
web, and a new password revokes the old API tokens."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

from footwork.store.accounts import create_api_token, find_api_token, owner_account
from footwork.store.database import make_engine
from footwork.store.repository import Store

STRONG = "tulip orbit 42 lantern"


def footwork(*args: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footwork", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env={**os.environ, "COLUMNS": "120", "FOOTWORK_PASSWORD": password},
    )


def test_account_add_refuses_weak_passwords_and_look_alike_names():
    weak = footwork("account", "add", "ana", password="aaaaaaaaaa")
    assert weak.returncode != 0 and "too easy to guess" in weak.stdout + weak.stderr
    look_alike = footwork("account", "add", "p\u0430t", password=STRONG)
    assert look_alike.returncode != 0 and "user name" in look_alike.stdout + look_alike.stderr
    good = footwork("account", "add", "Ana", password=STRONG)
    assert good.returncode == 0, good.stderr
    taken = footwork("account", "add", "\uff21\uff4e\uff41", password=STRONG)  # full-width
    assert taken.returncode != 0 and "taken" in taken.stdout + taken.stderr


def test_a_new_password_from_the_cli_revokes_api_tokens():
    assert footwork("password", password=STRONG).returncode == 0
    engine = make_engine(os.environ["FOOTWORK_DATABASE_URL"])
    store = Store(engine)
    owner = owner_account(store)
    assert owner is not None
    now = datetime.now(UTC)
    secret, _ = create_api_token(store, person_id=owner.person_id, account=owner, name="phone",
                                 now=now)  # fmt: skip
    weak = footwork("password", password=" " * 12)
    assert weak.returncode != 0 and "password" in weak.stdout + weak.stderr
    assert find_api_token(store, secret, now=now) is not None
    assert footwork("password", password="a quite different phrase").returncode == 0
    assert find_api_token(store, secret, now=now) is None
    engine.dispose()
