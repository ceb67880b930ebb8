"""SillyTavern chats: ``data/<user>/chats/<character>/<character> - <date>.jsonl`` (group
chats under ``group chats/``). The first line is a header ``{user_name, character_name,
create_date, chat_metadata}`` (a group chat has none); each further line a message ``{name,
is_user, is_system?, send_date, mes, swipes?, swipe_id?, swipe_info?, gen_started?,
gen_finished?, extra?}`` (SillyTavern/SillyTavern ``public/script.js``, ``src/endpoints/
chats.js``).

A file is one chat, titled "<character> · <create_date>" (a group chat: its first message;
its id is its file's name). The message shown is ``mes`` (the chosen swipe); the other swipes
are not kept (a branch is another file). ``extra.reasoning`` (newer builds) becomes a
reasoning row before its message, with ``extra.reasoning_duration``; ``extra.model`` its model
(not for a line typed with a slash command, ``extra.api == "manual"``). ``is_system`` only
hides a message from the prompt: its role stays; a narrator line (``extra.type ==
"narrator"``) is a system message.

``send_date`` is written in the writer's local time with no zone (:func:`sent_time` reads its
forms); an answer's ``gen_finished`` is the same moment in UTC, which gives the offset
(:func:`_local_offset`) that puts every local time of the chat in UTC. A chat with no such
answer keeps its local times as they are. A message is named by its place and its send date,
so a chat that grew since adds its new lines on a second import. Shape: FORMATS.md § 13.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from chatdesk.importers.model import (
    REASONING,
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    Skipped,
    from_iso,
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


@dataclass
class _Line:
    """A message line as read, before its local time is put in UTC."""

    key: str
    role: str
    text: str
    thought: str
    model: str | None
    sent: dt.datetime | None
    local: bool
    finished: dt.datetime | None
    seconds: float | None


def _chat(name: str, rows: Iterator[tuple[int, Any]]) -> ImportedChat:
    head: dict[str, Any] = {}
    lines: list[_Line] = []
    count = 0  # the rows so far, a reasoning row counted (the message's id keeps its place)
    for number, raw in rows:
        if raw is BAD_LINE or not isinstance(raw, dict):
            raise MalformedConversation(f"line {number} is not JSON")
        if not lines and not head and "mes" not in raw:
            head = raw
            continue
        text = raw.get("mes")
        if not isinstance(text, str):
            raise MalformedConversation(f"line {number} has no message text ('mes')")
        given = raw.get("extra")
        extra: dict[str, Any] = given if isinstance(given, dict) else {}
        role = "user" if raw.get("is_user") is True else "assistant"
        if role == "assistant" and extra.get("type") == "narrator":
            role = "system"  # a /sys narrator line (``is_system`` only hides a message)
        sent, local = sent_time(raw.get("send_date"))
        thought = text_of(extra.get("reasoning"))
        took = extra.get("reasoning_duration")
        lines.append(
            _Line(
                key=f"{count}:{stable_id(raw.get('send_date'), raw.get('name'))[:12]}",
                role=role,
                text=text_of(text),
                thought=thought if thought.strip() else "",
                model=model_name(extra.get("model"))
                if role == "assistant" and extra.get("api") != "manual"
                else None,
                sent=sent,
                local=local,
                finished=from_iso(raw.get("gen_finished")) if role == "assistant" else None,
                seconds=took / 1000
                if isinstance(took, (int, float)) and not isinstance(took, bool) and took >= 0
                else None,
            )
        )
        count += 2 if lines[-1].thought else 1
    shift = _local_offset(lines)
    messages: list[ImportedMessage] = []
    for line in lines:
        stamp = line.finished or (line.sent - shift if line.sent and line.local else line.sent)
        if line.thought:
            messages.append(
                ImportedMessage(
                    f"{line.key}:think",
                    line.role,
                    line.thought,
                    stamp,
                    kind=REASONING,
                    model=line.model,
                    seconds=line.seconds,
                )
            )
        messages.append(ImportedMessage(line.key, line.role, line.text, stamp, model=line.model))
    character = text_of(head.get("character_name")).strip()
    created = text_of(head.get("create_date")).strip()
    title = " · ".join(p for p in (character, created) if p)
    begun, local = sent_time(head.get("create_date"))
    if begun is not None and local:
        begun -= shift
    base = name.rsplit("/", 1)[-1]  # a group chat has no header: its file's name is its id
    return ImportedChat(
        source=SOURCE,
        source_id=stable_id(character, created) if (character or created) else stable_id(base),
        title=title_of(title, messages),
        created_at=begun or (messages[0].created_at if messages else None),
        messages=messages,
    )


#: ``send_date`` as SillyTavern's versions wrote it (``public/scripts/utils.js``
#: ``parseTimestamp`` reads the same): ``June 19, 2023 2:20pm`` (``getMessageTimeStamp``),
#: ``2024-7-12@01h31m37s`` (``humanizedDateTime``: the header's ``create_date``), ``2024-6-5
#: @14h 56m 50s 682ms`` (the server's ``humanizedISO8601DateTime``); all in local time.
_MERIDIEM = re.compile(r"([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})\s+(\d{1,2}):(\d{2})\s*([ap]m)", re.I)
_HUMANIZED = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})\s*@(\d{1,2})h\s*(\d{1,2})m\s*(\d{1,2})s(?:\s*(\d{1,3})ms)?"
)
_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip


def sent_time(value: object) -> tuple[dt.datetime | None, bool]:
    """A ``send_date`` or ``create_date`` as (time, whether it is the writer's local time):
    epoch milliseconds and ISO 8601 with a zone are UTC; the humanized forms are local."""
    if not isinstance(value, str):
        return when(value), False
    text = value.strip()
    found = _MERIDIEM.fullmatch(text)
    if found is not None and found.group(1).lower() in _MONTHS:
        month = _MONTHS.index(found.group(1).lower()) + 1
        hour = int(found.group(4)) % 12 + (12 if found.group(6).lower() == "pm" else 0)
        return _local(int(found.group(3)), month, int(found.group(2)), hour, int(found.group(5)))
    found = _HUMANIZED.fullmatch(text)
    if found is not None:
        year, month, day, hour, minute, second = (int(g) for g in found.groups()[:6])
        millis = int(found.group(7) or 0)
        return _local(year, month, day, hour, minute, second, millis * 1000)
    stamp = when(text)
    naive = stamp is not None and not re.search(r"(?:[zZ]|[+-]\d{2}:?\d{2})$", text)
    return stamp, bool(naive and not text.isdigit())


def _local(
    year: int, month: int, day: int, hour: int, minute: int, second: int = 0, micro: int = 0
) -> tuple[dt.datetime | None, bool]:
    try:
        return dt.datetime(year, month, day, hour, minute, second, micro), True
    except ValueError:
        return None, False


def _local_offset(lines: list[_Line]) -> dt.timedelta:
    """The writer's UTC offset: its local ``send_date`` beside the same moment in UTC
    (``gen_finished``, an ISO time) on an answer, to the nearest quarter hour; zero when no
    answer has both (the local times are then kept as they are, as SillyTavern reads them)."""
    for line in lines:
        if line.local and line.sent is not None and line.finished is not None:
            quarters = round((line.sent - line.finished) / dt.timedelta(minutes=15))
            if abs(quarters) <= 14 * 4:
                return dt.timedelta(minutes=15 * quarters)
    return dt.timedelta(0)
