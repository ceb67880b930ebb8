"""Claude's data export: ``conversations.json`` with ``chat_messages``.

Rules (see FORMATS.md): prefer the ``content`` blocks over ``text``. A ``thinking`` block becomes
a reasoning row (its time from its start and stop stamps), a ``tool_use`` block with its
``tool_result`` one tool row (issue 22); the text blocks and attachments are the turn itself,
kept (empty) even when a turn has nothing else, so no turn vanishes. With
``parent_message_uuid`` the thread is rebuilt from the leaf with the latest time; old flat
exports are sorted stably by time, a person's message before the reply that shares its stamp.
Every message is a turn the person saw, so one with no text is kept (empty) rather than dropped.

Older exports carry Claude's markup inline in the text: ``<antThinking>`` becomes a quoted
block headed **Thinking** (the app's Markdown cannot fold; a quote sets it apart), and each
``<antArtifact>`` a fenced code block under its title, in the language its ``language`` or
``type`` attribute names.

Filing: the official export's conversations name no project (its ``projects.json`` lists the
projects, unlinked); conversations read from Claude's web API carry ``project_uuid`` and often
``project{uuid, name}``, and ``is_starred``. A conversation that names its project goes in a
folder of that name (the name from ``project``, else from the input's ``projects.json``), and a
starred one is pinned.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

from chatdesk.importers.model import (
    REASONING,
    TOOL,
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    clean,
    from_iso,
    stable_id,
    title_of,
)
from chatdesk.importers.probe import Probe

SOURCE = "claude"
LABEL = "Claude"
FILES = r"(?:^|/)conversations\.json$"


def sniff(probe: Probe) -> str | None:
    """A conversation with ``chat_messages``: no other format has them."""
    if probe.shape != "lines" and probe.rec("chat_messages"):
        return probe.record
    return None


#: A small export of this format (one conversation of two turns), as the file holds it: the seed
#: of the importers' fuzz test (tests/importers/test_fuzz.py), which every parser must give.
EXAMPLE: list[dict[str, Any]] = [
    {
        "uuid": "c1",
        "name": "Tea",
        "created_at": "2024-01-01T10:00:00.000000Z",
        "updated_at": "2024-01-01T10:01:00.000000Z",
        "chat_messages": [
            {
                "uuid": "m1",
                "sender": "human",
                "text": "How long to steep tea?",
                "created_at": "2024-01-01T10:00:00.000000Z",
                "content": [{"type": "text", "text": "How long to steep tea?"}],
            },
            {
                "uuid": "m2",
                "sender": "assistant",
                "parent_message_uuid": "m1",
                "text": "About 3 minutes.",
                "created_at": "2024-01-01T10:00:05.000000Z",
                "content": [{"type": "text", "text": "About 3 minutes."}],
            },
        ],
    }
]
SENDERS = {"human": "user", "user": "user", "assistant": "assistant", "system": "system"}
ROOT = "00000000-0000-4000-8000-000000000000"
_THINKING = re.compile(r"\s*<antThinking>(.*?)(?:</antThinking>|\Z)\s*", re.DOTALL)
_ARTIFACT = re.compile(r"\s*<antArtifact\b([^>]*)>(.*?)(?:</antArtifact>|\Z)\s*", re.DOTALL)
_ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')
_BACKTICKS = re.compile(r"^\s*(`{3,})", re.MULTILINE)
#: Artifact types (``type="…"``) and the code-block language they are written in.
ARTIFACT_LANGUAGES = {
    "text/html": "html",
    "text/markdown": "markdown",
    "text/plain": "text",
    "text/css": "css",
    "image/svg+xml": "xml",
    "application/vnd.ant.mermaid": "mermaid",
    "application/vnd.ant.react": "jsx",
    "application/json": "json",
}


def conversation_id(raw: dict[str, Any]) -> str | None:
    value = raw.get("uuid")
    return value if isinstance(value, str) and value else None


def project_of(raw: dict[str, Any]) -> tuple[str | None, str | None]:
    """(project id, project name) as the conversation gives them; either may be None."""
    project = raw.get("project")
    ident = raw.get("project_uuid")
    name = None
    if isinstance(project, dict):
        if not isinstance(ident, str) or not ident:
            ident = project.get("uuid")
        name = project.get("name")
    ident = ident if isinstance(ident, str) and ident else None
    name = clean(name).strip() if isinstance(name, str) and name.strip() else None
    return ident, name


def parse(raw: object) -> ImportedChat:
    """One conversation of the export; raises MalformedConversation when it cannot be read."""
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    items = raw.get("chat_messages")
    if items is None:
        items = []
    if not isinstance(items, list) or not all(isinstance(m, dict) for m in items):
        raise MalformedConversation("'chat_messages' is not a list of objects")
    messages: list[ImportedMessage] = []
    for index, item in enumerate(_ordered(items)):
        sender = item.get("sender")
        if sender not in SENDERS:
            raise MalformedConversation(f"message {index + 1} has an unknown sender {sender!r}")
        uuid = item.get("uuid")
        source_id = uuid if isinstance(uuid, str) and uuid else stable_id(index, item)
        when = from_iso(item.get("created_at"))
        messages += _folded(source_id, item, when)
        messages.append(ImportedMessage(source_id, SENDERS[sender], clean(_text(item)), when))
    created = from_iso(raw.get("created_at"))
    updated = from_iso(raw.get("updated_at"))
    project, project_name = project_of(raw)
    return ImportedChat(
        source=SOURCE,
        source_id=conversation_id(raw) or stable_id(raw.get("name"), raw.get("created_at"), items),
        title=title_of(raw.get("name"), messages),
        created_at=created or (messages[0].created_at if messages else None),
        updated_at=updated or (messages[-1].created_at if messages else None),
        messages=messages,
        pinned=raw.get("is_starred") is True,
        folder=(project_name,) if project_name else (),
        project=None if project_name else project,
    )


def projects(raw: object) -> dict[str, str]:
    """A ``projects.json`` (a list of ``{uuid, name, …}``), or one project of ``projects/``:
    the projects' names by id; entries without both are left out."""
    items = raw if isinstance(raw, list) else [raw]
    found = {}
    for item in items:
        if isinstance(item, dict):
            ident, name = item.get("uuid") or item.get("id"), item.get("name")
            if isinstance(ident, str) and ident and isinstance(name, str) and name.strip():
                found[ident] = clean(name).strip()
    return found


