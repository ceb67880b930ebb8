"""The Add (and Edit) prompt dialog: title and text, errors (a title that exists) shown inline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services import prompts
from chatdesk.services.errors import ServiceError
from chatdesk.services.prompts import PromptRow
from chatdesk.ui import i18n, theme
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import PlainTextEdit, named, plain

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account


class AddPromptDialog(QDialog):
    """Adds a prompt, or with ``editing`` changes that one's title and text.

    Signals:
        added(object): the new (or changed) :class:`~chatdesk.services.prompts.PromptRow`.
    """

    added = Signal(object)

    def __init__(
        self,
        tasks: Tasks,
        parent: QWidget | None = None,
        editing: PromptRow | None = None,
        user: Account | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editPromptDialog" if editing else "addPromptDialog")
        self.tasks = tasks
        self.editing = editing
        self.user = user
        self.setWindowTitle(self.tr("Edit prompt") if editing else self.tr("Add a prompt"))
        self.title = named(QLineEdit(), "promptTitleEdit")
        self.text = named(PlainTextEdit(), "promptTextEdit")
        self.title.setPlaceholderText(self.tr("A short name, e.g. “Code review”"))
        self.text.setPlaceholderText(self.tr("The prompt itself, as you would send it…"))
        self.error = plain(named(QLabel(), "promptErrorLabel"))
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Text"), self.text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if editing is not None:
            self.title.setText(editing.title)
            self.text.setPlainText(editing.text)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.resize(480, 320)

    def save(self) -> None:
        title, text = self.title.text().strip(), self.text.toPlainText().strip()
        self.buttons.setEnabled(False)
        editing, user = self.editing, self.user
        if editing is None:
            job = lambda: prompts.add_prompt(title, text)  # noqa: E731
        else:
            job = lambda: prompts.update_prompt(editing.id, title, text, user=user)  # noqa: E731
        self.tasks.run(job, self._saved, self._failed, owner=self)

    def _saved(self, prompt: PromptRow) -> None:
        self.added.emit(prompt)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        text = error.message(i18n.current()) if isinstance(error, ServiceError) else str(error)
        self.error.setText(text)
        self.error.setStyleSheet(f"color: {theme.current().error};")
        self.error.show()
