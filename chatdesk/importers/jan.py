"""Jan's threads: a folder per thread, ``threads/<id>/thread.json`` (``{id, object: "thread",
title, created, updated, assistants}``) beside ``messages.jsonl`` (a line per message
``{id, object: "thread.message", role, content: [{type: "text", text: {value}}], created,
model?}``). Give ChatDesk the Jan data folder, its ``threads`` folder, one thread's folder, or
a thread's ``thread.json`` or ``messages.jsonl``: each thread is one chat.

A ``tool_call`` content item becomes a tool row (its ``tool_name``, ``input`` and ``output``),
a ``reasoning`` or ``thinking`` item a reasoning row. The model is the message's ``model``,
else the thread's assistant's. Shape: FORMATS.md § 14, the sample in ../shared/realdata/jan.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

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
from chatdesk.importers.sources import BAD_LINE, Member, json_lines, json_records, opened

SOURCE = "jan"
LABEL = "Jan"
FILES = r"(?:^|/)thread\.json$"
EXAMPLE_SUFFIX = ".jsonl"
ROLES = ("user", "assistant", "system", "tool")
#: What :func:`sniff` says of a ``thread.json`` (one object) and of a ``messages.jsonl``.
THREAD, LINES = "", "lines"

#: A thread's ``messages.jsonl`` given alone: two messages, one with a tool call.
EXAMPLE: list[dict[str, Any]] = [
    {
        "id": "msg_1",
        "object": "thread.message",
        "thread_id": "t1",
        "role": "user",
        "content": [{"type": "text", "text": {"value": "How long to steep tea?"}}],
        "status": "ready",
        "created": 1700000000001,
    },
    {
        "id": "msg_2",
        "object": "thread.message",
        "thread_id": "t1",
        "role": "assistant",
        "content": [
            {"type": "text", "text": {"value": "About 3 minutes."}},
            {"type": "tool_call", "tool_name": "timer", "input": {"s": 180}, "output": "set"},
        ],
        "status": "ready",
        "created": 1700000000002,
        "model": "jan-model-1",
    },
]


def sniff(probe: Probe) -> str | None:
    """A ``thread.json`` (``object: "thread"``), or its ``messages.jsonl``
    (``object: "thread.message"``)."""
    if probe.shape == "object" and probe.value("object") == "thread":
        return THREAD
    if probe.shape == "lines" and probe.value("first.object") == "thread.message":
        return LINES
    return None


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    """The thread of ``member`` (its ``thread.json`` or its ``messages.jsonl``)."""
    if prefix == THREAD:
        head = next(iter(json_records(member.name, stream, "")), None)
        lines = member.beside("messages.jsonl")
    else:
        thread_file = member.beside("thread.json")
        head = None
        if thread_file is not None:
            with opened(thread_file) as other:
                head = next(iter(json_records(thread_file.name, other, "")), None)
        lines = member
    if not isinstance(head, dict):
        head = {}
    try:
        if lines is None:
            yield _chat(head, iter(()))
        elif lines is member:
            yield _chat(head, json_lines(member.name, stream))
        else:
            with opened(lines) as other:
                yield _chat(head, json_lines(lines.name, other))
    except (MalformedConversation, TypeError, ValueError, AttributeError, KeyError) as exc:
        title = head.get("title")
        yield Skipped(repr(title) if isinstance(title, str) else member.name, str(exc))


def _chat(head: dict[str, Any], rows: Iterator[tuple[int, Any]]) -> ImportedChat:
    assistants = head.get("assistants")
    first = assistants[0] if isinstance(assistants, list) and assistants else None
    default = first.get("model") if isinstance(first, dict) else None
    if isinstance(default, dict):
        default = default.get("id")
    default_model = model_name(default)
    messages: list[ImportedMessage] = []
    thread_id = head.get("id")
    for number, raw in rows:
        if raw is BAD_LINE or not isinstance(raw, dict):
            raise MalformedConversation(f"line {number} is not a message")
        if not isinstance(thread_id, str):
            thread_id = raw.get("thread_id")
        messages += _messages(number, raw, default_model)
    return ImportedChat(
        source=SOURCE,
        source_id=thread_id if isinstance(thread_id, str) and thread_id else stable_id(head),
        title=title_of(head.get("title"), messages),
        created_at=when(head.get("created")) or (messages[0].created_at if messages else None),
        updated_at=when(head.get("updated")) or (messages[-1].created_at if messages else None),
        messages=messages,
    )


def _messages(number: int, raw: dict[str, Any], default_model: str | None) -> list[ImportedMessage]:
    role = raw.get("role")
    if role not in ROLES:
        raise MalformedConversation(f"line {number} has an unknown role {role!r}")
    ident = raw.get("id")
    key = ident if isinstance(ident, str) and ident else f"{number}"
    stamp = when(raw.get("created_at")) or when(raw.get("created"))
    model = (model_name(raw.get("model")) or default_model) if role == "assistant" else None
    content = raw.get("content")
    out: list[ImportedMessage] = []
    texts: list[str] = []
    for n, item in enumerate(content if isinstance(content, list) else []):
        if not isinstance(item, dict):
            continue
        kind = item.get("type")
        if kind == "text":
            value = item.get("text")
            texts.append(text_of(value.get("value") if isinstance(value, dict) else value))
        elif kind in ("reasoning", "thinking"):
            value = item.get("text") or item.get(kind)
            value = value.get("value") if isinstance(value, dict) else value
            out.append(
                ImportedMessage(
                    f"{key}:{n}", role, text_of(value), stamp, kind=REASONING, model=model
                )
            )
        elif kind == "tool_call":
            given, result = item.get("input"), item.get("output")
            out.append(
                ImportedMessage(
                    f"{key}:{n}",
                    role,
                    _as_text(result),
                    stamp,
                    kind=TOOL,
                    tool=text_of(item.get("tool_name")) or "tool",
                    tool_input=_as_text(given) or None,
                    model=model,
                )
            )
    if isinstance(content, str):
        texts.append(text_of(content))
    out.append(ImportedMessage(key, role, "\n\n".join(t for t in texts if t), stamp, model=model))
    return out


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return clean(value)
    return clean(json.dumps(value, ensure_ascii=False, indent=2))
