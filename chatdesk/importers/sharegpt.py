"""ShareGPT-style JSON: records of ``{id?, conversations: [{from, value}]}``.

The format carries no times and often no ids: a record without ``id`` is named by a hash of its
turns, and each turn by its position and a hash of its text, so a second import matches.
"""

from __future__ import annotations

from typing import Any

from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    clean,
    id_text,
    stable_id,
    title_of,
)
from chatdesk.importers.probe import Probe

SOURCE = "sharegpt"
LABEL = "ShareGPT"


def sniff(probe: Probe) -> str | None:
    """Records whose ``conversations`` are turns (``from``/``value``), or empty. Grok's export
    has a top-level ``conversations`` too, but its items hold ``conversation`` and
    ``responses``."""
    if probe.shape == "lines" or not probe.rec("conversations"):
        return None
    if probe.rec_any("conversations.item.conversation", "conversations.item.responses"):
        return None
    if probe.rec_any("conversations.item.from", "conversations.item.value") or not probe.rec(
        "conversations.item"
    ):
        return probe.record
    return None


#: A small export of this format (one conversation of two turns), as the file holds it: the seed
#: of the importers' fuzz test (tests/importers/test_fuzz.py), which every parser must give.
EXAMPLE: list[dict[str, Any]] = [
    {
        "id": "s1",
        "conversations": [
            {"from": "human", "value": "How long to steep tea?"},
            {"from": "gpt", "value": "About 3 minutes."},
        ],
    }
]
ROLES = {
    "human": "user",
    "user": "user",
    "gpt": "assistant",
    "assistant": "assistant",
    "chatgpt": "assistant",
    "bard": "assistant",
    "bing": "assistant",
    "function_call": "assistant",
    "system": "system",
    "observation": "tool",
    "function": "tool",
    "tool": "tool",
}


def conversation_id(raw: dict[str, Any]) -> str | None:
    value = raw.get("id")
    return id_text(value)


def parse(raw: object) -> ImportedChat:
    """One record; raises MalformedConversation when it cannot be read."""
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    turns = raw.get("conversations")
    if not isinstance(turns, list):
        raise MalformedConversation("'conversations' is not a list")
    messages: list[ImportedMessage] = []
    for index, turn in enumerate(turns):
        if not isinstance(turn, dict):
            raise MalformedConversation(f"turn {index + 1} is not an object")
        speaker, value = turn.get("from"), turn.get("value")
        role = ROLES.get(speaker.lower()) if isinstance(speaker, str) else None
        if role is None:
            raise MalformedConversation(f"turn {index + 1} has an unknown speaker {speaker!r}")
        if not isinstance(value, str):
            raise MalformedConversation(f"turn {index + 1} has no text value")
        source_id = f"{index}:{stable_id(speaker, value)[:16]}"
        messages.append(ImportedMessage(source_id, role, clean(value)))
    return ImportedChat(
        source=SOURCE,
        source_id=conversation_id(raw) or stable_id(turns),
        title=title_of(raw.get("title"), messages),
        messages=messages,
    )
