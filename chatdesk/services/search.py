"""Full-text search over a user's messages and chat titles.

Hits come in two kinds: chats whose title matches (``role == "title"``, ``message_id`` None),
listed first, most recently updated first; then messages whose content matches, newest first
(by ``created_at``, so imported history sorts by its own times) or by relevance. A query matches
as a case-insensitive substring, in any language; FTS syntax in it (quotes, ``*``, ``-``,
``NEAR``, ``AND``…) is plain text. Deleted chats and other users' messages never match.

SQLite answers from the FTS5 indexes of :mod:`chatdesk.store.fts`: trigrams for queries of 3+
characters, single characters and pairs for 1–2 (titles too, schema v23), a ``LIKE`` scan for
the rare short query with whitespace or characters outside the index. Relevance is a bm25-style
score (occurrences of the query against the message's length, see :data:`_RANK`); with more
than :data:`SORT_LIMIT` hits it ranks the most recently stored :data:`SORT_LIMIT` and lists the
rest after them, newest stored first. PostgreSQL answers 3+ characters by ``ILIKE`` from pg_trgm
GIN indexes, 1–2 from GIN indexes of each text's characters and pairs (schema v3), and ranks by
``word_similarity`` (3+ characters) or shortest message first.

:func:`find` (what the windows and the API call) counts the hits exactly up to
:data:`COUNT_CAP`, or to the end of the page asked for when that is further, and past it says
only that there are more (:attr:`Found.exact`); :func:`search` counts them all. Newest first
may walk messages in time order and test each (``LIKE`` where it agrees with the index,
:func:`like_agrees`) rather than read and sort every hit: chosen by the hits' density (the count
against the messages stored), so a word in 42% of 100,000 messages, or a phrase in one
message of 70, costs a short walk, not a sort of its hits. PostgreSQL's planner makes that
choice itself from the column's statistics, with a time index (schema v22);
a 1–2 character query with many hits is asked with ``ILIKE`` for it (:class:`_PostgresPlan`).

Reasoning and tool rows (a message's ``kind``, schema v20) are left out unless ``in:reasoning``
/ ``in:tools`` asks for them, which then searches only them and lists no title hit (a title is
not reasoning). The kind is in the indexes (schema v22: the owner's token on SQLite, partial
indexes on PostgreSQL), so neither way reads a hit's row to tell.

The query may carry prefixes (:mod:`chatdesk.services.search_query`): ``folder:`` (with its
sub-folders), ``tag:`` (each one given), ``is:archived``, ``is:pinned``, ``before:``/``after:``
(a title hit by its chat's last update, a message by its time). Archived chats are searched
like any other. A query of prefixes alone lists the chats they name, as title hits. Each hit
says its chat's folder and tags.

``Hit.snippet`` is plain text (one line, ``…`` where cut); ``Hit.highlights`` gives the
``(start, end)`` character offsets of the matches in it, for the caller to render (see
:func:`marked`). The API sends the plain snippet.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from chatdesk.services import search_query, tags, validation
from chatdesk.services.accounts import AccountRef
from chatdesk.services.chat_filter import subtree
from chatdesk.services.chats import NATIVE_SOURCE, source_of
from chatdesk.services.errors import invalid, missing
from chatdesk.services.folders import find_folder
from chatdesk.services.search_query import DEFAULT_KIND
from chatdesk.store import database
from chatdesk.store.db import is_sqlite, like_pattern, stored_time
from chatdesk.store.fts import (
    GRAM_KEY_FUNCTION,
    GRAMS_FUNCTION,
    indexable_short,
    long_match,
    pg_indexable_short,
    phrase,
    short_match,
)
from chatdesk.store.indexer import catch_up, ensure_background_indexer, rescoping

SNIPPET_CONTEXT = 40
QUERY_MAX = 200
Order = Literal["newest", "relevance"]
#: ``text`` finds the words; ``meaning`` and ``hybrid``: :mod:`chatdesk.services.search_meaning`.
MODES = ("text", "meaning", "hybrid")
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
    #: The chat's folder (its id and name; None and "" when in none) and tags' names.
    folder_id: int | None = None
    folder: str = ""
    tags: tuple[str, ...] = ()
    #: The chat's source (``deepseek``…); None when made in ChatDesk.
    source: str | None = None


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


#: Hits are counted exactly up to this many (titles and messages together, or up to the end of
#: the page asked for when that is further); past it a search says only that there are more
#: (:attr:`Found.exact` False). Counting every hit costs about a microsecond a hit, which a word
#: in half of a million messages makes most of a search (docs/benchmarks-search.md).
COUNT_CAP = 1_000


@dataclass(frozen=True)
class Found:
    """A page of hits and how many there are."""

    hits: list[Hit]
    #: How many hits there are; when not :attr:`exact`, there are more than this.
    total: int
    #: False when the count stopped: there are more hits than ``total``.
    exact: bool = True


def search(
    user: AccountRef,
    query: str | None,
    *,
    offset: int = 0,
    limit: int = 50,
    order: str = "newest",
) -> tuple[list[Hit], int]:
    """A page of ``user``'s hits for ``query`` (titles first, then messages in ``order``) and
    how many there are in all, counted exactly however many (see :func:`find`, which stops
    counting at :data:`COUNT_CAP`). Deleted chats are left out."""
    found = find(user, query, offset=offset, limit=limit, order=order, cap=None)
    return found.hits, found.total


def find(
    user: AccountRef,
    query: str | None,
    *,
    offset: int = 0,
    limit: int = 50,
    order: str = "newest",
    cap: int | None = COUNT_CAP,
    mode: str = "text",
) -> Found:
    """A page of ``user``'s hits for ``query`` (titles first, then messages in ``order``), and
    their number, counted exactly up to ``cap`` or to the end of the page (``offset + limit``),
    whichever is further; None counts them all. Deleted chats are left out. ``mode`` "meaning"
    or "hybrid" searches by meaning too (:mod:`chatdesk.services.search_meaning`)."""
    text = validation.text(query, "query", max_len=QUERY_MAX).strip()
    if not text:
        raise missing("query")
    if order not in ORDERS:
        raise invalid("order", "order")
    if mode not in MODES:
        raise invalid("mode", "mode")
    catch_up()  # SQLite indexes messages after their commit: take in the last ones first
    bound = None if cap is None else max(cap, offset + limit)
    upto = None if bound is None else bound + 1  # one more than the bound says there are more
    parsed = search_query.parse(text)
    scope = _scope(user, parsed)
    if scope is None:  # a folder or tag of that name does not exist: nothing is in it
        return Found([], 0)
    if not parsed.words:
        listed, count = _chats_only(user, scope, parsed.kind, offset, limit, upto)
        return _found(_labelled(listed), count, bound)
    if mode != "text":
        from chatdesk.services import search_meaning  # it builds on this module

        kinded = _kinded(scope, parsed.kind)
        return search_meaning.find(
            user, parsed, kinded, mode, offset=offset, limit=limit, order=order, cap=cap
        )
    text = parsed.words
    plan = _plan(text, parsed.kind)
    plan.order = order
    plan.chat_scope, plan.title_scope, plan.message_scope = scope
    if _skips_echoes(text, parsed):
        plan.skips_echoes = True
        plan.few_own_titles = is_sqlite() and _few_own_titles(user.id)
        echo = " AND c.title_echo = " + ("0" if is_sqlite() else "FALSE")  # as chat_title_own
        plan.title_scope = (plan.title_scope[0] + echo, plan.title_scope[1])
    with plan.reading():
        # a title is neither reasoning nor a tool call: in:reasoning / in:tools lists none
        titles = _title_hits(plan, user.id, upto) if plan.kind == DEFAULT_KIND else []
        titles_total = len(titles)
        hits: list[Hit] = [
            _hit(text, None, chat_id, key, title, TITLE_ROLE, title, when)
            for chat_id, key, title, when in titles[offset : offset + limit]
        ]
        total = titles_total + plan.count(user.id, upto)
        room = limit - len(hits)
        if room > 0:
            rows = plan.page(user.id, order, max(0, offset - titles_total), room)
            hits += [
                _hit(text, mid, chat_id, key, title, role, content, when)
                for mid, chat_id, key, title, role, content, when in rows
            ]
    return _found(_labelled(hits), total, bound)


def _found(hits: list[Hit], counted: int, bound: int | None) -> Found:
    """``hits`` and a count that went up to ``bound`` + 1 (None: no bound)."""
    if bound is not None and counted > bound:
        return Found(hits, bound, exact=False)
    return Found(hits, counted)


#: What a query's prefixes add to the WHERE of its SQL: on the chat, on a title hit's time and on
#: a message hit's time.
Scope = tuple[Part, Part, Part]


def _scope(user: AccountRef, query: search_query.Query) -> Scope | None:
    """The conditions the prefixes of ``query`` make; None when a folder or tag it names does
    not exist (nothing matches)."""
    p = "?" if is_sqlite() else "%s"
    chat: list[str] = []
    params: list[Any] = []
    for name in query.folders:
        found = [i for f in find_folder(user, name) for i in subtree(user.id, f)]
        if not found:
            return None
        chat.append(f" AND c.folder_id IN ({', '.join(str(int(i)) for i in found)})")
    for name in query.tags:
        tag_id = tags.find_tag(user, name)
        if tag_id is None:
            return None
        chat.append(_tagged(int(tag_id)))
    if query.sources:
        # source:chatdesk is the chats made here (no source), as the JSON export names them
        names = [s for s in query.sources if s != NATIVE_SOURCE]
        either = []
        if names:
            either.append(f"c.source IN ({', '.join([p] * len(names))})")
            params += names
        if len(names) < len(query.sources):
            either.append(f"c.source IS NULL OR c.source = {p}")
            params.append(NATIVE_SOURCE)
        chat.append(f" AND ({' OR '.join(either)})")
    if query.archived:
        chat.append(" AND c.archived_at IS NOT NULL")
    if query.pinned:
        # the pinned chats, found from the list's and the Archive's indexes (user, pinned, …):
        # few, where a test of each chat walks all of them
        live = f"SELECT id FROM chat WHERE user_id = {p} AND pinned = {p} AND deleted_at IS NULL"
        chat.append(
            f" AND c.id IN ({live} AND archived_at IS NULL "
            f"UNION ALL {live} AND archived_at IS NOT NULL)"
        )
        params += [user.id, True, user.id, True]
    times: dict[str, list[Any]] = {"c.updated_at": [], "m.created_at": []}
    sql_times: dict[str, str] = {"c.updated_at": "", "m.created_at": ""}
    for column in times:
        for op, day in (("<", query.before), (">=", query.after)):
            if day is not None:
                sql_times[column] += f" AND {column} {op} {p}"
                times[column].append(str(day) if is_sqlite() else day)
    return (
        ("".join(chat), params),
        (sql_times["c.updated_at"], times["c.updated_at"]),
        (sql_times["m.created_at"], times["m.created_at"]),
    )


def _kind_part(kind: str) -> Part:
    """The condition "message ``m`` is of ``kind``" on the message table: the visible turns
    (``text``, the default) or reasoning or tool rows (``in:``), written so that PostgreSQL's
    partial indexes of each (schema v22) and SQLite's ``message_folded`` apply."""
    p = "?" if is_sqlite() else "%s"
    if kind == DEFAULT_KIND:
        return f" AND m.kind = {p}", [kind]
    return f" AND m.kind <> '{DEFAULT_KIND}' AND m.kind = {p}", [kind]


