"""The API server: waitress, bound explicitly, in a thread with a ready event and a clean shutdown.

waitress is a production-grade, pure-Python WSGI server (no C build, runs on Windows, macOS and
Linux alike), which is what a desktop app that also runs headless needs. The server object is
Qt-free: ``serve`` runs it in a plain thread, the desktop app in a QThread.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from waitress import wasyncore
from waitress.server import create_server

from chatdesk.api import DEFAULT_THREADS
from chatdesk.api.security import is_loopback_address
from chatdesk.store.indexer import stop_background_indexer

log = logging.getLogger(__name__)

#: How long ``shutdown`` waits for the serving thread to close the sockets itself.
CLOSE_WAIT_S = 0.5


class ApiServer:
    """A waitress server for one WSGI application.

    ``bind()`` opens the socket (raises OSError when the port is taken), ``serve_forever()`` runs
    until ``shutdown()`` is called from another thread.
    """

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        threads: int = DEFAULT_THREADS,
        max_body: int = 4 * 1024 * 1024,
    ) -> None:
        self.app = app
        self.host = host
        self.requested_port = port
        self.threads = threads
        self.max_body = max_body
        self._server: Any = None
        self._stopping = threading.Event()
        self._serving = threading.Event()

    def bind(self) -> None:
        socket_map: dict[int, Any] = {}
        try:
            self._server = self._create(socket_map)
        except OSError:
            wasyncore.close_all(socket_map)  # waitress opened its wake-up pipe before binding
            raise

    def _create(self, socket_map: dict[int, Any]) -> Any:
        return create_server(
            self.app,
            map=socket_map,
            host=self.host,
            port=self.requested_port,
            threads=self.threads,
            ident="ChatDesk",
            max_request_body_size=self.max_body,  # also caps chunked bodies
            expose_tracebacks=False,
            clear_untrusted_proxy_headers=True,
            channel_timeout=60,
        )

    @property
    def port(self) -> int:
        """The bound port (useful with port 0)."""
        if self._server is None:
            raise RuntimeError("not bound")
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def is_loopback(self) -> bool:
        return is_loopback_address(self.host)

    def serve_forever(self) -> None:
        if self._server is None:
            self.bind()
        self._serving.set()
        try:
            self._server.run()
        except OSError:
            if not self._stopping.is_set():
                raise
        finally:
            self._serving.clear()

    def shutdown(self) -> None:
        """Stop accepting, close every connection and stop the worker threads."""
        if self._server is None or self._stopping.is_set():
            return
        self._stopping.set()
        server = self._server
        # Close the sockets on the serving thread, woken through waitress's trigger: closed from
        # here, a socket does not interrupt that thread's select(), which then sleeps out its
        # timeout (1 s) before it sees the empty map, and quitting the app stalls that long.
        closed = threading.Event()

        def close_all() -> None:
            wasyncore.close_all(server._map)  # the listening socket and every connection
            closed.set()

        woken = False
        if self._serving.is_set() and not server.trigger._closed:
            try:
                server.trigger.pull_trigger(close_all)
                woken = True
            except OSError:  # the trigger is closed already: the loop is ending
                pass
        if not closed.wait(CLOSE_WAIT_S if woken and self._serving.is_set() else 0):
            wasyncore.close_all(server._map)  # not serving (yet, or any more): close from here
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        stop_background_indexer()  # the app started it with its first request


class ServerThread(threading.Thread):
    """An :class:`ApiServer` on a daemon thread.

    ``ready`` is set once the socket is bound (or binding failed: see ``error``).
    """

    def __init__(self, server: ApiServer) -> None:
        super().__init__(name="chatdesk-api", daemon=True)
        self.server = server
        self.ready = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.server.bind()
        except BaseException as exc:
            self.error = exc
            self.ready.set()
            return
        self.ready.set()
        self.server.serve_forever()

    def start_and_wait(self, timeout: float = 10) -> None:
        """Start and wait until bound; re-raises the bind error."""
        self.start()
        self.ready.wait(timeout)
        if self.error is not None:
            raise self.error

    def stop(self, timeout: float = 10) -> None:
        self.server.shutdown()
        self.join(timeout)
