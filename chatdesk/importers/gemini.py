"""Google Gemini, from Google Takeout: "My Activity › Gemini Apps", ``MyActivity.json`` or
``MyActivity.html`` (the format chosen at export time).

The activity has no conversations, only rows: a row titled ``Prompted …`` is one prompt and,
in ``safeHtmlItem`` (the HTML's card: after the date), the answer. Rows of other kinds (a
canvas ``Created …``, ``Used …``, feedback, ``Selected preferred draft``) are not messages.
Rows are grouped into conversations in file order (Takeout lists them newest first): rows
that link the same conversation (a ``gemini.google.com/app/<id>`` link) go together; rows with
no link go together while each is within :data:`GAP` of the next. A conversation's id is its
link's id (or ``gap``) and the time of its first prompt, so a second import of a later
Takeout finds it again and adds what is new. The answer's HTML is read as text (paragraphs,
lists, code blocks); nothing it links or shows is fetched. The HTML's dates are localized:
English month names are read (as UTC: the zone name is not), others leave the row without a
time. Shape: FORMATS.md § 4.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import IO, Any

from chatdesk.importers.model import (
    ImportedChat,
    ImportedMessage,
    Skipped,
    html_text,
    stable_id,
    text_of,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import Member, json_records

SOURCE = "gemini"
LABEL = "Gemini (Google Takeout)"
#: Under a Takeout folder whose path names Gemini (``My Activity/Gemini Apps/``): the other
#: products' ``MyActivity`` files of the same Takeout are not Gemini's.
FILES = r"gemini[^/]*/my ?activity\.(?:json|html)$"
#: Rows without a link belong to one conversation while each comes within this of the next:
#: a person answering within half an hour is going on with the same talk; a longer pause
#: starts another (a guess: Takeout says nothing).
GAP = dt.timedelta(minutes=30)
PROMPTED = "Prompted"
_LINK = re.compile(r"gemini\.google\.com/(?:u/\d+/)?app/([0-9a-zA-Z_-]+)")
#: A Takeout HTML card's start.
_CARD = "outer-cell"
_MARK = 'mdl-typography--title">Gemini Apps'
#: What :func:`sniff` says of the HTML (no JSON records: :func:`read` reads the cards).
HTML_PREFIX = ""

#: A small Takeout: two prompts a few minutes apart (one conversation), a feedback row, and a
#: prompt a day later (another). Newest first, as Takeout writes it.
EXAMPLE: list[dict[str, Any]] = [
    {
        "header": "Gemini Apps",
        "title": "Prompted And green tea?",
        "time": "2025-01-06T10:00:00.000Z",
        "products": ["Gemini Apps"],
        "activityControls": ["Gemini Apps Activity"],
        "safeHtmlItem": [{"html": "<p>Green tea: <b>2 minutes</b>.</p>"}],
    },
    {
        "header": "Gemini Apps",
        "title": "Gave feedback: Good response",
        "time": "2025-01-05T10:06:00.000Z",
        "products": ["Gemini Apps"],
    },
    {
        "header": "Gemini Apps",
        "title": "Prompted Is milk OK?",
        "time": "2025-01-05T10:05:00.000Z",
        "products": ["Gemini Apps"],
        "safeHtmlItem": [{"html": "<p>Yes.</p>"}],
    },
    {
        "header": "Gemini Apps",
        "title": "Prompted How long to steep tea?",
        "time": "2025-01-05T10:00:00.000Z",
        "products": ["Gemini Apps"],
        "safeHtmlItem": [{"html": "<p>About 3 minutes.</p><ul><li>black: 4</li></ul>"}],
    },
]


def sniff(probe: Probe) -> str | None:
    """Takeout rows headed "Gemini Apps" (JSON), or its cards (HTML)."""
    if probe.shape == "array" and (
        probe.value("item.header") == "Gemini Apps"
        or probe.value("item.products.item") == "Gemini Apps"
    ):
        return "item"
    if probe.shape == "html" and _MARK in probe.text:
        return HTML_PREFIX
    return None


Row = tuple[dt.datetime | None, str, str, str]  # (time, prompt, answer, link id)


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    """The conversations of a Takeout file, JSON or HTML (its own reader: rows are grouped)."""
    rows = _html_rows(stream) if prefix == HTML_PREFIX else _json_rows(member, stream)
    yield from _conversations(rows)


def _json_rows(member: Member, stream: IO[bytes]) -> Iterator[Row | Skipped]:
    for index, raw in enumerate(json_records(member.name, stream, "item")):
        if not isinstance(raw, dict):
            yield Skipped(f"row {index + 1}", "not a JSON object")
            continue
        try:
            row = _row(raw)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            yield Skipped(f"row {index + 1}", str(exc) or type(exc).__name__)
            continue
        if row is not None:
            yield row


def _row(raw: dict[str, Any]) -> Row | None:
    """A ``Prompted`` row as (time, prompt, answer, link); None for any other row."""
    title = raw.get("title")
    if not isinstance(title, str) or not title.startswith(PROMPTED):
        return None  # feedback, "Used …", a canvas: not a message
    answer = "".join(
        item["html"]
        for item in _list(raw.get("safeHtmlItem"))
        if isinstance(item, dict) and isinstance(item.get("html"), str)
    )
    links = [raw.get("titleUrl")] + [
        s.get("url") for s in _list(raw.get("subtitles")) if isinstance(s, dict)
    ]
    link = next((m.group(1) for u in links if isinstance(u, str) and (m := _LINK.search(u))), "")
    files = [
        f"[file: {text_of(name)}]"
        for name in _list(raw.get("attachedFiles"))
        if isinstance(name, str) and name.strip()
    ]
    prompt = "\n\n".join([text_of(title[len(PROMPTED) :]).strip(), *files]).strip()
    return (when(raw.get("time")), prompt, html_text(answer), link)


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _html_rows(stream: IO[bytes]) -> Iterator[Row | Skipped]:
    """Rows of the HTML file, read card by card (a card is small; the file is read in chunks)."""
    rest = ""
    while True:
        chunk = stream.read(256 * 1024)
        rest += chunk.decode("utf-8", "replace") if chunk else ""
        cards = rest.split(f'<div class="{_CARD}')
        complete, rest = (cards, "") if not chunk else (cards[:-1], cards[-1])
        for card in complete:
            row = _card(card)
            if row is not None:
                yield row
        if not chunk:
            break
        if len(rest) > 64 * 1024 * 1024:  # no card is that long: not Takeout's HTML
            raise ValueError("a card of the HTML never ends")


_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}  # noqa: SIM905
_DATE = re.compile(
    r"([A-Z][a-z]{2})\w* (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)?", re.UNICODE
)


def _card(card: str) -> Row | None:
    if "Gemini Apps" not in card[:2000]:
        return None
    start = card.find("content-cell")
    if start < 0:
        return None
    body = card[card.find(">", start) + 1 :]
    body = body.split('<div class="content-cell', 1)[0]
    body = re.sub(r"</div>\s*$", "", body.strip())
    text = body.replace("&nbsp;", " ").replace("\u00a0", " ")
    if not text.startswith(PROMPTED):
        return None
    parts = re.split(r"<br\s*/?>", text, maxsplit=2)
    prompt = html_text(parts[0][len(PROMPTED) :])
    stamp = _date(html.unescape(parts[1])) if len(parts) > 1 else None
    answer = html_text(parts[2]) if len(parts) > 2 else ""
    link = m.group(1) if (m := _LINK.search(card)) else ""
    return (stamp, prompt, answer, link)


def _date(text: str) -> dt.datetime | None:
    found = _DATE.search(text)
    if found is None or found.group(1) not in _MONTHS:
        return None
    month, day, year = _MONTHS[found.group(1)], int(found.group(2)), int(found.group(3))
    hour, minute, second = int(found.group(4)), int(found.group(5)), int(found.group(6))
    if found.group(7):
        hour = hour % 12 + (12 if found.group(7) == "PM" else 0)
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _conversations(rows: Iterator[Row | Skipped]) -> Iterator[ImportedChat | Skipped]:
    group: list[Row] = []
    for row in rows:
        if isinstance(row, Skipped):
            yield row
            continue
        if group and not _together(group[-1], row):
            yield _chat(group)
            group = []
        group.append(row)
    if group:
        yield _chat(group)


def _together(newer: Row, older: Row) -> bool:
    """Whether ``older`` (the next row of the file) goes on the conversation of ``newer``."""
    if newer[3] or older[3]:
        return newer[3] == older[3]
    if newer[0] is None or older[0] is None:
        return newer[0] is None and older[0] is None
    return dt.timedelta(0) <= newer[0] - older[0] <= GAP


def _chat(group: list[Row]) -> ImportedChat:
    rows = list(reversed(group))  # oldest first
    messages: list[ImportedMessage] = []
    for stamp, prompt, answer, _ in rows:
        key = stamp.isoformat() if stamp else stable_id(prompt)[:16]
        messages.append(ImportedMessage(f"{key}:q", "user", prompt, stamp))
        if answer:
            messages.append(ImportedMessage(f"{key}:a", "assistant", answer, stamp))
    first = rows[0]
    ident = f"{first[3] or 'gap'}@{first[0].isoformat() if first[0] else stable_id(first[1])[:16]}"
    return ImportedChat(
        source=SOURCE,
        source_id=ident,
        title=title_of(None, messages),
        created_at=first[0],
        updated_at=rows[-1][0],
        messages=messages,
    )
