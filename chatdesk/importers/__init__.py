"""Reading chat exports and prompt collections (Qt-free, database-free).

:func:`members` names the files of an input, :func:`detect` tells their format from its start
(each format's own rule: :mod:`chatdesk.importers.registry`), and :func:`read_chats` streams
the conversations one at a time (ijson, or the format's own reader), so an export of hundreds
of MB is read in bounded memory. A conversation that cannot be read comes out as a
:class:`Skipped` naming it; the others still come.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import IO

import ijson

from chatdesk.importers import claude, native, registry
from chatdesk.importers.detect import (
    CHATDESK_MARK,
    EMPTY,
    PROMPT_FORMATS,
    PROMPTS_CSV,
    PROMPTS_JSON,
    Detected,
    chat_formats,
    detect,
)
from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    Library,
    LibraryFolder,
    MalformedConversation,
    Skipped,
    from_iso,
    name_of,
    to_iso,
)
from chatdesk.importers.sources import (
    MAX_DEPTH,
    InputError,
    Member,
    broken_json,
    guarded,
    members,
    opened,
    project_members,
)

#: Every chat format's module by source name, found in the package (no table to edit).
PARSERS: dict[str, ModuleType] = registry.parsers()
#: Every chat format's source name.
CHAT_FORMATS = chat_formats()

#: What a parser may raise on data it did not expect; the conversation is skipped, not the file.
#: (RecursionError: a parser recursing into a record nested deeper than it expects.)
_DATA_ERRORS = (
    MalformedConversation,
    TypeError,
    ValueError,
    KeyError,
    AttributeError,
    RecursionError,
)


def read_library(path: Path, items: list[Member], found: list[Detected]) -> Library:
    """What the input says beside its conversations: the folders and tags at the head of a
    ChatDesk export, and the projects' names of the input's project lists (an unreadable list
    is left out: the chats still import, unfiled)."""
    library = Library()
    for member, detected in zip(items, found, strict=True):
        if detected.format == native.SOURCE:
            # a break in the JSON is read_chats' to name
            with opened(member) as stream, contextlib.suppress(ijson.JSONError):
                library = library.merged(native.library(guarded(stream, member.name)))
    for member in project_members(path):
        with opened(member) as stream:
            try:
                raw = _project_heads(guarded(stream, member.name))
            except (ijson.JSONError, UnicodeDecodeError, InputError):
                continue
        library = library.merged(Library(projects=claude.projects(raw)))
    return library


def _project_heads(stream: IO[bytes]) -> list[dict[str, object]]:
    """The ``uuid``/``id`` and ``name`` of each project of a list (or of one project), streamed:
    a project list carries its documents' text and can be tens of MB."""
    heads: list[dict[str, object]] = []
    for prefix, event, value in ijson.parse(stream):
        record, _, key = prefix.rpartition(".")
        if event == "start_map" and prefix in ("", "item"):
            heads.append({})
        elif (
            event == "string"
            and key in ("uuid", "id", "name")
            and heads
            and (record == "item" or prefix == key)
        ):
            heads[-1].setdefault(key, value)
    return heads


def read_chats(
    name: str, stream: IO[bytes], found: Detected, member: Member | None = None
) -> Iterator[ImportedChat | Skipped]:
    """The conversations of ``stream`` in file order: the format's own ``read`` when it has
    one (given ``member``, for the files beside it), else its records at ``found.prefix``.

    Raises:
        InputError: the JSON itself is broken (the conversations before the break came out).
    """
    if found.format == EMPTY:
        return
    parser = PARSERS[found.format]
    reader = getattr(parser, "read", None)
    if reader is not None:
        try:
            yield from reader(member or Member(name, 0, lambda: stream), stream, found.prefix)
        except _DATA_ERRORS as exc:  # a reader's own slip: the file's rest is named, not lost
            yield Skipped(f"{name} (the rest of the file)", str(exc) or type(exc).__name__)
        return
    index = -1
    # every format read through the same guard: depth, string length, byte-order mark
    source = guarded(stream, name, getattr(parser, "MAX_DEPTH", MAX_DEPTH))
    try:
        for index, raw in enumerate(ijson.items(source, found.prefix, use_float=True)):
            try:
                yield parser.parse(raw)
            except _DATA_ERRORS as exc:
                source_id = parser.conversation_id(raw) if isinstance(raw, dict) else None
                label = name_of(raw, source_id, index) if isinstance(raw, dict) else f"#{index + 1}"
                yield Skipped(label, str(exc) or type(exc).__name__)
    except ijson.JSONError as exc:
        where = broken_json(stream, exc)
        if index < 0:
            raise InputError(
                f"{name}: not valid JSON: {where}", "not_json", name=name, where=where
            ) from None
        raise InputError(
            f"{name}: the JSON breaks off after conversation {index + 1}: {where}",
            "json_breaks",
            name=name,
            after=index + 1,
            where=where,
        ) from None


__all__ = [
    "CHATDESK_MARK",
    "CHAT_FORMATS",
    "PROMPTS_CSV",
    "PROMPTS_JSON",
    "PROMPT_FORMATS",
    "Detected",
    "ImportedChat",
    "ImportedMessage",
    "InputError",
    "Library",
    "LibraryFolder",
    "Member",
    "Skipped",
    "detect",
    "from_iso",
    "members",
    "opened",
    "read_chats",
    "read_library",
    "to_iso",
]