def _stamp(item: dict[str, Any]) -> dt.datetime:
    return from_iso(item.get("created_at")) or dt.datetime.min


def _ordered(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if any("parent_message_uuid" in m for m in items):
        return _thread(items)
    return sorted(items, key=lambda m: (_stamp(m), m.get("sender") != "human"))


def _thread(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {m["uuid"]: m for m in items if isinstance(m.get("uuid"), str)}
    parents = {m.get("parent_message_uuid") for m in items}
    leaves = [m for m in items if m.get("uuid") not in parents] or items
    node: dict[str, Any] | None = max(leaves, key=_stamp)
    path: list[dict[str, Any]] = []
    seen: set[int] = set()
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        path.append(node)
        parent = node.get("parent_message_uuid")
        node = by_id.get(parent) if isinstance(parent, str) and parent != ROOT else None
    path.reverse()
    return path


def _folded(
    source_id: str, item: dict[str, Any], when: dt.datetime | None
) -> list[ImportedMessage]:
    """The message's thinking and tool calls, in order, before its text: a reasoning row per
    ``thinking`` block, a tool row per ``tool_use`` (its ``tool_result`` found by
    ``tool_use_id``, else the result that follows it), and a result with no call of its own."""
    blocks = item.get("content")
    if not isinstance(blocks, list):
        return []
    blocks = [b for b in blocks if isinstance(b, dict)]
    results = {
        b.get("tool_use_id"): b
        for b in blocks
        if b.get("type") == "tool_result" and isinstance(b.get("tool_use_id"), str)
    }
    used: set[int] = set()
    out: list[ImportedMessage] = []
    for index, block in enumerate(blocks):
        kind = block.get("type")
        ident = f"{source_id}:{index}"
        if kind == "thinking":
            start, stop = (
                from_iso(block.get("start_timestamp")),
                from_iso(block.get("stop_timestamp")),
            )
            seconds = (stop - start).total_seconds() if start and stop and stop >= start else None
            thought = block.get("thinking")
            out.append(
                ImportedMessage(
                    ident,
                    "assistant",
                    clean(thought) if isinstance(thought, str) else "",
                    when,
                    kind=REASONING,
                    seconds=seconds,
                )
            )
        elif kind == "tool_use":
            result = results.get(block.get("id"))
            if result is None:
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if following is not None and following.get("type") == "tool_result":
                    result = following
            if result is not None:
                used.add(id(result))
            out.append(_tool_row(ident, block, result, when))
        elif kind == "tool_result" and id(block) not in used:
            out.append(_tool_row(ident, None, block, when))
    return out


def _tool_row(
    ident: str, call: dict[str, Any] | None, result: dict[str, Any] | None, when: dt.datetime | None
) -> ImportedMessage:
    name = (call or {}).get("name") or (result or {}).get("name") or "tool"
    given = (call or {}).get("input")
    return ImportedMessage(
        ident,
        "assistant",
        clean(_result_text(result)) if result is not None else "",
        when,
        kind=TOOL,
        tool=clean(str(name)),
        tool_input=clean(json.dumps(given, ensure_ascii=False, indent=2))
        if given is not None
        else None,
        is_error=(result or {}).get("is_error") is True,
    )


def _result_text(block: dict[str, Any]) -> str:
    inner = block.get("content")
    if isinstance(inner, str):
        return inner
    texts = [c.get("text") for c in inner if isinstance(c, dict)] if isinstance(inner, list) else []
    return "\n".join(t for t in texts if isinstance(t, str))


def _text(item: dict[str, Any]) -> str:
    blocks = item.get("content")
    text = item.get("text")
    if isinstance(blocks, list) and blocks:
        parts = [_block(b) for b in blocks if isinstance(b, dict)]
    else:
        parts = [text if isinstance(text, str) else ""]
    parts = [unwrap_tags(p) for p in parts]
    parts.extend(_attachments(item))
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _block(block: dict[str, Any]) -> str:
    if block.get("type") in ("thinking", "tool_use", "tool_result"):
        return ""  # rows of their own (_folded)
    text = block.get("text")
    return text if isinstance(text, str) else ""


def unwrap_tags(text: str) -> str:
    """``text`` with Claude's inline ``<antThinking>`` and ``<antArtifact>`` tags as Markdown."""
    if "<ant" not in text:
        return text
    text = _THINKING.sub(lambda m: _thinking(m.group(1)), text)
    return _ARTIFACT.sub(lambda m: _artifact(m.group(1), m.group(2)), text)


def _thinking(body: str) -> str:
    lines = body.strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}".rstrip() for line in lines)
    return f"\n\n> **Thinking**\n>\n{quoted}\n\n"


def _artifact(attributes: str, body: str) -> str:
    attrs = {k: html.unescape(v) for k, v in _ATTRIBUTE.findall(attributes)}
    kind = attrs.get("type", "")
    language = attrs.get("language") or ARTIFACT_LANGUAGES.get(kind, "")
    language = language if re.fullmatch(r"[\w+#.-]{1,32}", language) else ""
    code = body.strip("\n")
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    fence = "`" * max(3, longest + 1)
    title = " ".join((attrs.get("title") or attrs.get("identifier") or "Artifact").split())
    return f"\n\n**{title}**\n\n{fence}{language}\n{code}\n{fence}\n\n"


def _attachments(item: dict[str, Any]) -> list[str]:
    out: list[str] = []
    names: set[str] = set()
    for attachment in item.get("attachments") or []:
        if not isinstance(attachment, dict):
            continue
        name = str(attachment.get("file_name") or "attachment")
        names.add(name)
        extracted = attachment.get("extracted_content")
        body = f"\n{extracted}" if isinstance(extracted, str) and extracted.strip() else ""
        out.append(f"[attachment: {name}]{body}")
    for file in item.get("files") or []:
        file_name = file.get("file_name") if isinstance(file, dict) else None
        if isinstance(file_name, str) and file_name not in names:
            out.append(f"[file: {file_name}]")
    return out
