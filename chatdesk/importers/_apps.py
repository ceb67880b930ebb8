"""Helpers shared by the chat apps' backups (LobeChat, NextChat, Chatbox, Cherry Studio): a
flat message list made into :class:`ImportedMessage` rows, with reasoning and tool calls
where the app writes them."""

from __future__ import annotations

import json
from typing import Any

from chatdesk.importers.model import (
    REASONING,
    ImportedMessage,
    MalformedConversation,
    clean,
    model_name,
    stable_id,
    text_of,
    when,
)

ROLES = ("user", "assistant", "system", "tool")


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
    if value is None:
        return ""
    return clean(value) if isinstance(value, str) else clean(json.dumps(value, ensure_ascii=False))


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
    ident = item.get("id")
    key = (
        str(ident)
        if isinstance(ident, (str, int)) and str(ident)
        else f"{index}:{stable_id(item)[:16]}"
    )
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
