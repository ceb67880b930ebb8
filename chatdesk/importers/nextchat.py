"""NextChat (ChatGPT-Next-Web) backup (Settings → Data → Export, ``Backup-<date>.json``): the
app's stores by name (``getLocalAppState``); ``chat-next-web-store`` holds ``sessions``, each
``{id, topic, messages: [{id, role, content, date, model?, tools?}], lastUpdate (ms), mask,
memoryPrompt, …}``.

A session is a chat titled by its ``topic``. ``content`` is a string, or parts ``[{type: text},
{type: image_url}]`` when the person attached images (their text is kept, images named). An
answer's ``tools`` (MCP or plugin calls: ``{id, function: {name, arguments}, content,
isError, errorMsg}``) are kept as tool rows before its text. NextChat writes a model's
thinking into the answer's text as a ``> `` quote, not apart: it stays in the text. ``date``
is ``toLocaleString()``, without a zone: ISO, epoch, and the English, year-first and
day-first forms are read as this computer's local time (:func:`message_time`); another
locale's form leaves the message without a time. Writer: ChatGPTNextWeb/NextChat
``app/store/sync.ts``, ``app/utils/sync.ts``, ``app/store/chat.ts``, ``app/utils/chat.ts``
(read at 706a18b95b714ab29b2a4842d3b9ff4f887935d5; tests/importers/test_app_writers.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from chatdesk.importers._apps import mapping, message_rows, tool_row
from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    id_text,
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
                "memoryPrompt": "",
                "lastUpdate": 1717000005000,
                "lastSummarizeIndex": 0,
                "messages": [
                    {
                        "id": "a",
                        "role": "user",
                        "content": "How long to steep tea?",
                        "date": "5/29/2024, 4:26:40 PM",
                    },
                    {
                        "id": "b",
                        "role": "assistant",
                        "content": "About 3 minutes.",
                        "date": "5/29/2024, 4:26:45 PM",
                        "model": "gpt-4o-mini",
                        "tools": [
                            {
                                "id": "call_1",
                                "type": "function",
                                "function": {"name": "timer", "arguments": '{"minutes":3}'},
                                "content": "started",
                                "isError": False,
                            }
                        ],
                    },
                ],
            }
        ],
        "currentSessionIndex": 0,
        "lastInput": "",
    },
    "access-control": {},
    "app-config": {},
    "mask-store": {"masks": {}},
    "prompt-store": {"prompts": {}},
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
    return id_text(value)


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
        stamp = message_time(item.get("date"))
        rows = message_rows(index, item, time_keys=())
        rows = [replace(row, created_at=stamp) for row in rows]
        text = rows[-1]
        calls = item.get("tools")
        if isinstance(calls, list) and text.role == "assistant":
            rows[-1:] = [*_tools(text, calls), text]
        messages += rows
    return ImportedChat(
        source=SOURCE,
        source_id=conversation_id(raw) or stable_id(raw.get("topic"), items[:1]),
        title=title_of(raw.get("topic"), messages),
        created_at=messages[0].created_at if messages else None,
        updated_at=when(raw.get("lastUpdate")) or (messages[-1].created_at if messages else None),
        messages=messages,
    )


def _tools(text: ImportedMessage, calls: list[Any]) -> list[ImportedMessage]:
    """An answer's tool calls (``ChatMessageTool``), before its text: the function's name and
    arguments, its ``content``, or ``errorMsg`` when ``isError``."""
    rows = []
    for n, call in enumerate(calls):
        if not isinstance(call, dict):
            continue
        function = mapping(call.get("function"))
        failed = call.get("isError") is True
        ident = call.get("id")
        rows.append(
            tool_row(
                f"{text.source_id}:tool:{ident if isinstance(ident, str) and ident else n}",
                function.get("name"),
                function.get("arguments"),
                call.get("content") if not failed or call.get("content") else call.get("errorMsg"),
                text.created_at,
                text.model,
                is_error=failed,
            )
        )
    return rows


_TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
#: The ``toLocaleString()`` forms read, tried in order: English (US), month first with AM/PM;
#: year first (Chinese, Japanese: ``2025/3/1 09:00:00``, older Chinese with 上午/下午); day
#: first with dots or slashes and a 24-hour clock (German, Russian, British, French).
_LOCALE_FORMS = (
    re.compile(
        r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}),? " + _TIME + r" ?(?P<half>[AaPp])\.?[Mm]\.?"
    ),
    re.compile(r"(?P<y>\d{4})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2}),? ?(?P<half>上午|下午)?" + _TIME),
    re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4}),? " + _TIME),
)


def message_time(value: object) -> dt.datetime | None:
    """A message's ``date``: ISO or epoch (``when``), else one of :data:`_LOCALE_FORMS` read as
    the local time of this computer (the backup is most often imported where it was made; the
    string carries no zone) and stored as UTC; None for any other locale's form."""
    found = when(value)
    if found is not None or not isinstance(value, str) or len(value) > 64:
        return found
    text = " ".join(value.replace("\u202f", " ").replace("\xa0", " ").split())
    for form in _LOCALE_FORMS:
        match = form.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        hour = int(parts["H"])
        half = parts.get("half")
        if half is not None:
            if hour > 12:
                return None
            hour = hour % 12 + (12 if half in ("P", "p", "下午") else 0)
        try:
            wall = dt.datetime(
                int(parts["y"]),
                int(parts["m"]),
                int(parts["d"]),
                hour,
                int(parts["M"]),
                int(parts["S"] or 0),
            )
            return wall.astimezone(dt.timezone.utc).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            return None
    return None
