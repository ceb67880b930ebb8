"""Chatbox's backup (Settings → Data backup → Export, ``chatbox-exported-data-<date>.json``):
every key of the app's storage, with ``__exported_items`` and ``__exported_at``.

Chatbox 1.x keeps each conversation under a key ``session:<id>`` (``{id, name, type, starred,
messages, threads, messageForksHash, …}``, listed in ``chat-sessions-list``); older versions in
one ``chat-sessions`` array, which the move to the keys leaves behind (the keys win). A message
is ``{id, role, contentParts | content, timestamp (ms), model, aiProvider, …}``: parts are text,
image (a storage key: named ``[image]``), reasoning (``duration`` in ms), tool calls (``state``
call/result/error, ``toolName``, ``args``, ``result``) and the app's own info notes (not kept);
an older message's ``content``, ``pictures``, ``reasoningContent`` and ``webBrowsing`` are read
as the app reads them (``migrateMessage``). A session's earlier threads come first, then its
messages: the fork shown (the others, in ``messageForksHash``, are not read). Starred → pinned.
Writer: chatboxai/chatbox ``src/renderer/routes/settings/general.tsx``,
``src/shared/types/session.ts``, ``src/shared/utils/message.ts``,
``src/renderer/stores/migration.ts`` (read at 0d3139e5bf1677de66c19d65432fcd1c2994521d;
tests/importers/test_app_writers.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import ijson

from chatdesk.importers._apps import (
    ROLES,
    Event,
    content_text,
    reasoning_row,
    seconds,
    tool_row,
    value_of,
)
from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    Skipped,
    id_text,
    message_key,
    model_name,
    stable_id,
    text_of,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import (
    InputError,
    Member,
    broken_json,
    guarded,
    json_records,
    opened,
)

SOURCE = "chatbox"
LABEL = "Chatbox"

EXAMPLE: dict[str, Any] = {
    "__exported_items": ["setting", "conversations"],
    "__exported_at": "2025-03-01T10:00:00.000Z",
    "chat-sessions-list": [{"id": "b1", "name": "Tea", "starred": False, "type": "chat"}],
    "session:b1": {
        "id": "b1",
        "name": "Tea",
        "type": "chat",
        "messages": [
            {
                "id": "x",
                "role": "user",
                "contentParts": [{"type": "text", "text": "How long to steep tea?"}],
                "timestamp": 1740823200000,
            },
            {
                "id": "y",
                "role": "assistant",
                "contentParts": [
                    {"type": "reasoning", "text": "Green tea is delicate.", "duration": 1200},
                    {
                        "type": "tool-call",
                        "state": "result",
                        "toolCallId": "c1",
                        "toolName": "web_search",
                        "args": {"query": "steep green tea"},
                        "result": {"searchResults": []},
                    },
                    {"type": "text", "text": "About 3 minutes."},
                ],
                "timestamp": 1740823205000,
                "model": "gpt-4o",
                "aiProvider": "openai",
            },
        ],
        "threads": [],
    },
}


def sniff(probe: Probe) -> str | None:
    """An object with ``__exported_items``."""
    return "" if probe.shape == "object" and probe.has("__exported_items") else None


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    """The ``session:<id>`` keys in file order, then the older ``chat-sessions`` array's
    conversations that no ``session:<id>`` key holds (``migrate_7_to_8`` copied them into those
    keys and left the array behind: the keys are the ones the app reads). One conversation is
    held at a time; the array is read again only when the file has one."""
    listed: dict[str, bool] = {}  # chat-sessions-list: id → starred
    seen: set[str] = set()
    has_array = False
    try:
        events = ijson.parse(guarded(stream, member.name), use_float=True)
        for path, event, key in events:
            if path != "" or event != "map_key":
                continue
            if key.startswith("session:"):
                value = value_of(next(events), events)
                ident = value.get("id") if isinstance(value, dict) else None
                if isinstance(ident, (str, int)):
                    seen.add(str(ident))
                yield _one(value, listed)
            elif key == "chat-sessions-list":
                for meta in _items(next(events), events):
                    if isinstance(meta, dict) and isinstance(meta.get("id"), (str, int)):
                        listed[str(meta["id"])] = meta.get("starred") is True
            elif key == "chat-sessions":
                has_array = True
    except ijson.JSONError as exc:
        raise _broken(member, stream, exc) from None
    if not has_array:
        return
    with opened(member) as again:
        for value in json_records(member.name, again, "chat-sessions.item"):
            if isinstance(value, dict) and id_text(value.get("id")) in seen:
                continue
            yield _one(value, listed)


def _broken(member: Member, stream: IO[bytes], exc: Exception) -> InputError:
    where = broken_json(stream, exc)
    return InputError(
        f"{member.name}: not valid JSON: {where}", "not_json", name=member.name, where=where
    )


def _items(first: Event, events: Iterator[Event]) -> Iterator[Any]:
    """The items of the array that starts with ``first``, one at a time (nothing for another
    value, which is read past)."""
    if first[1] != "start_array":
        value_of(first, events)
        return
    for event in events:
        if event[1] == "end_array" and event[0] == first[0]:
            return
        yield value_of(event, events)


def _one(raw: object, listed: dict[str, bool]) -> ImportedChat | Skipped:
    try:
        return parse(raw, listed)
    except (MalformedConversation, TypeError, ValueError, AttributeError, KeyError) as exc:
        name = raw.get("name") if isinstance(raw, dict) else None
        return Skipped(repr(name) if isinstance(name, str) else "a session", str(exc))


def parse(raw: object, listed: dict[str, bool] | None = None) -> ImportedChat:
    """One session: its earlier ``threads`` (each a list of messages, the oldest first) and then
    its ``messages``, the fork shown (``messageForksHash`` holds the others: not read)."""
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    items = raw.get("messages")
    if not isinstance(items, list):
        raise MalformedConversation("'messages' is not a list")
    threads = raw.get("threads")
    earlier = [
        t["messages"]
        for t in (threads if isinstance(threads, list) else [])
        if isinstance(t, dict) and isinstance(t.get("messages"), list)
    ]
    messages: list[ImportedMessage] = []
    index = 0
    for thread in [*earlier, items]:
        for item in thread:
            if not isinstance(item, dict):
                raise MalformedConversation(f"message {index + 1} is not an object")
            messages += _message(index, item)
            index += 1
    key = id_text(raw.get("id"))
    starred = raw.get("starred")
    pinned = starred if isinstance(starred, bool) else (listed or {}).get(key or "", False)
    return ImportedChat(
        source=SOURCE,
        source_id=key or stable_id(raw.get("name"), items[:1]),
        title=title_of(raw.get("name"), messages),
        created_at=messages[0].created_at if messages else None,
        updated_at=messages[-1].created_at if messages else None,
        messages=messages,
        pinned=pinned,
    )


def _message(index: int, item: dict[str, Any]) -> list[ImportedMessage]:
    """One message: its reasoning and tool calls (``contentParts`` in their order, an older
    message's ``reasoningContent`` and ``webBrowsing``), then its text. A message whose parts
    hold no text is read from its ``content`` (and ``pictures``), as ``migrateMessage`` does."""
    role = item.get("role")
    if role not in ROLES:
        raise MalformedConversation(f"message {index + 1} has an unknown role {role!r}")
    key = message_key(index, item)
    stamp = when(item.get("timestamp")) or when(item.get("updatedAt"))
    model = model_name(item.get("model")) if role == "assistant" else None
    raw_parts = item.get("contentParts")
    parts = [p for p in raw_parts if isinstance(p, dict)] if isinstance(raw_parts, list) else []
    texts: list[str] = []
    rows: list[ImportedMessage] = []
    browsing = item.get("webBrowsing")
    if isinstance(browsing, dict):
        query = browsing.get("query")
        rows.append(
            tool_row(
                f"{key}:web",
                "web_search",
                {"query": ", ".join(q for q in query if isinstance(q, str))}
                if isinstance(query, list)
                else None,
                browsing.get("links"),
                stamp,
                model,
            )
        )
    if not any(p.get("type") == "reasoning" for p in parts):
        rows += reasoning_row(f"{key}:think", item.get("reasoningContent"), stamp, model)
    for n, part in enumerate(parts):
        kind = part.get("type")
        if kind == "text":
            texts.append(text_of(part.get("text")))
        elif kind == "image":
            texts.append("[image]")
        elif kind == "reasoning":
            took = seconds(part.get("duration"))
            rows += reasoning_row(f"{key}:{n}", part.get("text"), stamp, model, took)
        elif kind == "tool-call":
            rows.append(
                tool_row(
                    f"{key}:{n}",
                    part.get("toolName"),
                    part.get("args"),
                    part.get("result"),
                    stamp,
                    model,
                    is_error=part.get("state") == "error",
                )
            )
    written = "\n\n".join(t for t in texts if t and t != "[image]")
    if (not written.strip() or written == "...") and "content" in item:
        pictures = item.get("pictures")
        texts = [content_text(item.get("content"))] + [
            "[image]" for p in (pictures if isinstance(pictures, list) else []) if p
        ]
    text = "\n\n".join(t for t in texts if t)
    if text or not rows:
        rows.append(ImportedMessage(key, role, text, stamp, model=model))
    return rows
