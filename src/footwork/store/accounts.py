"""Accounts, browser sessions, login throttling and calendar feeds."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from footwork.core.credentials import CredentialError, check_password, normalise_username
from footwork.core.language import N_, Refusal
from footwork.store import tables as t
from footwork.store.repository import Store, new_id

Role = Literal["owner", "patient", "clinician", "admin"]
HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


class AccountError(Refusal):
    """An account that cannot be created or changed as asked (`said`: why, in a reader's
    language)."""


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    username: str
    role: Role
    person_id: str | None


@dataclass(frozen=True, slots=True)
class BrowserSession:
    token_hash: str
    account: Account | None
    person_id: str | None
    csrf_token: str
    expires_at: datetime

    @property
    def stored(self) -> bool:
        """Whether a row backs it (a login); an anonymous visitor's session is not stored."""
        return bool(self.token_hash)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _account(row: t.Account) -> Account:
    role: Role = row.role if row.role in ("owner", "clinician", "admin") else "patient"  # type: ignore[assignment]
    return Account(row.id, row.username, role, row.person_id)


def check_credentials(username: str, password: str) -> str:
    """The normalised user name, when both it and the password pass the rules
    (footwork.core.credentials); AccountError naming the field otherwise."""
    try:
        name = normalise_username(username)
        check_password(password, user_inputs=[name])
    except CredentialError as error:
        raise AccountError(error.reason, *error.details, **error.values) from None
    return name


def check_new_password(password: str, *, username: str = "") -> None:
    try:
        check_password(password, user_inputs=[username])
    except CredentialError as error:
        raise AccountError(error.reason, *error.details, **error.values) from None


def login_name(username: str) -> str:
    """The name to look up at login: normalised as when it was set, or as typed when it
    could never have been set (it then matches no account)."""
    try:
        return normalise_username(username)
    except CredentialError:
        return username.strip()[:80]


def create_account(
    store: Store, *, username: str, password: str, role: Role, person_id: str | None, now: datetime
) -> Account:
    username = check_credentials(username, password)
    row = t.Account(
        id=new_id(),
        username=username,
        password_hash=HASHER.hash(password),
        role=role,
        person_id=person_id,
        created_at=now,
    )
    try:
        with OrmSession(store.engine, expire_on_commit=False) as orm, orm.begin():
            orm.add(row)
    except IntegrityError:
        raise AccountError(N_("the user name {name} is taken"), name=repr(username)) from None
    return _account(row)


def set_password(
    store: Store, account_id: str, password: str, *, keep_session: str | None = None
) -> None:
    """A new password; every other browser session of the account ends and every API token of
    it (and of its person) is revoked. `keep_session`: the hash of the session that asked."""
    with OrmSession(store.engine) as orm, orm.begin():
        row = orm.get(t.Account, account_id)
        if row is None:
            raise AccountError(N_("no such account"))
        check_new_password(password, username=row.username)
        row.password_hash = HASHER.hash(password)
        end_sign_ins(orm, row, keep_session=keep_session)


def end_sign_ins(orm: OrmSession, account: t.Account, *, keep_session: str | None = None) -> None:
    """Within `orm`'s transaction: log the account out everywhere (but `keep_session`) and
    revoke its API tokens and those of its person."""
    sessions = delete(t.WebSession).where(t.WebSession.account_id == account.id)
    if keep_session is not None:
        sessions = sessions.where(t.WebSession.token_hash != keep_session)
    orm.execute(sessions)
    holder = t.ApiToken.account_id == account.id
    if account.person_id is not None:
        holder = holder | (t.ApiToken.person_id == account.person_id)
    orm.execute(delete(t.ApiToken).where(holder))


def owner_account(store: Store) -> Account | None:
    with OrmSession(store.reader) as orm:
        row = orm.scalars(select(t.Account).where(t.Account.role == "owner").limit(1)).first()
        return _account(row) if row else None


def account_by_name(store: Store, username: str) -> Account | None:
    with OrmSession(store.reader) as orm:
        row = orm.scalars(
            select(t.Account).where(t.Account.username == login_name(username))
        ).first()
        return _account(row) if row else None


def verify_login(store: Store, username: str, password: str) -> Account | None:
    """The account when the password is right. It throttles nothing: call it through
    footwork.services.signin, which records the attempt first."""
    name = login_name(username)
    with OrmSession(store.reader) as orm:
        row = orm.scalars(select(t.Account).where(t.Account.username == name)).first()
        stored = row.password_hash if row else None
    try:
        if stored is None:
            HASHER.hash(password)  # spend the same time whether or not the name exists
            raise VerificationError
        HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    assert row is not None
    if row.deactivated_at is not None:
        return None  # a clinic admin deactivated it
    if HASHER.check_needs_rehash(stored):
        with OrmSession(store.engine) as orm, orm.begin():
            fresh = orm.get(t.Account, row.id)
            if fresh is not None:
                fresh.password_hash = HASHER.hash(password)
    return _account(row)


