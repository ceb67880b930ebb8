"""Background work: one single-thread executor for database and hashing work, results delivered
to the GUI thread by a queued signal.

Widgets never run database work themselves: they call :meth:`Tasks.run` with a plain function
(a service call) and a callback that receives its result on the GUI thread. No widget is touched
inside a task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from chatdesk import crashlog
from chatdesk.store.db import close_database

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


def error_text(error: BaseException) -> str:
    """What to tell the person about a failed task, in the language in use."""
    from chatdesk.services.errors import ServiceError
    from chatdesk.ui import i18n

    return error.message(i18n.current()) if isinstance(error, ServiceError) else str(error)


class Tasks(QObject):
    """Runs functions on one worker thread and calls back on the GUI thread.

    Signals:
        finished(object): internal; carries (callback, result, error, owner) back to the GUI
            thread (queued, since the worker thread emits it).
        busy_changed(bool): whether any task is pending.
    """

    finished = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chatdesk-task")
        self._pending = 0
        self._closed = False
        self.finished.connect(self._deliver)

    @property
    def pending(self) -> int:
        return self._pending

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        owner: QObject | None = None,
    ) -> Future[Any] | None:
        """Run ``fn()`` in the background; ``on_done(result)`` or ``on_error(exc)`` follow on the
        GUI thread, unless ``owner`` was destroyed meanwhile."""
        if self._closed:
            return None
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def job() -> None:
            try:
                result = fn()
            except BaseException as exc:  # delivered to on_error on the GUI thread
                self.finished.emit((on_done, on_error, owner, None, exc))
            else:
                self.finished.emit((on_done, on_error, owner, result, None))

        return self._executor.submit(job)

    def _deliver(self, payload: tuple[Any, ...]) -> None:
        on_done, on_error, owner, result, error = payload
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if owner is not None and not shiboken6.isValid(owner):
            return
        if error is not None:
            crash = crashlog.installed()
            if on_error is not None:
                on_error(error)
            elif crash is not None:  # a bug: logged, and the person is told
                crash.report("background task failed", error)
            else:
                log.error("background task failed", exc_info=error)
        elif on_done is not None:
            on_done(result)

    def wait_idle(self, timeout: float = 10) -> None:
        """Block until the queue is empty (tests and shutdown only)."""
        self._executor.submit(lambda: None).result(timeout)

    def shutdown(self) -> None:
        """Finish queued work, close the worker's database connection and stop the thread."""
        if self._closed:
            return
        self._closed = True
        self._executor.submit(close_database)
        self._executor.shutdown(wait=True)
