"""What every chat parser yields, and the small cleaning helpers they share."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

TITLE_MAX = 200
#: Titles made from a first message are kept short, as the chat apps do.
DERIVED_MAX = 80
UNTITLED = "Untitled"


class MalformedConversation(ValueError):
    """A conversation that cannot be read; the parser reports it and moves on."""


#: A message's kinds (``message.kind``, schema v20): a visible turn, the model's thinking, and one
#: tool call together with its result.
TEXT = "text"
REASONING = "reasoning"
TOOL = "tool"
KINDS = (TEXT, REASONING, TOOL)
#: The longest model name kept (``message.model``); a longer one is cut.
MODEL_MAX = 128
#: The longest tool name kept in a tool call's detail.
TOOL_NAME_MAX = 128


@dataclass(frozen=True)
class ImportedMessage:
    """One message of a thread. ``source_id`` is unique within its conversation.

    ``kind`` is :data:`TEXT` (a visible turn: the default, what every parser gave before kinds
    existed), :data:`REASONING` (``content`` is the thinking) or :data:`TOOL` (one call:
    ``tool`` its name, ``tool_input`` its arguments as text, ``content`` its result,
    ``is_error`` when the call failed). ``model`` is the model that wrote it, where the export
    says; ``seconds`` how long a reasoning or tool step took, where it says.
    """

    source_id: str
    role: str
    content: str
    created_at: dt.datetime | None = None
    kind: str = TEXT
    model: str | None = None
    tool: str | None = None
    tool_input: str | None = None
    is_error: bool = False
    seconds: float | None = None
    #: A format's own facts about the message, kept in its detail (short strings or numbers:
    #: an agent's call id, a sub-agent's name, an exit code); the keys above take precedence.
    extra: dict[str, str | int | float | bool] | None = None

    def detail(self) -> str | None:
        """The stored ``message.detail``: a small JSON object of what only some kinds have
        (:mod:`chatdesk.store.migrations.v20_message_kinds`), or None when there is nothing."""
        return detail_json(self.tool, self.tool_input, self.is_error, self.seconds, self.extra)


#: A detail's own facts (:attr:`ImportedMessage.extra`): at most this many, each key and text
#: at most 200 characters (a detail is read with its row: it stays small).
EXTRA_MAX = 16


def detail_json(
    tool: str | None,
    tool_input: str | None,
    is_error: bool,
    seconds: float | None,
    extra: dict[str, str | int | float | bool] | None = None,
) -> str | None:
    """``message.detail`` as stored: keys ``tool``, ``input``, ``error``, ``seconds``, each only
    when it says something; None when none does."""
    found: dict[str, object] = {}
    for key, value in list((extra or {}).items())[:EXTRA_MAX]:
        if isinstance(key, str) and isinstance(value, (str, int, float, bool)) and value == value:
            found[clean(key)[:200]] = clean(value)[:200] if isinstance(value, str) else value
    if tool:
        found["tool"] = tool[:TOOL_NAME_MAX]
    if tool_input:
        found["input"] = tool_input
    if is_error:
        found["error"] = True
    if seconds is not None and seconds >= 0 and seconds < 10**7:
        found["seconds"] = round(float(seconds), 3)
    return json.dumps(found, ensure_ascii=False, sort_keys=True) if found else None


@dataclass(frozen=True)
class Detail:
    """``message.detail`` read back: what :func:`detail_json` wrote (all empty for text)."""

    tool: str = ""
    input: str = ""
    error: bool = False
    seconds: float | None = None
    #: The format's own facts (:attr:`ImportedMessage.extra`).
    extra: dict[str, object] = field(default_factory=dict)


def read_detail(text: str | None) -> Detail:
    """``message.detail`` as a :class:`Detail`; anything unreadable reads as none."""
    if not text:
        return Detail()
    try:
        raw = json.loads(text)
    except ValueError:
        return Detail()
    if not isinstance(raw, dict):
        return Detail()
    tool, given, seconds = raw.get("tool"), raw.get("input"), raw.get("seconds")
    return Detail(
        tool if isinstance(tool, str) else "",
        given if isinstance(given, str) else "",
        raw.get("error") is True,
        float(seconds)
        if isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
        else None,
        {k: v for k, v in raw.items() if k not in ("tool", "input", "error", "seconds")},
    )


def model_name(value: object) -> str | None:
    """A model's name as stored: one printable line of at most :data:`MODEL_MAX` characters;
    None for anything else."""
    if not isinstance(value, str):
        return None
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    return clean(text[:MODEL_MAX]) or None


@dataclass(frozen=True)
class ImportedChat:
    """One conversation, its messages in the order the person saw them."""

    source: str
    source_id: str
    title: str
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    messages: list[ImportedMessage] = field(default_factory=list)
    pinned: bool = False
    #: The ``chat_id`` the chat had where it was exported (ChatDesk's own export only).
    chat_key: str | None = None
    archived: bool = False
    #: When it was archived, where the export says (ChatDesk's own); else the import's time.
    archived_at: dt.datetime | None = None
    #: The folder it is filed in, as the names of the folders from the top down; () for none.
    folder: tuple[str, ...] = ()
    #: A project of the export's own (its id) to file it under, named by the export's project
    #: list (:class:`Library`), when the conversation names no folder itself.
    project: str | None = None
    #: Its tags: (name, colour ``#rrggbb`` or "" for the default).
    tags: tuple[tuple[str, str], ...] = ()
    #: What the source says of the conversation beside its messages, stored as ``chat.detail``
    #: (schema v20; short strings or numbers): an agent session's ``cwd``, ``git_branch``,
    #: ``version`` (issue 23). Kept when the chat is added; a later import leaves it.
    detail: dict[str, str | int | float | bool] | None = None

    def detail_text(self) -> str | None:
        """``chat.detail`` as stored (at most :data:`EXTRA_MAX` facts), or None."""
        return detail_json(None, None, False, None, self.detail)

    #: A coding agent's session (issue 23): the project's working directory and git branch,
    #: shown in the thread's bar (stored in ``agent_session``, schema v21).
    workdir: str | None = None
    branch: str | None = None

    @property
    def organized(self) -> bool:
        """Whether it carries any filing beyond its pin: a folder, a project, tags, archived."""
        return bool(self.archived or self.folder or self.project or self.tags)


@dataclass(frozen=True)
class LibraryFolder:
    """A folder an export lists: its path of names from the top, and its place among its
    siblings."""

    path: tuple[str, ...]
    position: int | None = None


@dataclass(frozen=True)
class Library:
    """What an export says beside its conversations: its folders (parents first) and tags
    (ChatDesk's own export), and its projects' names by id (Claude's ``projects.json``)."""

    folders: list[LibraryFolder] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)
    projects: dict[str, str] = field(default_factory=dict)

    def merged(self, other: Library) -> Library:
        return Library(
            self.folders + other.folders,
            self.tags + other.tags,
            {**self.projects, **other.projects},
        )


@dataclass(frozen=True)
class Skipped:
    """A conversation that could not be read: ``name`` says which, ``reason`` why."""

    name: str
    reason: str


def clean(text: str) -> str:
    """Text as stored: no NUL characters (PostgreSQL cannot store them) and no lone surrogates
    (JSON escapes allow them, UTF-8 does not: they become U+FFFD)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def title_of(raw: object, messages: list[ImportedMessage]) -> str:
    """A one-line title: ``raw`` if it has text, else the first line of the first user message
    (up to :data:`DERIVED_MAX` characters), else Untitled."""
    text = raw if isinstance(raw, str) else ""
    limit = TITLE_MAX
    if not text.strip():
        first = next((m.content for m in messages if m.role == "user" and m.content.strip()), "")
        text = next((line for line in first.splitlines() if line.strip()), "")
        limit = DERIVED_MAX
    one_line = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1].rstrip() + "…"
    return one_line or UNTITLED


def from_epoch(value: object) -> dt.datetime | None:
    """Float epoch seconds to a naive UTC datetime; None for null or nonsense."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return dt.datetime.fromtimestamp(float(value), dt.timezone.utc).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None


def from_iso(value: object) -> dt.datetime | None:
    """ISO 8601 (``Z`` or an offset, any fraction) to a naive UTC datetime; None if unreadable."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().replace(" ", "T", 1)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    if "." in text:  # Python 3.10 accepts only 3 or 6 fraction digits
        head, _, rest = text.partition(".")
        digits = len(rest) - len(rest.lstrip("0123456789"))
        text = f"{head}.{(rest[:digits] + '000000')[:6]}{rest[digits:]}"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return parsed


def to_iso(value: dt.datetime) -> str:
    """A naive UTC datetime as ISO 8601 with ``Z`` and microseconds, as :func:`from_iso` reads."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def id_text(value: object) -> str | None:
    """A JSON id as text: a non-empty string, or an integer; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value) or None


def message_key(index: int, item: dict[str, Any]) -> str:
    """The id of the ``index``-th message ``item``: its own ``id``, else one derived from its
    place and content (stable across imports of the same file)."""
    return id_text(item.get("id")) or f"{index}:{stable_id(item)[:16]}"


def stable_id(*parts: Any) -> str:
    """A short id derived from content, for sources that carry none."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def name_of(raw: dict[str, Any], source_id: str | None, index: int) -> str:
    """How a conversation is named in reports: its title, else its id, else its position."""
    for key in ("title", "name"):
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return f"{value.strip()[:80]!r}" + (f" ({source_id})" if source_id else "")
    return source_id or f"#{index + 1}"


def when(value: object) -> dt.datetime | None:
    """A time written as ISO 8601 or as epoch seconds or milliseconds (the exports mix them):
    a naive UTC datetime, or None."""
    if isinstance(value, str):
        found = from_iso(value)
        if found is not None:
            return found
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if abs(value) > 1e11:  # milliseconds (1e11 s is the year 5138)
            value = value / 1000
        return from_epoch(value)
    return None


def text_of(value: object) -> str:
    """``value`` as stored text when it is a string, else ""."""
    return clean(value) if isinstance(value, str) else ""


def path_to(leaf: object, parent_of: dict[str, str | None], limit: int = 1_000_000) -> list[str]:
    """The ids from the root down to ``leaf``, following ``parent_of`` iteratively (long chats
    overflow recursion) and stopping at a loop or an unknown parent.

    Raises:
        MalformedConversation: the walk went round a loop before reaching a root (every
            message's parent is another of them: there is no thread to follow).
    """
    path: list[str] = []
    seen: set[str] = set()
    node = leaf if isinstance(leaf, str) else None
    while node is not None and node in parent_of and len(path) < limit:
        if node in seen:
            raise MalformedConversation(
                "its messages form a loop (each one's parent is another of them): "
                "there is no thread to follow"
            )
        seen.add(node)
        path.append(node)
        node = parent_of[node]
    path.reverse()
    return path


def last_branch(root: object, children_of: dict[str, list[str]]) -> list[str]:
    """From ``root`` down, the last child at every fork (a regenerated answer or an edited
    question is added after the one it replaces): the thread the person last saw."""
    path: list[str] = []
    seen: set[str] = set()
    node = root if isinstance(root, str) else None
    while node is not None and node not in seen:
        seen.add(node)
        path.append(node)
        kids = [k for k in children_of.get(node, []) if isinstance(k, str) and k in children_of]
        node = kids[-1] if kids else None
    return path


class _HtmlText(HTMLParser):
    """HTML to plain text with its line structure: paragraphs, line breaks, list items (``- ``),
    headings, preformatted blocks fenced as code. Scripts and styles are dropped; nothing is
    fetched (links keep their text, images their ``alt``)."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "table",
            "tr",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag == "pre":
            self.pre += 1
            self.out.append("\n\n```\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.out.append(f"[image: {alt}]")
        elif tag in self.BLOCKS:
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self.out.append("\n```\n\n")
        elif tag in self.BLOCKS:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data if self.pre else re.sub(r"[ \t\r\n]+", " ", data))


def html_text(markup: str) -> str:
    """``markup`` as plain text (:class:`_HtmlText`), blank lines squeezed."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.out).replace("\xa0", " ")
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return clean(re.sub(r"\n{3,}", "\n\n", text).strip())
