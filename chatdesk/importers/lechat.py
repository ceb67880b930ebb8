"""Mistral Le Chat's export: a zip of ``chat-<uuid>.json``, each one conversation as a bare
array of messages ``{id, chatId, role, content, contentChunks, createdAt, files}``.

The messages are not in the order they were written (Superkikim/nexus-ai-chat-importer
``lechat-converter.ts`` sorts them, as the export it read had them shuffled): they are put in
the order of their ``createdAt`` (file order among equal times, or when a time is missing).
``contentChunks`` (when present) give the answer's text, its citations (``reference``:
``[1][2]`` where they stand) and its tool calls (``tool_call``: ``name``, ``publicArguments``,
``publicResult``, ``success``, ``startTime``/``endTime``), which become tool rows before the
answer; custom elements are left out; images and files are named. ``content`` repeats the text
chunks and is read only when there are none. The export has no titles: a chat is titled from
its first message (as the other formats without one). Shape: FORMATS.md § 15.
"""

from __future__ import annotations

import datetime as dt
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
        if item.get("role") not in ROLES:
            raise MalformedConversation(
                f"message {index + 1} has an unknown role {item.get('role')!r}"
            )
        if chat_id is None and isinstance(item.get("chatId"), str):
            chat_id = item["chatId"]
    times = [when(item.get("createdAt")) for item in items]
    known = [t for t in times if t is not None]
    order = list(range(len(items)))
    if len(known) == len(items):  # by time; a message with none leaves the file's order
        order.sort(key=lambda i: known[i])
    for index in order:
        messages += _message(index, items[index], times[index])
    return ImportedChat(
        source=SOURCE,
        source_id=chat_id or stable_id([m.content for m in messages[:2]]),
        title=title_of(None, messages),
        created_at=min((m.created_at for m in messages if m.created_at), default=None),
        updated_at=max((m.created_at for m in messages if m.created_at), default=None),
        messages=messages,
    )


def _message(index: int, item: dict[str, Any], stamp: dt.datetime | None) -> list[ImportedMessage]:
    """One message: its tool calls (as tool rows), then its text."""
    ident = item.get("id")
    key = ident if isinstance(ident, str) and ident else f"{index}:{stable_id(item)[:16]}"
    chunks = item.get("contentChunks")
    out: list[ImportedMessage] = []
    texts: list[str] = []
    for n, chunk in enumerate(chunks if isinstance(chunks, list) else []):
        if not isinstance(chunk, dict):
            continue
        kind = chunk.get("type")
        if kind == "text":
            texts.append(text_of(chunk.get("text")))
        elif kind == "reference":
            ids = chunk.get("referenceIds")
            texts += [
                f"[{i}]" for i in (ids if isinstance(ids, list) else []) if _number(i) is not None
            ]
        elif kind == "tool_call":
            out.append(_tool(f"{key}:{n}", chunk, stamp))
        elif kind == "image_url":  # hosted by Mistral, not in the export: named only
            texts.append("\n\n[image]" if texts else "[image]")
    text = "".join(texts).strip() or text_of(item.get("content"))
    files = [
        f"[file: {text_of(f.get('name'))}]"
        for f in item.get("files") or []
        if isinstance(f, dict) and isinstance(f.get("name"), str)
    ]
    if files:
        text = "\n\n".join([text, *files]).strip()
    out.append(ImportedMessage(key, item["role"], text, stamp))
    return out


def _tool(ident: str, chunk: dict[str, Any], stamp: dt.datetime | None) -> ImportedMessage:
    """A ``tool_call`` chunk: its arguments, its result, whether it failed, how long it took."""
    args, result = chunk.get("publicArguments"), chunk.get("publicResult")
    start, end = _number(chunk.get("startTime")), _number(chunk.get("endTime"))
    seconds = None
    if start is not None and end is not None and end >= start:
        seconds = (end - start) / (1000 if start > 1e11 else 1)  # epoch ms, or seconds
    kind = chunk.get("toolType")
    return ImportedMessage(
        ident,
        "assistant",
        _as_text(result) or "",
        stamp,
        kind=TOOL,
        tool=text_of(chunk.get("name")) or "tool",
        tool_input=_as_text(args),
        is_error=chunk.get("success") is False,
        seconds=seconds,
        extra={"tool_type": clean(kind)} if isinstance(kind, str) and kind else None,
    )


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    return (
        text_of(value) if isinstance(value, str) else clean(json.dumps(value, ensure_ascii=False))
    )


def _number(value: object) -> float | None:
    """``value`` when it is a number (not a bool), else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return None
