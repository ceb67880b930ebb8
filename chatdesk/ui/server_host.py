"""The API server hosted in a QThread beside the windows.

The server object (:class:`chatdesk.api.server.ApiServer`) stays Qt-free so ``serve`` can use it;
this module only gives it a QThread, a ready/failed signal and a clean stop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:  # the API (Werkzeug, waitress) loads when the server starts, not with the
    from chatdesk.api.server import ApiServer  # login window, whose settings import this module

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerOptions:
    enabled: bool = True
    port: int = 8000
    require_token: bool = False
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def build(
        cls, enabled: bool, port: int, require_token: bool, origins: Iterable[str]
    ) -> ServerOptions:
        return cls(enabled, port, require_token, tuple(o.strip() for o in origins if o.strip()))


class ServerThread(QThread):
    """Binds and serves one :class:`ApiServer`.

    Signals:
        listening(str): the URL, once the socket is bound.
        failed(str): why binding (or serving) failed.
    """

    listening = Signal(str)
    failed = Signal(str)

    def __init__(self, server: ApiServer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = server
        self.setObjectName("chatdesk-api")
        self._lock = threading.Lock()
        self._stopping = False

    def run(self) -> None:
        try:
            self.server.bind()
        except OSError as exc:
            self.failed.emit(exc.strerror or str(exc))
            return
        with self._lock:
            if self._stopping:  # stopped before the socket was bound
                self.server.shutdown()
                return
        self.listening.emit(self.server.url)
        try:
            self.server.serve_forever()
        except Exception as exc:  # keep the app alive, say why in the status bar
            log.exception("the API server stopped")
            self.failed.emit(str(exc))

    def stop(self, timeout_ms: int = 10_000) -> None:
        with self._lock:
            self._stopping = True
            self.server.shutdown()  # a no-op until bound: run() then sees _stopping
        self.wait(timeout_ms)


class ServerHost(QObject):
    """Starts, restarts and stops the API server; reports its state.

    Signals:
        state_changed(str, str): ("listening", url), ("failed", reason), ("off", "") or
            ("starting", "").
    """

    state_changed = Signal(str, str)

    def __init__(self, host: str = "127.0.0.1", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.worker: ServerThread | None = None
        self.state: tuple[str, str] = ("off", "")
        self.options = ServerOptions(enabled=False)

    @property
    def url(self) -> str | None:
        return self.state[1] if self.state[0] == "listening" else None

    def start(self, options: ServerOptions) -> None:
        """(Re)start with ``options``; stops a running server first."""
        self.stop()
        self.options = options
        if not options.enabled:
            self._set("off", "")
            return
        from chatdesk.api.app import Api
        from chatdesk.api.security import SecurityConfig
        from chatdesk.api.server import ApiServer

        config = SecurityConfig.build(
            require_token=options.require_token, allowed_origins=options.allowed_origins
        )
        thread = ServerThread(ApiServer(Api(config), self.host, options.port))
        thread.listening.connect(lambda url: self._report(thread, "listening", url))
        thread.failed.connect(lambda why: self._report(thread, "failed", why))
        self.worker = thread
        self._set("starting", "")
        thread.start()

    def _report(self, thread: ServerThread, state: str, detail: str) -> None:
        if thread is self.worker:  # not a late signal from a server already replaced
            self._set(state, detail)

    def _set(self, state: str, detail: str) -> None:
        self.state = (state, detail)
        self.state_changed.emit(state, detail)

    def stop(self) -> None:
        """Stop serving and wait for the thread, releasing the port."""
        thread, self.worker = self.worker, None
        if thread is not None:
            thread.stop()
            thread.deleteLater()
            self._set("off", "")
