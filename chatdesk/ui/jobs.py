"""Long transfers (import, export, restore) on a thread of their own, beside the task worker.

The shared :class:`~chatdesk.ui.tasks.Tasks` worker runs the short database work every widget
needs; an import can take minutes, so it gets its own thread (and its own database connection)
instead of holding that queue. The services write one conversation per transaction, so the
worker's writes interleave with the import's.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from chatdesk.store.db import close_database

log = logging.getLogger(__name__)

#: Progress reaches the GUI thread at most this often (a 100,000-conversation import would
#: otherwise queue 100,000 signals).
PROGRESS_INTERVAL_S = 0.05

Progress = Callable[[Any], None]
Cancelled = Callable[[], bool]
JobFn = Callable[[Progress, Cancelled], Any]


class BackgroundJob(QObject):
    """Runs ``fn(progress, cancelled)`` once on its own thread.

    ``fn`` calls ``progress(value)`` as it goes and checks ``cancelled()``; the thread closes its
    database connection at the end.

    Signals:
        progress(object): the latest value ``fn`` reported (throttled), on the GUI thread.
        succeeded(object): ``fn``'s result.
        failed(object): the exception ``fn`` raised.
    """

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: JobFn, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self._last = 0.0
        self._thread = threading.Thread(target=self._run, name=f"chatdesk-{name}")

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask ``fn`` to stop at its next check (for an import: after the current conversation)."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread ends (shutdown and tests only); False on timeout."""
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _report(self, value: Any) -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL_S:
            self._last = now
            self.progress.emit(value)  # queued: this object lives on the GUI thread

    def _run(self) -> None:
        error: BaseException | None = None
        try:
            result = self._fn(self._report, self._cancel.is_set)
        except BaseException as exc:  # delivered to the GUI thread, which says what went wrong
            log.warning("%s failed", self._thread.name, exc_info=exc)
            error = exc
        finally:
            close_database()  # before the GUI hears of the end: a restore waits for none left
        if error is not None:
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)
