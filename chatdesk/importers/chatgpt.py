"""ChatGPT's data export: the thread the person saw, from ``current_node`` up the ``mapping``.

Rules (see FORMATS.md): start at ``current_node`` (else the leaf with the latest time), follow
``parent`` links iteratively guarding against cycles, reverse, and keep only visible turns —
text, code and the text of multimodal parts. Hidden system messages, custom instructions,
memory, thoughts, tool plumbing and empty nodes are dropped. Never order by ``create_time``.

Images, audio and video are not in the JSON, only pointers to them: each becomes a placeholder
line naming the file (``[image: photo.jpg, 1024×768]``, ``[generated image: “a red fox”]``).
A picture is never plumbing: an image tool's result is kept even when the export marks it
hidden or addressed to a tool, once per picture.

Filing: ``is_archived`` archives the chat, ``pinned_time`` (or the older ``is_starred``) pins it.
A chat of a project has ``gizmo_type`` ``snorlax`` and a ``g-p-…`` ``gizmo_id``, but the export
carries no project names: the chat goes in a folder only where a project list of the input names
that id (see docs/import-export.md).
"""

from __future__ import annotations

import json
from typing import Any

from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    clean,
    from_epoch,
    id_text,
    stable_id,
    title_of,
)
from chatdesk.importers.probe import Probe

SOURCE = "chatgpt"
LABEL = "ChatGPT"
#: ``conversations.json`` and the shards ``conversations-000.json`` … of newer exports.
FILES = r"(?:^|/)conversations(?:-\d+)?\.json$"


def sniff(probe: Probe) -> str | None:
    """A conversation with a ``mapping`` whose messages have an ``author`` (or, empty, the
    conversation's ``create_time``/``current_node``). DeepSeek's export also has a
    ``mapping``, but its messages hold ``fragments`` and it stamps ``inserted_at``."""
    if probe.shape == "lines" or not probe.rec("mapping"):
        return None
    if probe.rec_any("mapping.*.message.fragments", "inserted_at"):
        return None
    if probe.rec_any("mapping.*.message.author", "create_time", "current_node"):
        return probe.record
    return None


#: A small export of this format (one conversation of two turns), as the file holds it: the seed
#: of the importers' fuzz test (tests/importers/test_fuzz.py), which every parser must give.
EXAMPLE: list[dict[str, Any]] = [
    {
        "title": "Tea",
        "id": "c1",
        "create_time": 1700000000.5,
        "update_time": 1700000100.5,
        "current_node": "n2",
        "mapping": {
            "root": {"id": "root", "message": None, "parent": None, "children": ["n1"]},
            "n1": {
                "id": "n1",
                "parent": "root",
                "children": ["n2"],
                "message": {
                    "id": "n1",
                    "author": {"role": "user"},
                    "create_time": 1700000001.0,
                    "content": {"content_type": "text", "parts": ["How long to steep tea?"]},
                    "metadata": {},
                },
            },
            "n2": {
                "id": "n2",
                "parent": "n1",
                "children": [],
                "message": {
                    "id": "n2",
                    "author": {"role": "assistant"},
                    "create_time": 1700000002.0,
                    "content": {"content_type": "text", "parts": ["About **3 minutes**."]},
                    "metadata": {},
                },
            },
        },
    }
]
ROLES = ("user", "assistant", "system", "tool")
#: Content types a person sees in the thread; everything else is plumbing.
VISIBLE_TYPES = ("text", "multimodal_text", "code")
#: ``gizmo_type`` of a project (a custom GPT is ``gpt``); projects' ids start ``g-p-``.
PROJECT_GIZMO = "snorlax"


def project_of(raw: dict[str, Any]) -> str | None:
    """The id of the project the conversation is in, if any."""
    gizmo = raw.get("gizmo_id")
    if not isinstance(gizmo, str) or not gizmo:
        return None
    return gizmo if raw.get("gizmo_type") == PROJECT_GIZMO or gizmo.startswith("g-p-") else None


