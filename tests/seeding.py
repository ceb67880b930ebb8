"""Chats for tests and benchmarks, written fast: long chats in one transaction as an import
writes them (:func:`chat_with`), and many chats without messages, a few thousand rows per
statement (:func:`fill_chats`)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from chatdesk.services import chats
from chatdesk.services.accounts import AccountRef
from chatdesk.store import migrations, open_store, write_transaction
from chatdesk.store.db import close_database
from chatdesk.store.models import Chat

START = dt.datetime(2026, 1, 1, 9, 0)


def chat_with(user: AccountRef, title: str, messages: Sequence[tuple[str, str]]) -> int:
    """A new chat of ``user`` holding ``messages`` ((role, content), in order, a second apart
    from :data:`START`), written in one transaction; returns its id."""
    chat = chats.create_chat(user, title)
    rows = [
        (role, content, START + dt.timedelta(seconds=n), None)
        for n, (role, content) in enumerate(messages)
    ]
    with write_transaction():
        chats.append_messages(chat.id, rows, START + dt.timedelta(seconds=len(rows)))
    return chat.id


def fill_chats(
    user: AccountRef,
    n: int,
    row: Callable[[int], dict[str, Any]] | None = None,
    *,
    batch: int = 5000,
) -> list[int]:
    """``n`` chats of ``user`` without messages, in one transaction; returns their ids in the
    order written. Chat ``i`` has the key ``k{i}``, the title ``chat {i}``, is updated a minute
    later every three chats (several share a time: the id breaks the tie) and pinned when ``i``
    is a multiple of 17; ``row(i)`` overrides or adds columns (``folder_id``, ``archived_at``,
    ``title``…). The triggers keep the list's count as any write does."""
    start = dt.datetime(2026, 1, 1)
    rows = []
    for i in range(n):
        values: dict[str, Any] = {
            "user": user.id,
            "chat_key": f"k{i}",
            "title": f"chat {i}",
            "updated_at": start + dt.timedelta(minutes=i // 3),
            "pinned": i % 17 == 0,
        }
        if row is not None:
            values.update(row(i))
        rows.append(values)
    with write_transaction():
        last = Chat.select(Chat.id).where(Chat.user == user.id).order_by(Chat.id.desc()).first()
        for at in range(0, n, batch):
            Chat.insert_many(rows[at : at + batch]).execute()
        after = 0 if last is None else last.id
        select = Chat.select(Chat.id).where(Chat.user == user.id, Chat.id > after)
        return [c.id for c in select.order_by(Chat.id)]


@contextlib.contextmanager
def store_at_version(url: str, version: int) -> Iterator[None]:
    """The store at ``url`` opened at schema ``version`` for the block (the migrations after it
    left out), and closed after it: a database as an older ChatDesk left it. Opening it again
    afterwards migrates it."""
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:version])
        patched.setattr(migrations, "SCHEMA_VERSION", version)
        open_store(url)
        yield
        close_database()
