"""LobeChat's exports, in the two layouts it has written:

- the data export of LobeChat 1.x (Settings → Data → Export, ``<date>_LobeChat-data.json``, or
  ``<date>_LobeHub-data.json``): ``{data: {<table>: [rows]}, mode: "pglite" | "postgres",
  schemaHash}`` (a later form adds ``appVersion``, ``exportedAt``, ``formatVersion``), one
  key per database table (``messages``, ``messagePlugins``, ``topics``, ``threads``,
  ``sessions``, ``agents``, ``agentsToSessions``, …), times as ISO strings;
- the config export of the versions before it (``LobeChat-<name>-v<N>.json``):
  ``{exportType, state: {sessions, sessionGroups, topics, messages}, version}``, times in ms.

Messages are flat, each naming its ``topicId`` (and ``threadId``, ``sessionId``): a topic is a
chat titled by the topic (favourite → pinned), a thread one more (titled by the thread), and the
messages of a session outside any topic one more (titled by the session or its agent, else
"Inbox"). Within a chat the messages are followed by their ``parentId`` from the first: where a
message has several children, the one its ``metadata.activeBranchIndex`` names (compare mode:
the ``activeColumn``) is the thread and the others are not kept; with no mark all are kept, in
time order. An assistant's ``tools`` and the ``role: tool`` messages answering them (their call
in ``messagePlugins``, or the message's own ``plugin``) are tool rows; ``reasoning.content``
(``duration`` in ms) a reasoning row; the model is the message's ``model`` column, or
``extra.fromModel``. Files are referred to by id and not kept. The file is read in one pass and
its messages held until its end (the export gives no order by topic).

Writer: lobehub/lobe-chat ``src/services/config.ts``,
``packages/database/src/repositories/dataExporter/index.ts``, ``src/utils/config.ts``, the
message and topic schemas and ``packages/conversation-flow`` (commits named in
tests/importers/test_app_writers.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from chatdesk.importers._apps import (
    content_text,
    mapping,
    reasoning_row,
    records_at,
    seconds,
    tool_row,
)
from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    Skipped,
    model_name,
    stable_id,
    text_of,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import Member

SOURCE = "lobechat"
LABEL = "LobeChat"

EXAMPLE: dict[str, Any] = {
    "data": {
        "userSettings": [{"id": "user_1"}],
        "userInstalledPlugins": [],
        "agents": [{"id": "agt_1", "slug": "tea", "title": "Tea helper"}],
        "messagePlugins": [],
        "messages": [
            {
                "id": "msg_1",
                "role": "user",
                "content": "How long to steep tea?",
                "model": None,
                "sessionId": "ssn_1",
                "topicId": "tpc_1",
                "threadId": None,
                "parentId": None,
                "createdAt": "2024-05-29T16:26:40.000Z",
            },
            {
                "id": "msg_2",
                "role": "assistant",
                "content": "About 3 minutes.",
                "model": "gpt-4o",
                "provider": "openai",
                "reasoning": {"content": "Green tea is delicate.", "duration": 1200},
                "sessionId": "ssn_1",
                "topicId": "tpc_1",
                "threadId": None,
                "parentId": "msg_1",
                "createdAt": "2024-05-29T16:26:45.000Z",
            },
        ],
        "sessions": [{"id": "ssn_1", "slug": "tea", "title": None}],
        "threads": [],
        "topics": [{"id": "tpc_1", "title": "Tea", "sessionId": "ssn_1", "favorite": False}],
        "agentsToSessions": [{"agentId": "agt_1", "sessionId": "ssn_1"}],
    },
    "mode": "pglite",
    "schemaHash": "0123456789abcdef",
}

_STATE = ("state.topics.item", "state.sessions.item", "state.messages.item")
_DATA = (
    "data.topics.item",
    "data.threads.item",
    "data.sessions.item",
    "data.agents.item",
    "data.agentsToSessions.item",
    "data.messagePlugins.item",
    "data.messages.item",
)


def sniff(probe: Probe) -> str | None:
    """The config export: an object with ``exportType``, ``state`` and ``version``. The data
    export: an object whose ``data`` holds LobeChat's first tables (``userSettings`` and
    ``agents``, written before the others), or ``data.messages`` beside ``schemaHash``."""
    if probe.shape != "object":
        return None
    if probe.has("exportType", "state", "version"):
        return "state.messages.item"
    if probe.has("data.userSettings", "data.agents") or probe.has("data.messages", "schemaHash"):
        return "data.messages.item"
    return None


@dataclass
class _Export:
    """What the file says beside its messages, and its messages by chat."""

    topics: dict[str, dict[str, Any]] = field(default_factory=dict)
    threads: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    agents: dict[str, dict[str, Any]] = field(default_factory=dict)
    agent_of: dict[str, str] = field(default_factory=dict)  # session id → agent id
    plugins: dict[str, dict[str, Any]] = field(default_factory=dict)  # tool message id → call
    groups: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, prefix: str, row: object) -> None:
        if not isinstance(row, dict):
            return
        table = prefix.split(".")[1]
        ident = row.get("id")
        if table == "messages":
            self.groups.setdefault(_group(row), []).append(row)
        elif table == "agentsToSessions":
            session, agent = row.get("sessionId"), row.get("agentId")
            if isinstance(session, str) and isinstance(agent, str):
                self.agent_of.setdefault(session, agent)
        elif isinstance(ident, str):
            keep = {k: v for k, v in row.items() if k in _KEPT.get(table, ())}
            getattr(self, {"messagePlugins": "plugins"}.get(table, table))[ident] = keep


#: The fields kept of each table's rows (a row may carry large settings).
_KEPT = {
    "topics": ("title", "favorite", "sessionId"),
    "threads": ("title", "topicId"),
    "sessions": ("title", "slug", "meta"),
    "agents": ("title", "slug"),
    "messagePlugins": ("toolCallId", "apiName", "identifier", "arguments", "error"),
}


def _group(message: dict[str, Any]) -> str:
    """The chat a message belongs to: its thread, its topic, else its session (or agent)."""
    thread, topic = message.get("threadId"), message.get("topicId")
    if isinstance(thread, str) and thread:
        return f"thread:{thread}"
    if isinstance(topic, str) and topic:
        return topic
    session = message.get("sessionId")
    if isinstance(session, str) and session:
        return f"session:{session}"
    agent = message.get("agentId")
    return f"agent:{agent}" if isinstance(agent, str) and agent else "session:inbox"


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    export = _Export()
    wanted = frozenset(_STATE if prefix.startswith("state.") else _DATA)
    for where, row in records_at(member.name, stream, wanted):
        export.add(where, row)
    for key, items in export.groups.items():
        title, pinned = _title(key, export)
        try:
            yield _chat(key, title, pinned, items, export)
        except (MalformedConversation, TypeError, ValueError, AttributeError, KeyError) as exc:
            yield Skipped(repr(title or key), str(exc) or type(exc).__name__)


def _title(key: str, export: _Export) -> tuple[str, bool]:
    """A chat's title (empty: derived from its first message) and whether it is pinned."""
    kind, _, ident = key.partition(":")
    if not ident:  # a topic
        topic = export.topics.get(key, {})
        return text_of(topic.get("title")), topic.get("favorite") is True
    if kind == "thread":
        return text_of(export.threads.get(ident, {}).get("title")), False
    agent = export.agents.get(ident if kind == "agent" else export.agent_of.get(ident, ""), {})
    session = export.sessions.get(ident, {}) if kind == "session" else {}
    meta = mapping(session.get("meta"))
    title = text_of(session.get("title")) or text_of(meta.get("title"))
    title = title or text_of(agent.get("title"))
    if not title.strip() and "inbox" in (ident, session.get("slug"), agent.get("slug")):
        title = "Inbox"
    return title, False