def open_browser_session(
    store: Store,
    *,
    account: Account | None,
    person_id: str | None,
    now: datetime,
    lifetime: timedelta,
) -> tuple[str, BrowserSession]:
    """A new stored session (for a login); returns the cookie token (kept nowhere else) and
    the session. Expired sessions are cleared out on the way."""
    token = secrets.token_urlsafe(32)
    session = BrowserSession(
        token_hash(token), account, person_id, secrets.token_urlsafe(32), now + lifetime
    )
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(delete(t.WebSession).where(t.WebSession.expires_at <= now))
        orm.add(
            t.WebSession(
                token_hash=session.token_hash,
                account_id=account.id if account else None,
                person_id=person_id,
                csrf_token=session.csrf_token,
                created_at=now,
                expires_at=session.expires_at,
            )
        )
    return token, session


def find_browser_session(store: Store, token: str, *, now: datetime) -> BrowserSession | None:
    with OrmSession(store.reader) as orm:
        row = orm.get(t.WebSession, token_hash(token))
        if row is None or row.expires_at <= now:
            return None
        account = orm.get(t.Account, row.account_id) if row.account_id else None
        return BrowserSession(
            row.token_hash,
            _account(account) if account else None,
            row.person_id,
            row.csrf_token,
            row.expires_at,
        )


def close_browser_session(store: Store, hashed: str) -> None:
    if not hashed:
        return
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(delete(t.WebSession).where(t.WebSession.token_hash == hashed))


def forget_expired_sessions(store: Store, *, now: datetime) -> None:
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(delete(t.WebSession).where(t.WebSession.expires_at <= now))


def new_calendar_feed(store: Store, person_id: str, *, now: datetime) -> str:
    """A new secret feed token for the person; any older one stops working."""
    token = secrets.token_urlsafe(24)
    with OrmSession(store.engine) as orm, orm.begin():
        orm.execute(delete(t.CalendarFeed).where(t.CalendarFeed.person_id == person_id))
        orm.add(t.CalendarFeed(token_hash=token_hash(token), person_id=person_id, created_at=now))
    return token


def calendar_feed_person(store: Store, token: str) -> str | None:
    with OrmSession(store.reader) as orm:
        row = orm.get(t.CalendarFeed, token_hash(token))
        return row.person_id if row else None


def calendar_feed_created(store: Store, person_id: str) -> datetime | None:
    with store.reader.connect() as connection:
        return connection.scalar(
            select(t.CalendarFeed.created_at).where(t.CalendarFeed.person_id == person_id)
        )


TOKEN_PREFIX = "fw_"


@dataclass(frozen=True, slots=True)
class ApiTokenInfo:
    id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True)
class TokenHolder:
    person_id: str | None
    account: Account | None


def create_api_token(
    store: Store, *, person_id: str | None, account: Account | None, name: str, now: datetime
) -> tuple[str, ApiTokenInfo]:
    """A new token; the secret is returned once and only its hash is kept."""
    name = name.strip()[:100] or "API token"
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    info = ApiTokenInfo(new_id(), name, now, None)
    with OrmSession(store.engine) as orm, orm.begin():
        orm.add(
            t.ApiToken(
                token_hash=token_hash(secret),
                public_id=info.id,
                person_id=person_id,
                account_id=account.id if account else None,
                name=name,
                created_at=now,
                last_used_at=None,
            )
        )
    return secret, info


def _holder(person_id: str | None, account_id: str | None) -> Any:
    """Tokens of a person (patients, owners) or of an account without one (clinicians)."""
    if person_id is not None:
        return t.ApiToken.person_id == person_id
    if account_id is not None:
        return (t.ApiToken.account_id == account_id) & t.ApiToken.person_id.is_(None)
    raise ValueError("give a person or an account")


def api_tokens(
    store: Store, *, person_id: str | None = None, account_id: str | None = None
) -> list[ApiTokenInfo]:
    with store.reader.connect() as connection:
        rows = connection.execute(
            select(
                t.ApiToken.public_id,
                t.ApiToken.name,
                t.ApiToken.created_at,
                t.ApiToken.last_used_at,
            )
            .where(_holder(person_id, account_id))
            .order_by(t.ApiToken.created_at)
        ).all()
    return [ApiTokenInfo(*row) for row in rows]


def revoke_api_token(
    store: Store, *, token_id: str, person_id: str | None = None, account_id: str | None = None
) -> bool:
    """Delete one of the holder's tokens; False when they have no such token."""
    with OrmSession(store.engine) as orm, orm.begin():
        result = orm.execute(
            delete(t.ApiToken).where(
                t.ApiToken.public_id == token_id, _holder(person_id, account_id)
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def find_api_token(store: Store, secret: str, *, now: datetime) -> TokenHolder | None:
    """Who holds this token; its last use is noted at most once a minute."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    hashed = token_hash(secret)
    with OrmSession(store.reader) as orm:
        row = orm.get(t.ApiToken, hashed)
        if row is None:
            return None
        account = orm.get(t.Account, row.account_id) if row.account_id else None
        holder = TokenHolder(row.person_id, _account(account) if account else None)
        stale = row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1)
    if stale:
        with OrmSession(store.engine) as orm, orm.begin():
            fresh = orm.get(t.ApiToken, hashed)
            if fresh is not None:
                fresh.last_used_at = now
    return holder
