"""Mistral Le Chat's export: a zip of ``chat-<uuid>.json``, each one conversation as a bare
array of messages ``{id, chatId, role, content, contentChunks, createdAt, files}``.

``contentChunks`` (when present) give the answer's text and its tool calls (``tool_call``:
``name``, ``publicArguments``, ``publicResult``), which become tool rows; references and
custom elements are left out; images and files are named. The export has no titles: a chat is
titled from its first message (as the other formats without one). Shape: FORMATS.md § 15.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from chatdesk.importers.model import (
    TOOL,
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    Skipped,
    clean,
    stable_id,
    text_of,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import Member, json_records

SOURCE = "lechat"
LABEL = "Le Chat (Mistral)"
FILES = r"(?:^|/)chat-[0-9a-fA-F-]{8,64}\.json$"
ROLES = ("user", "assistant", "system")

#: One conversation (one file): a question, an answer with a tool call.
EXAMPLE: list[dict[str, Any]] = [
    {
        "id": "m1",
        "version": 0,
        "chatId": "c0ffee00-0000-4000-8000-000000000001",
        "role": "user",
        "content": "How long to steep tea?",
        "contentChunks": None,
        "createdAt": "2025-03-01T10:00:00.000Z",
        "files": [],
    },
    {
        "id": "m2",
        "version": 0,
        "chatId": "c0ffee00-0000-4000-8000-000000000001",
        "role": "assistant",
        "content": "About 3 minutes.",
        "contentChunks": [
            {
                "type": "tool_call",
                "name": "web_search",
                "publicArguments": '{"q": "tea"}',
                "publicResult": "3-5 minutes",
            },
            {"type": "text", "text": "About 3 minutes."},
        ],
        "createdAt": "2025-03-01T10:00:05.000Z",
        "files": [],
    },
]


def sniff(probe: Probe) -> str | None:
    """An array of messages carrying ``chatId`` and ``contentChunks``."""
    if probe.shape == "array" and probe.rec("chatId", "contentChunks"):
        return "item"
    return None


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    """The file's one conversation (its messages streamed)."""
    items = list(json_records(member.name, stream, prefix))
    try:
        yield parse(items)
    except (MalformedConversation, TypeError, ValueError, AttributeError, KeyError) as exc:
        yield Skipped(member.name, str(exc) or type(exc).__name__)


def parse(items: list[Any]) -> ImportedChat:
    messages: list[ImportedMessage] = []
    chat_id = None
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise MalformedConversation(f"message {index + 1} is not an object")
        role = item.get("role")
        if role not in ROLES:
            raise MalformedConversation(f"message {index + 1} has an unknown role {role!r}")
        if chat_id is None and isinstance(item.get("chatId"), str):
            chat_id = item["chatId"]
        ident = item.get("id")
        key = ident if isinstance(ident, str) and ident else f"{index}:{stable_id(item)[:16]}"
        stamp = when(item.get("createdAt"))
        chunks = item.get("contentChunks")
        texts: list[str] = []
        if isinstance(chunks, list) and chunks:
            for n, chunk in enumerate(chunks):
                if not isinstance(chunk, dict):
                    continue
                kind = chunk.get("type")
                if kind == "text":
                    texts.append(text_of(chunk.get("text")))
                elif kind == "tool_call":
                    args = chunk.get("publicArguments")
                    result = chunk.get("publicResult")
                    messages.append(
                        ImportedMessage(
                            f"{key}:{n}",
                            "assistant",
                            result
                            if isinstance(result, str)
                            else clean(json.dumps(result, ensure_ascii=False))
                            if result is not None
                            else "",
                            stamp,
                            kind=TOOL,
                            tool=text_of(chunk.get("name")) or "tool",
                            tool_input=text_of(args)
                            if isinstance(args, str)
                            else (
                                clean(json.dumps(args, ensure_ascii=False))
                                if args is not None
                                else None
                            ),
                        )
                    )
                elif kind == "image_url":
                    texts.append("[image]")
        text = "".join(texts).strip() or text_of(item.get("content"))
        files = [
            f"[file: {text_of(f.get('name'))}]"
            for f in item.get("files") or []
            if isinstance(f, dict) and isinstance(f.get("name"), str)
        ]
        if files:
            text = "\n\n".join([text, *files]).strip()
        messages.append(ImportedMessage(key, role, text, stamp))
    return ImportedChat(
        source=SOURCE,
        source_id=chat_id or stable_id([m.content for m in messages[:2]]),
        title=title_of(None, messages),
        created_at=messages[0].created_at if messages else None,
        updated_at=max((m.created_at for m in messages if m.created_at), default=None),
        messages=messages,
    )
