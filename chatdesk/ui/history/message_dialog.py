"""One message in a window of its own, rendered, where any part of it can be selected."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from chatdesk.ui.history.markdown import MessageBrowser
from chatdesk.ui.widgets import PlainTextEdit, named


class MessageDialog(QDialog):
    """Shows ``content``, a message's rendered HTML, in a selectable, read-only browser; with
    ``plain``, ``content`` is the message's text, shown as it is (a message too long to render
    at once: a plain text view lays out only the lines on screen)."""

    def __init__(
        self, title: str, content: str, parent: QWidget | None = None, *, plain: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("messageDialog")
        self.setWindowTitle(title)
        self.browser: MessageBrowser | QPlainTextEdit
        if plain:
            self.browser = named(PlainTextEdit(), "messageText")
            self.browser.setReadOnly(True)
            self.browser.setPlainText(content)
        else:
            self.browser = named(MessageBrowser(), "messageBrowser")  # loads no resource
            self.browser.setHtml(content)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 480)