def _kinded(scope: Scope, kind: str) -> Scope:
    """``scope`` for the meaning search, which reads the message table: its messages of
    ``kind`` only (a condition left out where no message is of another kind, as it widens the
    meaning search's candidates), and no title for ``in:`` (a title is not reasoning)."""
    chat, title, message = scope
    if kind != DEFAULT_KIND:
        title = _within(title, (" AND 1 = 0", []))
    if kind != DEFAULT_KIND or _has_folded():
        message = _within(message, _kind_part(kind))
    return chat, title, message


def _has_folded() -> bool:
    """Whether any message is a reasoning or tool row (one probe of ``message_folded``)."""
    return (
        database.execute_sql("SELECT 1 FROM message WHERE kind <> 'text' LIMIT 1").fetchone()
        is not None
    )


#: A tag on more chats than this is tested per chat (the chats walked newest first find a page
#: soon); a tag on fewer lists its chats, which are then sorted.
TAG_WALK_ABOVE = 2_000


def _tagged(tag_id: int) -> str:
    """The condition "the chat has tag ``tag_id``", in the form that lets the planner start from
    the tag's chats when they are few, and from the list's order when they are many."""
    many = database.execute_sql(
        f"SELECT count(*) FROM (SELECT 1 FROM chat_tag WHERE tag_id = {tag_id} "
        f"LIMIT {TAG_WALK_ABOVE + 1}) AS t"
    ).fetchone()[0]
    if many > TAG_WALK_ABOVE:
        return (
            f" AND EXISTS (SELECT 1 FROM chat_tag t WHERE t.tag_id = {tag_id} AND t.chat_id = c.id)"
        )
    return f" AND c.id IN (SELECT chat_id FROM chat_tag WHERE tag_id = {tag_id})"


