"""Work off the GUI thread, and its results delivered to it by queued signals.

- :class:`Tasks`: one single-thread executor for the short database and hashing work every
  widget needs. Widgets never run database work themselves: they call :meth:`Tasks.run` with a
  plain function (a service call) and a callback that receives its result on the GUI thread. No
  widget is touched inside a task.
- :class:`BackgroundJob`: a long transfer (import, export, restore) on a thread of its own, with
  its own database connection, so it does not hold the task queue for minutes. The services
  write one conversation per transaction, so the worker's writes interleave with the job's.
- :class:`ChangeBridge`: the services' change notifications, announced on whichever thread
  wrote, forwarded to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from chatdesk import crashlog
from chatdesk.services import connections, events
from chatdesk.services.errors import ServiceError
from chatdesk.services.events import Change

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


def error_text(error: BaseException) -> str:
    """What to tell the person about a failed task, in the language in use."""
    from chatdesk.ui import i18n

    return error.message(i18n.current()) if isinstance(error, ServiceError) else str(error)


def _persons_fault(error: BaseException) -> bool:
    """Whether ``error`` is about what the person gave (an import's unreadable file), logged as
    one line at INFO, not a traceback."""
    from chatdesk.importers import InputError

    return isinstance(error, InputError)


class Tasks(QObject):
    """Runs functions on one worker thread and calls back on the GUI thread.

    Signals:
        finished(object): internal; carries (callback, result, error, owner) back to the GUI
            thread (queued, since the worker thread emits it).
        busy_changed(bool): whether any task is pending.
        refused(str): a service refused a task given no error callback (a chat or folder gone
            meanwhile, say, by a second Delete or another window): what to tell the person.
            Any other error of such a task is a bug, and goes to the crash log.
    """

    finished = Signal(object)
    busy_changed = Signal(bool)
    refused = Signal(str)

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
            elif isinstance(error, ServiceError):
                self.refused.emit(error_text(error))
            elif connections.is_unreachable(error):  # not a bug: the status bar says so
                log.warning("a background task could not reach the database")
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
        self._executor.submit(connections.close_this_threads)
        self._executor.shutdown(wait=True)


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
            if _persons_fault(exc):  # a bad file, say: not a program error
                log.info("%s failed: %s", self._thread.name, exc)
            else:
                log.warning("%s failed", self._thread.name, exc_info=exc)
            error = exc
        finally:
            # before the GUI hears of the end: a restore waits for none left
            connections.close_this_threads()
        if error is not None:
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


class ChangeBridge(QObject):
    """Forwards every committed :class:`Change` (announced on the writer's thread: a worker, the
    API server's threads) to ``changed`` on the GUI thread.

    Signals:
        changed(object): a :class:`~chatdesk.services.events.Change`, queued to the GUI thread.
    """

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = events.subscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        self.changed.emit(change)  # queued: this object lives on the GUI thread

    def close(self) -> None:
        self._unsubscribe()
