"""Open WebUI's "Export chats" (``chat-export-<ms>.json``): an array of chat rows ``{id,
user_id, title, chat: {history: {messages, currentId}, …}, created_at, updated_at, pinned,
archived}``, or one bare chat object (its ``chat`` part), as Open WebUI itself imports both.

The thread is ``history``'s tree from ``currentId`` (the selected leaf) up its ``parentId``
links, else the linear ``messages`` copy. An answer's reasoning and tool calls are embedded in
its text as ``<details type="reasoning" duration="…">`` and ``<details type="tool_calls"
name="…" arguments="…" result="…">``: each becomes a row of its own (reasoning, tool), the
rest is the answer. The model is each message's ``model``. Shape: FORMATS.md § 9, the sample in
../shared/realdata/open-webui.
"""

from __future__ import annotations

import html
import re
from typing import Any

from chatdesk.importers.model import (
    REASONING,
    TOOL,
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    clean,
    model_name,
    path_to,
    stable_id,
    text_of,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe

SOURCE = "openwebui"
LABEL = "Open WebUI"

#: A small export: one chat row, a question and an answer that thought first.
EXAMPLE: list[dict[str, Any]] = [
    {
        "id": "w1",
        "user_id": "u1",
        "title": "Tea",
        "created_at": 1744577557,
        "updated_at": 1744577600,
        "pinned": False,
        "archived": False,
        "chat": {
            "id": "",
            "title": "Tea",
            "models": ["llama3"],
            "history": {
                "currentId": "m2",
                "messages": {
                    "m1": {
                        "id": "m1",
                        "parentId": None,
                        "childrenIds": ["m2"],
                        "role": "user",
                        "content": "How long to steep tea?",
                        "timestamp": 1744577557,
                    },
                    "m2": {
                        "id": "m2",
                        "parentId": "m1",
                        "childrenIds": [],
                        "role": "assistant",
                        "model": "llama3",
                        "content": '<details type="reasoning" done="true" duration="12">\n'
                        "<summary>Thought for 12 seconds</summary>\n&gt; Green tea is delicate.\n"
                        "</details>\nAbout 3 minutes.",
                        "timestamp": 1744577570,
                    },
                },
            },
            "messages": [],
            "timestamp": 1744577557000,
        },
    }
]
ROLES = ("user", "assistant", "system", "tool")
_DETAILS = re.compile(
    r'<details\s+type="(reasoning|tool_calls|code_interpreter)"([^>]*)>(.*?)</details>\s*',
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_SUMMARY = re.compile(r"<summary>.*?</summary>\s*", re.DOTALL)


def sniff(probe: Probe) -> str | None:
    """Rows whose ``chat`` has a ``history`` (or rows with ``user_id`` and ``chat``), or one
    chat object with ``history.messages``."""
    if probe.shape == "array" and (
        probe.rec("chat.history") or probe.rec("user_id", "chat.messages")
    ):
        return "item"
    if probe.shape == "object" and probe.has("history.messages") and not probe.has("chats"):
        return ""
    return None


def conversation_id(raw: dict[str, Any]) -> str | None:
    chat = raw.get("chat") if isinstance(raw.get("chat"), dict) else raw
    for value in (raw.get("id"), chat.get("id") if isinstance(chat, dict) else None):
        if isinstance(value, str) and value:
            return value
    return None


def parse(raw: object) -> ImportedChat:
    """One chat row (or bare chat); raises MalformedConversation when it cannot be read."""
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    chat = raw.get("chat", raw)
    if not isinstance(chat, dict):
        raise MalformedConversation("'chat' is not an object")
    history = chat.get("history")
    items = _thread(history) if isinstance(history, dict) else None
    if items is None:
        linear = chat.get("messages")
        if not isinstance(linear, list):
            raise MalformedConversation("no 'history' and no 'messages'")
        items = [m for m in linear if isinstance(m, dict)]
    messages: list[ImportedMessage] = []
    for index, item in enumerate(items):
        messages += _messages(index, item)
    created = when(raw.get("created_at")) or when(chat.get("timestamp"))
    ident = conversation_id(raw) or stable_id(chat.get("title"), chat.get("timestamp"), items)
    return ImportedChat(
        source=SOURCE,
        source_id=ident,
        title=title_of(raw.get("title") or chat.get("title"), messages),
        created_at=created or (messages[0].created_at if messages else None),
        updated_at=when(raw.get("updated_at")) or (messages[-1].created_at if messages else None),
        messages=messages,
        pinned=raw.get("pinned") is True,
        archived=raw.get("archived") is True,
    )


def _thread(history: dict[str, Any]) -> list[dict[str, Any]] | None:
    nodes = history.get("messages")
    if not isinstance(nodes, dict) or not nodes:
        return None
    nodes = {k: v for k, v in nodes.items() if isinstance(v, dict)}
    parents = {
        k: (p if isinstance(p := v.get("parentId"), str) and p in nodes else None)
        for k, v in nodes.items()
    }
    leaf = history.get("currentId")
    if not (isinstance(leaf, str) and leaf in nodes):
        has_child = {p for p in parents.values() if p}
        leaves = [k for k in nodes if k not in has_child] or list(nodes)
        leaf = max(leaves, key=lambda k: (_number(nodes[k].get("timestamp")), k))
    return [nodes[k] for k in path_to(leaf, parents)]


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _messages(index: int, item: dict[str, Any]) -> list[ImportedMessage]:
    role = item.get("role")
    if role not in ROLES:
        raise MalformedConversation(f"message {index + 1} has an unknown role {role!r}")
    ident = item.get("id")
    key = (
        ident
        if isinstance(ident, str) and ident
        else f"{index}:{stable_id(item.get('content'))[:16]}"
    )
    stamp = when(item.get("timestamp"))
    model = model_name(item.get("model")) if role == "assistant" else None
    content = item.get("content")
    if isinstance(content, list):  # multimodal parts
        content = "\n\n".join(
            p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)
        )
    text = text_of(content)
    out: list[ImportedMessage] = []
    for n, found in enumerate(_DETAILS.finditer(text)):
        kind, attrs = found.group(1), dict(_ATTRIBUTE.findall(found.group(2)))
        body = _SUMMARY.sub("", found.group(3), count=1)
        if kind == "reasoning":
            thought = "\n".join(
                line.removeprefix("&gt;").removeprefix(">").strip()
                for line in body.strip().splitlines()
            )
            seconds = attrs.get("duration")
            out.append(
                ImportedMessage(
                    f"{key}:{n}",
                    role,
                    clean(html.unescape(thought)).strip(),
                    stamp,
                    kind=REASONING,
                    model=model,
                    seconds=float(seconds)
                    if seconds and seconds.replace(".", "", 1).isdigit()
                    else None,
                )
            )
        else:
            result = html.unescape(attrs.get("result", "")) or html.unescape(body.strip())
            out.append(
                ImportedMessage(
                    f"{key}:{n}",
                    role,
                    clean(_unquoted(result)),
                    stamp,
                    kind=TOOL,
                    tool=clean(html.unescape(attrs.get("name", ""))) or kind,
                    tool_input=clean(html.unescape(attrs.get("arguments", ""))) or None,
                    model=model,
                )
            )
    answer = _DETAILS.sub("", text).strip()
    out.append(ImportedMessage(key, role, answer, stamp, model=model))
    return out


def _unquoted(text: str) -> str:
    """A result written as a JSON string (``"…"``) read as its text."""
    import json

    if len(text) > 1 and text.startswith('"') and text.endswith('"'):
        try:
            value = json.loads(text)
        except ValueError:
            return text
        return value if isinstance(value, str) else text
    return text