def _chats_only(
    user: AccountRef, scope: Scope, kind: str, offset: int, limit: int, upto: int | None
) -> tuple[list[Hit], int]:
    """A query of prefixes alone: the chats they name, as title hits, newest first; with
    ``in:``, the chats that hold messages of its ``kind``."""
    p = "?" if is_sqlite() else "%s"
    base: Part = (
        f"SELECT {_TITLE_COLUMNS} FROM chat c WHERE c.user_id = {p} AND c.deleted_at IS NULL",
        [user.id],
    )
    if kind != DEFAULT_KIND:  # the few chats with such rows, from message_folded
        of_kind, params = _kind_part(kind)
        holding = f"SELECT m.chat_id FROM message m WHERE 1 = 1{of_kind}"
        base = _within(base, (f" AND c.id IN ({holding})", params))
    part = _within(_within(base, scope[0]), scope[1])
    rows = _rows(part, ("c.updated_at DESC, c.id DESC", []), offset, limit)
    hits = [
        _hit("", None, chat_id, key, title, TITLE_ROLE, title, when)
        for chat_id, key, title, when in rows
    ]
    return hits, _count(part, upto)


def _within(part: Part, scope: Part) -> Part:
    """``part`` (SQL ending in its WHERE) with the conditions ``scope`` adds."""
    return part[0] + scope[0], [*part[1], *scope[1]]


def _labelled(hits: list[Hit]) -> list[Hit]:
    """``hits`` with their chats' folders and tags (two queries for the page)."""
    ids = list(dict.fromkeys(h.chat_id for h in hits))
    if not ids:
        return hits
    listed = ", ".join(str(int(i)) for i in ids)
    rows = database.execute_sql(
        f"SELECT c.id, c.folder_id, f.name, c.source FROM chat c "
        f"LEFT JOIN folder f ON f.id = c.folder_id WHERE c.id IN ({listed})"
    ).fetchall()
    folders = {chat_id: (folder_id, name or "") for chat_id, folder_id, name, _ in rows}
    sources = {chat_id: source_of(source) for chat_id, _, _, source in rows}
    labels = tags.tags_of(ids)
    return [
        dataclasses.replace(
            h,
            folder_id=folders.get(h.chat_id, (None, ""))[0],
            folder=folders.get(h.chat_id, (None, ""))[1],
            tags=tuple(t.name for t in labels.get(h.chat_id, [])),
            source=sources.get(h.chat_id),
        )
        for h in hits
    ]


