"""What the coding agents' readers share (issue 23): JSON Lines read line by line, and a
session built from records as they come.

An agent writes its session while it runs, so the readers are made for a file that grows:

- :func:`json_lines` reads complete lines only, one at a time (a file of several hundred MB is
  never held whole); a last line without its newline that is not yet valid JSON is the agent
  still writing it: it is left for the next read (:attr:`LineCursor.end` stops before it), not
  reported as an error. A line longer than :data:`LINE_MAX` is skipped whole.
- :class:`SessionBuilder` keeps the session's messages by id and *merges* a message given again
  under the same id (a streamed answer that grows, a tool call whose result arrives later), so
  reading a file again, or reading only what was appended with the builder's small state
  carried over, gives the same messages with the same ids: the store appends what is new and
  updates what grew (:mod:`chatdesk.services.agents`), never duplicating.

This module is not a format (no ``SOURCE``); the registry skips it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any

from chatdesk.importers.model import (
    DERIVED_MAX,
    TEXT,
    TOOL,
    ImportedChat,
    ImportedMessage,
    clean,
    title_of,
)

#: A line longer than this is skipped (an agent's line holds one record: a pasted image in
#: base64 is a few MB; nothing sensible is 64 MB), so memory stays bounded by it.
LINE_MAX = 64 * 1024 * 1024
#: Tool inputs and results longer than this are cut when read (the store cuts at its own limit
#: too; this keeps a runaway tool output from being held in memory several times over).
TEXT_MAX = 4 * 1024 * 1024
#: The longest project name (a folder) made from a working directory.
PROJECT_MAX = 120


@dataclass
class LineCursor:
    """Where reading stopped: ``end`` is the offset after the last line consumed (the next
    read starts there); ``bad`` counts lines that were not JSON objects and were skipped."""

    end: int = 0
    bad: int = 0


def json_lines(stream: IO[bytes], cursor: LineCursor) -> Iterator[dict[str, Any]]:
    """The JSON objects of ``stream``'s lines from ``cursor.end`` on (``stream`` positioned
    there), moving ``cursor.end`` past each complete line read."""
    while True:
        line = stream.readline(LINE_MAX + 1)
        if not line:
            return
        if len(line) > LINE_MAX and not line.endswith(b"\n"):
            skipped = len(line)
            while True:  # the rest of the overlong line
                more = stream.readline(1024 * 1024)
                skipped += len(more)
                if not more or more.endswith(b"\n"):
                    break
            if not more:
                return  # still being written: read it again next time (and skip it then)
            cursor.end += skipped
            cursor.bad += 1
            continue
        complete = line.endswith(b"\n")
        text = line.strip()
        if cursor.end == 0 and text.startswith(b"\xef\xbb\xbf"):
            text = text[3:]
        if not text:
            if complete:
                cursor.end += len(line)
            continue
        try:
            record = json.loads(text)
        except (ValueError, RecursionError):
            if not complete:
                return  # a half-written last line: the next read takes it
            cursor.end += len(line)
            cursor.bad += 1
            continue
        cursor.end += len(line)
        if isinstance(record, dict):
            yield record
        else:
            cursor.bad += 1


def text_of(value: object, limit: int = TEXT_MAX) -> str:
    """Text from an agent's content: a string, or a list of blocks/parts with ``text`` (other
    blocks named: ``[image]``), or anything else as JSON; cut at ``limit``."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, list):
        parts: list[str] = []
        for item in value:
            if isinstance(item, str):
                parts.append(item)
            elif isinstance(item, dict):
                kind = item.get("type")
                if isinstance(item.get("text"), str):
                    parts.append(item["text"])
                elif kind in ("image", "input_image", "image_url"):
                    parts.append(image_name(item))
                elif isinstance(item.get("content"), (str, list)):
                    parts.append(text_of(item.get("content"), limit))
        text = "\n".join(p for p in parts if p)
    elif value is None:
        text = ""
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (ValueError, RecursionError):
            text = ""
    if len(text) > limit:
        text = text[:limit] + "\n[…]"
    return clean(text)


def image_name(block: dict[str, Any]) -> str:
    """An image block as a line that names it (the picture itself is not kept)."""
    source = block.get("source")
    media = source.get("media_type") if isinstance(source, dict) else None
    if not isinstance(media, str) or not re.fullmatch(r"[\w.+-]+/[\w.+-]+", media):
        media = ""
    return f"[image{': ' + media if media else ''}]"


def as_json(value: object, limit: int = TEXT_MAX) -> str:
    """A tool's input as text: a string as it is, anything else as indented JSON."""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
        except (ValueError, RecursionError):
            text = ""
    return clean(text[:limit])


