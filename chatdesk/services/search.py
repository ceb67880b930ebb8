"""Search over a user's messages (a plain substring match; a full-text index comes later)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chatdesk.services import validation
from chatdesk.services.chats import contains
from chatdesk.store.models import Chat, Message, User

SNIPPET_CONTEXT = 40


@dataclass(frozen=True)
class Hit:
    message_id: int
    chat_id: int
    chat_key: str
    chat_title: str
    role: str
    snippet: str
    created_at: dt.datetime


def snippet(content: str, query: str, context: int = SNIPPET_CONTEXT) -> str:
    """The part of ``content`` around the first match of ``query``, on one line."""
    at = content.casefold().find(query.casefold())
    if at < 0:
        at = 0
    start = max(0, at - context)
    end = min(len(content), at + len(query) + context)
    text = " ".join(content[start:end].split())
    return ("…" if start > 0 else "") + text + ("…" if end < len(content) else "")


def search(
    user: User, query: str | None, *, offset: int = 0, limit: int = 50
) -> tuple[list[Hit], int]:
    """Messages of ``user`` containing ``query`` (case-insensitive), newest first, and the total."""
    query = validation.text(query, "query", max_len=200)
    select = (
        Message.select(Message, Chat)
        .join(Chat)
        .where(Chat.user == user.id, Chat.deleted_at.is_null(), contains(Message.content, query))
    )
    total = select.count()
    rows = select.order_by(Message.id.desc()).offset(offset).limit(limit)
    hits = [
        Hit(
            message_id=m.id,
            chat_id=m.chat.id,
            chat_key=m.chat.chat_key,
            chat_title=m.chat.title,
            role=m.role,
            snippet=snippet(m.content, query),
            created_at=m.created_at,
        )
        for m in rows
    ]
    return hits, total
