"""ChatDesk's own JSON export, read back losslessly (see :mod:`chatdesk.services.exporting`).

A chat keeps the source it was first imported from; a chat made in ChatDesk has the source
``chatdesk`` and its ``chat_key`` as id. The chat's ``chat_key`` (the API's ``chat_id``), texts,
roles, times and order are kept exactly, and (version 2) its filing: pin, archive, folder (a path
of names from the top) and tags (name and colour). The file's head lists the folders (with their
order among siblings) and tags before the chats, so that empty ones come back too; version 1
files have none of this and import as before. Version 3 gives each message its kind (text,
reasoning, tool), model and detail (a tool call's ``tool``, ``input``, ``error``; a step's
``seconds``); a message of an older file is a text turn.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

import ijson
from ijson.common import ObjectBuilder

from chatdesk.importers.model import (
    KINDS,
    TEXT,
    ImportedChat,
    ImportedMessage,
    Library,
    LibraryFolder,
    MalformedConversation,
    clean,
    from_iso,
    id_text,
    model_name,
    stable_id,
)
from chatdesk.importers.probe import Probe

SOURCE = "chatdesk"
LABEL = "ChatDesk"
#: The value of ``format`` at the top of an export (``detect.CHATDESK_MARK``).
MARK = "chatdesk-chats"


def sniff(probe: Probe) -> str | None:
    """An object marked ``format: chatdesk-chats``, or holding ``chats``."""
    if probe.shape == "object" and (probe.value("format") == MARK or probe.has("chats")):
        return "chats.item"
    return None


#: A small export of this format (one chat of two messages), as the file holds it: the seed of
#: the importers' fuzz test (tests/importers/test_fuzz.py), which every parser must give.
EXAMPLE: dict[str, Any] = {
    "format": "chatdesk-chats",
    "version": 2,
    "folders": [{"path": ["Home"], "position": 0}],
    "tags": [{"name": "tea", "color": "#336699"}],
    "chats": [
        {
            "chat_key": "k1",
            "title": "Tea",
            "source": "chatdesk",
            "source_id": "k1",
            "created_at": "2024-01-01T10:00:00.000000Z",
            "updated_at": "2024-01-01T10:01:00.000000Z",
            "pinned": True,
            "folder": ["Home"],
            "tags": [{"name": "tea", "color": "#336699"}],
            "messages": [
                {
                    "source_id": "m1",
                    "role": "user",
                    "content": "How long?",
                    "created_at": "2024-01-01T10:00:00.000000Z",
                },
                {
                    "source_id": "m2",
                    "role": "assistant",
                    "content": "3 minutes.",
                    "created_at": "2024-01-01T10:00:05.000000Z",
                },
            ],
        }
    ],
}
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
    return id_text(value)


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
            ImportedMessage(
                source_id,
                role,
                clean(content),
                from_iso(item.get("created_at")),
                **_extras(item),
            )
        )
    title = raw.get("title")
    if not isinstance(title, str) or not title:
        raise MalformedConversation("no title")
    source = raw.get("source")
    if not (isinstance(source, str) and 0 < len(source) <= 32 and source.isprintable()):
        source = SOURCE
    folder = raw.get("folder") or ()
    if not isinstance(folder, list | tuple) or not all(_is_name(n) for n in folder):
        raise MalformedConversation("'folder' is not a list of folder names")
    archived_at = raw.get("archived_at")
    return ImportedChat(
        source=source,
        source_id=conversation_id(raw) or stable_id(title, raw.get("created_at"), items),
        title=clean(title),
        created_at=from_iso(raw.get("created_at")),
        updated_at=from_iso(raw.get("updated_at")),
        messages=messages,
        pinned=raw.get("pinned") is True,
        chat_key=key if isinstance(key := raw.get("chat_key"), str) and key else None,
        archived=archived_at is not None or raw.get("archived") is True,
        archived_at=from_iso(archived_at),
        folder=tuple(clean(n) for n in folder),
        tags=_tags(raw.get("tags")),
        detail=_chat_detail(raw.get("detail")),
        workdir=_short(raw.get("workdir"), 1024),
        branch=_short(raw.get("branch"), 255),
    )


def _short(value: object, limit: int) -> str | None:
    """A coding agent's session's working directory or branch (version 3), if it is a string
    of at most ``limit`` characters."""
    return clean(value) if isinstance(value, str) and 0 < len(value) <= limit else None


def _chat_detail(value: object) -> dict[str, str | int | float | bool] | None:
    """A chat's detail (version 3): its short facts; anything else is left out."""
    if not isinstance(value, dict):
        return None
    return {
        k: v
        for k, v in value.items()
        if isinstance(k, str) and isinstance(v, (str, int, float, bool))
    } or None


def _extras(item: dict[str, Any]) -> dict[str, Any]:
    """A message's kind, model and detail (version 3); absent in older files: a text turn."""
    kind = item.get("kind", TEXT)
    if kind not in KINDS:
        raise MalformedConversation(f"unknown message kind {kind!r}")
    tool, given, seconds = item.get("tool"), item.get("input"), item.get("seconds")
    return {
        "kind": kind,
        "model": model_name(item.get("model")),
        "tool": clean(tool) if isinstance(tool, str) and tool else None,
        "tool_input": clean(given) if isinstance(given, str) and given else None,
        "is_error": item.get("error") is True,
        "extra": _chat_detail(item.get("extra")),
        "seconds": float(seconds)
        if isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
        else None,
    }


def _is_name(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _tags(value: object) -> tuple[tuple[str, str], ...]:
    """``[{"name": …, "color": …}, …]`` as (name, colour) pairs; raises MalformedConversation."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise MalformedConversation("'tags' is not a list")
    found = []
    for item in value:
        if not isinstance(item, dict) or not _is_name(item.get("name")):
            raise MalformedConversation("a tag needs a name")
        color = item.get("color") or ""
        if not isinstance(color, str):
            raise MalformedConversation(f"tag {item['name']!r}: its colour is not text")
        found.append((clean(item["name"]), color))
    return tuple(found)


def library(stream: IO[bytes]) -> Library:
    """The folders and tags listed at the head of an export (before ``chats``), read as a
    stream that stops at ``chats``; entries of the wrong shape are left out (the chats still
    name their own folder and tags)."""
    built: dict[str, ObjectBuilder] = {}
    for prefix, event, value in ijson.parse(stream, use_float=True):
        if prefix == "" and event == "map_key" and value == "chats":
            break
        top = prefix.partition(".")[0]
        if top in ("folders", "tags"):
            built.setdefault(top, ObjectBuilder()).event(event, value)
    folders: list[LibraryFolder] = []
    tags: list[tuple[str, str]] = []
    raw_folders = built["folders"].value if "folders" in built else []
    for item in raw_folders if isinstance(raw_folders, list) else []:
        path = item.get("path") if isinstance(item, dict) else None
        if isinstance(path, list) and path and all(_is_name(n) for n in path):
            position = item.get("position")
            folders.append(
                LibraryFolder(
                    tuple(clean(n) for n in path),
                    position if isinstance(position, int) and position >= 0 else None,
                )
            )
    raw_tags = built["tags"].value if "tags" in built else []
    for item in raw_tags if isinstance(raw_tags, list) else []:
        try:
            tags += _tags([item])
        except MalformedConversation:
            continue
    return Library(folders=folders, tags=tags)
