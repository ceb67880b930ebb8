"""The dialog an uncaught exception brings up: it names the log that holds the traceback.

Non-modal, so the person can carry on (and a test is never blocked by it); one at a time: more
errors while it is open add to its count instead of piling up dialogs.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from chatdesk.ui.widgets import named, plain_labels


class CrashDialog(QMessageBox):
    """Says that something went wrong and where the details are; can open the log's folder."""

    def __init__(self, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "crashDialog")
        self.log_path = log_path
        self.count = 1
        self.setIcon(QMessageBox.Icon.Warning)
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Qt refuses a button without text; retranslate() sets it again on a language change
        self.open_folder = self.addButton(self.tr("Open log folder"), self.ButtonRole.ActionRole)
        self.open_folder.clicked.connect(self.show_folder)  # then the dialog closes
        self.addButton(QMessageBox.StandardButton.Close)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ChatDesk — Unexpected error"))
        self.open_folder.setText(self.tr("Open log folder"))
        self.setText(
            self.tr(
                "Something went wrong inside ChatDesk. It carries on, but what you were doing "
                "may not have finished."
            )
        )
        details = self.tr("The details were written to the log:\n%s") % self.log_path
        if self.count > 1:
            details += "\n" + self.tr("Errors since this message appeared: %d") % self.count
        self.setInformativeText(details)
        plain_labels(self)  # an error's text may quote a chat

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "open_folder"):
            self.retranslate()
        super().changeEvent(event)

    def add_one(self) -> None:
        self.count += 1
        self.retranslate()

    def show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_path.parent)))


class CrashReporter(QObject):
    """Brings up the :class:`CrashDialog` on the GUI thread, whichever thread failed.

    Signals:
        crashed(str): the log's path; emitted by :meth:`notify` from any thread, delivered
            queued to this object's (the GUI) thread.
    """

    crashed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self._broken = False
        # queued even from the GUI thread: an error while showing cannot recurse into itself
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def notify(self, log_path: Path) -> None:
        """Thread-safe: called by :mod:`chatdesk.crashlog`'s hooks."""
        if shiboken6.isValid(self):
            self.crashed.emit(str(log_path))

    def _show(self, log_path: str) -> None:
        if self._broken:
            return
        try:
            if (
                self.dialog is not None
                and shiboken6.isValid(self.dialog)
                and self.dialog.isVisible()
            ):
                self.dialog.add_one()
                return
            self.dialog = CrashDialog(Path(log_path))
            self.dialog.show()
        except Exception:  # the log has the first error: never loop on this one
            self._broken = True
            raise
