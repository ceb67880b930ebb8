"""DeepSeek's data export (chat.deepseek.com → Settings → Data management → Export all
history): a zip holding ``conversations.json``, an array of ``{id, title, inserted_at,
updated_at, mapping}``.

``mapping`` is a node map like ChatGPT's (``root`` and numeric keys, each ``{id, parent,
children, message}``), but a message is ``{model, inserted_at, files, fragments}``: each
fragment becomes a message — ``REQUEST`` the person's turn, ``THINK`` reasoning, ``RESPONSE``
the answer, ``SEARCH`` (its ``results``) and ``TOOL_*`` tool calls. Regenerated answers and
edited questions are siblings: the thread is the last branch (the last child at each fork,
from ``root`` down). Uploaded files are named (``[file: report.pdf]``); their extracted text is
not kept. A thought or an answer with no text (a generation stopped before it began) is left
out, as xionglongztz/DeepSeekDataExporter leaves it. Times carry their offset (``+08:00``)
and are stored in UTC. Shape: FORMATS.md § 3.
"""

from __future__ import annotations

from typing import Any

from chatdesk.importers.model import (
    REASONING,
    TOOL,
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    clean,
    id_text,
    last_branch,
    model_name,
    stable_id,
    text_of,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe

SOURCE = "deepseek"
LABEL = "DeepSeek"
FILES = r"(?:^|/)conversations\.json$"

#: A small export of this format: one conversation, a question, its thinking and answer, and a
#: regenerated answer (the last branch is kept). Shape: FORMATS.md § 3.
EXAMPLE: list[dict[str, Any]] = [
    {
        "id": "d1",
        "title": "Tea",
        "inserted_at": "2025-02-01T10:00:00.000000+08:00",
        "updated_at": "2025-02-01T10:02:00.000000+08:00",
        "mapping": {
            "root": {"id": "root", "parent": None, "children": ["1"], "message": None},
            "1": {
                "id": "1",
                "parent": "root",
                "children": ["2", "3"],
                "message": {
                    "files": [],
                    "model": "deepseek-reasoner",
                    "inserted_at": "2025-02-01T10:00:00.000000+08:00",
                    "fragments": [{"type": "REQUEST", "content": "How long to steep tea?"}],
                },
            },
            "2": {
                "id": "2",
                "parent": "1",
                "children": [],
                "message": {
                    "files": [],
                    "model": "deepseek-reasoner",
                    "inserted_at": "2025-02-01T10:00:05.000000+08:00",
                    "fragments": [{"type": "RESPONSE", "content": "An old answer."}],
                },
            },
            "3": {
                "id": "3",
                "parent": "1",
                "children": [],
                "message": {
                    "files": [],
                    "model": "deepseek-reasoner",
                    "inserted_at": "2025-02-01T10:01:05.000000+08:00",
                    "fragments": [
                        {"type": "THINK", "content": "Green tea is delicate.", "elapsed_secs": 4},
                        {"type": "RESPONSE", "content": "About **3 minutes**."},
                    ],
                },
            },
        },
    }
]


def sniff(probe: Probe) -> str | None:
    """A ``mapping`` whose messages hold ``fragments``, or a conversation stamped
    ``inserted_at`` with a ``mapping`` (ChatGPT's have ``create_time`` and ``author``)."""
    if probe.shape == "lines" or not probe.rec("mapping"):
        return None
    if probe.rec("mapping.*.message.author"):
        return None
    if probe.rec_any("mapping.*.message.fragments", "inserted_at"):
        return probe.record
    return None


def conversation_id(raw: dict[str, Any]) -> str | None:
    value = raw.get("id")
    return id_text(value)


def parse(raw: object) -> ImportedChat:
    """One conversation; raises MalformedConversation when it cannot be read."""
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    mapping = raw.get("mapping")
    if not isinstance(mapping, dict):
        raise MalformedConversation("no 'mapping' object")
    children: dict[str, list[str]] = {}
    for key, node in mapping.items():
        kids = node.get("children") if isinstance(node, dict) else None
        children[key] = [k for k in kids if isinstance(k, str)] if isinstance(kids, list) else []
    root = "root" if "root" in mapping else _root(mapping)
    messages: list[ImportedMessage] = []
    for node_id in last_branch(root, children):
        node = mapping[node_id]
        message = node.get("message") if isinstance(node, dict) else None
        if isinstance(message, dict):
            messages += _messages(node_id, message)
    created = when(raw.get("inserted_at"))
    return ImportedChat(
        source=SOURCE,
        source_id=conversation_id(raw) or stable_id(raw.get("title"), raw.get("inserted_at")),
        title=title_of(raw.get("title"), messages),
        created_at=created or (messages[0].created_at if messages else None),
        updated_at=when(raw.get("updated_at")) or (messages[-1].created_at if messages else None),
        messages=messages,
    )


def _root(mapping: dict[str, Any]) -> str | None:
    """A node without a parent (an export whose root is not called ``root``)."""
    for key, node in mapping.items():
        if isinstance(node, dict) and node.get("parent") in (None, ""):
            return str(key)
    return None


def _messages(node_id: str, message: dict[str, Any]) -> list[ImportedMessage]:
    fragments = message.get("fragments")
    if not isinstance(fragments, list):
        raise MalformedConversation(f"node {node_id!r}: 'fragments' is not a list")
    stamp = when(message.get("inserted_at"))
    model = model_name(message.get("model"))
    files = [
        f"[file: {clean(f['file_name'])}]"
        for f in message.get("files") or []
        if isinstance(f, dict) and isinstance(f.get("file_name"), str)
    ]
    out: list[ImportedMessage] = []
    for index, fragment in enumerate(fragments):
        if not isinstance(fragment, dict):
            raise MalformedConversation(f"node {node_id!r}: fragment {index + 1} is not an object")
        kind = str(fragment.get("type") or "").upper()
        content = text_of(fragment.get("content"))
        ident = f"{node_id}:{index}"
        if kind in ("THINK", "RESPONSE") and not content.strip():
            continue  # an empty thought or answer (one stopped before it began): nothing to show
        if kind == "REQUEST":
            text = "\n\n".join([content, *files]).strip() if files else content
            if text.strip():
                out.append(ImportedMessage(ident, "user", text, stamp))
        elif kind == "THINK":
            seconds = fragment.get("elapsed_secs")
            out.append(
                ImportedMessage(
                    ident,
                    "assistant",
                    content,
                    stamp,
                    kind=REASONING,
                    model=model,
                    seconds=float(seconds)
                    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
                    else None,
                )
            )
        elif kind == "RESPONSE":
            out.append(ImportedMessage(ident, "assistant", content, stamp, model=model))
        elif kind == "SEARCH" or kind.startswith("TOOL"):
            out.append(_tool(ident, kind, fragment, content, stamp, model))
    return out


def _tool(
    ident: str, kind: str, fragment: dict[str, Any], content: str, stamp: Any, model: str | None
) -> ImportedMessage:
    """A search or tool fragment as one tool call: its results as lines, or its content."""
    lines = []
    for result in fragment.get("results") or []:
        if isinstance(result, dict):
            title, url = text_of(result.get("title")), text_of(result.get("url"))
            lines.append(" — ".join(p for p in (title, url) if p))
    result_text = "\n".join(line for line in lines if line) or content
    name = "web search" if kind == "SEARCH" else kind.removeprefix("TOOL_").lower() or "tool"
    query = text_of(fragment.get("query")) or None
    return ImportedMessage(
        ident, "assistant", result_text, stamp, kind=TOOL, tool=name, tool_input=query, model=model
    )