_TITLE_COLUMNS = "c.id, c.chat_key, c.title, c.updated_at"
_MESSAGE_COLUMNS = "m.id, c.id, c.chat_key, c.title, m.role, m.content, m.created_at"
_NEWEST = "m.created_at DESC, m.id DESC"
#: SQLite, "relevance": with more hits than this, only the most recently stored this many are
#: ranked (each ranked hit costs a row read); the rest follow them, newest stored first.
SORT_LIMIT = 2_000
#: SQLite, "newest": up to this many hits (per index) are read and sorted; with more, messages
#: are walked in time order (the ``message_created_at`` index) and kept when the index holds
#: them. A grams probe costs more per walked row than reading a hit, hence the higher limit.
WALK_ABOVE = {"message_fts": 3_000, "message_grams": 10_000}
#: Where the walk tests each message with ``LIKE`` (:func:`like_agrees`), "newest" chooses by
#: cost (:meth:`_FtsPlan._newest_by_cost`): about a microsecond a message walked against 5-7 µs
#: a hit read and sorted (docs/benchmarks-search.md), in µs.
WALK_COST, READ_COST = 1.0, 6.0
#: Up to this many hits are read and sorted whatever a walk would cost (a millisecond or so).
LIKE_READ_UPTO = 100
#: Messages a bounded walk passes beyond twice what it expects to (few hits expected: the
#: window stays worth a walk).
WALK_SLACK = 200
#: PostgreSQL, newest first, a 1–2 character query: up to this many hits are read and sorted
#: from the grams index; with more, the planner is asked with ``ILIKE`` (:class:`_PostgresPlan`).
PG_GRAMS_READ_UPTO = 1_000
#: Relevance on SQLite: bm25's shape (k1 = 1.2, b = 0.75) over the query's occurrences in a
#: message and its length in characters. FTS5's own bm25() is not used: it walks every match of
#: each phrase of the query, the owner's included, which is all of the owner's messages.
_SCORE = "(length(m.content) - length(replace(lower(m.content), lower({p}), ''))) / length({p})"
_RANK = (
    f"(({_SCORE}) * 2.2 / (({_SCORE}) + 1.2 * (0.25 + 0.75 * length(m.content) / 200.0))) DESC, "
)


def _plan(query: str, kind: str = DEFAULT_KIND) -> _JoinPlan:
    if not is_sqlite():
        return _PostgresPlan(query, kind)
    if len(query) >= 3:
        return _FtsPlan(query, kind, "message_fts", long_match, "chat_fts")
    if indexable_short(query):
        return _FtsPlan(query, kind, "message_grams", short_match, "chat_grams")
    return _LikePlan(query, kind)


class _JoinPlan:
    """Messages found by a condition on the message table, joined to their (live) chats."""

    def __init__(self, query: str, kind: str = DEFAULT_KIND) -> None:
        self.query = query
        #: The messages searched: the visible turns (``text``), or ``in:``'s kind.
        self.kind = kind
        #: ``newest`` or ``relevance`` (set by :func:`find`).
        self.order = "newest"
        self.pattern = like_pattern(query)
        self.p = "?" if is_sqlite() else "%s"
        self.like = "LIKE" if is_sqlite() else "ILIKE"
        # what the query's prefixes add (see _scope): on the chat, a title's, a message's time
        self.chat_scope: Part = ("", [])
        self.title_scope: Part = ("", [])
        #: Title hits leave out chats stored with ``title_echo`` (set by :func:`find`).
        self.skips_echoes = False
        #: SQLite: and the user's other chats are few (:func:`_few_own_titles`).
        self.few_own_titles = False
        self.message_scope: Part = ("", [])

    @property
    def scoped(self) -> bool:
        return bool(self.chat_scope[0] or self.message_scope[0])

    @property
    def own_titles(self) -> str:
        """SQLite, with :attr:`few_own_titles`: the title hits are looked for in the chats of
        ``chat_title_own`` only (the planner would rather walk every chat in the order asked,
        which is the better way when those chats are many: it stops at the page's end)."""
        return " INDEXED BY chat_title_own" if self.few_own_titles else ""

    def in_titles_scope(self, part: Part) -> Part:
        return _within(_within(part, self.chat_scope), self.title_scope)

    def in_messages_scope(self, part: Part) -> Part:
        return _within(_within(part, self.chat_scope), self.message_scope)

    def titles(self, user_id: int) -> Part:
        sql = (
            f"SELECT {_TITLE_COLUMNS} FROM chat c{self.own_titles} WHERE c.user_id = {self.p} "
            f"AND c.deleted_at IS NULL AND c.title {self.like} {self.p} ESCAPE '\\'"
        )
        return self.in_titles_scope((sql, [user_id, self.pattern]))

    def messages(self, user_id: int) -> Part:
        sql = (
            f"SELECT {_MESSAGE_COLUMNS} FROM chat c JOIN message m ON m.chat_id = c.id "
            f"WHERE c.user_id = {self.p} AND c.deleted_at IS NULL "
            f"AND m.content {self.like} {self.p} ESCAPE '\\'"
        )
        part = _within((sql, [user_id, self.pattern]), _kind_part(self.kind))
        return self.in_messages_scope(part)

    def reading(self) -> contextlib.AbstractContextManager[object]:
        """Around the statements of one search."""
        return contextlib.nullcontext()

    def rank(self) -> Part:
        """Relevance, best first."""
        return _RANK.format(p="?"), [self.query] * 4

    def count(self, user_id: int, upto: int | None = None) -> int:
        """How many messages hit, counted up to ``upto`` (None: all)."""
        return _count(self.messages(user_id), upto)

    def page(self, user_id: int, order: str, offset: int, limit: int) -> list[tuple[Any, ...]]:
        rank, params = self.rank() if order == "relevance" else ("", [])
        return _rows(self.messages(user_id), (rank + _NEWEST, params), offset, limit)


