"""The import dialog: progress and Cancel while an import runs, then what it did."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatdesk.ui.widgets import named, plain

if TYPE_CHECKING:  # the services load on the import's thread, when first used
    from chatdesk.importers import Skipped
    from chatdesk.services.importing import ImportProgress, ImportReport
    from chatdesk.services.prompt_collections import PromptImportReport

FORMAT_NAMES = {
    "chatgpt": "ChatGPT",
    "claude": "Claude",
    "sharegpt": "ShareGPT",
    "chatdesk": "ChatDesk",
    "prompts-json": "JSON",
    "prompts-csv": "CSV",
}
STEPS = 1000  # the bar's range: bytes do not fit a QProgressBar's int


class ImportDialog(QDialog):
    """Not modal: the window stays usable while chats arrive in its list.

    Signals:
        cancel_requested(): the person pressed Cancel (or closed the dialog) during the import.
    """

    cancel_requested = Signal()

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.path = path
        self.running = True
        self.heading = plain(named(QLabel(), "importHeading"))
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.bar = named(QProgressBar(), "importProgress")
        self.bar.setRange(0, STEPS)
        self.detail = plain(named(QLabel(), "importDetail"))
        self.note = plain(named(QLabel(), "importNote"))
        self.note.setWordWrap(True)
        self.report = plain(named(QLabel(), "importReport"))
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report.hide()
        self.skipped = named(QListWidget(), "importSkippedList")
        self.skipped.setWordWrap(True)
        self.skipped.hide()
        self.cancel_button = named(QPushButton(), "importCancelButton")
        self.close_button = named(QPushButton(), "importCloseButton")
        self.close_button.hide()
        self.cancel_button.clicked.connect(self.request_cancel)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.bar, self.detail, self.note, self.report):
            layout.addWidget(widget)
        layout.addWidget(self.skipped, 100)
        layout.addStretch(1)  # keeps the labels together while the list is hidden
        layout.addLayout(buttons)
        self.setWindowTitle(self.tr("Import"))
        self.heading.setText(self.tr("Importing “%s”…") % path.name)
        self.detail.setText(self.tr("Reading the file…"))
        self.note.setText(
            self.tr(
                "Cancel stops after the current conversation. Each conversation is saved on its "
                "own: those imported before you cancel stay, and importing the file again adds "
                "only what is missing."
            )
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.close_button.setText(self.tr("Close"))
        self.resize(520, 240)

    # --- while it runs ------------------------------------------------------------------------

    def set_progress(self, done: int, total: int, conversations: int = -1) -> None:
        """``done`` of ``total`` bytes read; ``conversations`` so far (-1: not counted)."""
        if not self.running:
            return
        self.bar.setValue(int(STEPS * done / total) if total else 0)
        if conversations >= 0 and self.cancel_button.isEnabled():  # else: "Stopping…" stays
            self.detail.setText(self.tr("Conversations read: %d") % conversations)

    def show_import_progress(self, progress: ImportProgress) -> None:
        self.set_progress(progress.done, progress.total, progress.conversations)

    def request_cancel(self) -> None:
        if not self.running:
            return
        self.cancel_button.setEnabled(False)
        self.detail.setText(self.tr("Stopping after the current conversation…"))
        self.cancel_requested.emit()

    def dismiss(self) -> None:
        """Close without a report (the window closes, or a restore begins)."""
        self.running = False
        self.close()

    def reject(self) -> None:  # Esc
        if self.running:
            self.request_cancel()
        else:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            self.request_cancel()
            event.ignore()
        else:
            super().closeEvent(event)

    # --- the outcome --------------------------------------------------------------------------

    def _finish(self, title: str, heading: str, text: str, skipped: list[Skipped]) -> None:
        self.running = False
        self.setWindowTitle(title)
        self.heading.setText(heading)
        self.bar.hide()
        self.detail.hide()
        self.note.hide()
        self.report.setText(text)
        self.report.show()
        if skipped:
            self.skipped.clear()
            self.skipped.addItems([f"{s.name}: {s.reason}" for s in skipped])
            self.skipped.show()
            self.resize(max(self.width(), 620), max(self.height(), 420))
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def show_report(self, report: ImportReport) -> None:
        formats = ", ".join(FORMAT_NAMES.get(f, f) for f in report.formats) or "—"
        if report.cancelled:
            heading = self.tr("Import cancelled")
            first = self.tr(
                "Conversations read before stopping: %d (%s). What was imported is kept: import "
                "the file again to add the rest, nothing is duplicated."
            ) % (report.conversations, formats)
        else:
            heading = self.tr("Imported “%s”") % self.path.name
            first = self.tr("Conversations read: %d (%s).") % (report.conversations, formats)
        lines = [
            first,
            self.tr("New chats: %d") % report.chats_added,
            self.tr("Updated chats (new messages): %d") % report.chats_updated,
            self.tr("Already imported, unchanged: %d") % report.unchanged,
            self.tr("Left out, malformed: %d") % len(report.skipped),
            self.tr("Messages added: %d") % report.messages_added,
        ]
        if report.skipped:
            lines.append("\n" + self.tr("The conversations left out, and why:"))
        title = heading if report.cancelled else self.tr("Import finished")
        self._finish(title, heading, "\n".join(lines), report.skipped)

    def show_prompt_report(self, report: PromptImportReport) -> None:
        if report.cancelled:
            heading = self.tr("Import cancelled")
        else:
            heading = self.tr("Imported “%s” into the prompt gallery") % self.path.name
        lines = [
            self.tr("Prompts read: %d") % report.read,
            self.tr("Added: %d") % report.added,
            self.tr("Already in the gallery: %d") % report.duplicates,
            self.tr("Left out, malformed: %d") % len(report.invalid),
        ]
        title = heading if report.cancelled else self.tr("Import finished")
        self._finish(title, heading, "\n".join(lines), report.invalid)

    def show_error(self, text: str) -> None:
        self._finish(
            self.tr("Import failed"),
            self.tr("Could not import “%s”") % self.path.name,
            text + "\n\n" + self.tr("Conversations imported before the problem, if any, are kept."),
            [],
        )