def project_name(workdir: str | None) -> str | None:
    """A project's folder name: the last part of its working directory (either separator)."""
    if not isinstance(workdir, str) or not workdir.strip():
        return None
    name = re.split(r"[\\/]", workdir.strip().rstrip("/\\"))[-1]
    name = " ".join("".join(ch if ch.isprintable() else " " for ch in name).split())
    return clean(name[:PROJECT_MAX]) or None


def merged(old: ImportedMessage, new: ImportedMessage) -> ImportedMessage:
    """``new`` given again under ``old``'s id: what it says wins, what it lacks is kept (a tool
    result that arrives alone keeps its call's name and input)."""
    return replace(
        new,
        content=new.content or old.content,
        created_at=old.created_at or new.created_at,
        model=new.model or old.model,
        tool=new.tool or old.tool,
        tool_input=new.tool_input or old.tool_input,
        is_error=new.is_error or (old.is_error and not new.content),
        kind=new.kind if new.kind != TEXT or old.kind == TEXT else old.kind,
    )


@dataclass
class SessionBuilder:
    """One session's messages in the order they first came, merged by id, and what is known
    about the session (its id, working directory, branch, titles, times)."""

    source: str
    session_id: str | None = None
    workdir: str | None = None
    branch: str | None = None
    #: Titles the agent gave, best first when several: (priority, title).
    titles: dict[int, str] = field(default_factory=dict)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    messages: dict[str, ImportedMessage] = field(default_factory=dict)
    #: Ids given since :meth:`take_changed` last ran: what a live reader writes.
    changed: list[str] = field(default_factory=list)
    first_prompt: str | None = None

    def put(self, message: ImportedMessage) -> None:
        old = self.messages.get(message.source_id)
        self.messages[message.source_id] = merged(old, message) if old is not None else message
        if message.source_id not in self.changed:
            self.changed.append(message.source_id)
        if message.created_at is not None:
            if self.created_at is None or message.created_at < self.created_at:
                self.created_at = message.created_at
            if self.updated_at is None or message.created_at > self.updated_at:
                self.updated_at = message.created_at

    def prompt(self, text: str) -> None:
        """A real prompt of the person (not a command, not injected context): the first one
        titles a session the agent did not name."""
        if self.first_prompt is None and text.strip():
            self.first_prompt = text

    def title(self, priority: int, text: object) -> None:
        if isinstance(text, str) and text.strip():
            self.titles[priority] = text

    def take_changed(self) -> list[ImportedMessage]:
        """The messages given since the last call (each once, as it now stands), and forget
        the rest: a live reader keeps only the builder's small state between reads."""
        out = [self.messages[i] for i in self.changed if i in self.messages]
        self.changed = []
        return out

    def chat(
        self, label: str, fallback_id: str, messages: list[ImportedMessage] | None = None
    ) -> ImportedChat:
        """The session as a chat, filed under ``label / <project>``."""
        given = [self.titles[k] for k in sorted(self.titles)]
        raw_title = given[0] if given else None
        items = list(self.messages.values()) if messages is None else messages
        if raw_title is None and self.first_prompt:
            raw_title = self.first_prompt.strip().splitlines()[0][:DERIVED_MAX]
        project = project_name(self.workdir)
        return ImportedChat(
            source=self.source,
            source_id=self.session_id or fallback_id,
            title=title_of(raw_title, [m for m in items if m.kind == TEXT]),
            created_at=self.created_at,
            updated_at=self.updated_at,
            messages=items,
            folder=(label, project) if project else (label,),
            workdir=clean(self.workdir[:1024]) if isinstance(self.workdir, str) else None,
            branch=clean(self.branch[:255]) if isinstance(self.branch, str) else None,
        )


def tool_message(
    source_id: str,
    name: object,
    given: object,
    result: object = None,
    *,
    error: bool = False,
    created_at: dt.datetime | None = None,
    model: str | None = None,
) -> ImportedMessage:
    """One tool call (``content`` is its result), as every agent reader makes it."""
    return ImportedMessage(
        source_id=source_id,
        role="assistant",
        content=text_of(result) if result is not None else "",
        created_at=created_at,
        kind=TOOL,
        model=model,
        tool=clean(name[:128]) if isinstance(name, str) and name else None,
        tool_input=as_json(given) if given not in (None, "", {}) else None,
        is_error=error,
    )


def file_stem(name: str) -> str:
    """A member's file name without folders and suffix: a session's id when it has no other."""
    base = re.split(r"[\\/:]", name)[-1]
    return os.path.splitext(base)[0] or name