class _LikePlan(_JoinPlan):
    """SQLite, a 1–2 character query the grams index cannot answer (characters beyond the BMP,
    such as most emoji): a scan of the user's messages."""


class _PostgresPlan(_JoinPlan):
    """ILIKE, answered from the pg_trgm GIN indexes (3+ characters); 1–2 characters are looked
    up in the grams GIN indexes instead (``@>``, exact: see :mod:`chatdesk.store.fts`). Both
    are partial (schema v22): one for the visible turns, one for reasoning and tool rows, which
    the kind's condition (:func:`_kind_part`) names."""

    def __init__(self, query: str, kind: str = DEFAULT_KIND) -> None:
        super().__init__(query, kind)
        self.short = pg_indexable_short(query)
        #: Hits :meth:`count` found last (at most its bound).
        self.counted = 0

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """A transaction without JIT compilation (``SET LOCAL``: the connection keeps its own
        setting). The planner charges each hit of a bitmap scan for rechecking its condition,
        which makes a common query look costly enough to compile: at 1,000,000 messages,
        0.6–1.1 s of compiling (summed over the parallel workers) went into queries of 0.9 s
        (docs/benchmarks-search.md)."""
        with database.atomic():
            database.execute_sql("SET LOCAL jit = off")
            yield

    def _has(self, column: str) -> str:
        if self.short:
            return f"{GRAMS_FUNCTION}({column}) @> ARRAY[{GRAM_KEY_FUNCTION}(%s)]"
        return f"{column} ILIKE %s ESCAPE '\\'"

    def titles(self, user_id: int) -> Part:
        sql = (
            f"SELECT {_TITLE_COLUMNS} FROM chat c WHERE c.user_id = %s "
            f"AND c.deleted_at IS NULL AND {self._has('c.title')}"
        )
        return self.in_titles_scope((sql, [user_id, self.query if self.short else self.pattern]))

    def messages(self, user_id: int, *, like: bool = False) -> Part:
        """The hits; ``like``: tested with ``ILIKE`` even for 1–2 characters (what the grams
        find exactly, see :mod:`chatdesk.store.fts`)."""
        short = self.short and not like
        has = self._has("m.content") if not like else "m.content ILIKE %s ESCAPE '\\'"
        sql = (
            f"SELECT {_MESSAGE_COLUMNS} FROM chat c JOIN message m ON m.chat_id = c.id "
            f"WHERE c.user_id = %s AND c.deleted_at IS NULL AND {has}"
        )
        found = (sql, [user_id, self.query if short else self.pattern])
        return self.in_messages_scope(_within(found, _kind_part(self.kind)))

    def count(self, user_id: int, upto: int | None = None) -> int:
        self.counted = super().count(user_id, upto)
        return self.counted

    def page(self, user_id: int, order: str, offset: int, limit: int) -> list[tuple[Any, ...]]:
        """Newest first, a 1–2 character query with many hits is asked with ``ILIKE``, which the
        planner estimates from the column's statistics and answers by walking the time index
        (``message_created_at``, schema v22) to the page's end; the grams condition would
        have it read and sort every hit (its selectivity is a guess)."""
        if order == "newest" and self.short and self.counted > PG_GRAMS_READ_UPTO:
            return _rows(self.messages(user_id, like=True), (_NEWEST, []), offset, limit)
        return super().page(user_id, order, offset, limit)

    def rank(self) -> Part:
        if len(self.query) < 3:  # trigram similarity means nothing below 3 characters
            return "length(m.content), ", []
        return "word_similarity(%s, m.content) DESC, length(m.content), ", [self.query]


