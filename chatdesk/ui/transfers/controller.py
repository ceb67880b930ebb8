"""The File menu's transfers: import, export, back up, restore.

Each choice is two steps: ``choose_*`` asks for a file (a file dialog), then ``import_file``,
``export_to``, ``backup_to`` or ``confirm_restore`` does the work with that path, so tests and
scripts drive the second step directly. The work runs on a :class:`BackgroundJob` thread through
the same services the command line uses (:mod:`chatdesk.cli_transfer`). Those are imported when
first used, on the job's thread: the main window is built while the login window waits, a module
at a time, and must not stall it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QDir, QEvent, QObject, QStandardPaths, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from chatdesk.services.chat_filter import DEFAULT, NO_FOLDER, ChatFilter
from chatdesk.services.errors import ServiceError
from chatdesk.ui.tasks import BackgroundJob, Cancelled, Progress, error_text
from chatdesk.ui.transfers.import_dialog import ImportDialog
from chatdesk.ui.transfers.import_errors import import_error_text
from chatdesk.ui.widgets import menu_text, message_box

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account

# The export format each file suffix names.
EXPORT_SUFFIXES = {".md": "md", ".markdown": "md", ".json": "json", ".html": "html", ".htm": "html"}
# How long closing the window waits for a cancelled transfer to stop (it stops after the
# conversation or chat in hand, normally within milliseconds).
STOP_TIMEOUT_S = 30.0
# What a folder chosen to import gives, when it is not an unpacked export (which is read as one
# input): each of its files of these kinds, imported and reported one by one.
IMPORT_SUFFIXES = (".json", ".zip", ".csv")
# The conversation files an unpacked export folder holds (as importers/sources.py reads them).
EXPORT_FOLDER_FILE = re.compile(r"conversations(-\d+)?\.json", re.IGNORECASE)


@dataclass(frozen=True)
class FileOutcome:
    """What one input of an import of several did: its report (an ``ImportReport`` or a
    ``PromptImportReport``), or the error that stopped it, or nothing (``None`` both: not
    reached, the import was cancelled before it)."""

    path: Path
    report: Any = None
    error: BaseException | None = None


def import_inputs(paths: list[Path]) -> list[Path]:
    """The inputs an import of ``paths`` reads, in order, each once: a file as it is; a folder
    holding an unpacked export (``conversations*.json``) as one input; any other folder as its
    files of :data:`IMPORT_SUFFIXES` (not hidden, by name; not its sub-folders)."""
    inputs: list[Path] = []
    for path in paths:
        if path.is_dir() and not any(
            EXPORT_FOLDER_FILE.fullmatch(p.name) for p in path.iterdir() if p.is_file()
        ):
            inputs += sorted(
                (
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and not p.name.startswith(".")
                    and p.suffix.lower() in IMPORT_SUFFIXES
                ),
                key=lambda p: p.name.casefold(),
            )
        else:
            inputs.append(path)
    return list(dict.fromkeys(inputs))


def plain_label(text: str) -> str:
    """A menu entry's text as a window title: without its mnemonic (``&x``, or ``(&X)`` as the
    Chinese entries write it) and its trailing "…"."""
    text = re.sub(r"\(&[^&]\)", "", text)
    return re.sub(r"&(.)", r"\1", text).rstrip("…").strip()


def export_target(path: str, chosen_filter: str) -> tuple[Path, str]:
    """The file and format a save dialog's answer names: the typed suffix wins, else the chosen
    filter's (``… (*.html)``), whose suffix is then added."""
    target = Path(path)
    fmt = EXPORT_SUFFIXES.get(target.suffix.lower())
    if fmt is not None:
        return target, fmt
    suffix = chosen_filter.rpartition("*")[2].rstrip(")").strip() or ".md"
    return target.with_name(target.name + suffix), EXPORT_SUFFIXES.get(suffix, "md")


