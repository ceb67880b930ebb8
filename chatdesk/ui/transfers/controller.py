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
from dataclasses import replace
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
from chatdesk.ui.widgets import menu_text, message_box

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account

# The export format each file suffix names.
EXPORT_SUFFIXES = {".md": "md", ".markdown": "md", ".json": "json", ".html": "html", ".htm": "html"}
# How long closing the window waits for a cancelled transfer to stop (it stops after the
# conversation or chat in hand, normally within milliseconds).
STOP_TIMEOUT_S = 30.0


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
                self.export_action,
                self.export_view_action,
                self.export_all_action,
            ],
            [self.backup_action, self.restore_action],
        ]

    def retranslate(self) -> None:
        self.import_action.setText(self.tr("&Import chats…"))
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
        if isinstance(error, InputError | BackupError):
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
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import chats"),
            self._folder(),
            ";;".join(
                [
                    self.tr("Chat exports: ChatGPT, Claude, ShareGPT, ChatDesk (*.json *.zip)"),
                    self.tr("Prompt collections (*.json *.csv)"),
                    self.tr("All files (*)"),
                ]
            ),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> ImportDialog | None:
        """Import the export (or prompt collection) at ``path`` on a thread of its own, with a
        progress dialog that ends as the report."""
        user = self._user()
        if user is None:
            return None
        if self.import_job is not None and self.import_job.running:
            self.status.emit(self.tr("An import is already running"))
            if self.import_dialog is not None and shiboken6.isValid(self.import_dialog):
                self.import_dialog.raise_()
            return None

        def work(progress: Progress, cancelled: Cancelled) -> Any:
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

        if self.import_dialog is not None and shiboken6.isValid(self.import_dialog):
            self.import_dialog.close()  # the last report, if still open
        dialog = self.import_dialog = ImportDialog(path, self.window)
        job = self.import_job = self._job(work, "import")
        job.progress.connect(dialog.show_import_progress)
        dialog.cancel_requested.connect(job.cancel)
        job.succeeded.connect(lambda report: self._imported(dialog, report))
        job.failed.connect(lambda error: self._import_failed(dialog, error))
        dialog.finished.connect(dialog.deleteLater)
        job.start()
        dialog.show()  # not modal: the window stays usable, and fills with the imported chats
        return dialog

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
        title = self.tr("Export all chats") if every else self.tr("Export chat")
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