class _FtsPlan(_JoinPlan):
    """SQLite: hits come from an FTS5 index of messages tagged with their owner and kind, less
    those of deleted chats (``message_hidden``), so the count needs no join, and only the page's
    rows are read.

    ``CROSS JOIN`` fixes the join order (SQLite never reorders it): the index first, then the
    rows it names. Left to itself the planner may walk the user's chats and run the full-text
    match once per row, hundreds of times slower.

    While reasoning and tool rows indexed before schema v22 wait to be indexed under their kind
    (:func:`chatdesk.store.indexer.rescoping`), they are told apart by their ids: left out of
    the visible turns' hits, and found by ``in:`` under their owner's token with their row's kind
    checked. The process's background indexer is started to move them.
    """

    def __init__(
        self,
        query: str,
        kind: str,
        index: str,
        match: Callable[..., str],
        title_index: str,
    ) -> None:
        super().__init__(query, kind)
        self.index = index
        self.title_index = title_index
        self.chat_match = phrase(query)
        #: user id -> (hits counted, the bound they were counted up to: None for none)
        self.counts: dict[int, tuple[int, int | None]] = {}
        # Messages of deleted chats stay indexed (schema v10): leave out the ids they hide,
        # and only while there are any (a primary-key probe per hit).
        hidden = database.execute_sql("SELECT 1 FROM message_hidden LIMIT 1").fetchone()
        self.visible = (
            f" AND {index}.rowid NOT IN (SELECT id FROM message_hidden)" if hidden else ""
        )
        #: What :meth:`_found` adds to leave out rows indexed without their kind (schema v22).
        self.unkinded_out = ""
        #: The kind's condition on the row, where the index cannot tell it.
        self.kind_scope: Part = ("", [])
        unkinded = rescoping()
        if unkinded:
            ensure_background_indexer()
            if kind == DEFAULT_KIND:
                rescope = "SELECT id FROM message_fts_rescope"
                self.unkinded_out = f" AND {index}.rowid NOT IN ({rescope})"
                self.visible += self.unkinded_out
            else:  # their rows say which are of this kind
                self.kind_scope = _kind_part(kind)
        self._match = match
        self._unkinded = unkinded

    def match(self, user_id: int) -> str:
        """The index's query for ``user_id``'s messages of :attr:`kind` holding the query."""
        return self._match(self.query, user_id, self.kind, unkinded=self._unkinded)

    def in_messages_scope(self, part: Part) -> Part:
        return _within(super().in_messages_scope(part), self.kind_scope)

    @property
    def scoped(self) -> bool:
        return bool(self.chat_scope[0] or self.message_scope[0] or self.kind_scope[0])

    def titles(self, user_id: int) -> Part:
        idx = self.title_index
        if self.few_own_titles:  # the titles' matches probed in the few chats left to match
            sql = (
                f"SELECT {_TITLE_COLUMNS} FROM chat c{self.own_titles} WHERE c.user_id = ? "
                "AND c.deleted_at IS NULL AND c.id IN "
                f"(SELECT rowid FROM {idx} WHERE {idx} MATCH ?)"
            )
            return self.in_titles_scope((sql, [user_id, self.chat_match]))
        sql = (
            f"SELECT {_TITLE_COLUMNS} FROM {idx} CROSS JOIN chat c ON c.id = {idx}.rowid "
            f"WHERE {idx} MATCH ? AND c.user_id = ? AND c.deleted_at IS NULL"
        )
        return self.in_titles_scope((sql, [self.chat_match, user_id]))

    def _found(self, user_id: int) -> Part:
        """The index's hits joined to their messages and (live) chats."""
        idx = self.index
        sql = (
            f"SELECT {_MESSAGE_COLUMNS} FROM {idx} CROSS JOIN message m ON m.id = {idx}.rowid "
            f"CROSS JOIN chat c ON c.id = m.chat_id WHERE {idx} MATCH ? AND c.deleted_at IS NULL"
            f"{self.unkinded_out}"
        )
        return sql, [self.match(user_id)]

    @property
    def walks_with_like(self) -> bool:
        """Whether "newest" may walk messages testing each with ``LIKE`` (:func:`like_agrees`),
        which it chooses by what each way costs (:meth:`_newest_by_cost`)."""
        return self.order == "newest" and like_agrees(self.query)

    @property
    def needs(self) -> int:
        """How many hits :meth:`page` must know of to choose its way."""
        if self.order == "relevance":
            return SORT_LIMIT + 1
        return 0 if self.walks_with_like else WALK_ABOVE[self.index] + 1

    def count(self, user_id: int, upto: int | None = None) -> int:
        """How many messages hit, counted up to ``upto`` (None: all), and at least as far as
        :meth:`page` needs to choose its way (:attr:`needs`), so that one count serves both."""
        if upto is not None:
            upto = max(upto, self.needs)
        known = self.counts.get(user_id)
        if known is not None:
            counted, limit = known
            if limit is None or counted < limit or (upto is not None and limit >= upto):
                return counted if upto is None else min(counted, upto)
        if self.scoped:  # the prefixes' conditions need the join
            counted = _count(self.in_messages_scope(self._found(user_id)), upto)
        else:
            sql = f"SELECT 1 FROM {self.index} WHERE {self.index} MATCH ?{self.visible}"
            counted = _count((sql, [self.match(user_id)]), upto)
        self.counts[user_id] = (counted, upto)
        return counted

    def _counted_all(self, user_id: int) -> bool:
        """Whether :meth:`count` counted every hit (not stopped at its bound)."""
        counted, limit = self.counts[user_id]
        return limit is None or counted < limit

    def page(self, user_id: int, order: str, offset: int, limit: int) -> list[tuple[Any, ...]]:
        idx, match = self.index, self.match(user_id)
        self.count(user_id, 0)  # enough to choose (see count), or what find counted
        count = self.counts[user_id][0]
        found = self._found(user_id)[0]
        if self.scoped:  # narrowed by prefixes: the hits left are sorted as they are
            rank, rank_params = self.rank() if order == "relevance" else ("", [])
            part = self.in_messages_scope((found, [match]))
            return _rows(part, (rank + _NEWEST, rank_params), offset, limit)
        if order == "newest" and self.walks_with_like:
            return self._newest_by_cost(user_id, count, offset, limit)
        if order == "newest" and count <= WALK_ABOVE[idx]:
            return _rows((found, [match]), (_NEWEST, []), offset, limit)
        if order == "newest":
            return self._walk(user_id, match, offset, limit)
        rank, rank_params = self.rank()
        if count <= SORT_LIMIT:
            return _rows((found, [match]), (rank + _NEWEST, rank_params), offset, limit)
        boundary = int(
            database.execute_sql(
                f"SELECT rowid FROM {idx} WHERE {idx} MATCH ?{self.visible} "
                "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                [match, SORT_LIMIT - 1],
            ).fetchone()[0]
        )
        rows = []
        if offset < SORT_LIMIT:
            window = f"{found} AND {idx}.rowid >= {boundary}"
            rows = _rows((window, [match]), (rank + _NEWEST, rank_params), offset, limit)
        if len(rows) < limit:
            rest = f"{found} AND {idx}.rowid < {boundary}"
            more = limit - len(rows)
            rows += _rows(
                (rest, [match]), (f"{idx}.rowid DESC", []), max(0, offset - SORT_LIMIT), more
            )
        return rows

    def _newest_by_cost(
        self, user_id: int, count: int, offset: int, limit: int
    ) -> list[tuple[Any, ...]]:
        """Newest first where ``LIKE`` agrees with the index: the hits read and sorted, or the
        messages walked in time order (:meth:`_walk`), whichever costs less by the hits'
        density (:data:`READ_COST`, :data:`WALK_COST`).

        A walk expects to pass ``(offset + limit) × messages / hits`` messages. When every hit
        was counted, it walks at most twice that many (the newest ones): hits bunched in older
        messages then leave the page unfilled, and the hits are read and sorted after all (a
        walk that did not pay costs at most what reading them does). When the count stopped at
        its bound (hits are many), the walk goes on to the page's end."""
        found = (self._found(user_id)[0], [self.match(user_id)])
        if count <= LIKE_READ_UPTO:
            return _rows(found, (_NEWEST, []), offset, limit)
        stored = database.execute_sql("SELECT max(id) FROM message").fetchone()[0] or 0
        expected = (offset + limit) * stored / max(count, 1)
        if not self._counted_all(user_id):
            return self._walk(user_id, self.match(user_id), offset, limit)
        if expected * WALK_COST >= count * READ_COST:
            return _rows(found, (_NEWEST, []), offset, limit)
        window = int(2 * expected) + WALK_SLACK
        since = database.execute_sql(
            "SELECT created_at FROM message INDEXED BY message_created_at "
            "ORDER BY created_at DESC LIMIT 1 OFFSET ?",
            [window],
        ).fetchone()
        if since is None:  # the window holds every message: the walk is complete
            return self._walk(user_id, self.match(user_id), offset, limit)
        rows = self._walk(user_id, self.match(user_id), offset, limit, since=since[0])
        if len(rows) == limit:
            return rows
        return _rows(found, (_NEWEST, []), offset, limit)

    def _walk(
        self, user_id: int, match: str, offset: int, limit: int, since: Any = None
    ) -> list[tuple[Any, ...]]:
        """Newest first with many hits: messages walked in time order (``message_created_at``),
        kept when they are of the kind searched and hold the query, until the page is full (or,
        ``since`` given, the messages stored at or after that time are walked); as hits are
        many, the page comes after a short walk.

        Where ``LIKE`` agrees with the index (:func:`like_agrees`), each row is tested with it,
        a plain string search: about a microsecond a row. Messages holding a character that
        folds into a letter of the query (:data:`_FOLDED_INTO`) are asked of the index too.
        Otherwise a single-token grams query is probed per row; a trigram phrase's hits are
        gathered once into a temporary set (SQLite's IN subquery) that the walk looks up (a
        trigram probe per row seeks through the owner's whole doclist: ~1 ms)."""
        idx = self.index
        held, params = _kind_part(self.kind)
        held = held.removeprefix(" AND ")
        if like_agrees(self.query):
            like = "m.content LIKE ? ESCAPE '\\'"
            params.append(self.pattern)
            odd = [_FOLDED_INTO[ch] for ch in sorted(set(self.query.lower())) if ch in _FOLDED_INTO]
            if odd:
                has_odd = " OR ".join(f"instr(m.content, '{ch}') > 0" for ch in odd)
                probe = f"EXISTS (SELECT 1 FROM {idx} WHERE {idx} MATCH ? AND rowid = m.id)"
                like = f"({like} OR (({has_odd}) AND {probe}))"
                params.append(match)
            held += f" AND {like} AND c.user_id = ?"
            params.append(user_id)
        elif idx == "message_grams":
            held += f" AND EXISTS (SELECT 1 FROM {idx} WHERE {idx} MATCH ? AND rowid = m.id)"
            params.append(match)
        else:
            held += f" AND m.id IN (SELECT rowid FROM {idx} WHERE {idx} MATCH ?)"
            params.append(match)
        if since is not None:
            held += " AND m.created_at >= ?"
            params.append(since)
        sql = (
            f"SELECT {_MESSAGE_COLUMNS} FROM message m INDEXED BY message_created_at "
            f"CROSS JOIN chat c ON c.id = m.chat_id WHERE {held} AND c.deleted_at IS NULL"
        )
        return _rows((sql, params), (_NEWEST, []), offset, limit)


