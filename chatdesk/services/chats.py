"""Chats and messages: the rules behind add_chat, get_history_chat, delete_chat, the chat list."""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import peewee as pw

from chatdesk.services import chat_filter, validation
from chatdesk.services.accounts import AccountRef
from chatdesk.services.chat_filter import DEFAULT, ChatFilter
from chatdesk.services.errors import ServiceError, invalid
from chatdesk.services.events import Change, publish, publish_all
from chatdesk.services.plain import plain_text
from chatdesk.store import database, write_transaction
from chatdesk.store.db import FOLD_FUNCTION, contains, fold, is_sqlite, run, stored_time
from chatdesk.store.models import Chat, ChatCount, Message, Meta, utcnow

ROLES = ("user", "assistant", "system", "tool")
#: The kind of a visible turn (``chatdesk.importers.model.TEXT``).
TEXT = "text"
PREVIEW_LEN = 200
#: The seed's ``chat_tpye``: 1 is the person, 0 the assistant.
CHAT_TYPES = {"1": "user", "0": "assistant"}


@dataclass(frozen=True)
class ChatSummary:
    id: int
    chat_key: str
    title: str
    message_count: int
    updated_at: dt.datetime
    last_preview: str
    pinned: bool
    #: The folder it is filed in (schema v12), if any.
    folder_id: int | None = None
    archived: bool = False
    #: Where it was imported from (``deepseek``, ``claude-code``…); None when made in ChatDesk
    #: or through the API (:func:`source_of`).
    source: str | None = None


#: The source the JSON export gives a chat made in ChatDesk; such a chat has no source.
NATIVE_SOURCE = "chatdesk"


def source_of(stored: str | None) -> str | None:
    """A chat's source as shown and sent: None for one made in ChatDesk (no source stored, or
    ``chatdesk``: a ChatDesk export's chat made in ChatDesk)."""
    return None if not stored or stored == NATIVE_SOURCE else stored


@dataclass(frozen=True)
class MessageRow:
    id: int
    chat_id: int
    role: str
    content: str
    created_at: dt.datetime
    #: "text", "reasoning" or "tool" (schema v19); the model, and the detail (JSON: a tool
    #: call's name, input, error; a step's seconds: ``chatdesk.importers.model.read_detail``).
    kind: str = TEXT
    model: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class MessageWindow:
    """Consecutive messages of a chat, oldest first, and whether more lie beyond each end."""

    rows: list[MessageRow]
    has_older: bool
    has_newer: bool


def role_from_chat_type(value: str | int | None, field: str = "chat_tpye") -> str:
    """``chat_tpye`` to a role: absent or 1 is "user", 0 is "assistant", anything else 1002
    naming ``field`` (the spelling the client sent: ``chat_tpye`` or ``chat_type``)."""
    if value is None or value == "":
        return "user"
    role = CHAT_TYPES.get(str(value))  # exactly "1" or "0": not " 1", "1 ", "1.0" or "01"
    if role is None:
        raise invalid(field, "chat_type")
    return role


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise invalid("role", "role")
    return role


def _preview(content: str) -> str:
    """The chat list's preview of a message: its start as one line of plain text (Markdown
    markup removed: the list shows no formatting)."""
    return plain_text(content[: PREVIEW_LEN * 3])[:PREVIEW_LEN]


#: The rules :func:`_preview` follows; a database whose previews were made by others is brought
#: up to date once by :func:`refresh_previews`.
PREVIEW_RULES = "plain-1"
PREVIEW_RULES_KEY = "preview_rules"
_LAST_MESSAGES = (
    f"SELECT c.id, c.last_preview, (SELECT substr(m.content, 1, {PREVIEW_LEN * 3}) "
    'FROM "message" m WHERE m.chat_id = c.id ORDER BY m.id DESC LIMIT 1) FROM "chat" c'
)


