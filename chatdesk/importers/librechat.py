"""LibreChat's conversation export (JSON): one conversation a file, ``{conversationId, title,
endpoint, exportAt, branches, recursive, options?, messages | messagesTree}``.

With ``recursive`` the messages nest through ``children``; without, they are flat and linked by
``parentMessageId`` (the root's parent is all zeros or null). The thread is the branch the
export marks: the last child at each fork from the first root (LibreChat lists a regenerated
answer after the one it replaced; the export marks no other). ``isCreatedByUser`` gives the
role (``sender`` is a display name). ``content`` parts, where a build writes them, give the
text, the reasoning (``think``) and tool calls (``tool_call``: name, args, output). The model is
the message's ``model``, else the export's ``options.model``. Shape: FORMATS.md § 12, the
samples in ../shared/realdata/librechat.
"""

from __future__ import annotations

import json
from typing import Any

from chatdesk.importers.model import (
    REASONING,
    TOOL,
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    clean,
    last_branch,
    model_name,
    stable_id,
    text_of,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe

SOURCE = "librechat"
LABEL = "LibreChat"
#: A LibreChat export nests as its conversation does (``recursive``: a level per turn).
MAX_DEPTH = 4_000
ROOTS = (None, "", "00000000-0000-0000-0000-000000000000")

#: A small export (flat, two answers to one question: the last is the thread).
EXAMPLE: dict[str, Any] = {
    "conversationId": "l1",
    "endpoint": "openAI",
    "title": "Tea",
    "exportAt": "10:00:00",
    "branches": True,
    "recursive": False,
    "options": {"model": "gpt-4o"},
    "messages": [
        {
            "messageId": "q1",
            "parentMessageId": "00000000-0000-0000-0000-000000000000",
            "conversationId": "l1",
            "sender": "User",
            "isCreatedByUser": True,
            "text": "How long to steep tea?",
            "createdAt": "2024-05-28T18:08:55.014Z",
        },
        {
            "messageId": "a1",
            "parentMessageId": "q1",
            "conversationId": "l1",
            "sender": "GPT-4",
            "isCreatedByUser": False,
            "text": "An old answer.",
            "createdAt": "2024-05-28T18:09:00.000Z",
        },
        {
            "messageId": "a2",
            "parentMessageId": "q1",
            "conversationId": "l1",
            "sender": "GPT-4",
            "isCreatedByUser": False,
            "text": "About 3 minutes.",
            "model": "gpt-4o",
            "createdAt": "2024-05-28T18:10:00.000Z",
        },
    ],
}


def sniff(probe: Probe) -> str | None:
    """One object with ``conversationId`` and ``messages`` or ``messagesTree``."""
    if (
        probe.shape == "object"
        and probe.has("conversationId")
        and probe.any("messages", "messagesTree")
    ):
        return ""
    return None


def conversation_id(raw: dict[str, Any]) -> str | None:
    value = raw.get("conversationId")
    return value if isinstance(value, str) and value else None


def parse(raw: object) -> ImportedChat:
    """The export's conversation; raises MalformedConversation when it cannot be read."""
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    items = raw.get("messagesTree") or raw.get("messages")
    if not isinstance(items, list):
        raise MalformedConversation("no 'messages' list")
    nodes: dict[str, dict[str, Any]] = {}
    children: dict[str, list[str]] = {"": []}
    _collect(items, "", nodes, children)
    options = raw.get("options")
    default_model = model_name(options.get("model")) if isinstance(options, dict) else None
    messages: list[ImportedMessage] = []
    roots = children[""]
    for key in last_branch(roots[0], children) if roots else []:
        messages += _messages(key, nodes[key], default_model)
    return ImportedChat(
        source=SOURCE,
        source_id=conversation_id(raw) or stable_id(raw.get("title"), items[:1]),
        title=title_of(raw.get("title"), messages),
        created_at=messages[0].created_at if messages else None,
        updated_at=max((m.created_at for m in messages if m.created_at), default=None),
        messages=messages,
    )


def _collect(
    items: list[Any], parent: str, nodes: dict[str, dict[str, Any]], children: dict[str, list[str]]
) -> None:
    """Every message by id, and each one's children in file order (``""``: the roots); nested
    ``children`` walked without recursion."""
    todo = [(item, parent) for item in items]
    flat = parent == ""
    while todo:
        item, above = todo.pop(0)
        if not isinstance(item, dict):
            raise MalformedConversation("a message is not an object")
        ident = item.get("messageId")
        if not isinstance(ident, str) or not ident or ident in nodes:
            ident = f"#{len(nodes)}:{stable_id(item.get('text'))[:12]}"
        nodes[ident] = item
        children.setdefault(ident, [])
        stated = item.get("parentMessageId")
        if above == "" and flat and stated not in ROOTS:
            above = stated if isinstance(stated, str) else ""
        children.setdefault(above, []).append(ident)
        kids = item.get("children")
        if isinstance(kids, list):
            todo += [(kid, ident) for kid in kids]
    # a flat message whose parent came later in the file, or is missing: under that parent
    # (children were set when the parent was read or not at all; an unknown one is a root)
    for key in [k for k in children if k and k not in nodes]:
        children[""] += children.pop(key)


def _messages(key: str, item: dict[str, Any], default_model: str | None) -> list[ImportedMessage]:
    role = "user" if item.get("isCreatedByUser") is True else "assistant"
    stamp = when(item.get("createdAt")) or when(item.get("updatedAt"))
    model = (model_name(item.get("model")) or default_model) if role == "assistant" else None
    parts = item.get("content")
    out: list[ImportedMessage] = []
    texts: list[str] = []
    if isinstance(parts, list) and parts:
        for n, part in enumerate(parts):
            if not isinstance(part, dict):
                continue
            kind = part.get("type")
            if kind == "think":
                out.append(
                    ImportedMessage(
                        f"{key}:{n}",
                        role,
                        text_of(part.get("think")),
                        stamp,
                        kind=REASONING,
                        model=model,
                    )
                )
            elif kind == "tool_call":
                raw_call = part.get("tool_call")
                call: dict[str, Any] = raw_call if isinstance(raw_call, dict) else {}
                args = call.get("args")
                out.append(
                    ImportedMessage(
                        f"{key}:{n}",
                        role,
                        text_of(call.get("output")),
                        stamp,
                        kind=TOOL,
                        tool=text_of(call.get("name")) or "tool",
                        tool_input=args
                        if isinstance(args, str)
                        else (
                            clean(json.dumps(args, ensure_ascii=False))
                            if args is not None
                            else None
                        ),
                        model=model,
                    )
                )
            elif kind == "text":
                value = part.get("text")
                if isinstance(value, dict):
                    value = value.get("value")
                texts.append(text_of(value))
    text = "\n\n".join(t for t in texts if t) or text_of(item.get("text"))
    out.append(ImportedMessage(key, role, text, stamp, model=model))
    return out