def conversation_id(raw: dict[str, Any]) -> str | None:
    for key in ("conversation_id", "id"):
        if (value := id_text(raw.get(key))) is not None:
            return value
    return None


def parse(raw: object) -> ImportedChat:
    """One conversation of the export; raises MalformedConversation when it cannot be read."""
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    mapping = raw.get("mapping")
    if not isinstance(mapping, dict):
        raise MalformedConversation("no 'mapping' object")
    created = from_epoch(raw.get("create_time"))
    messages: list[ImportedMessage] = []
    last = created
    shown: set[str] = set()  # asset pointers already placed
    for node_id, message in _thread(mapping, raw.get("current_node")):
        visible = _visible(message, shown)
        if visible is None:
            continue
        role, text = visible
        when = from_epoch(message.get("create_time")) or last
        last = when or last
        source_id = message.get("id") if isinstance(message.get("id"), str) else node_id
        messages.append(ImportedMessage(str(source_id), role, clean(text), when))
    source_id = conversation_id(raw) or stable_id(raw.get("title"), raw.get("create_time"), mapping)
    return ImportedChat(
        source=SOURCE,
        source_id=source_id,
        title=title_of(raw.get("title"), messages),
        created_at=created or (messages[0].created_at if messages else None),
        updated_at=from_epoch(raw.get("update_time")) or last,
        messages=messages,
        pinned=raw.get("pinned_time") not in (None, False) or raw.get("is_starred") is True,
        archived=raw.get("is_archived") is True,
        project=project_of(raw),
    )


def _thread(mapping: dict[str, Any], current: object) -> list[tuple[str, dict[str, Any]]]:
    """(node id, message) from the root to ``current``; nodes without a message are left out."""
    node_id = current if isinstance(current, str) and current in mapping else _latest_leaf(mapping)
    start = node_id
    path: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    while isinstance(node_id, str) and node_id in mapping and node_id not in seen:
        seen.add(node_id)
        node = mapping[node_id]
        if not isinstance(node, dict):
            break
        message = node.get("message")
        if isinstance(message, dict):
            path.append((node_id, message))
        node_id = node.get("parent")
    looped = isinstance(node_id, str) and node_id in seen
    if not path and (looped or start is None) and _has_messages(mapping):
        # every node has a child (no last message to start from), or the walk went round in
        # a loop before reaching one: the export is damaged, not an empty conversation
        raise MalformedConversation(
            "its messages form a loop (each one's parent is another of them): "
            "there is no thread to follow"
        )
    path.reverse()
    return path


def _has_messages(mapping: dict[str, Any]) -> bool:
    return any(isinstance(n, dict) and isinstance(n.get("message"), dict) for n in mapping.values())


def _latest_leaf(mapping: dict[str, Any]) -> str | None:
    best: tuple[float, str] | None = None
    for node_id, node in mapping.items():
        if not isinstance(node, dict) or node.get("children"):
            continue
        message = node.get("message")
        stamp = message.get("create_time") if isinstance(message, dict) else None
        key = (float(stamp) if isinstance(stamp, (int, float)) else float("-inf"), node_id)
        if best is None or key > best:
            best = key
    return best[1] if best else None


def _visible(message: dict[str, Any], shown: set[str]) -> tuple[str, str] | None:
    """(role, text) for a turn the person saw, or None for hidden or empty ones."""
    role = _obj(message.get("author")).get("role")
    metadata = _obj(message.get("metadata"))
    content = _obj(message.get("content"))
    kind = content.get("content_type")
    if role not in ROLES or kind not in VISIBLE_TYPES:
        return None
    names = _attachment_names(metadata)
    hidden = (
        metadata.get("is_visually_hidden_from_conversation")
        or metadata.get("is_user_system_message")
        or message.get("weight") == 0
        or message.get("recipient", "all") not in ("all", None)
        or message.get("channel") not in (None, "final")
        or (role == "tool" and kind != "multimodal_text")  # tool output is plumbing, images aren't
    )
    if hidden:
        if role == "system" or kind != "multimodal_text":
            return None
        parts = content.get("parts")
        media = [p for p in parts if _pointer(p)] if isinstance(parts, list) else []
        text = _parts(media, names, metadata, shown)
    elif kind == "code":
        text = _code(content)
    else:
        text = _parts(content.get("parts"), names, metadata, shown)
    text = text.strip()
    return (role, text) if text else None


