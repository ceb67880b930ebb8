"""Markdown as one line of plain text, for the chat list's preview of the last message.

Not a Markdown parser: a few regular expressions for the markup chat messages carry (emphasis,
strike, code spans and fences, links and images, headings, quotes, list markers, tables, rules),
each run only when its marker character occurs, so that the API's ``add_chat`` path, which
stores a preview with every message, stays fast. Code keeps its text as written; ``**``, ``~~``
and backticks left unpaired (a long message is cut before it is read) are dropped too, as they
mean nothing in a preview. A backslash-escaped character stays, without its backslash.
"""

from __future__ import annotations

import re

#: Without any of these characters the text holds no markup: it is only re-spaced.
_MARKERS = re.compile(r"[-+=*_~`#>|\[\]!<\\.)]")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_BLOCK_START = frozenset("#>-*+|_=0123456789")
_BLOCK_MARKS = re.compile(
    r"^\s{0,3}(?:#{1,6}(?=\s|$)|(?:>\s?)+|[-*+](?=\s)|\d{1,9}[.)](?=\s))\s*(?:\[[ xX]\]\s+)?"
)
#: A thematic break, or the underline of a setext heading.
_RULE = re.compile(r"^\s{0,3}(?:([-*_])(?:\s*\1){2,}|=+)\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^\s>]+)>")
_STARS = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])"),
)
_UNDERSCORES = (
    re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"),
    re.compile(r"(?<![_\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![_\w])"),
)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>])")
#: Escaped characters stand in the Private Use Area while the markup goes.
_HELD = re.compile("[\ue000-\ue07f]")


def plain_text(markdown: str) -> str:
    """``markdown`` as one line of plain text: markup removed, whitespace runs as one space."""
    if not _MARKERS.search(markdown):
        return " ".join(markdown.split())
    if "\\" in markdown:
        markdown = _ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), markdown)
    parts: list[str] = []
    prose: list[str] = []
    fence = ""
    for line in markdown.splitlines():
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            else:
                parts.append(line)
            continue
        if opening:
            parts.append(_inline("\n".join(prose)))  # a bold may run over a line break
            prose.clear()
            fence = opening.group(1)
            continue
        prose.append(_block(line))
    parts.append(_inline("\n".join(prose)))
    text = " ".join(" ".join(parts).split())
    return _HELD.sub(lambda m: chr(ord(m.group()) - 0xE000), text)


def _block(line: str) -> str:
    """One line of prose without its block markup (heading, quote, list marker, table pipes)."""
    start = line.lstrip()[:1]
    if start not in _BLOCK_START:
        return line
    if _RULE.match(line) or _TABLE_RULE.match(line):
        return ""
    if start == "|":
        return " · ".join(
            cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip()
        )
    line = _BLOCK_MARKS.sub("", line, count=1)
    return _CLOSING_HASHES.sub("", line) if start == "#" else line


def _inline(text: str) -> str:
    """Inline markup of prose; code spans keep their text as written."""
    if "`" not in text:
        return _prose(text)
    out: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        out += [_prose(text[last : span.start()]), span.group(2).strip()]
        last = span.end()
    out.append(_prose(text[last:]))
    return "".join(out)


def _prose(text: str) -> str:
    if "[" in text:
        text = _IMAGE.sub(r"\1", text)
        text = _LINK.sub(r"\1", text)
        text = _REF_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    if "*" in text:
        for pattern in _STARS:
            text = pattern.sub(r"\1", text)
        text = text.replace("**", "")
    if "_" in text:
        for pattern in _UNDERSCORES:
            text = pattern.sub(r"\1", text)
    if "~" in text:
        text = _STRIKE.sub(r"\1", text).replace("~~", "")
    return text.replace("`", "") if "`" in text else text