def refresh_previews() -> int:
    """Remake every chat's preview by today's rules, once per database (previews stored before
    showed Markdown as typed, ``~~`` and all); returns how many changed. One transaction."""
    if Meta.get_or_none(Meta.key == PREVIEW_RULES_KEY, Meta.value == PREVIEW_RULES):
        return 0
    with write_transaction():
        if Meta.get_or_none(Meta.key == PREVIEW_RULES_KEY, Meta.value == PREVIEW_RULES):
            return 0  # another process did it meanwhile
        changed = [
            (preview, chat_id)
            for chat_id, old, content in run(_LAST_MESSAGES)
            if content is not None and (preview := _preview(content)) != old
        ]
        for preview, chat_id in changed:
            run('UPDATE "chat" SET last_preview = ? WHERE id = ?', (preview, chat_id))
        Meta.insert(key=PREVIEW_RULES_KEY, value=PREVIEW_RULES).on_conflict(
            conflict_target=[Meta.key], update={Meta.value: PREVIEW_RULES}
        ).execute()
    return len(changed)


# The API's hot path runs hand-written SQL: see chatdesk.store.db.run.
_CHAT_BY_KEY = 'SELECT id, title, deleted_at FROM "chat" WHERE user_id = ? AND chat_key = ?'
_INSERT_CHAT = (
    'INSERT INTO "chat" (user_id, chat_key, title, created_at, updated_at, message_count, '
    "last_preview, pinned) VALUES (?, ?, ?, ?, ?, 0, '', ?) RETURNING id"
)
_RETITLE = 'UPDATE "chat" SET title = ?, updated_at = ? WHERE id = ?'
_INSERT_MESSAGE = (
    'INSERT INTO "message" (chat_id, role, content, created_at, source_id, kind, model, detail) '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_TEXT = (
    'INSERT INTO "message" (chat_id, role, content, created_at, source_id) VALUES (?, ?, ?, ?, ?)'
)
_BUMP_CHAT = (
    'UPDATE "chat" SET message_count = message_count + ?, '
    "last_preview = COALESCE(?, last_preview), updated_at = ? WHERE id = ?"
)
_BUMP_LIVE_CHAT = _BUMP_CHAT + " AND deleted_at IS NULL"
#: The legacy API's history: the visible turns only (``kind`` text). Reasoning and tool rows
#: (schema v19) are not shown to the seed's clients, which know only roles and texts.
_HISTORY = "SELECT role, content FROM \"message\" WHERE chat_id = ? AND kind = 'text' ORDER BY id"


#: A message to append: (role, content, created_at, source_id, kind, model, detail); see
#: ``chatdesk.importers.model.ImportedMessage`` for the kinds and detail. The first four alone
#: are a visible turn (text, no model, no detail), as before kinds existed.
FullMessage = tuple[str, str, dt.datetime, str | None, str, str | None, str | None]
NewMessage = FullMessage | tuple[str, str, dt.datetime, str | None]


def _full(message: NewMessage) -> FullMessage:
    if len(message) == 7:
        return message
    role, content, when, source_id = message
    return (role, content, when, source_id, TEXT, None, None)


def new_message(role: str, content: str, when: dt.datetime) -> FullMessage:
    """A visible turn typed in ChatDesk or sent through the API: no source id, model or detail."""
    return (role, content, when, None, TEXT, None, None)


def append_messages(
    chat_id: int,
    messages: Sequence[NewMessage],
    updated_at: dt.datetime,
    *,
    live_only: bool = False,
) -> int | None:
    """Append ``messages`` (in order) to a chat and bump its count, preview and time: the one
    way messages are written (the API, the windows, imports), inside a write transaction.

    Returns the new message's id when there is one message (what the windows show), else None.
    With ``live_only`` nothing is written when the chat is deleted, and the result is -1.
    """
    if not messages:
        return None
    bump = _BUMP_LIVE_CHAT if live_only else _BUMP_CHAT
    full = [_full(m) for m in messages]
    # the count and the preview are of the visible turns: what the list and the legacy
    # get_history_chat show (reasoning and tool rows are folded inside the thread)
    texts = [m for m in full if m[4] == TEXT]
    preview = _preview(texts[-1][1]) if texts else None
    count = run(bump, (len(texts), preview, updated_at, chat_id)).rowcount
    if live_only and count != 1:
        return -1
    # plain turns (all the API and the windows write) leave kind, model and detail to their
    # column defaults: the statement every message was written with before schema v19
    plain = all(m[4] == TEXT and m[5] is None and m[6] is None for m in full)
    sql = _INSERT_TEXT if plain else _INSERT_MESSAGE
    rows = [(chat_id, *(m[:4] if plain else m)) for m in full]
    if len(full) == 1:
        return int(run(sql + " RETURNING id", rows[0]).fetchone()[0])
    cursor = database.cursor()
    if is_sqlite():
        cursor.executemany(sql, rows)
    else:  # one statement per page of rows: psycopg2's executemany runs one per row
        from psycopg2.extras import execute_values

        execute_values(cursor, sql.split(" VALUES ")[0] + " VALUES %s", rows, page_size=1000)
    return None


def add_chat(
    user: AccountRef,
    chat_key: str | None,
    title: str | None,
    content: str | None = None,
    role: str = "user",
) -> bool:
    """The API's ``add_chat``: create the chat (or retitle it), then append ``content`` if any.

    Returns True when the call created the chat.
    """
    key = validation.chat_key(chat_key)
    title = validation.text(title, "chat_title", required=False, max_len=validation.TITLE_MAX)
    content = validation.text(
        content, "chat_content", required=False, max_len=validation.CONTENT_MAX, multiline=True
    )
    _check_role(role)
    now = utcnow()
    if content and _appended(user, key, title, role, content, now):
        return False
    with write_transaction():
        row = run(_CHAT_BY_KEY, (user.id, key)).fetchone()
        if row is not None and row[2] is not None:
            Chat.delete().where(Chat.id == row[0]).execute()  # deleted: its id is free again
            row = None
        created = row is None
        if row is None:
            if not title:
                raise ServiceError(1001, field="chat_title")
            try:
                with database.atomic():
                    chat_id = int(
                        run(_INSERT_CHAT, (user.id, key, title, now, now, False)).fetchone()[0]
                    )
            except pw.IntegrityError:  # created meanwhile by another process (PostgreSQL)
                row = run(_CHAT_BY_KEY, (user.id, key)).fetchone()
                created = False
        if row is not None:
            chat_id = row[0]
            if title and title != row[1]:
                run(_RETITLE, (title, now, chat_id))
        if content:
            append_messages(chat_id, [new_message(role, content, now)], now)
        publish(Change("chat" if created else "message", user.id, chat_id))
    return created


def _appended(
    user: AccountRef, key: str, title: str | None, role: str, content: str, now: dt.datetime
) -> bool:
    """``add_chat``'s common case, a message for a live chat whose title stays: found before
    the write transaction (a read waits for no writer), so that the transaction holds the
    writer lock for two statements. False, having written nothing, when the case does not apply.
    """
    row = run(_CHAT_BY_KEY, (user.id, key)).fetchone()
    if row is None or row[2] is not None or (title and title != row[1]):
        return False
    chat_id = row[0]
    with write_transaction():
        if append_messages(chat_id, [new_message(role, content, now)], now, live_only=True) == -1:
            return False  # deleted meanwhile: the full path decides
        publish(Change("message", user.id, chat_id))
    return True


def live_chats(user: AccountRef | None, where: ChatFilter | None = None) -> pw.ModelSelect[Chat]:
    """The chats that are not deleted (awaiting purge), of ``user`` or of everyone; archived
    ones too unless ``where`` (which needs ``user``) says otherwise."""
    query = Chat.select().where(Chat.deleted_at.is_null())
    if user is not None:
        query = query.where(Chat.user == user.id)
        if where is not None:
            query = chat_filter.apply(query, user.id, where)
    return query


def find_chat(
    user: AccountRef | None, *, chat_key: str | None = None, title: str | None = None
) -> int:
    """The id of a live chat by ``chat_key``, else by exact ``title``; the most recently updated
    where several match."""
    if chat_key:
        # the title is not used, but checked all the same: every input is validated
        validation.text(title, "chat_title", required=False, max_len=validation.TITLE_MAX)
        where, value = "chat_key = ?", validation.chat_key(chat_key)
    else:
        where, value = (
            "title = ?",
            validation.text(title, "chat_title", max_len=validation.TITLE_MAX),
        )
    params: tuple[object, ...] = (value,)
    if user is not None:
        where += " AND user_id = ?"
        params += (user.id,)
    row = run(
        f'SELECT id FROM "chat" WHERE {where} AND deleted_at IS NULL '
        "ORDER BY updated_at DESC, id DESC LIMIT 1",
        params,
    ).fetchone()
    if row is None:
        raise ServiceError(3001)
    return int(row[0])


def history(chat_id: int) -> list[tuple[str, str]]:
    """Every visible turn (kind text) of a chat as (role, content), oldest first."""
    return [(role, content) for role, content in run(_HISTORY, (chat_id,))]


@functools.lru_cache(maxsize=8)
def _history_json_sql(role_names: tuple[tuple[str, str], ...]) -> str:
    role = "role"
    if role_names:
        cases = " ".join(f"WHEN {_sql_text(a)} THEN {_sql_text(b)}" for a, b in role_names)
        role = f"CASE role {cases} ELSE role END"
    # The subquery's ORDER BY holds: SQLite does not flatten an ordered subquery into an
    # aggregate, so group_concat takes the rows in that order.
    # As a BLOB, the UTF-8 text comes as bytes: no decoding into str and encoding back.
    return (
        "SELECT CAST(group_concat('[' || json_quote(" + role + ") || ', ' || json_quote(content) "
        "|| ']', ', ') AS BLOB) "
        "FROM (SELECT role, content FROM \"message\" WHERE chat_id = ? AND kind = 'text' "
        "ORDER BY id)"
    )


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def history_json(chat_id: int, role_names: Mapping[str, str]) -> bytes:
    """A chat's messages as UTF-8 JSON: a list of ``[role, content]``, oldest first, byte for
    byte what ``json.dumps(..., ensure_ascii=False)`` writes; roles renamed by ``role_names``.

    SQLite writes the whole text in one step (its ``json_quote`` escapes exactly as Python's
    encoder does): reading the rows one by one would hand the GIL to other threads once per
    row, and under load each hand-off costs more than the row (bench/load.py).
    """
    if not is_sqlite():
        rows = [[role_names.get(role, role), content] for role, content in history(chat_id)]
        return json.dumps(rows, ensure_ascii=False).encode()
    sql = _history_json_sql(tuple(sorted(role_names.items())))
    text = run(sql, (chat_id,)).fetchone()[0]
    return b"[]" if text is None else b"[" + text + b"]"


def delete_by_key(chat_key: str | None, user: AccountRef | None) -> None:
    """The API's ``delete_chat``: scoped to ``user`` when given; 3002 when the key is ambiguous."""
    key = validation.chat_key(chat_key)
    with write_transaction():
        rows = list(live_chats(user).where(Chat.chat_key == key).limit(2))
        if not rows:
            raise ServiceError(3001)
        if len(rows) > 1:
            raise ServiceError(3002)
        _soft_delete([rows[0].id], rows[0].user_id)  # type: ignore[attr-defined]


def _soft_delete(chat_ids: Sequence[int], user_id: int) -> None:
    now = utcnow()
    for chunk in _chunks(chat_ids):
        Chat.update(deleted_at=now).where(Chat.id.in_(chunk)).execute()
    publish_all(Change("chat", user_id, chat_id) for chat_id in chat_ids)


def _summary(chat: Chat) -> ChatSummary:
    return ChatSummary(
        id=chat.id,
        chat_key=chat.chat_key,
        title=chat.title,
        message_count=chat.message_count,
        updated_at=chat.updated_at,
        last_preview=chat.last_preview,
        pinned=chat.pinned,
        folder_id=chat.folder_id,
        archived=chat.archived_at is not None,
        source=source_of(chat.source),
    )


# --- the chat list's rules: everything that lists chats (the API, the windows, the export)
# --- orders and filters them with these

#: The chat list's order, descending: pinned first, then the most recently updated, then the
#: newest; served by the partial index ``chat_list`` (schema v7).
LIST_KEY = (Chat.pinned, Chat.updated_at, Chat.id)
ListKey = tuple[bool, dt.datetime, int]


def list_key(chat: ChatSummary) -> ListKey:
    """``chat``'s place in the list (sorted descending), as :data:`LIST_KEY` orders it."""
    return (chat.pinned, chat.updated_at, chat.id)


def list_order(select: pw.ModelSelect[Chat]) -> pw.ModelSelect[Chat]:
    return select.order_by(*(field.desc() for field in LIST_KEY))


def title_matches(title: str, query: str) -> bool:
    """Whether a chat titled ``title`` is listed under the filter ``query``: the title holds
    the query, compared case-folded (:func:`chatdesk.store.db.fold`)."""
    return not query or str(fold(query)) in str(fold(title))


def title_filter(query: str) -> pw.Node:
    """:func:`title_matches` as SQL over ``chat.title``.

    SQLite's LIKE compares ASCII letters only without case, and a Python function per row costs
    about six LIKEs; so LIKE (with the folded query) decides every title of printable ASCII, for
    which it is exact, and the registered fold only the others. PostgreSQL's ILIKE lower-cases
    every letter; it differs from case folding only where one letter folds to two ("ß": "ss").
    """
    folded = str(fold(query))
    if not is_sqlite():
        return contains(Chat.title, folded)
    other = pw.NodeList((Chat.title, pw.SQL("GLOB"), pw.Value("*[^ -~]*")))
    found = pw.fn.instr(getattr(pw.fn, FOLD_FUNCTION)(Chat.title), folded) > 0
    return contains(Chat.title, folded) | (other & found)


def _after(select: pw.ModelSelect[Chat], key: ListKey | None) -> pw.ModelSelect[Chat]:
    """The rows that come after ``key`` in the list's order: one row-value comparison, which
    both engines answer as a range of the index (an OR of the three columns is a scan)."""
    if key is None:
        return select
    pinned, updated, chat_id = key
    return select.where(pw.Tuple(*LIST_KEY) < pw.Tuple(pinned, updated, chat_id))


def cursor_of(chat: ChatSummary) -> str:
    """The ``before`` cursor of the page that follows ``chat`` (the API's keyset paging)."""
    return f"{int(chat.pinned)}|{chat.updated_at.isoformat()}|{chat.id}"


def parse_cursor(value: str | None) -> ListKey | None:
    """A cursor from :func:`cursor_of` as a list key; raises 1002 for anything else."""
    if value is None or value == "":
        return None
    try:
        pinned, updated, chat_id = value.split("|")
        if pinned not in ("0", "1") or not chat_id.isdigit():
            raise ValueError(value)
        return pinned == "1", dt.datetime.fromisoformat(updated), int(chat_id)
    except ValueError:
        raise invalid("before", "cursor") from None


def count_chats(user: AccountRef, query: str = "", where: ChatFilter = DEFAULT) -> int:
    """How many chats the list ``where`` shows ``user`` (whose title contains ``query``): for the
    default list without a query, the count the database keeps (one row), else a count."""
    if query or not where.is_default:
        kept = None if query else chat_filter.kept_count(user.id, where)
        if kept is not None:  # a list of the folder tree: its count is kept (schema v15)
            return kept
        select = chat_filter.apply(live_chats(user), user.id, where, counting=True)
        return int((select.where(title_filter(query)) if query else select).count())
    live = ChatCount.select(ChatCount.live).where(ChatCount.user_id == user.id).scalar()
    return int(live or 0)


def list_chats(
    user: AccountRef,
    *,
    offset: int = 0,
    limit: int = 50,
    query: str = "",
    before: str | None = None,
    where: ChatFilter = DEFAULT,
) -> tuple[list[ChatSummary], int]:
    """A page of the user's chats in the list ``where`` (by default: not archived), pinned
    first then newest first, and how many match: from ``offset``, or after the ``before``
    cursor (fast at any depth; ``offset`` then counts from the cursor)."""
    key = parse_cursor(before)
    select = live_chats(user, where)
    if query:
        select = select.where(title_filter(query))
    rows = list_order(_after(select, key)).offset(offset).limit(limit)
    return [_summary(c) for c in rows], count_chats(user, query, where)


# --- used by the desktop app -------------------------------------------------------------------


def chats_after(
    user: AccountRef,
    after: ListKey | None = None,
    limit: int = 100,
    query: str = "",
    where: ChatFilter = DEFAULT,
) -> list[ChatSummary]:
    """Keyset paging over the chat list ``where`` (pinned first, newest first): the rows after
    ``after``, a (pinned, updated_at, id) key of the last row already shown."""
    select = live_chats(user, where)
    if query:
        select = select.where(title_filter(query))
    return [_summary(c) for c in list_order(_after(select, after)).limit(limit)]


#: Ids bound in one statement at most (SQLite allows 32,766 variables; PostgreSQL 65,535).
ID_CHUNK = 5000


def _chunks(ids: Sequence[int], size: int = ID_CHUNK) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


#: A row of the list as :func:`list_keys` gives it: (pinned, updated_at, id), the list's order
#: key, pinned as "0" or "1" and the time as the database writes it, so that keys compare in
#: the list's order (newest last) on both engines.
RawKey = tuple[str, str, int]


def _key_columns() -> tuple[str, str]:
    if is_sqlite():
        return "CAST(pinned AS TEXT)", "updated_at"
    return "CAST(CAST(pinned AS INTEGER) AS TEXT)", "CAST(updated_at AS TEXT)"


def list_keys(
    user: AccountRef,
    query: str = "",
    *,
    limit: int | None = None,
    ids: Iterable[int] | None = None,
    where: ChatFilter = DEFAULT,
) -> list[RawKey]:
    """The order keys of the chats in the list ``where`` (by default: not archived) whose title
    contains ``query`` (among ``ids`` when given), pinned first then newest first, from one
    scan of an index. All of them come as three strings the database aggregates, split here:
    100,000 rows one by one took 150-700 ms of the GIL from the window's thread (the desktop
    list holds every row's key, and loads the rest of a row when it is shown)."""
    select = live_chats(user, where).select(Chat.pinned, Chat.updated_at, Chat.id)
    if query:
        select = select.where(title_filter(query))
    pinned, updated = _key_columns()
    if ids is not None:
        keys: list[RawKey] = []
        for chunk in _chunks(list(ids)):
            sql, params = database.get_sql_context().sql(select.where(Chat.id.in_(chunk))).query()
            query_sql = f"SELECT {pinned}, {updated}, id FROM ({sql}) t"
            keys += database.execute_sql(query_sql, params).fetchall()
        return sorted(keys, reverse=True)
    select = list_order(select)
    if limit is not None:
        select = select.limit(limit)
    sql, params = database.get_sql_context().sql(select).query()
    if is_sqlite():  # an ordered subquery is aggregated in its order
        aggregate = (
            f"group_concat({pinned}, ''), group_concat({updated}, char(31)), group_concat(id)"
        )
    else:
        order = "ORDER BY pinned DESC, updated_at DESC, id DESC"
        aggregate = (
            f"string_agg({pinned}, '' {order}), string_agg({updated}, chr(31) {order}), "
            f"string_agg(CAST(id AS TEXT), ',' {order})"
        )
    row = database.execute_sql(f"SELECT {aggregate} FROM ({sql}) t", params).fetchone()
    flags, times, numbers = row
    if not numbers:
        return []
    stamps, listed = times.split("\x1f"), numbers.split(",")
    found: list[RawKey] = []
    for at in range(0, len(listed), 2000):  # in slices: each holds the GIL a short while
        end = at + 2000
        found += zip(flags[at:end], stamps[at:end], map(int, listed[at:end]), strict=True)
    return found


_SUMMARIES = (
    "SELECT id, chat_key, title, message_count, updated_at, last_preview, pinned, folder_id, "
    'archived_at IS NOT NULL, source FROM "chat" WHERE user_id = ? AND deleted_at IS NULL '
    "AND id IN ({})"
)


def summaries(user: AccountRef, chat_ids: Iterable[int]) -> list[ChatSummary]:
    """The summaries of those of ``chat_ids`` that are the user's live chats (in no order).

    Prepared SQL, not a Peewee query: the desktop list loads a page of them as it scrolls,
    and the Python a Peewee query runs on the worker (about 5 ms a page) held the GIL from
    the window's thread, which waited for it at each call into Python of a repaint."""
    found: list[ChatSummary] = []
    for chunk in _chunks(list(chat_ids)):
        sql = _SUMMARIES.format(", ".join("?" * len(chunk)))
        for row in run(sql, (user.id, *chunk)):
            chat_id, key, title, count, updated, preview, pinned, folder_id, archived, source = row
            found.append(
                ChatSummary(
                    chat_id,
                    key,
                    title,
                    count,
                    stored_time(updated),
                    preview,
                    bool(pinned),
                    folder_id,
                    bool(archived),
                    source_of(source),
                )
            )
    return found


_SOURCE_COUNTS = (
    'SELECT source, COUNT(*) FROM "chat" WHERE user_id = ? AND deleted_at IS NULL '
    "AND archived_at IS NULL GROUP BY source"
)


def source_counts(user: AccountRef) -> list[tuple[str, int]]:
    """How many chats of the default list (neither deleted nor archived) each source gave
    the user, most first: the folder tree's Sources (issue 22). The chats made in ChatDesk
    count under ``chatdesk`` (:data:`NATIVE_SOURCE`). One grouped read of the index
    ``chat_source`` (schema v19)."""
    counts: dict[str, int] = {}
    for source, count in run(_SOURCE_COUNTS, (user.id,)):
        name = source_of(source) or NATIVE_SOURCE
        counts[name] = counts.get(name, 0) + int(count)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def get_summary(chat_id: int) -> ChatSummary | None:
    chat = live_chats(None).where(Chat.id == chat_id).first()
    return _summary(chat) if chat else None


def _row(chat_id: int, m: Message) -> MessageRow:
    return MessageRow(m.id, chat_id, m.role, m.content, m.created_at, m.kind, m.model, m.detail)


def messages_before(
    chat_id: int, before_id: int | None = None, limit: int = 50
) -> list[MessageRow]:
    """Keyset paging over a chat from the newest end: up to ``limit`` messages older than
    ``before_id``, returned oldest first."""
    select = Message.select().where(Message.chat == chat_id)
    if before_id is not None:
        select = select.where(Message.id < before_id)
    rows = list(select.order_by(Message.id.desc()).limit(limit))
    rows.reverse()
    return [_row(chat_id, m) for m in rows]


def messages_after(chat_id: int, after_id: int, limit: int = 500) -> list[MessageRow]:
    """Messages newer than ``after_id``, oldest first (what arrived since the view last looked)."""
    select = (
        Message.select()
        .where(Message.chat == chat_id, Message.id > after_id)
        .order_by(Message.id)
        .limit(limit)
    )
    return [_row(chat_id, m) for m in select]


def messages_around(chat_id: int, message_id: int, limit: int = 50) -> MessageWindow:
    """A window on a chat centred on ``message_id`` (a search hit far back in a long chat):
    up to ``limit`` older messages, the message itself and up to ``limit`` newer ones, oldest
    first. Paging goes on from its ends with :func:`messages_before` and
    :func:`messages_after`. A message not in the chat leaves a window around where it would be."""
    older = messages_before(chat_id, message_id, limit + 1)
    newer = messages_after(chat_id, message_id - 1, limit + 2)
    own = newer[:1] if newer and newer[0].id == message_id else []
    newer = newer[len(own) :]
    return MessageWindow(
        rows=older[-limit:] + own + newer[:limit] if limit else own,
        has_older=len(older) > limit,
        has_newer=len(newer) > limit,
    )


def create_chat(user: AccountRef, title: str) -> ChatSummary:
    """A new empty chat with a fresh id."""
    title = validation.text(title, "chat_title", max_len=validation.TITLE_MAX)
    with write_transaction():
        chat = Chat.create(user=user.id, chat_key=uuid.uuid4().hex, title=title)
        publish(Change("chat", user.id, chat.id))
    return _summary(chat)


def start_chat(user: AccountRef, title: str, role: str, content: str) -> MessageRow:
    """A new chat holding its first message, in one transaction: a message refused (empty, too
    long, an unknown role) leaves no empty chat behind."""
    with write_transaction():
        chat = create_chat(user, title)
        return add_message(user, chat.id, role, content)


def _owned(user: AccountRef, chat_id: int) -> None:
    if not live_chats(user).where(Chat.id == chat_id).exists():
        raise ServiceError(3001)


def add_message(user: AccountRef, chat_id: int, role: str, content: str) -> MessageRow:
    content = validation.text(
        content, "chat_content", max_len=validation.CONTENT_MAX, multiline=True
    )
    _check_role(role)
    now = utcnow()
    with write_transaction():
        _owned(user, chat_id)
        message_id = append_messages(chat_id, [new_message(role, content, now)], now)
        assert message_id is not None
        publish(Change("message", user.id, chat_id))
    return MessageRow(message_id, chat_id, role, content, now)


def rename_chat(user: AccountRef, chat_id: int, title: str) -> None:
    title = validation.text(title, "chat_title", max_len=validation.TITLE_MAX)
    with write_transaction():
        _owned(user, chat_id)
        Chat.update(title=title).where(Chat.id == chat_id).execute()
        publish(Change("chat", user.id, chat_id))


def set_pinned(user: AccountRef, chat_ids: Iterable[int], pinned: bool) -> None:
    ids = list(chat_ids)
    with write_transaction():
        for chunk in _chunks(ids):
            Chat.update(pinned=pinned).where(
                Chat.id.in_(chunk), Chat.user == user.id, Chat.deleted_at.is_null()
            ).execute()
        publish_all(Change("chat", user.id, chat_id) for chat_id in ids)


def delete_chats(user: AccountRef, chat_ids: Iterable[int]) -> list[int]:
    """Delete chats (kept for :func:`restore_chats`); returns the ids actually deleted. Any
    number in one transaction (the ids are bound a chunk at a time)."""
    wanted = list(chat_ids)
    with write_transaction():
        ids: list[int] = []
        for chunk in _chunks(wanted):
            select = live_chats(user).select(Chat.id).where(Chat.id.in_(chunk))
            ids += [row[0] for row in database.execute(select).fetchall()]
        if ids:
            _soft_delete(ids, user.id)
    return ids


def restore_chats(user: AccountRef, chat_ids: Iterable[int]) -> None:
    """Undo :func:`delete_chats` (any number, one transaction)."""
    ids = list(chat_ids)
    with write_transaction():
        for chunk in _chunks(ids):
            Chat.update(deleted_at=None).where(
                Chat.id.in_(chunk), Chat.user == user.id, Chat.deleted_at.is_null(False)
            ).execute()
        publish_all(Change("chat", user.id, chat_id) for chat_id in ids)


def purge_deleted(older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Remove chats deleted longer ago than ``older_than`` for good (messages cascade)."""
    with write_transaction():
        return int(Chat.delete().where(Chat.deleted_at < utcnow() - older_than).execute())