def _obj(value: object) -> dict[str, Any]:
    """``value`` if it is an object, else an empty one (exports hold nulls where objects go)."""
    return value if isinstance(value, dict) else {}


def _code(content: dict[str, Any]) -> str:
    text = content.get("text")
    if not isinstance(text, str) or not text.strip():
        return ""
    language = content.get("language")
    language = language if isinstance(language, str) and language != "unknown" else ""
    return f"```{language}\n{text.strip(chr(10))}\n```"


def _parts(parts: object, names: dict[str, str], metadata: dict[str, Any], shown: set[str]) -> str:
    if not isinstance(parts, list):
        return ""
    out: list[str] = []
    for part in parts:
        pointer = _pointer(part)
        if pointer is not None:
            if pointer in shown:
                continue
            if pointer:
                shown.add(pointer)
            text = _placeholder(part, pointer, names, metadata)
        else:
            text = _part(part)
        if text.strip():
            out.append(text)
    return "\n\n".join(out)


def _part(part: object) -> str:
    if isinstance(part, str):
        return part
    if not isinstance(part, dict):
        return "" if part is None else json.dumps(part, ensure_ascii=False)
    if isinstance(part.get("text"), str):  # audio_transcription and the like
        return str(part["text"])
    return ""


#: Pointer part types and what the placeholder calls them.
MEDIA = {
    "image_asset_pointer": "image",
    "audio_asset_pointer": "audio",
    "real_time_user_audio_video_asset_pointer": "audio/video",
    "video_container_asset_pointer": "video",
}


def _pointer(part: object) -> str | None:
    """The asset a media part points to ("" when it names none); None for other parts."""
    if not isinstance(part, dict):
        return None
    kind = part.get("content_type")
    if not isinstance(kind, str) or not kind.endswith("_asset_pointer"):
        return None
    pointer = part.get("asset_pointer")
    return pointer if isinstance(pointer, str) else ""


def _attachment_names(metadata: dict[str, Any]) -> dict[str, str]:
    """File id → file name of the message's uploads (``metadata.attachments``)."""
    names: dict[str, str] = {}
    for item in metadata.get("attachments") or []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            name = item.get("name")
            if isinstance(name, str) and name.strip():
                names[item["id"]] = name.strip()
    return names


def _placeholder(
    part: dict[str, Any], pointer: str, names: dict[str, str], metadata: dict[str, Any]
) -> str:
    """``[image: photo.jpg, 1024×768]``: a line standing for a file the export does not hold."""
    kind = MEDIA.get(str(part.get("content_type")), "attachment")
    file_id = pointer.rsplit("/", 1)[-1]
    details = _obj(part.get("metadata"))
    prompt = _obj(details.get("dalle")).get("prompt")
    title = metadata.get("image_gen_title")
    generated = bool(details.get("dalle") or details.get("generation") or title)
    if generated:
        kind = f"generated {kind}"
    label = names.get(file_id)
    if label is None:
        described = title if isinstance(title, str) and title.strip() else prompt
        if isinstance(described, str) and described.strip():
            line = " ".join(described.split())
            label = "“" + (line if len(line) <= 80 else line[:79].rstrip() + "…") + "”"
        else:
            label = file_id
    width, height = part.get("width"), part.get("height")
    if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
        label = f"{label}, {width}×{height}" if label else f"{width}×{height}"
    label = label.replace("[", "(").replace("]", ")")
    return f"[{kind}: {label}]" if label else f"[{kind}]"
