"""Attempt counting for logins and invite codes, safe across threads, worker processes and hosts.

An attempt is written and committed *before* the slow check it guards (argon2, a code
look-up), and only then are the attempts in the window counted. Of N attempts at once under
one key, the k-th to commit counts at least k rows, so no more than the limit get through,
whatever the database (PostgreSQL at READ COMMITTED, or SQLite) and however many processes
share it. Attempts that are turned away are withdrawn again, so that hammering a closed door
does not hold it closed for others (see docs/security.md, "Accounts").

The rows live in the `login_failures` table (its `username` column holds the key).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as OrmSession

from footwork.store import tables as t
from footwork.store.repository import Store, new_id


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `attempts` under `key` within `window`."""

    key: str
    attempts: int
    window: timedelta


def throttle_key(kind: str, *parts: str) -> str:
    """A fixed-length key for the parts (a user name, an address): fits the 80-character
    column and keeps no user name or address in the clear."""
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]
    return f"{kind}:{digest}"


@dataclass(frozen=True, slots=True)
class Attempt:
    """A recorded attempt: the row id under each limit's key."""

    ids: dict[str, str]


def claim_attempt(store: Store, limits: Sequence[Limit], *, now: datetime) -> Attempt | None:
    """Record one attempt under every limit's key, then count: the attempt when every key is
    within its limit, None (the attempt withdrawn) when any is over."""
    attempt = Attempt({limit.key: new_id() for limit in limits})
    with OrmSession(store.engine) as orm, orm.begin():
        for limit in limits:
            orm.add(t.LoginFailure(id=attempt.ids[limit.key], username=limit.key, at=now))
    # A new transaction after the commit, on the primary: it sees every attempt committed so far.
    with store.engine.connect() as connection:
        over = any(
            (
                connection.scalar(
                    select(func.count())
                    .select_from(t.LoginFailure)
                    .where(
                        t.LoginFailure.username == limit.key,
                        t.LoginFailure.at > now - limit.window,
                    )
                )
                or 0
            )
            > limit.attempts
            for limit in limits
        )
    if over:
        withdraw(store, attempt)
        return None
    return attempt


def withdraw(store: Store, attempt: Attempt, *, keys: Sequence[str] | None = None) -> None:
    """Take the attempt back (under `keys`, or all of its keys): it no longer counts."""
    ids = [attempt.ids[key] for key in (keys if keys is not None else attempt.ids)]
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(delete(t.LoginFailure).where(t.LoginFailure.id.in_(ids)))


def clear_key(store: Store, key: str) -> None:
    """Forget every attempt under `key` (after a successful login from that address)."""
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(delete(t.LoginFailure).where(t.LoginFailure.username == key))


def forget_old_attempts(store: Store, *, before: datetime) -> None:
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(delete(t.LoginFailure).where(t.LoginFailure.at < before))
