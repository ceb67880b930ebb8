"""Cherry Studio's backup (Settings → Data settings → Backup, ``cherry-studio.<time>.zip``
holding ``data.json``, or that JSON): ``{time, version, localStorage: {"persist:cherry-studio":
"<the app state as a JSON string>"}, indexedDB: {topics: [{id, messages}], message_blocks?,
…}}``.

A topic is a chat; its name and pin come from the app state (``assistants[].topics[]``, a JSON
string inside a JSON string). Formats 2 and 3 keep a message's text in it (``content``,
``reasoning_content``, ``metadata.mcpTools``); formats 4 and 5 in ``indexedDB.message_blocks``,
named by the message's ``blocks``: main text, code, thinking (``thinking_millsec``), tool calls,
files and images (named), citations and errors (not kept). Format 1 (``indexedDB`` as
localforage's ``[{key: "topic:<id>", value}]``) is read too. A message is ``{id, role,
createdAt (ISO), model: {id, name, provider}, askId, …}``; the answers of several models to one
question share an ``askId`` and are all kept; the "new context" divider (``type: clear``) is not a
message. The blocks are read once into a temporary SQLite file, not held in memory.

Cherry Studio 1.8 and later back up by copying the app's storage folders (a zip with
``metadata.json``, ``IndexedDB/``, ``Local Storage/``): its ``metadata.json`` is claimed here
and refused, naming the versions that write ``data.json``. Writer: CherryHQ/cherry-studio
``src/renderer/src/services/BackupService.ts``, ``src/main/services/BackupManager.ts``,
``src/renderer/src/types/newMessage.ts``, ``src/renderer/src/types/legacyMessage.ts`` (commits
named in tests/importers/test_app_writers.py).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from chatdesk.importers._apps import content_text, mapping, reasoning_row, seconds, tool_row
from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    Skipped,
    clean,
    model_name,
    stable_id,
    text_of,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import InputError, Member, json_records, opened

SOURCE = "cherry-studio"
LABEL = "Cherry Studio"
#: ``data.json`` of a backup zip; ``metadata.json`` at the top of a direct backup (refused).
FILES = r"(?:^|/)data\.json$|^metadata\.json$"
STATE_KEY = "persist:cherry-studio"

EXAMPLE: dict[str, Any] = {
    "time": 1740823200000,
    "version": 5,
    "localStorage": {
        STATE_KEY: json.dumps(
            {"assistants": json.dumps([{"id": "a1", "topics": [{"id": "t1", "name": "Tea"}]}])}
        )
    },
    "indexedDB": {
        "topics": [
            {
                "id": "t1",
                "messages": [
                    {
                        "id": "q",
                        "role": "user",
                        "assistantId": "a1",
                        "topicId": "t1",
                        "createdAt": "2025-03-01T10:00:00.000Z",
                        "status": "success",
                        "blocks": ["bq"],
                    },
                    {
                        "id": "r",
                        "role": "assistant",
                        "assistantId": "a1",
                        "topicId": "t1",
                        "createdAt": "2025-03-01T10:00:05.000Z",
                        "status": "success",
                        "model": {"id": "gpt-4o", "name": "GPT-4o", "provider": "openai"},
                        "askId": "q",
                        "blocks": ["bt", "br"],
                    },
                ],
            }
        ],
        "settings": [],
        "message_blocks": [
            {
                "id": "bq",
                "messageId": "q",
                "type": "main_text",
                "createdAt": "2025-03-01T10:00:00.000Z",
                "status": "success",
                "content": "How long to steep tea?",
            },
            {
                "id": "bt",
                "messageId": "r",
                "type": "thinking",
                "createdAt": "2025-03-01T10:00:01.000Z",
                "status": "success",
                "content": "Green tea is delicate.",
                "thinking_millsec": 1200,
            },
            {
                "id": "br",
                "messageId": "r",
                "type": "main_text",
                "createdAt": "2025-03-01T10:00:05.000Z",
                "status": "success",
                "content": "About 3 minutes.",
            },
        ],
    },
}


def sniff(probe: Probe) -> str | None:
    """A backup: an object with ``time``, ``version``, ``localStorage`` holding
    ``persist:cherry-studio``, and ``indexedDB`` (a list of ``{key, value}`` in format 1, the
    tables after). Or the ``metadata.json`` of a direct backup: ``appName`` Cherry Studio with
    ``version``, ``appVersion``, ``platform``, ``arch`` and ``timestamp`` (refused by ``read``)."""
    if probe.shape != "object":
        return None
    if probe.has("time", "version", "indexedDB") and probe.has(f"localStorage.{STATE_KEY}"):
        return "indexedDB.item" if probe.has("indexedDB.item") else "indexedDB.topics.item"
    name = probe.value("appName")
    if (
        isinstance(name, str)
        and name.startswith("Cherry Studio")
        and probe.has("version", "appVersion", "platform", "arch", "timestamp")
    ):
        return ""
    return None


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    if prefix == "":
        raise _direct_backup(member)
    with opened(member) as other:
        version = next(iter(json_records(member.name, other, "version")), None)
    with opened(member) as other:
        state = next(iter(json_records(member.name, other, f"localStorage.{STATE_KEY}")), None)
    topics = _topics(state)
    if prefix == "indexedDB.item":  # format 1: localforage's keys, a topic under topic:<id>
        for index, item in enumerate(json_records(member.name, stream, prefix)):
            key = item.get("key") if isinstance(item, dict) else None
            if isinstance(key, str) and key.startswith("topic:"):
                yield from _one(index, item.get("value"), topics, None)
        return
    readable = isinstance(version, int) and not isinstance(version, bool) and version >= 4
    with _Blocks(member if readable else None) as blocks:
        for index, topic in enumerate(json_records(member.name, stream, prefix)):
            yield from _one(index, topic, topics, blocks)


def _direct_backup(member: Member) -> InputError:
    """The refusal of a direct backup, naming its format and the app version that wrote it."""
    with opened(member) as stream:
        try:
            meta = next(iter(json_records(member.name, stream, "")), None)
        except InputError:
            meta = None
    meta = meta if isinstance(meta, dict) else {}
    version = meta.get("version")
    app = text_of(meta.get("appVersion"))[:40] or "?"
    return InputError(
        f"{member.name}: a Cherry Studio direct backup (format {version}, made by Cherry Studio "
        f"{app}): a copy of the app's storage folders, which ChatDesk cannot read. A backup of "
        f"Cherry Studio 1.7 or earlier (Settings → Data settings → Backup) is a zip holding "
        f"data.json, which ChatDesk reads",
        "cherry_direct_backup",
        name=member.name,
        version=str(version),
        app_version=app,
    )


class _Blocks:
    """The ``message_blocks`` table of a backup of format 4 or later, looked up by id. The
    blocks hold every message's text, so they are not kept in memory: they are read once into
    a SQLite file in a temporary folder (deleted on exit)."""

    def __init__(self, member: Member | None) -> None:
        self._member = member
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> _Blocks:
        if self._member is None:
            return self
        self._folder = tempfile.TemporaryDirectory(prefix="chatdesk-cherry-")
        self._db = sqlite3.connect(Path(self._folder.name) / "blocks.sqlite3")
        self._db.execute("CREATE TABLE block (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        rows: list[tuple[str, str]] = []
        with opened(self._member) as stream:
            for block in json_records(self._member.name, stream, "indexedDB.message_blocks.item"):
                if isinstance(block, dict) and isinstance(block.get("id"), str):
                    rows.append((block["id"], json.dumps(block, ensure_ascii=False, default=str)))
                if len(rows) >= 2000:
                    self._db.executemany("INSERT OR REPLACE INTO block VALUES (?, ?)", rows)
                    rows = []
        self._db.executemany("INSERT OR REPLACE INTO block VALUES (?, ?)", rows)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._db is not None:
            self._db.close()
        if self._folder is not None:
            self._folder.cleanup()

    def get(self, ident: object) -> dict[str, Any] | None:
        if self._db is None or not isinstance(ident, str):
            return None
        row = self._db.execute("SELECT body FROM block WHERE id = ?", (ident,)).fetchone()
        found = json.loads(row[0]) if row else None
        return found if isinstance(found, dict) else None


@dataclass(frozen=True)
class _Topic:
    name: str = ""
    pinned: bool = False


def _topics(state: object) -> dict[str, _Topic]:
    """Topic id → its name and pin, from the app state (``persist:cherry-studio``: JSON in a
    string, its ``assistants`` slice JSON in a string again)."""
    try:
        outer = json.loads(state) if isinstance(state, str) else state
        assistants = outer.get("assistants") if isinstance(outer, dict) else None
        assistants = json.loads(assistants) if isinstance(assistants, str) else assistants
    except (ValueError, RecursionError):
        return {}
    found: dict[str, _Topic] = {}
    for assistant in assistants if isinstance(assistants, list) else []:
        for topic in assistant.get("topics") or [] if isinstance(assistant, dict) else []:
            if isinstance(topic, dict) and isinstance(topic.get("id"), str):
                found[topic["id"]] = _Topic(text_of(topic.get("name")), topic.get("pinned") is True)
    return found


def _one(
    index: int, topic: object, topics: dict[str, _Topic], blocks: _Blocks | None
) -> Iterator[ImportedChat | Skipped]:
    """A topic as a chat; one without messages is not one (nothing to import)."""
    try:
        chat = _chat(topic, topics, blocks)
    except (MalformedConversation, TypeError, ValueError, AttributeError, KeyError) as exc:
        ident = topic.get("id") if isinstance(topic, dict) else None
        name = topics[ident].name if isinstance(ident, str) and ident in topics else ident
        yield Skipped(repr(name or f"#{index + 1}"), str(exc))
        return
    if chat.messages:
        yield chat


def _chat(topic: object, topics: dict[str, _Topic], blocks: _Blocks | None) -> ImportedChat:
    if not isinstance(topic, dict):
        raise MalformedConversation("not a JSON object")
    items = topic.get("messages")
    if not isinstance(items, list):
        raise MalformedConversation("'messages' is not a list")
    messages: list[ImportedMessage] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise MalformedConversation(f"message {index + 1} is not an object")
        if item.get("type") == "clear":  # the "new context" divider: no message
            continue
        messages += _messages(index, item, blocks)
    ident = topic.get("id")
    ident = ident if isinstance(ident, str) and ident else stable_id(items[:1])
    known = topics.get(ident, _Topic())
    return ImportedChat(
        source=SOURCE,
        source_id=ident,
        title=title_of(known.name, messages),
        created_at=messages[0].created_at if messages else None,
        updated_at=messages[-1].created_at if messages else None,
        messages=messages,
        pinned=known.pinned,
    )


def _messages(index: int, item: dict[str, Any], blocks: _Blocks | None) -> list[ImportedMessage]:
    """One message: its thinking and tool calls, then its text. Format 4 and later: from its
    ``blocks``; before: ``content``, ``reasoning_content`` and ``metadata.mcpTools``. Answers
    of several models to one question (one ``askId``) are all kept, in order."""
    role = item.get("role")
    if role not in ("user", "assistant", "system"):
        raise MalformedConversation(f"message {index + 1} has an unknown role {role!r}")
    ident = item.get("id")
    key = ident if isinstance(ident, str) and ident else f"{index}:{stable_id(item)[:16]}"
    stamp = when(item.get("createdAt"))
    given = item.get("model")
    model = (
        model_name(given.get("id") if isinstance(given, dict) else given)
        or model_name(item.get("modelId"))
        if role == "assistant"
        else None
    )
    rows: list[ImportedMessage] = []
    texts: list[str] = []
    ids = item.get("blocks")
    if blocks is not None and isinstance(ids, list) and ids:
        for n, block_id in enumerate(ids):
            block = blocks.get(block_id)
            if block is not None:
                _block(f"{key}:{n}", block, stamp, model, rows, texts)
    else:
        rows += reasoning_row(f"{key}:think", item.get("reasoning_content"), stamp, model)
        meta = item.get("metadata")
        calls = meta.get("mcpTools") if isinstance(meta, dict) else None
        for n, call in enumerate(calls if isinstance(calls, list) else []):
            if isinstance(call, dict):
                rows.append(_mcp_row(f"{key}:tool:{n}", call, None, stamp, model))
        texts.append(content_text(item.get("content")))
    text = clean("\n\n".join(t for t in texts if t))
    if text or not rows:
        rows.append(ImportedMessage(key, role, text, stamp, model=model))
    return rows


def _block(
    key: str,
    block: dict[str, Any],
    stamp: dt.datetime | None,
    model: str | None,
    rows: list[ImportedMessage],
    texts: list[str],
) -> None:
    kind = block.get("type")
    if kind == "main_text":
        texts.append(text_of(block.get("content")))
    elif kind == "code":
        language = text_of(block.get("language")).strip()
        texts.append(f"```{language}\n{text_of(block.get('content'))}\n```")
    elif kind == "image":
        texts.append("[image]")
    elif kind == "file":
        file = mapping(block.get("file"))
        name = text_of(file.get("origin_name")) or text_of(file.get("name"))
        texts.append(f"[file: {name}]" if name else "[file]")
    elif kind == "thinking":
        took = seconds(block.get("thinking_millsec"))
        rows += reasoning_row(key, block.get("content"), stamp, model, took)
    elif kind == "tool":
        meta = mapping(block.get("metadata"))
        raw = meta.get("rawMcpToolResponse")
        rows.append(_mcp_row(key, raw if isinstance(raw, dict) else {}, block, stamp, model))


def _mcp_row(
    key: str,
    call: dict[str, Any],
    block: dict[str, Any] | None,
    stamp: dt.datetime | None,
    model: str | None,
) -> ImportedMessage:
    """A tool call: a tool block (``toolName``, ``arguments``, ``content``) and/or its MCP
    response (``tool.name``, ``arguments``, ``status``, ``response: {content, isError}``)."""
    block = block or {}
    tool = mapping(call.get("tool"))
    response = call.get("response")
    result = block.get("content") if block.get("content") is not None else response
    if isinstance(result, dict) and isinstance(result.get("content"), list):
        parts = [p.get("text") for p in result["content"] if isinstance(p, dict)]
        result = "\n".join(p for p in parts if isinstance(p, str))
    failed = (
        block.get("status") == "error"
        or bool(block.get("error"))
        or call.get("status") == "error"
        or (isinstance(response, dict) and response.get("isError") is True)
    )
    given = block.get("arguments") if block.get("arguments") is not None else call.get("arguments")
    return tool_row(
        key,
        block.get("toolName") or tool.get("name"),
        given,
        result,
        stamp,
        model,
        is_error=failed,
    )
