"""Restoring a backup while the app runs: stop what holds the database, swap it, start again.

The swap needs the only connection to the database file (:func:`chatdesk.services.backup.restore`
refuses otherwise), so transfers, the API server and the task worker stop first, and the GUI
thread closes its own connection. The restored data may hold other accounts than the signed-in
one, so the app then starts again at the sign-in window, with a new worker and the server
restarted.
"""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from chatdesk.services import backup
from chatdesk.services.backup import BackupError, Restored
from chatdesk.store.db import close_database
from chatdesk.ui.tasks import BackgroundJob

if TYPE_CHECKING:
    from chatdesk.ui.app import ChatDeskApp


# The API server's worker threads (waitress names them so).
SERVER_THREADS = "waitress-"
SERVER_THREADS_WAIT_S = 2.0


def _release_server_connections(deadline_s: float = SERVER_THREADS_WAIT_S) -> None:
    """The stopped server's worker threads have left their loop but may not have ended yet, and
    each keeps its connection open until its thread ends and is collected (a connection caught in
    a reference cycle waits for the garbage collector). Collected here, on the GUI thread: the
    garbage may hold Qt objects.

    They end within milliseconds; worker threads that outlive ``deadline_s`` are not this server's
    (a server whose port was taken leaves its idle workers behind) and hold no connection.
    """
    deadline = time.monotonic() + deadline_s
    for thread in threading.enumerate():
        if thread.name.startswith(SERVER_THREADS):
            thread.join(max(0.0, deadline - time.monotonic()))
    gc.collect()


class Restorer(QObject):
    """One restore, from ``start`` to the sign-in window and a message saying how it went.

    Signals:
        finished(bool): True when the backup is now the data in use.
    """

    finished = Signal(bool)

    def __init__(self, app: ChatDeskApp, source: Path) -> None:
        super().__init__(app)
        self.app = app
        self.source = source
        self.notice: QMessageBox | None = None
        self.job: BackgroundJob | None = None
        self.succeeded: bool | None = None

    def start(self) -> None:
        app, source = self.app, self.source
        window = app.main_window
        if window is not None:
            window.transfers.stop()  # an import stops after its current conversation
            window.setEnabled(False)
            window.statusBar().showMessage(self.tr("Restoring “%s”…") % source.name)
        app.server.stop()
        app.tasks.shutdown()
        close_database()  # this thread's own connection
        _release_server_connections()
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
        login = self.app.reopen()
        icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
        box = QMessageBox(icon, self.tr("Restore"), text, QMessageBox.StandardButton.Ok, login)
        box.setObjectName("restoreNotice")
        box.finished.connect(box.deleteLater)
        self.notice, self.succeeded = box, ok
        box.open()
        self.finished.emit(ok)
