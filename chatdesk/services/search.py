"""Full-text search over a user's messages and chat titles.

Hits come in two kinds: chats whose title matches (``role == "title"``, ``message_id`` None),
listed first, newest chat first; then messages whose content matches, newest first or by
relevance. A query matches as a case-insensitive substring, in any language; FTS syntax in it
(quotes, ``*``, ``-``, ``NEAR``, ``AND``…) is plain text.

SQLite answers from the FTS5 indexes of :mod:`chatdesk.store.fts`: trigrams for queries of 3+
characters, single characters and pairs for 1–2, a ``LIKE`` scan for the rare short query with
whitespace or characters outside the index. PostgreSQL answers ``ILIKE`` from pg_trgm GIN indexes.

``Hit.snippet`` is plain text (one line, ``…`` where cut); ``Hit.highlights`` gives the
``(start, end)`` character offsets of the matches in it, for the caller to render (see
:func:`marked`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from chatdesk.services import validation
from chatdesk.services.chats import like_pattern
from chatdesk.services.errors import invalid, missing
from chatdesk.store import database
from chatdesk.store.db import is_sqlite
from chatdesk.store.fts import indexable_short, phrase
from chatdesk.store.models import User

SNIPPET_CONTEXT = 40
QUERY_MAX = 200
Order = Literal["newest", "relevance"]
ORDERS: tuple[Order, ...] = ("newest", "relevance")
#: The role of a hit on a chat's title.
TITLE_ROLE = "title"
#: A piece of SQL and its parameters.
Part = tuple[str, list[Any]]


@dataclass(frozen=True)
class Hit:
    #: None for a title hit.
    message_id: int | None
    chat_id: int
    chat_key: str
    chat_title: str
    #: The message's role, or ``"title"`` for a hit on the chat's title.
    role: str
    snippet: str
    #: A message's time; for a title hit, the chat's last update.
    created_at: dt.datetime
    #: ``(start, end)`` offsets of the matches in ``snippet``.
    highlights: tuple[tuple[int, int], ...] = ()


def _finder(query: str) -> re.Pattern[str]:
    """Matches ``query`` case-insensitively, any run of whitespace standing for any other."""
    parts = [re.escape(word) for word in query.split()]
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def snippet(
    content: str, query: str, context: int = SNIPPET_CONTEXT
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The part of ``content`` around the first match of ``query``, on one line, and where the
    matches are in it."""
    finder = _finder(query)
    first = finder.search(content)
    at, end = (first.start(), first.end()) if first else (0, 0)
    start = max(0, at - context)
    stop = min(len(content), end + context)
    text = " ".join(content[start:stop].split())
    lead = "…" if start > 0 else ""
    text = lead + text + ("…" if stop < len(content) else "")
    spans = tuple(m.span() for m in finder.finditer(text) if m.end() > m.start())
    return text, spans


def marked(text: str, spans: tuple[tuple[int, int], ...], start: str, end: str) -> str:
    """``text`` with each span wrapped in ``start`` … ``end`` (e.g. ``<b>``, ``</b>``)."""
    out, last = [], 0
    for a, b in spans:
        out += [text[last:a], start, text[a:b], end]
        last = b
    out.append(text[last:])
    return "".join(out)


def search(
    user: User,
    query: str | None,
    *,
    offset: int = 0,
    limit: int = 50,
    order: str = "newest",
) -> tuple[list[Hit], int]:
    """A page of ``user``'s hits for ``query`` (titles first, then messages in ``order``) and
    how many there are in all. Deleted chats are left out."""
    text = validation.text(query, "query", max_len=QUERY_MAX).strip()
    if not text:
        raise missing("query")
    if order not in ORDERS:
        raise invalid("order", "order")
    plan = _SqlitePlan(text) if is_sqlite() else _PostgresPlan(text)
    titles_total = _count(plan.titles(user.id))
    hits: list[Hit] = []
    if offset < titles_total:
        rows = _rows(plan.titles(user.id), ("c.updated_at DESC, c.id DESC", []), offset, limit)
        hits += [
            _hit(text, None, chat_id, key, title, TITLE_ROLE, title, when)
            for chat_id, key, title, when in rows
        ]
    messages = plan.messages(user.id)
    total = titles_total + _count(messages)
    room = limit - len(hits)
    if room > 0:
        rank, rank_params = plan.rank if order == "relevance" else ("", [])
        order_by = (f"{rank}m.created_at DESC, m.id DESC", rank_params)
        rows = _rows(messages, order_by, max(0, offset - titles_total), room)
        hits += [
            _hit(text, mid, chat_id, key, title, role, content, when)
            for mid, chat_id, key, title, role, content, when in rows
        ]
    return hits, total


