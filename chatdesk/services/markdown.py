"""Markdown to HTML: one set of rules for the app's history view and the HTML export.

Both read messages with the same parser (mistune, with strikethrough and tables; raw HTML in a
message is escaped, so a ``<script>`` stays text) and highlight fenced code with Pygments using
inline styles. A single newline inside a paragraph is a line break (``hard_wrap``), as the chat
apps show it: a person's message keeps the lines they typed, a poem its lines; blank lines still
part paragraphs, and lists, tables and code blocks read as Markdown says.

An image in a message (``![alt](address)``) is never an ``<img>``: its alt text and address
are written as a link, which nothing loads. An image would make the app read a file
(``/dev/zero``, a FIFO: the desktop's documents resolve no resource either, see
:mod:`chatdesk.ui.history.markdown`) and the exported page fetch a URL when opened.

The two differ only in where the HTML goes: :func:`to_html` writes the subset a
QTextDocument renders (a code block is a one-cell table, QTextDocument's only boxed block),
:func:`to_page_html` what a browser shows in a self-contained file (a ``<pre>``).

Qt-free and thread-safe, so the GUI's worker renders a page of messages before the view sees
them, and an export runs on any thread.
"""

from __future__ import annotations

import html
import threading
from typing import Any

import mistune
import mistune.util
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CODE_BG = {False: "#f6f8fa", True: "#161b22"}
CODE_STYLE = {False: "default", True: "monokai"}
PLUGINS = ["strikethrough", "table"]
_local = threading.local()


def _highlighted(code: str, lang: str, formatter: HtmlFormatter[str]) -> str:
    """``code`` as HTML: highlighted for a language Pygments knows, else escaped."""
    try:
        lexer = get_lexer_by_name(lang) if lang else None
    except ClassNotFound:
        lexer = None
    return highlight(code, lexer, formatter) if lexer else html.escape(code)


class _Renderer(mistune.HTMLRenderer):
    def __init__(self, dark: bool, page: bool) -> None:
        super().__init__(escape=True)
        self.dark = dark
        self.page = page
        self.formatter: HtmlFormatter[str] = HtmlFormatter(
            noclasses=True, nowrap=True, style=CODE_STYLE[dark]
        )

    def block_code(self, code: str, info: str | None = None, **attrs: Any) -> str:
        lang = (info or "").strip().split(None, 1)[0] if info else ""
        body = _highlighted(code, lang, self.formatter).rstrip()
        if self.page:
            label = f' data-lang="{html.escape(lang)}"' if lang else ""
            return (
                f'<pre class="code"{label} style="background:{CODE_BG[self.dark]}">'
                f"<code>{body}</code></pre>\n"
            )
        label = f'<p style="color:#8b949e; font-size:small">{html.escape(lang)}</p>' if lang else ""
        return (
            f'{label}<table width="100%" cellpadding="8" bgcolor="{CODE_BG[self.dark]}">'
            # pre-wrap: a line wider than the bubble wraps instead of running out of it
            f'<tr><td><pre style="margin:0; white-space:pre-wrap">{body}</pre>'
            "</td></tr></table>\n"
        )

    def image(self, text: str, url: str, title: str | None = None) -> str:
        """The image as a link: its alt text, then its address (nothing loads it)."""
        href = self.safe_url(url)
        shown = html.escape(url)
        alt = mistune.util.striptags(text)
        label = f"{alt} ({shown})" if alt.strip() else shown
        return f'<a href="{href}" title="{shown}">{label}</a>'

    def table(self, text: str) -> str:
        if self.page:  # the page's stylesheet draws the grid
            return f"<table>\n{text}</table>\n"
        grid = "#444c56" if self.dark else "#d0d7de"
        return (
            f'<table border="1" cellspacing="0" cellpadding="4" '
            f'style="border-collapse:collapse; border-color:{grid}">\n{text}</table>\n'
        )


def _parser(dark: bool, page: bool) -> mistune.Markdown:
    """One parser per thread, theme and target (a parser keeps state while it runs)."""
    cache: dict[tuple[bool, bool], mistune.Markdown] | None = getattr(_local, "parsers", None)
    if cache is None:
        cache = _local.parsers = {}
    key = (dark, page)
    if key not in cache:
        cache[key] = mistune.create_markdown(
            renderer=_Renderer(dark, page), plugins=PLUGINS, hard_wrap=True
        )
    return cache[key]


def to_html(text: str, dark: bool = False) -> str:
    """``text`` (Markdown) as HTML for a QTextDocument."""
    return str(_parser(dark, page=False)(text)).strip()


def to_page_html(text: str) -> str:
    """``text`` (Markdown) as HTML for a web page (the HTML export), light theme."""
    return str(_parser(False, page=True)(text)).strip()
