"""Which format a file holds, decided from its first record while streaming (never loaded whole)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

import ijson

from chatdesk.importers.sources import SNIFF_BYTES, InputError, broken_json, guarded, sniff

CHATGPT = "chatgpt"
CLAUDE = "claude"
SHAREGPT = "sharegpt"
#: ChatDesk's own JSON export (see :mod:`chatdesk.services.exporting`).
CHATDESK = "chatdesk"
PROMPTS_JSON = "prompts-json"
PROMPTS_CSV = "prompts-csv"
#: A JSON array with nothing in it.
EMPTY = "empty"

CHAT_FORMATS = (CHATGPT, CLAUDE, SHAREGPT, CHATDESK)
PROMPT_FORMATS = (PROMPTS_JSON, PROMPTS_CSV)
#: The value of ``format`` at the top of ChatDesk's JSON export.
CHATDESK_MARK = "chatdesk-chats"

#: A key of the first record that settles the format at once.
_DECISIVE = {
    "mapping": CHATGPT,
    "current_node": CHATGPT,
    "chat_messages": CLAUDE,
    "conversations": SHAREGPT,
    "act": PROMPTS_JSON,
}


_RECORD_EVENTS = ("start_map", "map_key", "end_map")


@dataclass(frozen=True)
class Detected:
    """The format, and the ijson prefix of its records (``item``, ``""`` or ``chats.item``)."""

    format: str
    prefix: str


def detect(name: str, stream: IO[bytes]) -> Detected:
    """The format of ``stream`` (named ``name``); raises InputError when it is none we know, or
    when the file is not text (an image, UTF-16...: :func:`~chatdesk.importers.sources.sniff`).

    ``stream`` must be seekable (every :class:`~chatdesk.importers.sources.Member` is).
    """
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    sniff(name, head)
    if name.lower().endswith(".csv"):
        return Detected(PROMPTS_CSV, "")
    shape = ""
    keys: set[str] = set()
    mark = None
    try:
        for prefix, event, value in ijson.parse(guarded(stream, name)):
            if not shape:
                if event not in ("start_array", "start_map"):
                    break
                shape = "array" if event == "start_array" else "object"
                continue
            record = "item" if shape == "array" else ""
            if shape == "array" and prefix == "item" and event not in _RECORD_EVENTS:
                shape = "array of values"  # records that are not objects: nothing we know
                break
            if prefix == record and event == "map_key":
                keys.add(value)
                if value in _DECISIVE:
                    break
            elif shape == "object" and prefix == "format" and event == "string":
                mark = value
                if mark == CHATDESK_MARK:
                    break
            elif prefix == record and event == "end_map":
                break
    except ijson.JSONError as exc:
        where = broken_json(stream, exc)
        raise InputError(
            f"{name}: not valid JSON: {where}", "not_json", name=name, where=where
        ) from None
    found = _decide(shape, keys, mark)
    if found is None:
        raise InputError(
            f"{name}: not a format ChatDesk knows (ChatGPT, Claude, ShareGPT, a ChatDesk export, "
            "or a prompt collection)",
            "unknown_format",
            name=name,
        )
    return found


def _decide(shape: str, keys: set[str], mark: object) -> Detected | None:
    record = "item" if shape == "array" else ""
    if shape == "array" and not keys:
        return Detected(EMPTY, "item")
    if shape == "object" and (mark == CHATDESK_MARK or "chats" in keys):
        return Detected(CHATDESK, "chats.item")
    for key, fmt in _DECISIVE.items():
        if key in keys:
            if fmt == PROMPTS_JSON and shape != "array":
                return None
            return Detected(fmt, record)
    if shape == "array" and {"title", "text"} <= keys:
        return Detected(PROMPTS_JSON, record)
    return None
