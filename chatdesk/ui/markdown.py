"""Markdown to the HTML subset QTextDocument renders, with code highlighted by Pygments.

Qt-free and thread-safe, so the worker renders a page of messages before the view sees them.
"""

from __future__ import annotations

import html
import threading
from typing import Any

import mistune
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CODE_BG = {False: "#f6f8fa", True: "#161b22"}
CODE_STYLE = {False: "default", True: "monokai"}
_local = threading.local()


class _Renderer(mistune.HTMLRenderer):
    def __init__(self, dark: bool) -> None:
        super().__init__(escape=True)
        self.dark = dark
        self.formatter = HtmlFormatter(noclasses=True, nowrap=True, style=CODE_STYLE[dark])

    def block_code(self, code: str, info: str | None = None, **attrs: Any) -> str:
        lang = (info or "").strip().split(None, 1)[0] if info else ""
        try:
            lexer = get_lexer_by_name(lang) if lang else None
        except ClassNotFound:
            lexer = None
        body = highlight(code, lexer, self.formatter) if lexer else html.escape(code)
        label = f'<p style="color:#8b949e; font-size:small">{html.escape(lang)}</p>' if lang else ""
        return (
            f'{label}<table width="100%" cellpadding="8" bgcolor="{CODE_BG[self.dark]}">'
            # pre-wrap: a line wider than the bubble wraps instead of running out of it
            f'<tr><td><pre style="margin:0; white-space:pre-wrap">{body.rstrip()}</pre>'
            "</td></tr></table>\n"
        )

    def table(self, text: str) -> str:
        grid = "#444c56" if self.dark else "#d0d7de"
        return (
            f'<table border="1" cellspacing="0" cellpadding="4" '
            f'style="border-collapse:collapse; border-color:{grid}">\n{text}</table>\n'
        )


def _parser(dark: bool) -> mistune.Markdown:
    """One parser per thread and theme (a parser keeps state while it runs)."""
    cache: dict[bool, mistune.Markdown] | None = getattr(_local, "parsers", None)
    if cache is None:
        cache = _local.parsers = {}
    if dark not in cache:
        cache[dark] = mistune.create_markdown(
            renderer=_Renderer(dark), plugins=["strikethrough", "table"]
        )
    return cache[dark]


def to_html(text: str, dark: bool = False) -> str:
    """``text`` (Markdown) as HTML for a QTextDocument."""
    return str(_parser(dark)(text)).strip()
