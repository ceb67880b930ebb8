"""Markdown to the HTML subset QTextDocument renders: the rules live in
:mod:`chatdesk.services.markdown`, shared with the HTML export."""

from __future__ import annotations

from chatdesk.services.markdown import CODE_BG, CODE_STYLE, to_html

__all__ = ["CODE_BG", "CODE_STYLE", "to_html"]
