"""LobeChat's export (Settings → Data → Export, ``LobeChat-<name>-v<version>.json``):
``{exportType, state: {sessions, sessionGroups, topics, messages}, version}``.

Messages are flat, each naming its ``sessionId`` (``inbox``: the default assistant) and
``topicId``: a topic is a chat (titled by the topic), and the messages of a session outside
any topic one more chat (titled by the session, else "Inbox"). They are ordered by
``createdAt``. ``reasoning.content`` is kept as reasoning (newer versions), ``extra.fromModel``
as the model; files are referred to by id and not kept. The messages are read as a stream and
held per topic until the end of the file (the export gives no order by topic). Shape:
FORMATS.md § 10 (lobehub/lobe-chat ``src/types/exportConfig.ts``, ``src/utils/config.ts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import IO, Any

from chatdesk.importers._apps import message_rows
from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    Skipped,
    text_of,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import Member, json_records, opened

SOURCE = "lobechat"
LABEL = "LobeChat"

EXAMPLE: dict[str, Any] = {
    "exportType": "sessions",
    "state": {
        "sessions": [{"id": "s1", "meta": {"title": "Tea helper"}}],
        "sessionGroups": [],
        "topics": [{"id": "t1", "title": "Tea", "sessionId": "s1", "createdAt": 1717000000000}],
        "messages": [
            {
                "id": "m1",
                "role": "user",
                "content": "How long to steep tea?",
                "createdAt": 1717000000000,
                "sessionId": "s1",
                "topicId": "t1",
            },
            {
                "id": "m2",
                "role": "assistant",
                "content": "About 3 minutes.",
                "createdAt": 1717000005000,
                "sessionId": "s1",
                "topicId": "t1",
                "parentId": "m1",
                "extra": {"fromModel": "gpt-4o", "fromProvider": "openai"},
                "reasoning": {"content": "Green tea is delicate."},
            },
        ],
    },
    "version": 7,
}


def sniff(probe: Probe) -> str | None:
    """An object with ``exportType``, ``state`` and ``version``."""
    if probe.shape == "object" and probe.has("exportType", "state", "version"):
        return "state.messages.item"
    return None


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    names: dict[str, str] = {}
    with opened(member) as other:  # the titles: topics and sessions (small), read first
        for topic in json_records(member.name, other, "state.topics.item"):
            if isinstance(topic, dict) and isinstance(topic.get("id"), str):
                names[topic["id"]] = text_of(topic.get("title"))
    with opened(member) as other:
        for session in json_records(member.name, other, "state.sessions.item"):
            if isinstance(session, dict) and isinstance(session.get("id"), str):
                meta = session.get("meta")
                title = meta.get("title") if isinstance(meta, dict) else None
                names.setdefault(f"session:{session['id']}", text_of(title))
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in json_records(member.name, stream, prefix):
        if not isinstance(item, dict):
            continue
        topic = item.get("topicId")
        key = (
            topic
            if isinstance(topic, str) and topic
            else f"session:{item.get('sessionId') or 'inbox'}"
        )
        groups.setdefault(key, []).append(item)
    for key, items in groups.items():
        try:
            yield _chat(key, names.get(key) or ("Inbox" if key == "session:inbox" else ""), items)
        except (MalformedConversation, TypeError, ValueError, AttributeError) as exc:
            yield Skipped(repr(names.get(key) or key), str(exc) or type(exc).__name__)


def _chat(key: str, title: str, items: list[dict[str, Any]]) -> ImportedChat:
    items = sorted(items, key=lambda m: when(m.get("createdAt")) or dt.datetime.min)
    messages: list[ImportedMessage] = []
    for index, item in enumerate(items):
        extra = item.get("extra") if isinstance(item.get("extra"), dict) else {}
        reasoning = item.get("reasoning")
        messages += message_rows(
            index,
            item,
            model=extra.get("fromModel") if isinstance(extra, dict) else None,
            reasoning=reasoning.get("content") if isinstance(reasoning, dict) else None,
        )
    return ImportedChat(
        source=SOURCE,
        source_id=key,
        title=title_of(title, messages),
        created_at=messages[0].created_at if messages else None,
        updated_at=messages[-1].created_at if messages else None,
        messages=messages,
    )
