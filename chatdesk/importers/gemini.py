"""Google Gemini, from Google Takeout: "My Activity › Gemini Apps", ``MyActivity.json`` or
``MyActivity.html`` (the format chosen at export time).

The activity has no conversations, only rows: a row titled ``Prompted …`` is one prompt and,
in ``safeHtmlItem`` (the HTML's card: after the date), the answer. Rows of other kinds (a
canvas ``Created …``, ``Used …``, feedback, ``Selected preferred draft``) are not messages.
Takeout writes the row's label in the account's language: the labels of :data:`PROMPT_LABELS`
are read; in another language, a row that carries an answer and is none of the English
non-prompt rows of :data:`NOT_PROMPTS` is taken for a prompt (in the HTML its label, before
the ``&nbsp;``, is left out; in the JSON the title is kept whole).

Rows are grouped into conversations in file order (Takeout lists them newest first): rows
that link the same conversation (a ``gemini.google.com/app/<id>`` link) go together; rows with
no link go together while each is within :data:`GAP` of the next. A conversation's id is its
link's id (or ``gap``) and the time of its first prompt, so a second import of a later
Takeout finds it again and adds what is new. The answer's HTML is read as text (paragraphs,
lists, code blocks); nothing it links or shows is fetched.

The HTML's dates are written in the account's language and zone; they are read by
:mod:`chatdesk.importers._takeout_dates` (English, German, French, Spanish, Italian,
Portuguese, Dutch, Polish, Turkish, Russian month names; the numeric dates of Chinese,
Japanese, Korean, Czech, German...; the zone applied). A row whose date cannot be read keeps
the time of the row before it in the file (the next prompt of the same talk, as Takeout lists
newest first), so it stays in that conversation; a row with no dated row before it (a file
whose dates are all in a language not read) has no time and is a conversation of its own, as
no pause can be measured.

Two HTML layouts are read: the card whose content is ``Prompted&nbsp;…<br>date<br>answer``
(FORMATS.md § 4), and the one whose header holds the label and the date (kenn-io/agentsview's
tests). Shape: FORMATS.md § 4.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import IO, Any

from chatdesk.importers import _takeout_dates
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
#: In a folder whose name holds "Gemini" (``My Activity/Gemini Apps/MyActivity.json``; the
#: folders and the file are named in the account's language: ``我的活动/Gemini Apps/
#: 我的活动记录.json``, ``Meine Aktivitäten/…/MeineAktivitäten.html``): the other products'
#: activity files of the same Takeout are not read. A hidden folder (``.gemini``: Gemini
#: CLI's, with its credentials) is not looked into.
FILES = r"(?:^|/)(?!\.)[^/]*gemini[^/]*/[^/]+\.(?:json|html?)$"
#: Rows without a link belong to one conversation while each comes within this of the next:
#: a person answering within half an hour is going on with the same talk; a longer pause
#: starts another (a guess: Takeout says nothing).
GAP = dt.timedelta(minutes=30)
#: The labels of a prompt row, as Takeout writes them (before the prompt: ``Prompted …``,
#: ``Prompted&nbsp;…``): English ``Prompted`` (and ``Live Prompt``, ``Asked``, which
#: Superkikim/nexus-ai-chat-importer ``gemini-converter.ts`` strips too), French ``Prompt :``
#: (the same), Czech ``Pokyn`` (jetpack3331/ai-chat-history-manager ``examples/gemini.html``).
PROMPT_LABELS = ("Prompted", "Live Prompt", "Asked", "Prompt", "Pokyn")
_LABEL = re.compile(
    r"^\s*(?:" + "|".join(map(re.escape, PROMPT_LABELS)) + r")(?=[\s:\xa0])[\s\xa0]*:?[\s\xa0]*"
)
#: The English rows that are not prompts, even when they carry an answer (FORMATS.md § 4;
#: ``Canvas`` and ``Feedback`` are the header labels of kenn-io/agentsview's tests).
NOT_PROMPTS = ("Created", "Used", "Gave feedback", "Selected", "Canvas", "Feedback")
_LINK = re.compile(r"gemini\.google\.com/(?:u/\d+/)?app/([0-9a-zA-Z_-]+)")
#: A Takeout HTML card's start, and its header (the product's name, in the HTML's language).
_CARD = "outer-cell"
_HEADER = 'class="header-cell'
_PARAGRAPH = re.compile(r"<p\b([^>]*)>(.*?)</p>", re.S)
_NBSP = re.compile(r"&nbsp;|&#160;|&#xa0;|\xa0", re.I)
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
    """Takeout rows whose header or product names Gemini (JSON: ``Gemini Apps``, or the
    product's name in the account's language), or HTML cards headed so."""
    if probe.shape == "array" and probe.rec("title", "time"):
        named = [probe.value("item.header"), probe.value("item.products.item")]
        if any(isinstance(n, str) and "gemini" in n.lower() for n in named):
            return "item"
    if (
        probe.shape == "html"
        and _CARD in probe.text
        and any("gemini" in h.lower() for h in _headers(probe.text))
    ):
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
    """A prompt row as (time, prompt, answer, link); None for any other row."""
    title = raw.get("title")
    if not isinstance(title, str):
        return None
    answer = "".join(
        item["html"]
        for item in _list(raw.get("safeHtmlItem"))
        if isinstance(item, dict) and isinstance(item.get("html"), str)
    )
    prompt = _prompt(title, bool(answer.strip()))
    if prompt is None:
        return None  # feedback, "Used …", a canvas: not a message
    links = [raw.get("titleUrl")] + [
        s.get("url") for s in _list(raw.get("subtitles")) if isinstance(s, dict)
    ]
    link = next((m.group(1) for u in links if isinstance(u, str) and (m := _LINK.search(u))), "")
    names = [*_list(raw.get("attachedFiles")), raw.get("imageFile")]
    files = [f"[file: {text_of(n)}]" for n in names if isinstance(n, str) and n.strip()]
    text = "\n\n".join([text_of(prompt).strip(), *files]).strip()
    return (when(raw.get("time")), text, html_text(answer), link)


def _prompt(title: str, answered: bool) -> str | None:
    """The prompt of a row titled ``title``: after a label of :data:`PROMPT_LABELS`; the whole
    title for a row of another language that has an answer; None for any other row."""
    found = _LABEL.match(title)
    if found is not None:
        return title[found.end() :]
    if answered and not title.lstrip().startswith(NOT_PROMPTS):
        return title
    return None


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


def _headers(text: str) -> Iterator[str]:
    """The inner HTML of each card header in ``text`` (at most 2,000 characters of each)."""
    at = text.find(_HEADER)
    while at >= 0:
        start = text.find(">", at, at + 500) + 1
        if start > 0:
            yield text[start : start + 2000].split("</div>", 1)[0]
        at = text.find(_HEADER, at + len(_HEADER))


def _card(card: str) -> Row | None:
    """A card's prompt row, or None (another product's card, or not a prompt)."""
    header = next(_headers(card[:8000]), None)
    if header is None or "gemini" not in header.lower():
        return None
    start = card.find("content-cell")
    if start < 0:
        return None
    body = card[card.find(">", start) + 1 :]
    body = body.split('<div class="content-cell', 1)[0]
    body = re.sub(r"</div>\s*$", "", body.strip())
    link = m.group(1) if (m := _LINK.search(card)) else ""
    told = [p.group(2) for p in _PARAGRAPH.finditer(header) if "--title" not in p.group(1)]
    if len(told) >= 2:  # the label and the date in the header, the talk in the content
        return _header_card(_plain(told[0]), _plain(told[1]), body, link)
    parts = re.split(r"<br\s*/?>", body, maxsplit=2)
    answer = html_text(parts[2]) if len(parts) > 2 else ""
    prompt = _card_prompt(parts[0], bool(answer))
    if prompt is None:
        return None
    stamp = _takeout_dates.parse(_plain(parts[1])) if len(parts) > 1 else None
    return (stamp, prompt, answer, link)


def _card_prompt(line: str, answered: bool) -> str | None:
    """The prompt of a card's first line ``Label&nbsp;prompt``, or None when it is no prompt."""
    pieces = _NBSP.split(line, maxsplit=1)
    if len(pieces) < 2:  # "Prompted text" with a plain space
        return _prompt(_plain(line), answered)
    label = _plain(pieces[0]).rstrip(": ")
    prompt = html_text(pieces[1]).lstrip(": ")
    return prompt if _is_prompt(label, answered) else None


