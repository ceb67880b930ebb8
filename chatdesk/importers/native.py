"""ChatDesk's own JSON export, read back losslessly (see :mod:`chatdesk.services.exporting`).

A chat keeps the source it was first imported from; a chat made in ChatDesk has the source
``chatdesk`` and its ``chat_key`` as id. Texts, roles, times and order are kept exactly.
"""

from __future__ import annotations

from typing import Any

from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    clean,
    from_iso,
    stable_id,
)

SOURCE = "chatdesk"
ROLES = ("user", "assistant", "system", "tool")


def conversation_id(raw: dict[str, Any]) -> str | None:
    value = raw.get("source_id")
    return str(value) if isinstance(value, (str, int)) and str(value) else None


def parse(raw: object) -> ImportedChat:
    """One exported chat; raises MalformedConversation when it cannot be read."""
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    items = raw.get("messages")
    if not isinstance(items, list):
        raise MalformedConversation("'messages' is not a list")
    messages: list[ImportedMessage] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise MalformedConversation(f"message {index + 1} is not an object")
        role, content = item.get("role"), item.get("content")
        if role not in ROLES or not isinstance(content, str):
            raise MalformedConversation(f"message {index + 1} needs a known role and a text")
        source_id = item.get("source_id")
        if not isinstance(source_id, str) or not source_id:
            source_id = f"{index}:{stable_id(role, content)[:16]}"
        messages.append(
            ImportedMessage(source_id, role, clean(content), from_iso(item.get("created_at")))
        )
    title = raw.get("title")
    if not isinstance(title, str) or not title:
        raise MalformedConversation("no title")
    source = raw.get("source")
    if not (isinstance(source, str) and 0 < len(source) <= 32 and source.isprintable()):
        source = SOURCE
    return ImportedChat(
        source=source,
        source_id=conversation_id(raw) or stable_id(title, raw.get("created_at"), items),
        title=clean(title),
        created_at=from_iso(raw.get("created_at")),
        updated_at=from_iso(raw.get("updated_at")),
        messages=messages,
        pinned=raw.get("pinned") is True,
    )
