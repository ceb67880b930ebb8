"""Long chats for tests, written in one transaction as an import writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from chatdesk.services import chats
from chatdesk.services.accounts import AccountRef
from chatdesk.store import write_transaction

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
