"""AI apps (the MCP server, issue 24): app tokens, the "let AI apps save" option, and the reads
the MCP tools need beside the other services (a chat's messages by page, a chat as Markdown).

An app token is made in the desktop app for one AI app: named, listed, revocable, stored as its
SHA-256 only, without expiry until revoked. It starts with :data:`APP_TOKEN_PREFIX`, so that a
request's token is looked up in one table: an app token in ``app_token``, any other as a login
token (``services.accounts``). ``last_used_at`` is written at most once a
:data:`LAST_USED_STEP`, so a busy app costs no write a call.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import peewee as pw

from chatdesk.services import accounts, passwords, prompts, validation
from chatdesk.services.accounts import AccountRef
from chatdesk.services.chats import MessageRow, live_chats
from chatdesk.services.errors import ServiceError, invalid
from chatdesk.services.events import Change, publish
from chatdesk.store import write_transaction
from chatdesk.store.db import is_postgres, opened_url, run, sqlite_path, stored_time
from chatdesk.store.models import AppToken, Chat, Message, Prompt, User, UserOption, utcnow

APP_TOKEN_PREFIX = "cdapp_"
#: An app's name as the token list shows it.
NAME_MAX = 64
#: App tokens an account has at most (each is a way in: a list that grows unseen is a risk).
TOKENS_MAX = 50
LAST_USED_STEP = dt.timedelta(minutes=1)
WRITES_KEY = "ai_writes"
#: The :class:`~chatdesk.services.events.Change` kind announced when an account's option changes.
OPTION_CHANGE = "option"
#: Messages one statement reads where a chat is read piece by piece (:func:`chat_markdown`).
#: PostgreSQL hands a statement's whole result to the client at once (psycopg2's cursors are
#: client-side), so what the MCP server holds of a chat is bounded only if each statement is.
READ_PAGE = 100


@dataclass(frozen=True)
class AppTokenInfo:
    """An app token as the list shows it (never the token itself)."""

    id: int
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


@dataclass(frozen=True)
class Caller:
    """Who calls the MCP server: the account, and the app's name (None: a login token)."""

    user: User
    app: str | None = None


def create_app_token(user: AccountRef, name: str | None) -> tuple[AppTokenInfo, str]:
    """A new app token for ``user`` named ``name``; returns its row and the token, which is shown
    once and never stored. Raises 1001/1002 for a bad name or past :data:`TOKENS_MAX`."""
    text = validation.text(name, "name", max_len=NAME_MAX).strip()
    if not text:
        raise ServiceError(1001, field="name")
    token = APP_TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    with write_transaction():
        if AppToken.select().where(AppToken.user == user.id).count() >= TOKENS_MAX:
            raise invalid("name", "range", min=1, max=TOKENS_MAX)
        row = AppToken.create(
            user=user.id, name=text, token_hash=passwords.token_hash(token), created_at=now
        )
    return AppTokenInfo(row.id, text, now, None), token


def list_app_tokens(user: AccountRef) -> list[AppTokenInfo]:
    """``user``'s app tokens, newest first."""
    rows = AppToken.select().where(AppToken.user == user.id).order_by(AppToken.id.desc())
    return [AppTokenInfo(r.id, r.name, r.created_at, r.last_used_at) for r in rows]


def revoke_app_token(user: AccountRef, token_id: int) -> None:
    """Revoke one of ``user``'s app tokens: it stops working at once. 2004 if there is none."""
    with write_transaction():
        gone = AppToken.delete().where(AppToken.id == token_id, AppToken.user == user.id).execute()
    if not gone:
        raise ServiceError(2004)


_APP_TOKEN = (
    'SELECT t.id, t.name, t.last_used_at, u.id, u.username, u.username_key FROM "app_token" t '
    'JOIN "user" u ON u.id = t.user_id WHERE t.token_hash = ?'
)


def caller_for_token(token: str | None, *, now: dt.datetime | None = None) -> Caller:
    """Who ``token`` speaks for: an app token's account and app, or a live login token's
    account. Raises 2004 for anything else."""
    if not token:
        raise ServiceError(2004)
    if not token.startswith(APP_TOKEN_PREFIX):
        return Caller(accounts.user_for_token(token, now=now))
    row = run(_APP_TOKEN, (passwords.token_hash(token),)).fetchone()
    if row is None:
        raise ServiceError(2004)
    token_id, name, last_used, user_id, username, key = row
    now = now or utcnow()
    if last_used is not None:
        last_used = stored_time(last_used)
    if last_used is None or now - last_used >= LAST_USED_STEP:
        with write_transaction():
            AppToken.update(last_used_at=now).where(AppToken.id == token_id).execute()
    user = User(__no_default__=True, id=user_id, username=username, username_key=key)
    return Caller(user, name)


