"""Helpers shared by the chat apps' backups (LobeChat, NextChat, Chatbox, Cherry Studio): a
flat message list made into :class:`ImportedMessage` rows, with reasoning and tool calls
where the app writes them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import IO, Any

import ijson

from chatdesk.importers.model import (
    REASONING,
    TOOL,
    ImportedMessage,
    MalformedConversation,
    clean,
    message_key,
    model_name,
    text_of,
    when,
)
from chatdesk.importers.sources import InputError, broken_json, guarded

ROLES = ("user", "assistant", "system", "tool")

Event = tuple[str, str, Any]


def value_of(first: Event, events: Iterator[Event]) -> Any:
    """The JSON value whose first parser event (ijson's ``parse``) is ``first``, built from
    the events that follow."""
    builder = ijson.ObjectBuilder()
    depth = 0
    event: Event | None = first
    while event is not None:
        _, kind, value = event
        builder.event(kind, value)
        if kind in ("start_map", "start_array"):
            depth += 1
        elif kind in ("end_map", "end_array"):
            depth -= 1
        if depth == 0:
            return builder.value
        event = next(events, None)
    return builder.value


def records_at(name: str, stream: IO[bytes], prefixes: frozenset[str]) -> Iterator[tuple[str, Any]]:
    """(prefix, value) of every value at one of ``prefixes`` (ijson prefixes: ``data.topics.item``),
    in file order, in one pass over ``stream`` (through the depth and length guard), each value
    built one at a time.

    Raises:
        InputError: the JSON is broken.
    """
    try:
        events = ijson.parse(guarded(stream, name), use_float=True)
        for event in events:
            if event[0] in prefixes and event[1] not in ("end_map", "end_array", "map_key"):
                yield event[0], value_of(event, events)
    except ijson.JSONError as exc:
        where = broken_json(stream, exc)
        raise InputError(
            f"{name}: not valid JSON: {where}", "not_json", name=name, where=where
        ) from None


def mapping(value: object) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one (fields read from it are absent)."""
    return value if isinstance(value, dict) else {}


def content_text(value: object) -> str:
    """A message's content: a string, or parts (``[{type: text, text}]``) joined."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        texts = []
        for part in value:
            if isinstance(part, dict):
                if isinstance(part.get("text"), str):
                    texts.append(part["text"])
                elif part.get("type") in ("image_url", "image"):
                    texts.append("[image]")
            elif isinstance(part, str):
                texts.append(part)
        return clean("\n\n".join(texts))
    return ""


def as_text(value: object) -> str:
    """A string as it is; anything else as JSON (a tool's arguments or result as an object)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean(value)
    return clean(json.dumps(value, ensure_ascii=False, default=str))


def seconds(milliseconds: object) -> float | None:
    """A duration the apps write in milliseconds, in seconds; None for anything else."""
    if isinstance(milliseconds, bool) or not isinstance(milliseconds, (int, float)):
        return None
    return milliseconds / 1000 if 0 <= milliseconds < 10**10 else None


def reasoning_row(
    key: str,
    thought: object,
    stamp: dt.datetime | None,
    model: str | None,
    took: float | None = None,
    role: str = "assistant",
) -> list[ImportedMessage]:
    """The model's thinking as its own row, when there is any."""
    text = text_of(thought)
    if not text.strip():
        return []
    return [ImportedMessage(key, role, text, stamp, kind=REASONING, model=model, seconds=took)]


def tool_row(
    key: str,
    name: object,
    given: object,
    result: object,
    stamp: dt.datetime | None,
    model: str | None,
    *,
    is_error: bool = False,
    took: float | None = None,
) -> ImportedMessage:
    """One tool call with its result (``given``: its arguments, a JSON string or a value)."""
    return ImportedMessage(
        key,
        "assistant",
        as_text(result),
        stamp,
        kind=TOOL,
        model=model,
        tool=text_of(name).strip() or "tool",
        tool_input=as_text(given) or None,
        is_error=is_error,
        seconds=took,
    )


def message_rows(
    index: int,
    item: dict[str, Any],
    *,
    time_keys: tuple[str, ...] = ("createdAt", "timestamp", "date", "created_at"),
    model: object = None,
    reasoning: object = None,
) -> list[ImportedMessage]:
    """One app message: its reasoning (when given) before its text."""
    role = item.get("role")
    if role not in ROLES:
        raise MalformedConversation(f"message {index + 1} has an unknown role {role!r}")
    key = message_key(index, item)
    stamp = next((t for k in time_keys if (t := when(item.get(k))) is not None), None)
    name = (
        model_name(model if model is not None else item.get("model"))
        if role == "assistant"
        else None
    )
    out: list[ImportedMessage] = []
    thought = text_of(reasoning)
    if thought.strip():
        out.append(
            ImportedMessage(f"{key}:think", role, thought, stamp, kind=REASONING, model=name)
        )
    out.append(ImportedMessage(key, role, content_text(item.get("content")), stamp, model=name))
    return out
