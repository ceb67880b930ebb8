"""Accounts: registration, login with throttling, tokens."""

from __future__ import annotations

import datetime as dt
import math
import secrets
from dataclasses import dataclass
from typing import Protocol

import peewee as pw

from chatdesk.services import passwords, validation
from chatdesk.services.errors import ServiceError, invalid
from chatdesk.store import write_transaction
from chatdesk.store.db import advisory_lock, run
from chatdesk.store.models import Chat, LoginAttempt, Token, User, utcnow

MAX_FAILURES = 5
THROTTLE_WINDOW = dt.timedelta(minutes=15)
TOKEN_LIFETIME = dt.timedelta(days=30)


class AccountRef(Protocol):
    """Whom a service acts for: all it needs is the account's id. A signed-in :class:`Account`
    (the windows) or the store's row (the API, the command line) both are one."""

    @property
    def id(self) -> int: ...


@dataclass(frozen=True)
class Account:
    """A signed-in person as the windows hold them: a value, not a database row."""

    id: int
    username: str


@dataclass(frozen=True)
class Session:
    """A signed-in user and the token that proves it."""

    user: Account
    token: str


def register(username: str | None, password: str | None, *, min_password: int = 6) -> User:
    """Create an account. Raises 1001/1002 for bad input, -1 when the name is taken."""
    name = validation.new_username(username)
    secret = validation.password(password, min_len=min_password)
    key = validation.username_key(name)
    if User.select().where(User.username_key == key).exists():
        raise ServiceError(-1)
    hashed = passwords.hash_password(secret)  # slow: outside the write lock
    try:
        with write_transaction():
            return User.create(username=name, username_key=key, password_hash=hashed)
    except pw.IntegrityError:
        raise ServiceError(-1) from None


_USER_BY_KEY = 'SELECT id, username, username_key FROM "user" WHERE username_key IN (?, ?)'


def _keys(name: str) -> tuple[str, str]:
    """The keys ``name`` may be stored under: its own, and the legacy key of an account that
    kept its exact name when the key's rule changed (schema v9, see docs/api-differences.md)."""
    return validation.username_key(name), validation.legacy_key(name)


def find_user(username: str | None) -> User:
    """The user named ``username`` (any case). Raises 1001/1002, or 2005 when there is none."""
    name = validation.username(username)
    rows = run(_USER_BY_KEY, _keys(name)).fetchall()
    if not rows:
        raise ServiceError(2005, username=name)
    row = max(rows, key=lambda r: r[2].startswith(validation.LEGACY_PREFIX))  # exact name first
    # __no_default__: no defaults to compute for the fields not read (created_at: utcnow())
    return User(__no_default__=True, id=row[0], username=row[1], username_key=row[2])


def find_account(name: str) -> User | None:
    """The account ``name`` (validated) signs in to, or None; an exact legacy name first."""
    users = list(User.select().where(User.username_key.in_(_keys(name))))
    if not users:
        return None
    return max(users, key=lambda u: u.username_key.startswith(validation.LEGACY_PREFIX))


def _check_throttle(key: str, now: dt.datetime) -> None:
    since = now - THROTTLE_WINDOW
    recent = (
        LoginAttempt.select(LoginAttempt.attempted_at)
        .where(LoginAttempt.username_key == key, LoginAttempt.attempted_at > since)
        .order_by(LoginAttempt.attempted_at.desc())
        .limit(MAX_FAILURES)
    )
    times = [row.attempted_at for row in recent]
    if len(times) >= MAX_FAILURES:
        # the oldest of the last MAX_FAILURES failures leaves the window first
        retry = max(1, math.ceil((times[-1] + THROTTLE_WINDOW - now).total_seconds()))
        raise ServiceError(2003, headers={"Retry-After": str(retry)}, retry_after=retry)