#: SQLite's case folding (FTS5's, in both message indexes) beyond ASCII's that ends in an ASCII
#: letter, measured on SQLite 3.40 over the Basic Multilingual Plane: KELVIN SIGN folds to "k",
#: LONG S to "s". Everything else that folds to an ASCII letter is its ASCII capital.
_FOLDED_INTO = {"k": "\u212a", "s": "\u017f"}
#: Characters that SQLite's folding treats as one although Python sees no case in them.
_FOLD_ODD = frozenset("\ufffd\ufffe\uffff")


def like_agrees(query: str) -> bool:
    """True when ``LIKE '%query%'`` (ASCII letters in any case, every other character as
    itself) finds exactly the messages the FTS5 indexes hold for ``query``, but for the ones
    holding a character of :data:`_FOLDED_INTO`: the query is ASCII, or its other characters
    have no case (Chinese, digits, punctuation)."""
    return all(
        ch.isprintable()
        and (ch.isascii() or (ch.lower() == ch == ch.upper() and ch not in _FOLD_ODD))
        for ch in query
    )


def title_echoes(title: str, first: str | None) -> bool:
    """Whether a chat may be stored with ``title_echo`` (schema v16): ``title`` less a trailing
    ``…`` is the exact start of ``first``, its first message, and holds only characters that
    every matcher folds alike (:func:`like_agrees`). Then any query without ``…`` that
    :func:`like_agrees` too and matches the title matches the first message: its title hit is
    left out without reading the message (see :func:`find`)."""
    stem = title.rstrip("…").strip()
    return bool(stem) and first is not None and first.startswith(stem) and like_agrees(stem)


