"""The API server beside the windows.

The server and its thread (:class:`chatdesk.api.server.ServerThread`) are Qt-free and the same
as ``serve`` runs; this module only turns the thread's callbacks into signals on the GUI thread
and restarts it when the settings change.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the API (Werkzeug, waitress) loads when the server starts, not with the
    from chatdesk.api.server import ServerThread  # login window, whose settings import this

log = logging.getLogger(__name__)
#: How often an AI app's calls are announced at most (seconds).
AI_APP_NOTE_S = 10.0


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


class _Relay(QObject):
    """The server thread's callbacks as signals, delivered on the GUI thread (queued: this
    object lives there, the callbacks run on the server's thread)."""

    listening = Signal(str)
    failed = Signal(str)
    ai_app = Signal(str)


class ServerHost(QObject):
    """Starts, restarts and stops the API server (:class:`chatdesk.api.server.ServerThread`, the
    one ``serve`` runs too); reports its state.

    Signals:
        state_changed(str, str): ("listening", url), ("failed", reason), ("off", "") or
            ("starting", "").
    """

    state_changed = Signal(str, str)
    #: An AI app called /mcp (its token's name; "" for a login token); at most every 10 s.
    ai_app_called = Signal(str)

    def __init__(self, host: str = "127.0.0.1", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.worker: ServerThread | None = None
        self.state: tuple[str, str] = ("off", "")
        self.options = ServerOptions(enabled=False)
        self._relay: _Relay | None = None  # the running thread's

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
        from chatdesk.api.server import ApiServer, ServerThread

        config = SecurityConfig.build(
            require_token=options.require_token, allowed_origins=options.allowed_origins
        )
        self._relay = relay = _Relay(self)
        api = Api(config)
        seen: dict[str, float] = {}

        def called(caller: Any) -> None:  # on a server thread: tell the windows now and then
            now = time.monotonic()
            name = caller.app or ""
            if now - seen.get(name, -AI_APP_NOTE_S) >= AI_APP_NOTE_S:
                seen[name] = now
                relay.ai_app.emit(name)

        api.on_mcp_call = called
        relay.ai_app.connect(self.ai_app_called)
        thread = ServerThread(
            ApiServer(api, self.host, options.port),
            on_listening=relay.listening.emit,
            on_failed=relay.failed.emit,
        )
        relay.listening.connect(lambda url: self._report(thread, "listening", url))
        relay.failed.connect(lambda why: self._report(thread, "failed", why))
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
        relay, self._relay = self._relay, None
        if thread is not None:
            thread.stop()
            self._set("off", "")
        if relay is not None:
            relay.deleteLater()  # with it, any late signal of the stopped thread
