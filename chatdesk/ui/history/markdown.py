"""Markdown to the HTML subset QTextDocument renders: the rules live in
:mod:`chatdesk.services.markdown`, shared with the HTML export. Here too: the documents that
show a message, which resolve no resource.

A message's HTML is never given to a plain ``QTextDocument`` or ``QTextBrowser``: those read
the file an ``<img src>`` names as they lay the text out (``/dev/zero`` exhausted the memory, a
FIFO hung the GUI thread for good). :class:`MessageDocument` and :class:`MessageBrowser` load
nothing: every image resolves to an empty placeholder (an image that resolves to nothing, Qt
then reads from its path itself), every other resource to nothing. The renderer itself writes a
message's images as their alt text and address, so a placeholder shows only for HTML the
renderer would never emit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from chatdesk.services.markdown import CODE_BG, CODE_STYLE, to_html

__all__ = ["CODE_BG", "CODE_STYLE", "MessageBrowser", "MessageDocument", "to_html"]


def no_resource(kind: int) -> Any:
    """What a message's document gets for any resource it names: for an image a 1×1 empty one
    (given nothing, Qt's image handler would load the path itself), else nothing."""
    if kind == QTextDocument.ResourceType.ImageResource.value:
        image = QImage(1, 1, QImage.Format.Format_ARGB32)
        image.fill(0)
        return image
    return None


class MessageDocument(QTextDocument):
    """A text document that reads no file and fetches no URL for an image or style sheet."""

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return no_resource(type)


class MessageBrowser(QTextBrowser):
    """A text browser that reads no file and fetches no URL for its document's resources, nor
    follows a link (a link in a message is text to read, not a way to open a file)."""

    def __init__(self) -> None:
        super().__init__()
        self.setDocument(MessageDocument(self))
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return no_resource(type)