def _chat(
    key: str, title: str, pinned: bool, items: list[dict[str, Any]], export: _Export
) -> ImportedChat:
    answered = {_call_id(m, export) for m in items} - {None}
    messages: list[ImportedMessage] = []
    for index, item in enumerate(_thread(items)):
        messages += _rows(index, item, export, answered)
    return ImportedChat(
        source=SOURCE,
        source_id=key,
        title=title_of(title, messages),
        created_at=messages[0].created_at if messages else None,
        updated_at=messages[-1].created_at if messages else None,
        messages=messages,
        pinned=pinned,
    )


def _time(message: dict[str, Any]) -> dt.datetime:
    return when(message.get("createdAt")) or when(message.get("updatedAt")) or dt.datetime.min


def _thread(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages of a chat as LobeChat shows them: from the messages without a parent here
    (in time order), each followed by its children; of several children, the branch the parent
    marks (``metadata.activeBranchIndex``, or in compare mode the child marked
    ``activeColumn``), else all of them. An assistant's tool messages come right after it.

    Raises:
        MalformedConversation: messages whose parents form a loop (no way in from the top).
    """
    ordered = sorted(items, key=_time)  # stable: file order among equal times
    by_id: dict[str, dict[str, Any]] = {}
    for item in ordered:
        ident = item.get("id")
        if isinstance(ident, str) and ident not in by_id:
            by_id[ident] = item
    children: dict[str, list[dict[str, Any]]] = {}
    roots: list[dict[str, Any]] = []
    for item in ordered:
        parent = item.get("parentId")
        if isinstance(parent, str) and parent in by_id and by_id[parent] is not item:
            children.setdefault(parent, []).append(item)
        else:
            roots.append(item)
    out: list[dict[str, Any]] = []
    reached: set[int] = set()
    stack = list(reversed(roots))
    while stack:
        item = stack.pop()
        if id(item) in reached:
            continue
        reached.add(id(item))
        out.append(item)
        tools, rest = _shown(item, _kids(item, children))
        for tool in tools:  # an assistant's tool messages, then what follows them
            reached.add(id(tool))
            out.append(tool)
        if tools and not rest:  # the answer goes on from its tool messages
            for tool in tools:
                more_tools, more = _shown(tool, _kids(tool, children))
                rest += more_tools + more
        stack.extend(reversed(rest))
    if len(reached) < len(ordered) and _looped(ordered, children, roots):
        raise MalformedConversation(
            "its messages form a loop (each one's parent is another of them): "
            "there is no thread to follow"
        )
    return out


def _kids(item: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    ident = item.get("id")
    return children.get(ident, []) if isinstance(ident, str) else []


def _shown(
    item: dict[str, Any], kids: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The children of ``item`` shown after it, in order: its tool messages, and the others
    (one branch where ``item`` marks one)."""
    tools = [k for k in kids if k.get("role") in ("tool", "function")]
    rest = [k for k in kids if k.get("role") not in ("tool", "function")]
    if len(rest) > 1 and item.get("role") in ("user", "assistant"):
        meta = mapping(item.get("metadata"))
        index = meta.get("activeBranchIndex")
        if meta.get("compare") is True:
            marked = [k for k in rest if mapping(k.get("metadata")).get("activeColumn") is True]
            rest = marked[:1] or rest[:1]
        elif isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(rest):
            rest = [rest[index]]
    return tools, rest


def _looped(
    ordered: list[dict[str, Any]], children: dict[str, list[dict[str, Any]]], roots: list[Any]
) -> bool:
    """Whether some message cannot be reached from the top at all (its parents loop)."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        ident = item.get("id")
        stack.extend(children.get(ident, []) if isinstance(ident, str) else [])
    return len(seen) < len(ordered)


def _call(message: dict[str, Any], export: _Export) -> dict[str, Any]:
    """A tool message's call: its ``messagePlugins`` row, or its own ``plugin``."""
    ident = message.get("id")
    row = export.plugins.get(ident) if isinstance(ident, str) else None
    if row is not None:
        return row
    plugin = message.get("plugin")
    found = dict(plugin) if isinstance(plugin, dict) else {}
    found.setdefault("toolCallId", message.get("tool_call_id"))
    found.setdefault("error", message.get("pluginError"))
    return found


def _call_id(message: dict[str, Any], export: _Export) -> str | None:
    if message.get("role") not in ("tool", "function"):
        return None
    found = _call(message, export).get("toolCallId")
    return found if isinstance(found, str) else None


def _rows(
    index: int, item: dict[str, Any], export: _Export, answered: set[str | None]
) -> list[ImportedMessage]:
    """One message's rows: a tool message is one tool row; an assistant's reasoning, its calls
    that no tool message answers, then its text."""
    role = item.get("role")
    if role not in ("user", "assistant", "system", "tool", "function"):
        raise MalformedConversation(f"message {index + 1} has an unknown role {role!r}")
    ident = item.get("id")
    key = ident if isinstance(ident, str) and ident else f"{index}:{stable_id(item)[:16]}"
    stamp = when(item.get("createdAt")) or when(item.get("updatedAt"))
    extra = mapping(item.get("extra"))
    model = (
        (model_name(item.get("model")) or model_name(extra.get("fromModel")))
        if role in ("assistant", "tool", "function")
        else None
    )
    content = content_text(item.get("content"))
    if role in ("tool", "function"):
        call = _call(item, export)
        error = call.get("error") or item.get("error")
        if not content and isinstance(error, dict):
            content = text_of(error.get("message"))
        return [
            tool_row(
                key,
                call.get("apiName") or call.get("identifier"),
                call.get("arguments"),
                content,
                stamp,
                model,
                is_error=bool(error),
            )
        ]
    rows: list[ImportedMessage] = []
    reasoning = item.get("reasoning")
    if isinstance(reasoning, dict):
        took = seconds(reasoning.get("duration"))
        rows += reasoning_row(f"{key}:think", reasoning.get("content"), stamp, model, took)
    calls = item.get("tools")
    for n, call in enumerate(calls if isinstance(calls, list) else []):
        if isinstance(call, dict) and call.get("id") not in answered:
            rows.append(
                tool_row(
                    f"{key}:tool:{n}",
                    call.get("apiName") or call.get("identifier"),
                    call.get("arguments"),
                    None,
                    stamp,
                    model,
                )
            )
    if content or not (rows or (isinstance(calls, list) and calls)):
        rows.append(ImportedMessage(key, role, content, stamp, model=model))
    return rows
