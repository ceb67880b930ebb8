"""The composer: role, text, Ctrl+Enter adds the message to the open chat."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services import chats
from chatdesk.services.errors import ServiceError
from chatdesk.ui import i18n
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import PlainTextEdit, named

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account
    from chatdesk.services.chats import MessageRow

TITLE_LEN = 40


class Composer(QWidget):
    """Adds a user or assistant message; with no chat open, starts one titled by the text.

    Signals:
        sent(int, int): the chat the message went to, and the message's id.
        failed(str): why a message could not be added.
    """

    sent = Signal(int, int)
    failed = Signal(str)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.user: Account | None = None
        self.chat_id = 0
        self.role = named(QComboBox(), "roleCombo")
        self.role.addItem("", "user")
        self.role.addItem("", "assistant")
        self.edit = named(PlainTextEdit(), "composerEdit")
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.fontMetrics().height() * 4 + 16)
        self.send = named(QPushButton(), "sendButton")
        side = QVBoxLayout()
        side.addWidget(self.role)
        side.addStretch(1)
        side.addWidget(self.send)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addLayout(side)
        self.send.clicked.connect(self.submit)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys),
                self.edit,
                self.submit,
                context=Qt.ShortcutContext.WidgetShortcut,
            )
        self._busy = False
        #: The edit's text when it was last submitted (taken out once stored: _take_out_sent).
        self._sent_text = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.role.setItemText(0, self.tr("User"))
        self.role.setItemText(1, self.tr("Assistant"))
        self.role.setToolTip(self.tr("Who says this message"))
        self.edit.setPlaceholderText(self.tr("Write a message… (Ctrl+Enter adds it)"))
        self.send.setText(self.tr("Add"))
        self.send.setToolTip(self.tr("Add the message to the chat (Ctrl+Enter)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_chat(self, chat_id: int) -> None:
        self.chat_id = chat_id

    def insert(self, text: str) -> None:
        """Put ``text`` (a prompt) into the composer, ready to edit."""
        self.edit.setPlainText(text)
        self.edit.setFocus()
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)

    def submit(self) -> None:
        raw = self.edit.toPlainText()
        text = raw.strip()
        if not text or self._busy or self.user is None:
            return
        self._sent_text = raw
        user, chat_id, role = self.user, self.chat_id, str(self.role.currentData())
        title = " ".join(text.split())[:TITLE_LEN]

        def work() -> MessageRow:
            if chat_id:
                return chats.add_message(user, chat_id, role, text)
            return chats.start_chat(user, title, role, text)

        self._busy = True
        self.send.setEnabled(False)
        self.tasks.run(work, self._done, self._failed, owner=self)

    def _done(self, message: MessageRow) -> None:
        self._busy = False
        self.send.setEnabled(True)
        self._take_out_sent()
        self.sent.emit(message.chat_id, message.id)

    def _take_out_sent(self) -> None:
        """Take the stored message out of the edit, and only it: what the person typed after it
        while it was being saved stays (a clear() lost it); text they changed stays whole."""
        now, sent = self.edit.toPlainText(), self._sent_text
        if not now.startswith(sent):
            return
        rest = now[len(sent) :].lstrip("\n")
        if not rest:
            self.edit.clear()
            return
        self.edit.setPlainText(rest)
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.send.setEnabled(True)
        message = error.message(i18n.current()) if isinstance(error, ServiceError) else str(error)
        self.failed.emit(message)
