"""Cherry Studio's backup (Settings → Data settings → Backup): JSON, or a zip holding
``data.json``: ``{time, version, localStorage: {"persist:cherry-studio": "<the app state as a
JSON string>"}, indexedDB: {topics: [{id, messages}], message_blocks?, …}}``.

A topic is a chat; its name comes from the app state (``assistants[].topics[]``, a JSON string
inside a JSON string). A message is ``{id, role, content, model: {id, name}, createdAt}``;
newer backups move the text into ``indexedDB.message_blocks`` (``main_text``, ``thinking``,
``tool`` blocks named by the message's ``blocks``), read here too. Backups of format version 1
(``indexedDB`` a copy of the browser storage as ``[{key, value}]``) are refused: they are
written by Cherry Studio before its backup format 2, and a current Cherry Studio, which
writes format 3, makes a readable one. Shape: FORMATS.md § 8 (CherryHQ/cherry-studio
``src/renderer/src/services/BackupService.ts``: ``version = 1`` with ``localforage`` keys in
its first form, ``version = 3`` with the Dexie tables in its current one).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from chatdesk.importers._apps import as_text, content_text
from chatdesk.importers.model import (
    REASONING,
    TOOL,
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
FILES = r"(?:^|/)data\.json$"
STATE_KEY = "persist:cherry-studio"
#: The first backup format that holds the chats as tables (not copied browser storage).
READABLE_FROM = 2

EXAMPLE: dict[str, Any] = {
    "time": 1740823200000,
    "version": 3,
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
                        "content": "How long to steep tea?",
                        "createdAt": "2025-03-01T10:00:00.000Z",
                        "topicId": "t1",
                    },
                    {
                        "id": "r",
                        "role": "assistant",
                        "content": "About 3 minutes.",
                        "createdAt": "2025-03-01T10:00:05.000Z",
                        "topicId": "t1",
                        "model": {"id": "gpt-4o", "name": "GPT-4o"},
                    },
                ],
            }
        ],
        "settings": [],
    },
}


def sniff(probe: Probe) -> str | None:
    """An object with ``time``, ``version``, ``localStorage`` holding
    ``persist:cherry-studio``, and ``indexedDB``."""
    if (
        probe.shape == "object"
        and probe.has("time", "version", "indexedDB")
        and probe.has(f"localStorage.{STATE_KEY}")
    ):
        return "indexedDB.topics.item"
    return None


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    names: dict[str, str] = {}
    blocks: dict[str, dict[str, Any]] = {}
    with opened(member) as other:
        version = next(iter(json_records(member.name, other, "version")), None)
    if not isinstance(version, int) or version < READABLE_FROM:
        raise InputError(
            f"{member.name}: a Cherry Studio backup of format {version} (a copy of its browser "
            f"storage), which ChatDesk cannot read; back up again from a current Cherry Studio "
            f"(it writes format 3: Settings → Data settings → Backup)",
            "cherry_old_backup",
            name=member.name,
            version=str(version),
        )
    with opened(member) as other:
        for state in json_records(member.name, other, f"localStorage.{STATE_KEY}"):
            names = _names(state)
    with opened(member) as other:
        for block in json_records(member.name, other, "indexedDB.message_blocks.item"):
            if isinstance(block, dict) and isinstance(block.get("id"), str):
                blocks[block["id"]] = block
    for index, topic in enumerate(json_records(member.name, stream, prefix)):
        try:
            yield _chat(topic, names, blocks)
        except (MalformedConversation, TypeError, ValueError, AttributeError, KeyError) as exc:
            ident = topic.get("id") if isinstance(topic, dict) else None
            yield Skipped(repr(names.get(str(ident), ident or f"#{index + 1}")), str(exc))


def _names(state: object) -> dict[str, str]:
    """Topic id → name, from the app state (JSON in a string, its ``assistants`` again)."""
    try:
        outer = json.loads(state) if isinstance(state, str) else state
        assistants = outer.get("assistants") if isinstance(outer, dict) else None
        assistants = json.loads(assistants) if isinstance(assistants, str) else assistants
    except (ValueError, RecursionError):
        return {}
    found: dict[str, str] = {}
    for assistant in assistants if isinstance(assistants, list) else []:
        for topic in assistant.get("topics") or [] if isinstance(assistant, dict) else []:
            if isinstance(topic, dict) and isinstance(topic.get("id"), str):
                found[topic["id"]] = text_of(topic.get("name"))
    return found


def _chat(topic: object, names: dict[str, str], blocks: dict[str, dict[str, Any]]) -> ImportedChat:
    if not isinstance(topic, dict):
        raise MalformedConversation("not a JSON object")
    items = topic.get("messages")
    if not isinstance(items, list):
        raise MalformedConversation("'messages' is not a list")
    messages: list[ImportedMessage] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise MalformedConversation(f"message {index + 1} is not an object")
        messages += _messages(index, item, blocks)
    ident = topic.get("id")
    ident = ident if isinstance(ident, str) and ident else stable_id(items[:1])
    return ImportedChat(
        source=SOURCE,
        source_id=ident,
        title=title_of(names.get(ident), messages),
        created_at=messages[0].created_at if messages else None,
        updated_at=messages[-1].created_at if messages else None,
        messages=messages,
    )


def _messages(
    index: int, item: dict[str, Any], blocks: dict[str, dict[str, Any]]
) -> list[ImportedMessage]:
    role = item.get("role")
    if role not in ("user", "assistant", "system"):
        raise MalformedConversation(f"message {index + 1} has an unknown role {role!r}")
    ident = item.get("id")
    key = ident if isinstance(ident, str) and ident else f"{index}:{stable_id(item)[:16]}"
    stamp = when(item.get("createdAt"))
    given = item.get("model")
    model = (
        model_name(given.get("id") if isinstance(given, dict) else given)
        if role == "assistant"
        else None
    )
    out: list[ImportedMessage] = []
    texts: list[str] = []
    for n, block_id in enumerate(item.get("blocks") or []):
        block = blocks.get(block_id) if isinstance(block_id, str) else None
        if block is None:
            continue
        kind = block.get("type")
        if kind == "main_text":
            texts.append(text_of(block.get("content")))
        elif kind == "thinking":
            seconds = block.get("thinking_millsec")
            out.append(
                ImportedMessage(
                    f"{key}:{n}",
                    role,
                    text_of(block.get("content")),
                    stamp,
                    kind=REASONING,
                    model=model,
                    seconds=seconds / 1000
                    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
                    else None,
                )
            )
        elif kind == "tool":
            tool = block.get("metadata")
            out.append(
                ImportedMessage(
                    f"{key}:{n}",
                    role,
                    as_text(block.get("content")),
                    stamp,
                    kind=TOOL,
                    model=model,
                    tool=text_of(block.get("toolName"))
                    or (text_of(tool.get("name")) if isinstance(tool, dict) else "")
                    or "tool",
                    tool_input=as_text(block.get("arguments")) or None,
                )
            )
    text = "\n\n".join(t for t in texts if t) or content_text(item.get("content"))
    out.append(ImportedMessage(key, role, clean(text), stamp, model=model))
    return out
