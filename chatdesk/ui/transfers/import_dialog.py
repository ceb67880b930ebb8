"""The import dialog: progress and Cancel while an import runs, then what it did (for several
files, file by file)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

from chatdesk.ui.widgets import fill, named, plain

if TYPE_CHECKING:  # the services load on the import's thread, when first used
    from chatdesk.importers import Skipped
    from chatdesk.services.importing import ImportProgress, ImportReport
    from chatdesk.services.prompt_collections import PromptImportReport
    from chatdesk.ui.transfers.controller import FileOutcome

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

    def __init__(self, paths: Path | Sequence[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.paths = [paths] if isinstance(paths, Path) else list(paths)
        self.path = self.paths[0]
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
        if len(self.paths) == 1:
            self.heading.setText(self.tr("Importing “%s”…") % self.path.name)
        else:
            self.heading.setText(self.tr("Importing %n files…", "", len(self.paths)))
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

    def show_file_progress(self, index: int, progress: ImportProgress) -> None:
        """Several files: the ``index``-th is at ``progress``; the bar shows all of them."""
        if not self.running:
            return
        count = len(self.paths)
        self.heading.setText(
            fill(
                self.tr("Importing “%1” (file %2 of %3)…"),
                self.paths[index].name,
                str(index + 1),
                str(count),
            )
        )
        part = progress.done / progress.total if progress.total else 0.0
        self.bar.setValue(int(STEPS * (index + part) / count))
        if progress.conversations >= 0 and self.cancel_button.isEnabled():
            self.detail.setText(self.tr("Conversations read: %d") % progress.conversations)

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

    def _finish(
        self, title: str, heading: str, text: str, skipped: Sequence[Skipped | str]
    ) -> None:
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
            self.skipped.addItems(
                [s if isinstance(s, str) else f"{s.name}: {s.reason}" for s in skipped]
            )
            self.skipped.show()
            self.resize(max(self.width(), 620), max(self.height(), 420))
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def show_report(self, report: ImportReport) -> None:
        from chatdesk.services.importing import found_by_format  # loaded: it imported

        # per format, as the person names it: "DeepSeek: 212, Claude: 3" (issue 22)
        found = found_by_format(report)
        formats = (
            ", ".join(f"{name}: {n}" for name, n in found)
            or ", ".join(FORMAT_NAMES.get(f, f) for f in report.formats)
            or "—"
        )
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
        ]
        if report.repeated:
            lines.append(self.tr("Repeated in the file: %d") % report.repeated)
        lines += [
            self.tr("Left out, malformed: %d") % len(report.skipped),
            self.tr("Messages added: %d") % report.messages_added,
        ]
        if report.messages_cut:
            lines.append(
                self.tr("Messages cut to 1,000,000 characters (a note at their end): %d")
                % report.messages_cut
            )
        if report.controls_removed:
            lines.append(self.tr("Control characters removed: %d") % report.controls_removed)
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
        if report.controls_removed:
            lines.append(self.tr("Control characters removed: %d") % report.controls_removed)
        title = heading if report.cancelled else self.tr("Import finished")
        self._finish(title, heading, "\n".join(lines), report.invalid)

    def show_error(self, text: str) -> None:
        self._finish(
            self.tr("Import failed"),
            self.tr("Could not import “%s”") % self.path.name,
            text + "\n\n" + self.tr("Conversations imported before the problem, if any, are kept."),
            [],
        )

    def show_file_reports(
        self, outcomes: list[FileOutcome], describe: Callable[[BaseException], str]
    ) -> None:
        """Several files: the totals, then each file's line in the list (what it added, or why
        it was not imported), the conversations it left out under it."""
        from chatdesk.services.importing import ImportReport

        chats = [o.report for o in outcomes if isinstance(o.report, ImportReport)]
        prompts: list[Any] = [
            o.report
            for o in outcomes
            if o.report is not None and not isinstance(o.report, ImportReport)
        ]
        cancelled = any(o.report is None and o.error is None for o in outcomes) or any(
            getattr(o.report, "cancelled", False) for o in outcomes
        )
        done = sum(1 for o in outcomes if o.report is not None)
        rows: list[str] = []
        for outcome in outcomes:
            rows += self._file_rows(outcome, describe)
        lines = [
            self.tr("New chats: %d") % sum(r.chats_added for r in chats),
            self.tr("Updated chats (new messages): %d") % sum(r.chats_updated for r in chats),
            self.tr("Messages added: %d") % sum(r.messages_added for r in chats),
        ]
        if prompts:
            added = sum(int(r.added) for r in prompts)
            lines.append(self.tr("Prompts added to the gallery: %d") % added)
        failed = sum(1 for o in outcomes if o.error is not None)
        if failed:
            lines.append(self.tr("Files not imported: %d") % failed)
        lines.append("\n" + self.tr("File by file:"))
        count = len(outcomes)
        if cancelled:
            heading = self.tr("Import cancelled")
            lines.insert(0, self.tr("What was imported is kept: import again to add the rest."))
        elif done == count:
            heading = self.tr("Imported %n files", "", count)
        else:
            heading = fill(self.tr("Imported %1 of %2 files"), str(done), str(count))
        title = heading if cancelled else self.tr("Import finished")
        self._finish(title, heading, "\n".join(lines), rows)

    def _file_rows(
        self, outcome: FileOutcome, describe: Callable[[BaseException], str]
    ) -> list[str]:
        """One file's line in the report's list, and the conversations it left out, indented."""
        from chatdesk.services.importing import ImportReport

        name, report = outcome.path.name, outcome.report
        if outcome.error is not None:
            return [fill(self.tr("%1 — not imported: %2"), name, describe(outcome.error))]
        if report is None:
            return [fill(self.tr("%1 — not imported: the import was cancelled before it"), name)]
        if isinstance(report, ImportReport):
            line = fill(
                self.tr(
                    "%1 — new chats: %2, updated: %3, unchanged: %4, left out: %5, "
                    "messages added: %6"
                ),
                name,
                *(
                    str(n)
                    for n in (
                        report.chats_added,
                        report.chats_updated,
                        report.unchanged,
                        len(report.skipped),
                        report.messages_added,
                    )
                ),
            )
            left_out = report.skipped
        else:
            line = fill(
                self.tr("%1 — prompts added to the gallery: %2, already there: %3, left out: %4"),
                name,
                *(str(n) for n in (report.added, report.duplicates, len(report.invalid))),
            )
            left_out = report.invalid
        if report.cancelled:
            line += " " + self.tr("(cancelled part way: what was read before is kept)")
        return [line] + [f"    {s.name}: {s.reason}" for s in left_out]