class Transfers(QObject):
    """Owns the File menu's transfer actions and the jobs they start, for one main window.

    Signals:
        status(str): a message for the status bar.
        restore_requested(object): the person confirmed replacing all data with the backup at
            this :class:`~pathlib.Path`; the app stops its server and worker and restores.
    """

    status = Signal(str)
    restore_requested = Signal(object)

    def __init__(
        self,
        window: QWidget,
        user: Callable[[], Account | None],
        selected: Callable[[], list[int]],
    ) -> None:
        super().__init__(window)
        self.window = window
        self._user = user
        self._selected = selected
        self.jobs: set[BackgroundJob] = set()
        self.import_dialog: ImportDialog | None = None
        self.import_job: BackgroundJob | None = None
        self.message: QMessageBox | None = None
        self.import_action = QAction(window)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.choose_import)
        self.import_folder_action = QAction(window)
        self.import_folder_action.triggered.connect(self.choose_import_folder)
        self.file_dialog: QFileDialog | None = None
        self.export_action = QAction(window)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(lambda: self.choose_export(every=False))
        self.export_all_action = QAction(window)
        self.export_all_action.triggered.connect(lambda: self.choose_export(every=True))
        # the chats of the folder, tag or archive the list shows (set_view)
        self.export_view_action = QAction(window)
        self.export_view_action.setEnabled(False)
        self.export_view_action.triggered.connect(self.choose_export_view)
        self._view: ChatFilter = DEFAULT
        self._view_label = ""
        self.backup_action = QAction(window)
        self.backup_action.triggered.connect(self.choose_backup)
        self.restore_action = QAction(window)
        self.restore_action.triggered.connect(self.choose_restore)
        for action, name in (
            (self.import_action, "importAction"),
            (self.import_folder_action, "importFolderAction"),
            (self.export_action, "exportAction"),
            (self.export_all_action, "exportAllAction"),
            (self.export_view_action, "exportViewAction"),
            (self.backup_action, "backupAction"),
            (self.restore_action, "restoreAction"),
        ):
            action.setObjectName(name)
        window.installEventFilter(self)
        self.retranslate()

    def actions(self) -> list[list[QAction]]:
        """The File menu's groups: import and export; backup and restore."""
        return [
            [
                self.import_action,
                self.import_folder_action,
                self.export_action,
                self.export_view_action,
                self.export_all_action,
            ],
            [self.backup_action, self.restore_action],
        ]

    def retranslate(self) -> None:
        self.import_action.setText(self.tr("&Import chats…"))
        self.import_folder_action.setText(self.tr("Import chats from a &folder…"))
        self.export_action.setText(self.tr("&Export selected chats…"))
        self.export_all_action.setText(self.tr("Export &all chats…"))
        self.export_view_action.setText(self._view_text())
        self.backup_action.setText(self.tr("&Back up…"))
        self.restore_action.setText(self.tr("&Restore from backup…"))

    # --- shutdown -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    def stop(self) -> None:
        """Cancel every transfer and wait for its thread (the window closes, or a restore
        begins): an import stops after its current conversation, keeping what it finished."""
        for job in list(self.jobs):
            job.cancel()
        for job in list(self.jobs):
            job.wait(STOP_TIMEOUT_S)
        dialog = self.import_dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.running:
            dialog.dismiss()  # its report would come after the window is gone

    @property
    def busy(self) -> bool:
        return any(job.running for job in self.jobs)

    def _job(self, fn: Callable[[Progress, Cancelled], Any], name: str) -> BackgroundJob:
        """A job to connect to, then start (a fast one may end before a late connection)."""
        job = BackgroundJob(fn, name, self)
        self.jobs.add(job)
        job.succeeded.connect(lambda _: self._forget(job))
        job.failed.connect(lambda _: self._forget(job))
        return job

    def _forget(self, job: BackgroundJob) -> None:
        # Not deleteLater(): deleting the job drops the calls still queued for its other slots
        # (measured with PySide6 6.12). A finished job is a small QObject; the window owns it.
        self.jobs.discard(job)

    # --- messages -----------------------------------------------------------------------------

    def describe(self, error: BaseException) -> str:
        """What to tell the person about a failed transfer (never a traceback)."""
        from chatdesk.importers import InputError
        from chatdesk.services.backup import BackupError

        if isinstance(error, ServiceError):
            return error_text(error)
        if isinstance(error, InputError):
            return import_error_text(error)
        if isinstance(error, BackupError):
            return str(error)
        if isinstance(error, OSError):
            where = f"{error.filename}: " if error.filename else ""
            return where + (error.strerror or str(error))
        return self.tr("Unexpected error (%s): %s") % (type(error).__name__, error)

    def show_message(self, title: str, text: str, warning: bool = True) -> QMessageBox:
        """A message box that does not block (``open``), kept in ``self.message``."""
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = message_box(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("transferMessage")
        box.finished.connect(box.deleteLater)
        self.message = box
        box.open()
        return box

    def _folder(self) -> str:
        """Where the file dialogs start: Documents if it exists, else home (a folder that does
        not exist would show up as the proposed file name)."""
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return documents if documents and Path(documents).is_dir() else QDir.homePath()

    # --- import -------------------------------------------------------------------------------

    def choose_import(self) -> None:
        """The files to import (one or several: each is imported and reported)."""
        self._ask_import(
            self.tr("Import chats"),
            QFileDialog.FileMode.ExistingFiles,
            [
                self.tr("Chat exports and sessions (*.json *.jsonl *.zip *.html *.md *.vscdb)"),
                self.tr("Prompt collections (*.json *.csv)"),
                self.tr("All files (*)"),
            ],
        )

    def choose_import_folder(self) -> None:
        """A folder to import: an unpacked export, or a folder of exports (see
        :func:`import_inputs`)."""
        self._ask_import(self.tr("Import chats from a folder"), QFileDialog.FileMode.Directory, [])

    def _ask_import(self, title: str, mode: QFileDialog.FileMode, filters: list[str]) -> None:
        """A file dialog (not blocking: ``open``) whose choice, every name typed or picked in
        it, goes to :meth:`import_files`."""
        if self.file_dialog is not None and shiboken6.isValid(self.file_dialog):
            self.file_dialog.close()
        dialog = self.file_dialog = QFileDialog(self.window, title, self._folder())
        dialog.setObjectName("importFileDialog")
        dialog.setFileMode(mode)
        if filters:
            dialog.setNameFilters(filters)
        if mode == QFileDialog.FileMode.Directory:
            dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.filesSelected.connect(lambda chosen: self.import_files([Path(f) for f in chosen]))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def import_file(self, path: Path) -> ImportDialog | None:
        """Import the export (or prompt collection, or folder) at ``path``: see
        :meth:`import_files`."""
        return self.import_files([path])

    def import_files(self, paths: list[Path]) -> ImportDialog | None:
        """Import the exports (or prompt collections) at ``paths`` on a thread of their own,
        one after the other, with a progress dialog that ends as the report: one input's as
        before, several inputs' file by file (a file that fails is reported and the next one
        imported)."""
        user = self._user()
        if user is None or not paths:
            return None
        if self.import_job is not None and self.import_job.running:
            self.status.emit(self.tr("An import is already running"))
            if self.import_dialog is not None and shiboken6.isValid(self.import_dialog):
                self.import_dialog.raise_()
            return None
        try:
            inputs = import_inputs(paths)
        except OSError as error:  # a folder that cannot be listed
            self.show_message(self.tr("Import failed"), self.describe(error))
            return None
        if not inputs:  # a folder with nothing to import in it
            self.show_message(
                self.tr("Import failed"),
                self.tr("“%s” holds no file to import (.json, .zip or .csv).") % paths[0].name,
            )
            return None

        def one(path: Path, progress: Progress, cancelled: Cancelled) -> Any:
            from chatdesk.services.importing import ImportProgress, import_chats, input_kind
            from chatdesk.services.prompt_collections import import_prompts

            if input_kind(path) == "prompts":
                return import_prompts(
                    path,
                    user=user,
                    progress=lambda done, total: progress(ImportProgress(done, total, -1)),
                    cancel=cancelled,
                )
            return import_chats(user, path, progress=progress, cancel=cancelled)

        def several(progress: Progress, cancelled: Cancelled) -> list[FileOutcome]:
            from chatdesk.importers import InputError

            outcomes: list[FileOutcome] = []
            for n, path in enumerate(inputs):
                if cancelled():
                    outcomes.append(FileOutcome(path))
                    continue

                def file_progress(value: object, n: int = n) -> None:
                    progress((n, value))  # which file, and how far in it

                try:
                    report = one(path, file_progress, cancelled)
                except (InputError, ServiceError, OSError) as error:  # this file's: the next
                    outcomes.append(FileOutcome(path, error=error))
                else:
                    outcomes.append(FileOutcome(path, report))
            return outcomes

        if self.import_dialog is not None and shiboken6.isValid(self.import_dialog):
            self.import_dialog.close()  # the last report, if still open
        dialog = self.import_dialog = ImportDialog(inputs, self.window)
        if len(inputs) == 1:
            job = self.import_job = self._job(lambda p, c: one(inputs[0], p, c), "import")
            job.progress.connect(dialog.show_import_progress)
            job.succeeded.connect(lambda report: self._imported(dialog, report))
        else:
            job = self.import_job = self._job(several, "import")
            job.progress.connect(lambda p: dialog.show_file_progress(*p))
            job.succeeded.connect(lambda outcomes: self._imported_several(dialog, outcomes))
        dialog.cancel_requested.connect(job.cancel)
        job.failed.connect(lambda error: self._import_failed(dialog, error))
        dialog.finished.connect(dialog.deleteLater)
        job.start()
        dialog.show()  # not modal: the window stays usable, and fills with the imported chats
        return dialog

    def _imported_several(self, dialog: ImportDialog, outcomes: list[FileOutcome]) -> None:
        from chatdesk.services.importing import ImportReport

        if not shiboken6.isValid(dialog) or not dialog.running:
            return  # dismissed: the window closed meanwhile
        dialog.show_file_reports(outcomes, self.describe)
        reports = [o.report for o in outcomes if isinstance(o.report, ImportReport)]
        self.status.emit(
            self.tr("Import finished. New chats: %d, updated: %d")
            % (sum(r.chats_added for r in reports), sum(r.chats_updated for r in reports))
        )

    def _import_failed(self, dialog: ImportDialog, error: BaseException) -> None:
        if shiboken6.isValid(dialog) and dialog.running:
            dialog.show_error(self.describe(error))

    def _imported(self, dialog: ImportDialog, report: Any) -> None:
        from chatdesk.services.importing import ImportReport

        if not shiboken6.isValid(dialog) or not dialog.running:
            return  # dismissed: the window closed meanwhile
        if isinstance(report, ImportReport):
            dialog.show_report(report)
            if report.cancelled:
                self.status.emit(
                    self.tr("Import cancelled. New chats kept: %d") % report.chats_added
                )
            else:
                self.status.emit(
                    self.tr("Import finished. New chats: %d, updated: %d")
                    % (report.chats_added, report.chats_updated)
                )
        else:
            dialog.show_prompt_report(report)
            self.status.emit(self.tr("Added %d prompts to the gallery") % report.added)

    # --- export -------------------------------------------------------------------------------

    def choose_export(self, every: bool = False) -> None:
        chat_ids = [] if every else self._selected()
        if not every and not chat_ids:
            self.status.emit(self.tr("Select a chat to export first"))
            return
        stamp = dt.date.today().isoformat()
        name = f"chatdesk-{'all-' if every else ''}{stamp}.md"
        if every:
            title = self.tr("Export all chats")
        elif len(chat_ids) == 1:
            title = self.tr("Export chat")
        else:
            title = self.tr("Export %n chats", "", len(chat_ids))
        chosen = self._export_path(title, name)
        if chosen is not None:
            self.export_to(*chosen, chat_ids)

    def _export_path(self, title: str, name: str) -> tuple[Path, str] | None:
        """The file and format the person chooses in the save dialog (``name`` offered in the
        last folder used), or None when they cancel."""
        path, chosen = QFileDialog.getSaveFileName(
            self.window,
            title,
            str(Path(self._folder()) / name),
            ";;".join(
                [
                    self.tr("Markdown (*.md)"),
                    self.tr("JSON, can be imported again (*.json)"),
                    self.tr("Web page (*.html)"),
                ]
            ),
        )
        return export_target(path, chosen) if path else None

    # --- export of a folder, a tag or the archive ---------------------------------------------

    def set_view(self, where: ChatFilter, label: str = "") -> None:
        """What the chat list shows (the folder tree's choice, named ``label``): the File menu's
        "Export this folder…" exports it, if it is a folder, a tag, the archive or the chats in
        no folder."""
        self._view, self._view_label = where, label
        self.export_view_action.setEnabled(self.view_filter() is not None)
        self.export_view_action.setText(self._view_text())

    def view_filter(self) -> ChatFilter | None:
        """The chats "Export this folder…" writes: the view's, archived ones included (as the
        command line's ``--folder`` and ``--tag``), except for the archive itself; None when the
        list shows every chat."""
        where = self._view
        if where.archived:
            return where
        if where.folder_id is None and not where.tag_ids:
            return None
        return replace(where, archived=None)

    def _view_text(self) -> str:
        where, name = self._view, menu_text(self._view_label)
        if where.archived:
            return self.tr("Export the arc&hive…")
        if where.folder_id == NO_FOLDER:
            return self.tr("Export the chats in &no folder…")
        if where.folder_id is not None:
            return self.tr("Export &this folder (%s)…") % name
        if where.tag_ids:
            return self.tr("Export the chats &tagged %s…") % name
        return self.tr("Export &this folder…")

    def choose_export_view(self) -> None:
        if self.view_filter() is None:
            self.status.emit(self.tr("Choose a folder, tag or the archive to export first"))
            return
        stamp = dt.date.today().isoformat()
        label = "".join(ch if ch.isalnum() else "-" for ch in self._view_label).strip("-")
        name = f"chatdesk-{label or 'view'}-{stamp}.md"
        chosen = self._export_path(plain_label(self.export_view_action.text()), name)
        if chosen is not None:
            self.export_view_to(*chosen)

    def export_view_to(self, target: Path, fmt: str) -> BackgroundJob | None:
        """Write the chats of the list's folder, tag or archive (:meth:`view_filter`) to
        ``target`` as ``fmt``; a folder or tag deleted meanwhile is an error, and no file."""
        where = self.view_filter()
        if where is None:
            return None
        return self.export_to(target, fmt, [], where)

    def export_to(
        self, target: Path, fmt: str, chat_ids: list[int], where: ChatFilter | None = None
    ) -> BackgroundJob | None:
        """Write the chats ``chat_ids`` (all of them when empty, or all ``where`` selects) to
        ``target`` as ``fmt`` (md, json or html), off the GUI thread; the file appears only once
        complete."""
        user = self._user()
        if user is None:
            return None
        ids = list(chat_ids)

        def work(progress: Progress, cancelled: Cancelled) -> int:
            from chatdesk.services import exporting, folders, tags

            if where is not None and where.folder_id:
                folders.owned(user, where.folder_id)  # 6001: gone meanwhile
            if where is not None and where.tag_ids:
                have = {t.id for t in tags.list_tags(user)}
                if not set(where.tag_ids) <= have:
                    raise ServiceError(6004)
            return exporting.export_to_file(
                user,
                target,
                fmt,
                ids,
                where=where,
                progress=lambda d, t: progress((d, t)),
                cancel=cancelled,
            )

        job = self._job(work, "export")
        job.progress.connect(lambda p: self.status.emit(self.tr("Exporting chats: %d of %d…") % p))
        job.succeeded.connect(
            lambda count: self.status.emit(self.tr("Chats exported: %d, to %s") % (count, target))
        )
        job.failed.connect(lambda error: self._export_failed(target, error))
        self.status.emit(self.tr("Exporting to %s…") % target)
        job.start()
        return job

    def _export_failed(self, target: Path, error: BaseException) -> None:
        from chatdesk.services.exporting import ExportCancelled

        if isinstance(error, ExportCancelled):
            self.status.emit(self.tr("Export cancelled: nothing was written"))
            return
        if isinstance(error, ServiceError) and error.code == 3001:
            text = self.tr("That chat is gone (deleted meanwhile?): nothing was written.")
        elif isinstance(error, ServiceError) and error.code in (6001, 6004):
            text = self.tr("That folder or tag is gone (deleted meanwhile?): nothing was written.")
        else:
            text = self.describe(error)
        self.show_message(
            self.tr("Export failed"), self.tr("Could not export to %s:") % target + "\n" + text
        )

    # --- backup and restore -------------------------------------------------------------------

    def choose_backup(self) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Back up all data"),
            str(Path(self._folder()) / f"chatdesk-backup-{stamp}.sqlite3"),
            self.tr("ChatDesk backups (*.sqlite3 *.db)") + ";;" + self.tr("All files (*)"),
        )
        if path:
            self.backup_to(Path(path))

    def backup_to(self, target: Path) -> BackgroundJob | None:
        """Copy the whole database to ``target`` (SQLite's online backup: safe while the app and
        its server write)."""

        def work(progress: Progress, cancelled: Cancelled) -> Path:
            from chatdesk.services.backup import backup

            return backup(target)

        job = self._job(work, "backup")
        job.succeeded.connect(
            lambda path: self.status.emit(self.tr("Backed up all data to %s") % path)
        )
        job.failed.connect(
            lambda error: self.show_message(self.tr("Backup failed"), self.describe(error))
        )
        self.status.emit(self.tr("Backing up…"))
        job.start()
        return job

    def choose_restore(self) -> None:
        if not self._can_restore():
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Restore from a backup"),
            self._folder(),
            self.tr("ChatDesk backups (*.sqlite3 *.db)") + ";;" + self.tr("All files (*)"),
        )
        if path:
            self.confirm_restore(Path(path))

    def _can_restore(self) -> bool:
        from chatdesk.services import backup

        if not backup.available():
            from chatdesk.services.backup import POSTGRES_HINT

            self.show_message(self.tr("Restore not available"), POSTGRES_HINT)
            return False
        return True

    def confirm_restore(self, source: Path) -> QMessageBox | None:
        """Ask before replacing all data with the backup at ``source``; returns the (open,
        non-blocking) question, whose Restore button emits ``restore_requested``."""
        if not self._can_restore():
            return None
        box = message_box(
            QMessageBox.Icon.Warning,
            self.tr("Restore from backup"),
            self.tr(
                "Replace all data (every account, chat and prompt) with the backup “%s”?\n\n"
                "What is there now is kept in a copy beside the database. Imports still running "
                "are stopped, the API server restarts, and everyone signs in again."
            )
            % source.name,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("restoreConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(self.tr("Replace all data"))
        yes.setObjectName("confirmRestoreButton")
        box.buttonClicked.connect(
            lambda button: self.restore_requested.emit(source) if button is yes else None
        )
        box.finished.connect(box.deleteLater)
        self.message = box
        box.open()
        return box
