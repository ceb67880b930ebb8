"""NextChat (ChatGPT-Next-Web) backup (Settings → Data → Export, ``Backup-<date>.json``): the
app's stores by name; ``chat-next-web-store`` holds ``sessions``, each ``{id, topic,
messages: [{id, role, content, date, model?}], lastUpdate}``.

A session is a chat titled by its ``topic``. ``content`` may be multimodal parts (their text
is kept, images named). ``date`` is a locale string without a zone: it is read when it is ISO
or English (``5/29/2024, 10:00:00 AM`` is not), else the message has no time. Shape:
FORMATS.md § 11 (ChatGPTNextWeb/NextChat ``app/utils/sync.ts``, ``app/constant.ts``).
"""

from __future__ import annotations

from typing import Any

from chatdesk.importers._apps import message_rows
from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    stable_id,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe

SOURCE = "nextchat"
LABEL = "NextChat"
STORE = "chat-next-web-store"

EXAMPLE: dict[str, Any] = {
    STORE: {
        "sessions": [
            {
                "id": "n1",
                "topic": "Tea",
                "lastUpdate": 1717000005000,
                "messages": [
                    {
                        "id": "a",
                        "role": "user",
                        "content": "How long to steep tea?",
                        "date": "2024-05-29T10:00:00.000Z",
                    },
                    {
                        "id": "b",
                        "role": "assistant",
                        "content": "About 3 minutes.",
                        "date": "2024-05-29T10:00:05.000Z",
                        "model": "gpt-4o-mini",
                    },
                ],
            }
        ],
        "currentSessionIndex": 0,
    },
    "access-control": {},
    "app-config": {},
}


def sniff(probe: Probe) -> str | None:
    """An object with the ``chat-next-web-store`` key (its sessions directly, or in a
    persisted ``state``)."""
    if probe.shape != "object" or not probe.has(STORE):
        return None
    return (
        f"{STORE}.state.sessions.item" if probe.has(f"{STORE}.state") else f"{STORE}.sessions.item"
    )


def conversation_id(raw: dict[str, Any]) -> str | None:
    value = raw.get("id")
    return str(value) if isinstance(value, (str, int)) and str(value) else None


def parse(raw: object) -> ImportedChat:
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    items = raw.get("messages")
    if not isinstance(items, list):
        raise MalformedConversation("'messages' is not a list")
    messages: list[ImportedMessage] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise MalformedConversation(f"message {index + 1} is not an object")
        messages += message_rows(index, item, time_keys=("date",))
    return ImportedChat(
        source=SOURCE,
        source_id=conversation_id(raw) or stable_id(raw.get("topic"), items[:1]),
        title=title_of(raw.get("topic"), messages),
        created_at=messages[0].created_at if messages else None,
        updated_at=when(raw.get("lastUpdate")) or (messages[-1].created_at if messages else None),
        messages=messages,
    )
