"""ChatDesk's own JSON export, read back losslessly (see :mod:`chatdesk.services.exporting`).

A chat keeps the source it was first imported from; a chat made in ChatDesk has the source
``chatdesk`` and its ``chat_key`` as id. The chat's ``chat_key`` (the API's ``chat_id``), texts,
roles, times and order are kept exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


def message_ids(rows: Iterable[tuple[int, str | None]]) -> Iterator[str]:
    """The export id of each of a chat's messages, given as (id, source_id) in stored order.

    An imported message keeps its source id; one typed in ChatDesk has none and is named
    ``chatdesk:<id>``. The exporter writes these ids and the importer matches stored messages
    by them, so re-importing an export into the account it came from adds nothing. Should a
    name be taken already in the chat, ``~2``, ``~3``… makes it unique.
    """
    seen: set[str] = set()
    for message_id, source_id in rows:
        name = base = source_id or f"{SOURCE}:{message_id}"
        n = 1
        while name in seen:
            n += 1
            name = f"{base}~{n}"
        seen.add(name)
        yield name


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
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise MalformedConversation(f"message {index + 1} is not an object")
        role, content = item.get("role"), item.get("content")
        if role not in ROLES or not isinstance(content, str):
            raise MalformedConversation(f"message {index + 1} needs a known role and a text")
        source_id = item.get("source_id")
        if not isinstance(source_id, str) or not source_id or source_id in seen:
            source_id = f"{index}:{stable_id(role, content)[:16]}"
        seen.add(source_id)
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
        chat_key=key if isinstance(key := raw.get("chat_key"), str) and key else None,
    )
