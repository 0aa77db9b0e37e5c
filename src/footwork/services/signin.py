"""Logging in and joining with a code, throttled (OWASP's authentication cheat sheet):

- a login is limited per account *and* client address together (PAIR_LIMIT in PAIR_WINDOW),
  so a stranger elsewhere cannot lock a patient out, and per account alone by a looser
  ceiling (ACCOUNT_LIMIT in ACCOUNT_WINDOW) against guessing from many addresses;
- joining (an invite code) is limited per client address (JOIN_LIMIT in JOIN_WINDOW).

Every attempt is recorded before the password or code is checked (footwork.store.throttle),
so a burst of parallel requests gets no more checks than the limit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from footwork.core.language import N_, Plural, Refusal
from footwork.store.accounts import (
    Account,
    AccountError,
    check_credentials,
    login_name,
    set_password,
    verify_login,
)
from footwork.store.clinic import redeem_invite
from footwork.store.repository import Store
from footwork.store.throttle import Limit, claim_attempt, clear_key, throttle_key, withdraw

PAIR_LIMIT, PAIR_WINDOW = 5, timedelta(minutes=15)
ACCOUNT_LIMIT, ACCOUNT_WINDOW = 50, timedelta(hours=1)
JOIN_LIMIT, JOIN_WINDOW = 10, timedelta(minutes=15)


class Throttled(Refusal):
    """Too many attempts: wait and try again (`said`: in a reader's language)."""

    def __init__(self, reason: str, *, retry_after: timedelta) -> None:
        super().__init__(reason, minutes=int(retry_after.total_seconds() // 60))
        self.retry_after = retry_after


def log_in(
    store: Store, username: str, password: str, *, client: str, now: datetime
) -> Account | None:
    """The account when the password is right, None when not; Throttled when this account
    has had too many attempts from this address, or from everywhere."""
    name = login_name(username)
    pair = Limit(throttle_key("login", name, client), PAIR_LIMIT, PAIR_WINDOW)
    ceiling = Limit(throttle_key("account", name), ACCOUNT_LIMIT, ACCOUNT_WINDOW)
    attempt = claim_attempt(store, [pair, ceiling], now=now)
    if attempt is None:
        raise Throttled(
            N_("too many attempts for this account: wait {minutes} minutes and try again"),
            retry_after=PAIR_WINDOW,
        )
    account = verify_login(store, name, password)
    if account is not None:
        # A right password clears this address's count; the account's own count keeps the
        # failures (so a stranger's budget does not reset) but not this success.
        clear_key(store, pair.key)
        withdraw(store, attempt, keys=[ceiling.key])
    return account


def join(
    store: Store, code: str, *, username: str, password: str, client: str, now: datetime
) -> Account:
    """Use an invite code (footwork.store.clinic.redeem_invite), throttled per address.
    AccountError for a refused user name or password (no attempt is spent: the code is not
    looked at), InviteError for a wrong code, Throttled after too many attempts."""
    check_credentials(username, password)
    limit = Limit(throttle_key("join", client), JOIN_LIMIT, JOIN_WINDOW)
    attempt = claim_attempt(store, [limit], now=now)
    if attempt is None:
        raise Throttled(
            N_("too many attempts with codes: wait {minutes} minutes and try again"),
            retry_after=JOIN_WINDOW,
        )
    account = redeem_invite(store, code, username=username, password=password, now=now)
    withdraw(store, attempt)
    return account


class PasswordRefused(Refusal):
    """A password change that did not happen; the message names the field and why (`said`:
    in a reader's language, `sentence` makes it a page's sentence)."""

    def __init__(
        self, reason: str | Plural, *details: str, status_code: int = 422, **values: object
    ) -> None:
        super().__init__(reason, *details, **values)
        self.status_code = status_code

    @classmethod
    def because(cls, refusal: Refusal, *, status_code: int = 422) -> PasswordRefused:
        """This refusal (a throttled login, a password the rules refuse) as the change's."""
        return cls(refusal.reason, *refusal.details, status_code=status_code, **refusal.values)


def change_password(
    store: Store,
    account: Account,
    *,
    current: str,
    new: str,
    new_again: str,
    keep_session: str,
    client: str,
    now: datetime,
) -> None:
    """A new password for a logged-in account: the current one is checked like a login (and
    throttled like one); other browsers are logged out and API tokens revoked. PasswordRefused
    (422, or 429 when throttled) when nothing changed."""
    if new != new_again:
        raise PasswordRefused(N_("New password: the two copies differ."))
    try:
        same = log_in(store, account.username, current, client=client, now=now)
    except Throttled as error:
        raise PasswordRefused.because(error, status_code=429) from None
    if same is None or same.id != account.id:
        raise PasswordRefused(N_("Current password: that is not it."))
    try:
        set_password(store, account.id, new, keep_session=keep_session)
    except AccountError as error:
        raise PasswordRefused.because(error) from None