def writes_allowed(user: AccountRef) -> bool:
    """Whether AI apps may save to ``user``'s library (off until turned on)."""
    value = (
        UserOption.select(UserOption.value)
        .where(UserOption.user == user.id, UserOption.key == WRITES_KEY)
        .scalar()
    )
    return bool(value == "1")


def accounts_allowing_writes() -> list[User]:
    """The accounts that let AI apps save, by name."""
    rows = (
        User.select(User.id, User.username, User.username_key)
        .join(UserOption, on=(UserOption.user == User.id))
        .where(UserOption.key == WRITES_KEY, UserOption.value == "1")
        .order_by(User.username_key)
    )
    return list(rows)


def set_writes_allowed(user: AccountRef, allowed: bool) -> None:
    """Turn AI apps' saving on or off for ``user``, announced (``Change("option", user)``) so
    that running MCP servers, in this process or another, list or unlist the write tools."""
    with write_transaction():
        UserOption.delete().where(
            UserOption.user == user.id, UserOption.key == WRITES_KEY
        ).execute()
        if allowed:
            UserOption.create(user=user.id, key=WRITES_KEY, value="1")
        publish(Change(OPTION_CHANGE, user.id))


def chat_of(user: AccountRef, chat_id: int) -> Chat:
    """``user``'s live chat ``chat_id`` (archived ones too); 3001 if there is none."""
    chat: Chat | None = live_chats(user).where(Chat.id == chat_id).first()
    if chat is None:
        raise ServiceError(3001)
    return chat


def _content(max_chars: int | None) -> pw.Node:
    """A message's text as read, its first ``max_chars`` characters when given (cut by the
    database: the rest never reaches this process)."""
    if max_chars is None:
        return Message.content
    return pw.fn.SUBSTR(Message.content, 1, max(1, max_chars)).alias("content")


def messages_page(
    chat_id: int, offset: int, limit: int, max_chars: int | None = None
) -> list[MessageRow]:
    """Messages ``offset`` to ``offset + limit`` of a chat, oldest first, each cut at
    ``max_chars`` characters when given (the index ``message_chat_id`` serves it: a page deep in
    a long chat costs its offset in index steps)."""
    rows = (
        Message.select(Message.id, Message.role, _content(max_chars), Message.created_at)
        .where(Message.chat == chat_id)
        .order_by(Message.id)
        .offset(offset)
        .limit(limit)
    )
    return [MessageRow(m.id, chat_id, m.role, m.content, m.created_at) for m in rows]


def chat_markdown(user: AccountRef, chat_id: int, max_chars: int) -> tuple[str, bool]:
    """``user``'s chat as Markdown (its title, then each message under its role and time), cut at
    ``max_chars`` characters; returns the text and whether it was cut (3001: no such chat)."""
    chat = chat_of(user, chat_id)
    parts = [f"# {chat.title}\n"]
    used = len(parts[0])
    after = 0
    while True:
        # a page at a time (keyset), each message cut past what is still wanted
        rows = list(
            Message.select(
                Message.id, Message.role, _content(max_chars - used + 1), Message.created_at
            )
            .where(Message.chat == chat_id, Message.id > after)
            .order_by(Message.id)
            .limit(READ_PAGE)
        )
        for m in rows:
            when = m.created_at.replace(microsecond=0).isoformat()
            piece = f"\n## {m.role} · {when}Z\n\n{m.content}\n"
            if used + len(piece) > max_chars:
                parts.append(piece[: max(0, max_chars - used)])
                return "".join(parts), True
            parts.append(piece)
            used += len(piece)
        if len(rows) < READ_PAGE:
            return "".join(parts), False
        after = rows[-1].id


def prompt_by_title(title: str | None) -> prompts.PromptRow:
    """The gallery's prompt titled ``title`` (any case); 4002 if there is none."""
    prompt = Prompt.get_by_id(prompts.find_prompt(title))
    return prompts.PromptRow(prompt.id, prompt.title, prompt.text, False)


def account_for(username: str | None) -> User:
    """The account a stdio server serves: ``username``'s, or the only one on the database when
    no name is given. Raises 2005 when there is no such account, 1001 when several could be
    meant."""
    if username:
        return accounts.find_user(username)
    users = list(User.select(User.id, User.username, User.username_key).limit(2))
    if not users:
        raise ServiceError(2005, username="")
    if len(users) > 1:
        raise ServiceError(1001, field="--user")
    return users[0]


def stdio_database() -> str | None:
    """The ``--database`` a stdio server needs to open this process's store: its SQLite file as
    a URL, or the PostgreSQL URL it was opened with, without its password (the command lands in
    an app's configuration file: libpq finds the password in ``~/.pgpass`` or ``PGPASSWORD``).
    None for an in-memory database."""
    path = sqlite_path()
    if path is not None:
        return f"sqlite:///{path}"
    url = opened_url()
    if url is None or not is_postgres():
        return None
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    user = userinfo.partition(":")[0]
    return urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host))
