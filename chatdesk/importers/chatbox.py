"""Chatbox's backup (Settings → Data backup → Export, ``chatbox-exported-data-<date>.json``):
the app's stored keys, with ``__exported_items`` and ``__exported_at``.

Newer versions keep each conversation under a key ``session:<id>`` (``{id, name, messages}``);
older ones in one ``chat-sessions`` array. A message is ``{id, role, content | contentParts,
timestamp (ms), model?}``; its reasoning (``reasoningContent``, where written) is kept. The
top-level keys are read one at a time (a conversation is held whole while read). Shape:
FORMATS.md § 7 (danvoronov/chatbox2md ``convert.js``, CookSleep/ChatBox2OpenWebUI
``src/utils/converter.js``; the writer is chatboxai/chatbox).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import ijson

from chatdesk.importers._apps import message_rows
from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    Skipped,
    stable_id,
    title_of,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import InputError, Member, broken_json, guarded

SOURCE = "chatbox"
LABEL = "Chatbox"

EXAMPLE: dict[str, Any] = {
    "__exported_items": ["setting", "conversations"],
    "__exported_at": "2025-03-01T10:00:00.000Z",
    "chat-sessions-list": [{"id": "b1", "name": "Tea"}],
    "session:b1": {
        "id": "b1",
        "name": "Tea",
        "type": "chat",
        "messages": [
            {
                "id": "x",
                "role": "user",
                "content": "How long to steep tea?",
                "timestamp": 1740823200000,
            },
            {
                "id": "y",
                "role": "assistant",
                "content": "About 3 minutes.",
                "timestamp": 1740823205000,
                "model": "gpt-4o",
            },
        ],
    },
}


def sniff(probe: Probe) -> str | None:
    """An object with ``__exported_items``."""
    return "" if probe.shape == "object" and probe.has("__exported_items") else None


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    try:
        for key, value in ijson.kvitems(guarded(stream, member.name), "", use_float=True):
            if key.startswith("session:") and isinstance(value, dict):
                yield _one(value)
            elif key == "chat-sessions" and isinstance(value, list):
                for session in value:
                    yield _one(session)
    except ijson.JSONError as exc:
        where = broken_json(stream, exc)
        raise InputError(
            f"{member.name}: not valid JSON: {where}", "not_json", name=member.name, where=where
        ) from None


def _one(raw: object) -> ImportedChat | Skipped:
    try:
        return parse(raw)
    except (MalformedConversation, TypeError, ValueError, AttributeError, KeyError) as exc:
        name = raw.get("name") if isinstance(raw, dict) else None
        return Skipped(repr(name) if isinstance(name, str) else "a session", str(exc))


def parse(raw: object) -> ImportedChat:
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    items = raw.get("messages")
    if not isinstance(items, list):
        raise MalformedConversation("'messages' is not a list")
    messages: list[ImportedMessage] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise MalformedConversation(f"message {index + 1} is not an object")
        if "content" not in item and isinstance(item.get("contentParts"), list):
            item = {**item, "content": item["contentParts"]}
        messages += message_rows(index, item, reasoning=item.get("reasoningContent"))
    ident = raw.get("id")
    return ImportedChat(
        source=SOURCE,
        source_id=str(ident)
        if isinstance(ident, (str, int)) and str(ident)
        else stable_id(raw.get("name"), items[:1]),
        title=title_of(raw.get("name"), messages),
        created_at=messages[0].created_at if messages else None,
        updated_at=messages[-1].created_at if messages else None,
        messages=messages,
    )