def _skips_echoes(text: str, query: search_query.Query) -> bool:
    """Whether the title hits of ``text`` may leave out chats stored with ``title_echo``
    without reading their first message: its first message is then a message hit (no time
    prefix, which would judge a title hit and a message hit by different times)."""
    return "…" not in text and like_agrees(text) and query.before is None and query.after is None


#: Up to how many chats whose title does not echo their first message (``chat_title_own``) a
#: search reads them all rather than walk the user's chats in order (0.3 ms for this many).
OWN_TITLES_READ = 5_000


def _few_own_titles(user_id: int) -> bool:
    """SQLite: whether ``user_id`` has at most :data:`OWN_TITLES_READ` live chats whose title
    a search must match (``chat_title_own``, schema v16)."""
    row = database.execute_sql(
        "SELECT count(*) FROM (SELECT 1 FROM chat INDEXED BY chat_title_own WHERE user_id = ? "
        f"AND title_echo = 0 AND deleted_at IS NULL LIMIT {OWN_TITLES_READ + 1}) AS own",
        (user_id,),
    ).fetchone()
    return int(row[0]) <= OWN_TITLES_READ


#: How many characters of a chat's first message past its title's length are read first to
#: compare them (more only when whitespace runs make the first ones too few).
_SLACK = 32


def _title_hits(plan: _JoinPlan, user_id: int, upto: int | None) -> list[tuple[Any, ...]]:
    """The title hits, in their order (last updated first), up to ``upto`` of them (None: all):
    ``(id, chat_key, title, updated_at)`` each.

    Left out: chats whose title is their first message's opening (the composer and the
    importers name a chat so) and whose first message is a hit too: their title hit would show
    the same text twice, so the message hit alone stands for them. One statement reads each
    candidate with the opening of its first message when that is a hit (the rare opening
    that needs more text is read again, whole)."""
    sql, params = plan.titles(user_id)
    p = plan.p
    query = (
        "SELECT t.id, t.chat_key, t.title, t.updated_at, "
        f"CASE WHEN f.content {plan.like} {p} ESCAPE '\\' "
        f"THEN substr(f.content, 1, length(t.title) + {_SLACK}) END, f.id FROM ({sql}) AS t "
        "LEFT JOIN message f ON f.id = (SELECT min(m.id) FROM message m WHERE m.chat_id = t.id) "
        "ORDER BY t.updated_at DESC, t.id DESC"
    )
    kept: list[tuple[Any, ...]] = []
    cursor = database.execute_sql(query, [plan.pattern, *params])
    for chat_id, key, title, when, head, first_id in cursor:
        if head is not None:
            echoes = _echoes(title, head, complete=len(head) < len(title) + _SLACK)
            if echoes is None:  # whitespace runs: the opening read was too short to tell
                whole = database.execute_sql(
                    f"SELECT substr(content, 1, {_HEAD}) FROM message WHERE id = {p}", [first_id]
                ).fetchone()[0]
                echoes = _opens(title, whole)
            if echoes:
                continue
        kept.append((chat_id, key, title, when))
        if upto is not None and len(kept) >= upto:
            break
    cursor.close()
    return kept


#: How much of a chat's first message is compared with its title (titles are ≤ 200 characters).
_HEAD = 2_000


def _echoes(title: str, head: str, *, complete: bool) -> bool | None:
    """:func:`_opens` of ``title`` and ``head``, the opening of a text (the whole text when
    ``complete``); None when ``head`` is too short to tell."""
    stem = title.rstrip("…").strip()
    if not stem:
        return False
    if head.startswith(stem) and stem.isprintable() and " ".join(stem.split()) == stem:
        return True  # the common case, without walking the text: its one line starts so too
    line = _line(head)
    if complete or len(line) > len(stem):
        return line.startswith(stem)
    return None


def _line(text: str) -> str:
    """``text`` on one line: whitespace runs and unprintable characters as one space."""
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def _opens(title: str, text: str) -> bool:
    """Whether ``title`` is the start of ``text`` on one line (whitespace runs as one space,
    ``…`` where the title was cut), as a title made from the text is."""
    stem = title.rstrip("…").strip()
    return bool(stem) and _line(text).startswith(stem)


def _count(part: Part, upto: int | None = None) -> int:
    """How many rows ``part`` yields, counted up to ``upto`` (None: all of them)."""
    sql, params = part
    if upto is not None:
        # select no columns, so that an index alone may answer, as it does a count(*)
        sql = _SELECTED.sub("SELECT 1 FROM ", sql, count=1)
        sql, params = f"{sql} LIMIT {'?' if is_sqlite() else '%s'}", [*params, upto]
    return int(database.execute_sql(f"SELECT count(*) FROM ({sql}) AS hits", params).fetchone()[0])


#: The column list of a part's SQL (none has " FROM " in it).
_SELECTED = re.compile(r"^SELECT .*? FROM ", re.DOTALL)


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
    return Hit(
        message_id, chat_id, chat_key, chat_title, role, text, stored_time(created_at), spans
    )