def _header_card(label: str, date: str, body: str, link: str) -> Row | None:
    """A card of the layout whose header holds the label and the date: its content's first
    paragraph is the prompt, the rest the answer."""
    found = re.match(r"\s*(?:<!--.*?-->\s*)*<p\b[^>]*>(.*?)</p>(.*)", body, re.S)
    prompt, answer = (found.group(1), found.group(2)) if found else (body, "")
    answer = html_text(answer)
    if not _is_prompt(label.rstrip(": "), bool(answer)):
        return None
    return (_takeout_dates.parse(date), html_text(prompt), answer, link)


def _is_prompt(label: str, answered: bool) -> bool:
    """Whether a card labelled ``label`` is a prompt: a label of :data:`PROMPT_LABELS`, or a
    short label of another language on a card that has an answer."""
    if label in PROMPT_LABELS:
        return True
    return answered and 0 < len(label) <= 40 and not label.startswith(NOT_PROMPTS)


def _plain(markup: str) -> str:
    """``markup``'s text on one line."""
    return " ".join(html_text(markup).split())


def _conversations(rows: Iterator[Row | Skipped]) -> Iterator[ImportedChat | Skipped]:
    group: list[Row] = []
    last: dt.datetime | None = None
    for row in rows:
        if isinstance(row, Skipped):
            yield row
            continue
        if row[0] is None and last is not None:
            row = (last, *row[1:])  # a date that cannot be read: the row before it's time
        last = row[0]
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
        return False  # no time to measure the pause by: each its own conversation
    return dt.timedelta(0) <= newer[0] - older[0] <= GAP


def _chat(group: list[Row]) -> ImportedChat:
    rows = list(reversed(group))  # oldest first
    messages: list[ImportedMessage] = []
    used: set[str] = set()
    for stamp, prompt, answer, _ in rows:
        key = stamp.isoformat() if stamp else stable_id(prompt)[:16]
        if key in used:  # two rows of one time (a date read from the row before)
            key = f"{key}#{stable_id(prompt, answer)[:12]}"
        used.add(key)
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
