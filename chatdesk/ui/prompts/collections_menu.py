"""The gallery's Import prompts… / Export gallery… menu.

Choosing a file (:meth:`choose_import`, :meth:`choose_export`) is kept apart from the work
(:meth:`import_from`, :meth:`export_to`), which runs on the Tasks worker: tests and other callers
pass a path and never see a file dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from chatdesk.services.prompt_collections import (
    PromptImportReport,
    export_prompts,
    import_prompts,
)
from chatdesk.ui.tasks import Tasks, error_text
from chatdesk.ui.widgets import message_box, named

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account

# At most this many refused rows are listed in the import summary's details.
DETAIL_LINES = 200


class PromptCollectionsMenu(QMenu):
    """Import a prompt collection (CSV ``act,prompt`` or a JSON list) or export the gallery.

    Signals:
        status(str): a line for the person: what is running, or what an export wrote ("" to
            clear it).
        imported(object): the :class:`PromptImportReport` of a finished import.
        exported(int): how many prompts an export wrote.
    """

    status = Signal(str)
    imported = Signal(object)
    exported = Signal(int)

    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user: Account | None = None  # whose favourites a collection marks, in and out
        self.setObjectName("promptCollectionsMenu")
        self.tasks = tasks
        self.import_action = named(QAction(self), "importPromptsAction")
        self.export_action = named(QAction(self), "exportPromptsAction")
        self.import_action.triggered.connect(self.choose_import)
        self.export_action.triggered.connect(self.choose_export)
        self.addActions([self.import_action, self.export_action])
        self.summary: QMessageBox | None = None
        self._running = False
        self.retranslate()

    def retranslate(self) -> None:
        self.import_action.setText(self.tr("Import prompts…"))
        self.import_action.setToolTip(
            self.tr("Add the prompts of a CSV (act,prompt) or JSON collection to the gallery")
        )
        self.export_action.setText(self.tr("Export gallery…"))
        self.export_action.setToolTip(self.tr("Save every prompt as CSV or JSON"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _filters(self) -> tuple[str, str, str]:
        return (
            self.tr("JSON list (*.json)"),
            self.tr("CSV act,prompt (*.csv)"),
            self.tr("All files (*)"),
        )

    # --- choosing a file -----------------------------------------------------------------------

    def choose_import(self) -> None:
        json_filter, csv_filter, all_filter = self._filters()
        path, _ = QFileDialog.getOpenFileName(
            self.parentWidget(),
            self.tr("Import prompts"),
            "",
            ";;".join(
                (self.tr("Prompt collections (*.csv *.json)"), csv_filter, json_filter, all_filter)
            ),
        )
        if path:
            self.import_from(Path(path))

    def choose_export(self) -> None:
        json_filter, csv_filter, _ = self._filters()
        path, chosen = QFileDialog.getSaveFileName(
            self.parentWidget(),
            self.tr("Export gallery"),
            "prompts.json",
            ";;".join((json_filter, csv_filter)),
        )
        if path:
            self.export_to(Path(path), "csv" if chosen == csv_filter else "json")

    # --- the work ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether an import or export is under way."""
        return self._running

    def _start(self, status: str) -> bool:
        if self._running:
            return False
        self._running = True
        self.import_action.setEnabled(False)
        self.export_action.setEnabled(False)
        self.status.emit(status)
        return True

    def _stop(self) -> None:
        self._running = False
        self.import_action.setEnabled(True)
        self.export_action.setEnabled(True)
        self.status.emit("")

    def import_from(self, path: Path) -> None:
        """Import the collection at ``path`` in the background, then show a summary."""
        if not self._start(self.tr("Importing prompts from %s…") % path.name):
            return
        user = self.user
        self.tasks.run(
            lambda: import_prompts(path, user=user),
            lambda report: self._imported(path, report),
            lambda error: self._failed(self.tr("Could not import %s") % path.name, error),
            owner=self,
        )

    def export_to(self, path: Path, fmt: str | None = None) -> None:
        """Write the gallery to ``path`` as ``fmt`` ("csv" or "json"; by default from the
        suffix, JSON when it is neither). The name gets the format's suffix when it has none or
        the other format's (the save dialog's filter chose CSV, the name still says .json)."""
        fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "json")
        if path.suffix.lower() in ("", ".csv", ".json"):
            path = path.with_suffix(f".{fmt}")
        if not self._start(self.tr("Exporting the gallery to %s…") % path.name):
            return
        user = self.user
        self.tasks.run(
            lambda: export_prompts(path, fmt, user),
            lambda count: self._exported(path, count),
            lambda error: self._failed(self.tr("Could not export to %s") % path.name, error),
            owner=self,
        )

    def _imported(self, path: Path, report: PromptImportReport) -> None:
        self._stop()
        text = self.tr(
            "{name}: {added} added, {duplicates} skipped as duplicates, {errors} with errors."
        ).format(
            name=path.name,
            added=report.added,
            duplicates=report.duplicates,
            errors=len(report.invalid),
        )
        details = "\n".join(f"{s.name}: {s.reason}" for s in report.invalid[:DETAIL_LINES])
        if len(report.invalid) > DETAIL_LINES:
            details += "\n" + self.tr("… and %d more") % (len(report.invalid) - DETAIL_LINES)
        icon = QMessageBox.Icon.Warning if report.invalid else QMessageBox.Icon.Information
        self._show(icon, self.tr("Prompts imported"), text, details)
        self.imported.emit(report)

    def _exported(self, path: Path, count: int) -> None:
        self._stop()
        text = self.tr("Exported {count} prompts to {name}").format(count=count, name=path.name)
        self.status.emit(text)
        self.exported.emit(count)

    def _failed(self, what: str, error: BaseException) -> None:
        self._stop()
        self._show(QMessageBox.Icon.Warning, what, error_text(error), "")

    def _show(self, icon: QMessageBox.Icon, title: str, text: str, details: str) -> None:
        """A window-modal message that does not block (tests read it, then close it)."""
        if self.summary is not None and shiboken6.isValid(self.summary):
            self.summary.close()
        ok = QMessageBox.StandardButton.Ok
        box = message_box(icon, title, text, ok, self.parentWidget())
        box.setObjectName("promptSummaryBox")
        if details:
            box.setDetailedText(details)
        box.finished.connect(box.deleteLater)
        self.summary = box
        box.open()
