"""The find box's prefixes (issue 13): ``folder:NAME``, ``tag:NAME`` (repeatable), ``is:archived``,
``is:pinned``, ``before:YYYY-MM-DD``, ``after:YYYY-MM-DD``, mixed with the words searched for;
and (issue 22) ``source:NAME`` (repeatable: any of them; ``source:chatdesk`` is the chats made
in ChatDesk or through the API) and ``in:reasoning`` / ``in:tools``, which search the
reasoning or the tool calls that a default search leaves out (and no title: a title is neither).

A name with spaces is quoted (``folder:"My work"``); a full-width colon (``tag：工作``) works as
well. ``before:`` is exclusive (up to the start of that day), ``after:`` inclusive (from the start
of that day), both in UTC as every stored time. Anything else, an unknown ``is:`` included, is
part of the words. The rest of the search is :mod:`chatdesk.services.search`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from chatdesk.services.errors import invalid

_PREFIX = re.compile(
    r'(?:(?<=\s)|^)(?P<key>folder|tag|is|before|after|source|in)[:：](?:"(?P<quoted>[^"]*)"|(?P<bare>\S+))',
    re.IGNORECASE,
)
_IS = {"archived", "pinned"}
#: ``in:`` values and the message kind each searches (``chatdesk.importers.model``).
IN_KINDS = {"reasoning": "reasoning", "thinking": "reasoning", "tools": "tool", "tool": "tool"}
#: The kind a search without ``in:`` matches.
DEFAULT_KIND = "text"


@dataclass(frozen=True)
class Query:
    """A find-box query taken apart."""

    words: str
    folders: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    archived: bool = False
    pinned: bool = False
    before: dt.datetime | None = None
    after: dt.datetime | None = None
    #: ``source:`` names, lower case (a chat of any of them).
    sources: tuple[str, ...] = ()
    #: The message kind searched: text by default, ``in:`` another.
    kind: str = DEFAULT_KIND
    #: Whether any prefix was given.
    filtered: bool = False


def _day(value: str) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
    except ValueError:
        raise invalid("query", "date") from None


def parse(text: str) -> Query:
    """``text`` as words and prefixes. Without prefixes the words are the text unchanged (so a
    search without them is what it always was); with them, the words left, one space apart."""
    folders: list[str] = []
    tags: list[str] = []
    archived = pinned = False
    before = after = None
    sources: list[str] = []
    kind = DEFAULT_KIND
    kept: list[str] = []
    last = 0
    found = False
    for match in _PREFIX.finditer(text):
        key = match.group("key").lower()
        value = match.group("quoted")
        if value is None:
            value = match.group("bare")
        value = value.strip()
        if key == "is" and value.lower() not in _IS:
            continue  # an unknown is: stays a word
        if key == "in" and value.lower() not in IN_KINDS:
            continue  # so does an unknown in:
        found = True
        kept.append(text[last : match.start()])
        last = match.end()
        if key == "folder":
            folders.append(value)
        elif key == "tag":
            tags.append(value)
        elif key == "is":
            archived = archived or value.lower() == "archived"
            pinned = pinned or value.lower() == "pinned"
        elif key == "source":
            sources.append(value.lower())
        elif key == "in":
            kind = IN_KINDS[value.lower()]
        elif key == "before":
            before = _day(value)
        else:
            after = _day(value)
    if not found:
        return Query(text)
    kept.append(text[last:])
    words = " ".join(" ".join(kept).split())
    return Query(
        words,
        tuple(folders),
        tuple(tags),
        archived,
        pinned,
        before,
        after,
        tuple(sources),
        kind,
        filtered=True,
    )