def login(username: str | None, password: str | None, *, now: dt.datetime | None = None) -> Session:
    """Check a password and issue a token.

    Raises -2 for a wrong name or password (one answer for both, in the same time) and 2003 after
    :data:`MAX_FAILURES` failures for one name within :data:`THROTTLE_WINDOW`, or when no hashing
    slot is free in time. The try is counted before its hash runs, in one transaction with the
    check (serialised per name across processes), so that concurrent wrong passwords never get
    more than :data:`MAX_FAILURES` checked; a right password clears the count.
    """
    now = now or utcnow()
    name = validation.username(username)
    secret = validation.password(password, min_len=1)
    key = validation.username_key(name)
    if len(key) > validation.USERNAME_KEY_MAX:  # a legacy account's name (schema v9)
        key = validation.legacy_key(name)
    with write_transaction(), advisory_lock(f"chatdesk-login:{key}"):
        _check_throttle(key, now)
        attempt = LoginAttempt.create(username_key=key, attempted_at=now)
    try:
        user = find_account(name)
        if user is None:
            passwords.burn_verify(secret)
            ok = False
        else:
            ok = passwords.verify_password(secret, user.password_hash)
    except ServiceError:  # no hashing slot: nothing was checked, so the try does not count
        with write_transaction():
            LoginAttempt.delete().where(LoginAttempt.id == attempt.id).execute()
        raise
    with write_transaction():
        if not ok:
            LoginAttempt.delete().where(LoginAttempt.attempted_at < now - THROTTLE_WINDOW).execute()
        else:
            LoginAttempt.delete().where(LoginAttempt.username_key == key).execute()
            Token.delete().where(Token.expires_at < now).execute()
            token = secrets.token_urlsafe(32)
            Token.create(
                user=user,
                token_hash=passwords.token_hash(token),
                created_at=now,
                expires_at=now + TOKEN_LIFETIME,
            )
    if not ok:
        raise ServiceError(-2)
    assert user is not None
    return Session(user=Account(user.id, user.username), token=token)


def user_for_token(token: str | None, *, now: dt.datetime | None = None) -> User:
    """The user a live token belongs to; raises 2004 otherwise."""
    if not token:
        raise ServiceError(2004)
    now = now or utcnow()
    row = (
        Token.select(Token, User)
        .join(User)
        .where(Token.token_hash == passwords.token_hash(token), Token.expires_at > now)
        .first()
    )
    if row is None:
        raise ServiceError(2004)
    user: User = row.user
    return user


def logout(token: str | None, *, now: dt.datetime | None = None) -> None:
    """Revoke a token; raises 2004 if it is not a live one (an expired token is deleted all the
    same, and answered 2004 like any other token that no longer works)."""
    if not token:
        raise ServiceError(2004)
    now = now or utcnow()
    digest = passwords.token_hash(token)
    with write_transaction():
        live = Token.select().where(Token.token_hash == digest, Token.expires_at > now).exists()
        Token.delete().where(Token.token_hash == digest).execute()
    if not live:
        raise ServiceError(2004)


def _check_password(user: AccountRef, password: str | None) -> User:
    """``user``'s row; raises 2006 unless ``password`` is theirs (a signed-in person confirming
    a change), 2005 when the account is gone."""
    secret = validation.password(password, min_len=1)
    row = User.get_or_none(User.id == user.id)
    if row is None:
        raise ServiceError(2005, username=getattr(user, "username", ""))
    if not passwords.verify_password(secret, row.password_hash):
        raise ServiceError(2006)
    return row


def change_password(
    user: AccountRef, current: str | None, new: str | None, *, min_password: int = 6
) -> None:
    """Replace ``user``'s password after checking the current one (2006 if wrong). Every token
    of theirs is revoked: API clients sign in again with the new password."""
    secret = validation.password(new, min_len=min_password)
    _check_password(user, current)
    hashed = passwords.hash_password(secret)  # slow: outside the write lock
    with write_transaction():
        User.update(password_hash=hashed).where(User.id == user.id).execute()
        Token.delete().where(Token.user == user.id).execute()


def delete_account(user: AccountRef, password: str | None) -> int:
    """Delete ``user`` with every chat, message and token of theirs, after checking their
    password (2006 if wrong). Returns how many chats went with the account."""
    row = _check_password(user, password)
    with write_transaction():
        chats = Chat.select().where(Chat.user == user.id).count()
        Chat.delete().where(Chat.user == user.id).execute()  # messages cascade
        Token.delete().where(Token.user == user.id).execute()
        LoginAttempt.delete().where(LoginAttempt.username_key == row.username_key).execute()
        User.delete().where(User.id == user.id).execute()
    return int(chats)


def resolve_user(username: str | None, token_user: User | None) -> User:
    """The user a request acts for: the token's (``username`` must match it) or ``username``'s."""
    if token_user is None:
        return find_user(username)
    if (
        username
        and username != token_user.username  # a legacy account's exact name (schema v9)
        and validation.username_key(username) != token_user.username_key
    ):
        raise invalid("username", "token_user")
    return token_user
