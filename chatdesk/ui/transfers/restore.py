"""Restoring a backup while the app runs: stop what holds the database, swap it, start again.

The swap needs the only connection to the database file (:func:`chatdesk.services.backup.restore`
refuses otherwise), so transfers, the API server and the task worker stop first, and the GUI
thread closes its own connection. The restored data may hold other accounts than the signed-in
one, so the app then starts again at the sign-in window, with a new worker and the server
restarted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from chatdesk.services import backup
from chatdesk.services.backup import BackupError, Restored
from chatdesk.ui.tasks import BackgroundJob
from chatdesk.ui.widgets import message_box


class Restorer(QObject):
    """One restore, from ``start`` to the sign-in window and a message saying how it went.

    Args:
        source: the backup file.
        stop: stops everything that holds the database and shows ``stop``'s argument (what is
            happening) where the person looks; returns once no connection is left but the
            calling thread's, which it closes too.
        reopen: starts over at the sign-in window, returned (the notice's parent).

    Signals:
        finished(bool): True when the backup is now the data in use.
    """

    finished = Signal(bool)

    def __init__(
        self,
        source: Path,
        stop: Callable[[str], None],
        reopen: Callable[[], QWidget],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self._stop = stop
        self._reopen_app = reopen
        self.notice: QMessageBox | None = None
        self.job: BackgroundJob | None = None
        self.succeeded: bool | None = None

    def start(self) -> None:
        source = self.source
        self._stop(self.tr("Restoring “%s”…") % source.name)
        job = self.job = BackgroundJob(lambda _p, _c: backup.restore(source), "restore", self)
        job.succeeded.connect(self._restored)
        job.failed.connect(self._failed)
        job.start()

    def _restored(self, done: Restored) -> None:
        self._reopen(
            self.tr(
                "Restored the backup “%s”.\n\nSign in again: the accounts are now those of the "
                "backup. The data from before the restore is kept in\n%s"
            )
            % (self.source.name, done.previous),
            ok=True,
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, BackupError):
            text = self.tr("Could not restore “%s”: %s\n\nNothing was changed.") % (
                self.source.name,
                error,
            )
        else:
            text = self.tr(
                "Could not restore “%s”: %s\n\nIf the data looks wrong, the database from before "
                "the restore is kept beside it (a .before-restore file)."
            ) % (self.source.name, error)
        self._reopen(text, ok=False)

    def _reopen(self, text: str, ok: bool) -> None:
        login = self._reopen_app()
        icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
        box = message_box(icon, self.tr("Restore"), text, QMessageBox.StandardButton.Ok, login)
        box.setObjectName("restoreNotice")
        box.finished.connect(box.deleteLater)
        self.notice, self.succeeded = box, ok
        box.open()
        self.finished.emit(ok)