_TITLE_COLUMNS = "c.id, c.chat_key, c.title, c.updated_at"
_MESSAGE_COLUMNS = "m.id, c.id, c.chat_key, c.title, m.role, m.content, m.created_at"
_LIVE = "c.user_id = {p} AND c.deleted_at IS NULL"


class _SqlitePlan:
    """FTS5 for SQLite: trigram for 3+ characters, grams for 1–2, LIKE otherwise.

    ``CROSS JOIN`` fixes the join order (SQLite never reorders it): the index first, then the
    rows it names. Left to itself the planner may walk the user's chats and run the full-text
    match once per row, hundreds of times slower.
    """

    def __init__(self, query: str) -> None:
        self.query = query
        self.match = phrase(query)
        self.index = (
            "message_fts" if len(query) >= 3 else "message_grams" if indexable_short(query) else ""
        )
        # bm25 needs term positions, which the grams index does not keep: shorter first there.
        self.rank: Part = ("f.rank, " if self.index == "message_fts" else "length(m.content), ", [])

    def titles(self, user_id: int) -> Part:
        live = _LIVE.format(p="?")
        if len(self.query) >= 3:
            sql = (
                f"SELECT {_TITLE_COLUMNS} FROM chat_fts t CROSS JOIN chat c ON c.id = t.rowid "
                f"WHERE chat_fts MATCH ? AND {live}"
            )
            return sql, [self.match, user_id]
        sql = f"SELECT {_TITLE_COLUMNS} FROM chat c WHERE {live} AND c.title LIKE ? ESCAPE '\\'"
        return sql, [user_id, like_pattern(self.query)]

    def messages(self, user_id: int) -> Part:
        live = _LIVE.format(p="?")
        if self.index:
            sql = (
                f"SELECT {_MESSAGE_COLUMNS} FROM {self.index} f "
                "CROSS JOIN message m ON m.id = f.rowid CROSS JOIN chat c ON c.id = m.chat_id "
                f"WHERE {self.index} MATCH ? AND {live}"
            )
            return sql, [self.match, user_id]
        sql = (
            f"SELECT {_MESSAGE_COLUMNS} FROM message m JOIN chat c ON c.id = m.chat_id "
            f"WHERE {live} AND m.content LIKE ? ESCAPE '\\'"
        )
        return sql, [user_id, like_pattern(self.query)]


class _PostgresPlan:
    """ILIKE, answered from the pg_trgm GIN indexes (3+ characters) or a scan (1–2)."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.pattern = like_pattern(query)
        # Trigram similarity means nothing below 3 characters: shorter first there.
        self.rank: Part = (
            ("word_similarity(%s, m.content) DESC, length(m.content), ", [query])
            if len(query) >= 3
            else ("length(m.content), ", [])
        )

    def titles(self, user_id: int) -> Part:
        sql = (
            f"SELECT {_TITLE_COLUMNS} FROM chat c WHERE {_LIVE.format(p='%s')} "
            "AND c.title ILIKE %s ESCAPE '\\'"
        )
        return sql, [user_id, self.pattern]

    def messages(self, user_id: int) -> Part:
        sql = (
            f"SELECT {_MESSAGE_COLUMNS} FROM message m JOIN chat c ON c.id = m.chat_id "
            f"WHERE {_LIVE.format(p='%s')} AND m.content ILIKE %s ESCAPE '\\'"
        )
        return sql, [user_id, self.pattern]


def _count(part: Part) -> int:
    sql, params = part
    return int(database.execute_sql(f"SELECT count(*) FROM ({sql}) AS hits", params).fetchone()[0])


def _rows(part: Part, order_by: Part, offset: int, limit: int) -> list[tuple[Any, ...]]:
    (sql, params), (order_sql, order_params) = part, order_by
    p = "?" if is_sqlite() else "%s"
    query = f"{sql} ORDER BY {order_sql} LIMIT {p} OFFSET {p}"
    args = [*params, *order_params, limit, offset]
    return list(database.execute_sql(query, args).fetchall())


def _hit(
    query: str,
    message_id: int | None,
    chat_id: int,
    chat_key: str,
    chat_title: str,
    role: str,
    content: str,
    created_at: dt.datetime | str,
) -> Hit:
    text, spans = snippet(content, query)
    return Hit(message_id, chat_id, chat_key, chat_title, role, text, _when(created_at), spans)


def _when(value: dt.datetime | str) -> dt.datetime:
    """SQLite hands back raw SQL text for times (peewee converts only through models)."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)
