"""SillyTavern chats: ``data/<user>/chats/<character>/<character> - <date>.jsonl`` (group
chats under ``group chats/``). The first line is a header ``{user_name, character_name,
create_date, chat_metadata}``; each further line a message ``{name, is_user, is_system?,
send_date, mes, swipes?, swipe_id?, extra?}``.

A file is one chat, titled "<character> · <create_date>". The message shown is ``mes`` (the
chosen swipe); the other swipes are not kept. ``extra.reasoning`` (newer builds) becomes a
reasoning row before its message; ``extra.model`` its model. A message is named by its place
and its send date, so a chat that grew since adds its new lines on a second import. Shape:
FORMATS.md § 13 (SillyTavern/SillyTavern ``src/endpoints/chats.js``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from chatdesk.importers.model import (
    REASONING,
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
from chatdesk.importers.sources import BAD_LINE, Member, json_lines

SOURCE = "sillytavern"
LABEL = "SillyTavern"
EXAMPLE_SUFFIX = ".jsonl"
#: In a SillyTavern data folder: ``chats/<character>/<file>.jsonl`` and ``group chats/``.
FILES = r"(?:^|/)(?:chats/[^/]+|group chats)/[^/]+\.jsonl$"

#: A chat file: its header and two messages.
EXAMPLE: list[dict[str, Any]] = [
    {
        "user_name": "You",
        "character_name": "Tea Master",
        "create_date": "2025-03-01@10h00m00s",
        "chat_metadata": {},
    },
    {
        "name": "You",
        "is_user": True,
        "is_system": False,
        "send_date": "March 1, 2025 10:00am",
        "mes": "How long to steep tea?",
        "extra": {},
    },
    {
        "name": "Tea Master",
        "is_user": False,
        "is_system": False,
        "send_date": "March 1, 2025 10:01am",
        "mes": "About 3 minutes.",
        "swipes": ["About 3 minutes.", "Five minutes."],
        "swipe_id": 0,
        "extra": {"reasoning": "Green tea is delicate.", "model": "llama3"},
    },
]


def sniff(probe: Probe) -> str | None:
    """JSON Lines whose first line has ``user_name`` and ``character_name`` (or whose lines
    have ``mes`` and ``is_user``)."""
    if probe.shape != "lines":
        return None
    if probe.has("first.user_name", "first.character_name") or probe.has(
        "item.mes", "item.is_user"
    ):
        return "lines"
    return None


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    """The file's one chat."""
    try:
        yield _chat(member.name, json_lines(member.name, stream))
    except (MalformedConversation, TypeError, ValueError, AttributeError, KeyError) as exc:
        yield Skipped(member.name, str(exc) or type(exc).__name__)


def _chat(name: str, rows: Iterator[tuple[int, Any]]) -> ImportedChat:
    head: dict[str, Any] = {}
    messages: list[ImportedMessage] = []
    for number, raw in rows:
        if raw is BAD_LINE or not isinstance(raw, dict):
            raise MalformedConversation(f"line {number} is not JSON")
        if not messages and not head and "mes" not in raw:
            head = raw
            continue
        text = raw.get("mes")
        if not isinstance(text, str):
            raise MalformedConversation(f"line {number} has no message text ('mes')")
        role = "user" if raw.get("is_user") is True else "assistant"
        if raw.get("is_system") is True:
            role = "system"
        sent = raw.get("send_date")
        key = f"{len(messages)}:{stable_id(sent, raw.get('name'))[:12]}"
        stamp = when(sent)
        given = raw.get("extra")
        extra: dict[str, Any] = given if isinstance(given, dict) else {}
        model = model_name(extra.get("model")) if role == "assistant" else None
        thought = text_of(extra.get("reasoning"))
        if thought.strip():
            messages.append(
                ImportedMessage(f"{key}:think", role, thought, stamp, kind=REASONING, model=model)
            )
        messages.append(ImportedMessage(key, role, text_of(text), stamp, model=model))
    character = text_of(head.get("character_name")).strip()
    created = text_of(head.get("create_date")).strip()
    title = " · ".join(p for p in (character, created) if p)
    return ImportedChat(
        source=SOURCE,
        source_id=stable_id(character, created) if (character or created) else stable_id(name),
        title=title_of(title, messages),
        created_at=when(head.get("create_date")) or (messages[0].created_at if messages else None),
        messages=messages,
    )
