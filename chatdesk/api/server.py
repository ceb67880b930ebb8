"""The API server: waitress, bound explicitly, in a thread with a ready event and a clean shutdown.

waitress is a production-grade, pure-Python WSGI server (no C build, runs on Windows, macOS and
Linux alike), which is what a desktop app that also runs headless needs. The server object is
Qt-free: :class:`ServerThread` runs it, for ``serve`` and for the desktop app alike (which turns
its callbacks into signals).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher, WSGITask
from waitress.utilities import RequestEntityTooLarge

from chatdesk.api import DEFAULT_THREADS
from chatdesk.api.security import PEER_UID_KEY, is_loopback_address, lookup_peer_uid
from chatdesk.store.indexer import stop_background_indexer

log = logging.getLogger(__name__)

#: How long ``shutdown`` waits for the serving thread to close the sockets itself.
CLOSE_WAIT_S = 0.5
#: How long ``shutdown`` waits for the worker threads, which have left their loop, to end.
WORKERS_END_S = 2.0
#: A request's line and headers must all arrive within this many seconds of its first byte
#: (slowloris: one header byte a second otherwise holds a connection for ever).
HEADER_TIMEOUT_S = 5.0
#: A connection that moves no byte either way for this long is closed: idle keep-alives, stalled
#: bodies, clients that connect and send nothing, clients that stop reading their answer.
IDLE_TIMEOUT_S = 5.0
#: After its headers, a body must arrive at least this fast on average (bytes a second), so a
#: trickled body cannot hold its connection longer than its size at this rate (4 MiB: 64 s).
MIN_BODY_RATE = 64 * 1024
#: How often the serving loop looks for connections to close (seconds).
CLEANUP_INTERVAL_S = 1
#: Open connections kept at most; past it the stalest connection that no worker is serving is
#: closed for each new one, so hostile connections, whatever their number, never lock others out.
MAX_CONNECTIONS = 1000
#: Windows has no poll(): waitress falls back to select(), which takes at most 512 sockets there.
WINDOWS_MAX_CONNECTIONS = 480


def connection_cap() -> int:
    """How many connections to keep open: :data:`MAX_CONNECTIONS`, less where the process may
    open fewer descriptors (``RLIMIT_NOFILE``; the database and the log need some too)."""
    if os.name == "nt":
        return WINDOWS_MAX_CONNECTIONS
    import resource

    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(16, min(MAX_CONNECTIONS, soft - 64))


_UNKNOWN = object()
#: A chunked body's framing (size lines, extensions, CRLFs) allowed beyond the body itself, so
#: that framing alone cannot make the server read without end.
CHUNK_FRAMING_ALLOWANCE = 64 * 1024


class BodyParser(HTTPRequestParser):  # type: ignore[misc]
    """waitress's request parser, measuring a chunked body by its decoded bytes.

    waitress counts the bytes it received, chunk framing included, so a chunked body of
    exactly the limit was refused (413) where the same body with Content-Length passed; the
    limit is ``max_request_body_size - 1`` body bytes either way now. Framing beyond
    :data:`CHUNK_FRAMING_ALLOWANCE` a 64 KiB chunk is refused too.
    """

    completed: bool
    error: Any

    def received(self, data: bytes) -> int:
        body = self.body_rcv
        if self.completed or body is None or not self.chunked:
            return int(super().received(data))
        consumed = int(body.received(data))
        self.body_bytes_received += consumed
        limit = self.adj.max_request_body_size
        framing = self.body_bytes_received - len(body)
        if len(body) >= limit or framing > CHUNK_FRAMING_ALLOWANCE + limit // 64:
            self.error = RequestEntityTooLarge(f"exceeds max_body of {limit}")
            self.completed = True
        elif body.error:
            self.error = body.error
            self.completed = True
        elif body.completed:
            self.completed = True
            # as waitress does: the body is whole, so it has a length now
            self.headers["CONTENT_LENGTH"] = str(len(body))
        return consumed


class PeerTask(WSGITask):  # type: ignore[misc]
    """waitress's request task, adding the client's OS user to the environ (looked up once per
    connection, on the worker thread: /proc/net/tcp is read off the serving loop)."""

    def get_environment(self) -> Any:
        environ = super().get_environment()
        channel = self.channel
        uid = getattr(channel, "peer_uid", _UNKNOWN)
        if uid is _UNKNOWN:
            uid = channel.peer_uid = _peer_uid(channel, environ)
        environ[PEER_UID_KEY] = uid
        return environ


def _peer_uid(channel: Any, environ: dict[str, Any]) -> int | None:
    """The client's uid, asked by the connection's exact addresses (this end's too)."""
    try:
        here = channel.socket.getsockname()
    except OSError:
        here = None
    return lookup_peer_uid(environ, here)


class GuardedChannel(HTTPChannel):
    """waitress's connection, remembering when the request it is reading began."""

    task_class = PeerTask
    parser_class = BodyParser
    request_started = 0.0

    def received(self, data: bytes) -> bool:
        was_reading = self.request is not None
        result = bool(super().received(data))
        if self.request is None:
            self.request_started = 0.0
        elif not was_reading or not self.request_started:
            self.request_started = time.time()
        return result

    def overdue(self, now: float) -> bool:
        """Whether this connection should be closed: reading a request for too long."""
        request = self.request
        if request is None or not self.request_started or self.requests:
            return False
        if not request.headers_finished:
            return now - self.request_started > HEADER_TIMEOUT_S
        allowed = HEADER_TIMEOUT_S + max(0, request.content_length) / MIN_BODY_RATE
        return now - self.request_started > allowed


class GuardedServer(TcpWSGIServer):
    """waitress's TCP server with deadlines for hostile clients and an orderly stop.

    * every :data:`CLEANUP_INTERVAL_S` the loop closes connections idle for
      :data:`IDLE_TIMEOUT_S` (waitress's ``channel_timeout``) and those reading a request past
      its deadline (:meth:`GuardedChannel.overdue`);
    * at ``max_connections`` it keeps accepting: each new connection closes the stalest one that
      no worker is serving (waitress itself would stop accepting, and new clients would wait);
    * the wake-up trigger is pulled and closed under one lock, so a worker finishing a request
      during shutdown never writes to a closed (or reused) descriptor.
    """

    channel_class = GuardedChannel

    def __init__(self, application: Any, *, max_connections: int, **kw: Any) -> None:
        self.max_connections = max_connections
        self._trigger_lock = threading.Lock()
        self._trigger_closed = False
        super().__init__(application, **kw)

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # idle connections (channel_timeout)
        for channel in list(self.active_channels.values()):
            if isinstance(channel, GuardedChannel) and channel.overdue(now):
                channel.will_close = True

    def handle_accept(self) -> None:
        super().handle_accept()
        if len(self.active_channels) > self.max_connections:
            self._evict()

    def _evict(self) -> None:
        """Close the connection that has been quiet longest among those no worker is serving."""
        candidates = [
            c for c in self.active_channels.values() if not c.requests and not c.will_close
        ]
        if candidates:
            min(candidates, key=lambda c: c.last_activity).will_close = True

    def pull_trigger(self, thunk: Any = None) -> None:
        with self._trigger_lock:
            if not self._trigger_closed:
                self.trigger.pull_trigger(thunk)

    def close_trigger(self) -> None:
        with self._trigger_lock:
            self._trigger_closed = True
            self.trigger.close()

    def close(self) -> None:
        self.close_trigger()
        wasyncore.dispatcher.close(self)


class _Dispatcher(ThreadedTaskDispatcher):
    """waitress's worker pool, keeping its threads so that a shutdown can wait for them to end
    (each holds a database connection until then)."""

    def __init__(self) -> None:
        super().__init__()
        self.workers: list[threading.Thread] = []

    def start_new_thread(self, target: Any, thread_no: int) -> None:
        thread = threading.Thread(
            target=target, name=f"chatdesk-api-{thread_no}", args=(thread_no,)
        )
        thread.daemon = True
        self.workers.append(thread)
        thread.start()

    def join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for thread in self.workers:
            thread.join(max(0.0, deadline - time.monotonic()))


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
        max_connections: int | None = None,
    ) -> None:
        self.app = app
        self.host = host
        self.requested_port = port
        self.threads = threads
        self.max_body = max_body
        self.max_connections = max_connections or connection_cap()
        self._server: Any = None
        self._stopping = threading.Event()
        self._serving = threading.Event()
        configure = getattr(app, "configure_threads", None)
        if configure is not None:
            configure(threads)  # so that logins never hold every thread

    def bind(self) -> None:
        socket_map: dict[int, Any] = {}
        dispatcher = _Dispatcher()
        try:
            self._server = self._create(socket_map, dispatcher)
        except OSError:
            wasyncore.close_all(socket_map)  # waitress opened its wake-up pipe before binding
            dispatcher.shutdown(cancel_pending=True, timeout=1)  # its workers started already
            raise

    def _create(self, socket_map: dict[int, Any], dispatcher: _Dispatcher) -> Any:
        adj = Adjustments(
            host=self.host,
            port=self.requested_port,
            threads=self.threads,
            ident="ChatDesk",
            # waitress refuses a body of exactly its limit: one more byte, so that exactly
            # max_body is accepted (the app refuses more, from Content-Length); also caps chunked
            max_request_body_size=self.max_body + 1,
            expose_tracebacks=False,
            clear_untrusted_proxy_headers=True,
            channel_timeout=IDLE_TIMEOUT_S,
            cleanup_interval=CLEANUP_INTERVAL_S,
            # a backstop only: GuardedServer evicts at max_connections
            connection_limit=self.max_connections + 64,
            asyncore_use_poll=True,  # select() takes descriptors below 1024 only (Linux)
        )
        dispatcher.set_thread_count(self.threads)
        return GuardedServer(
            self.app,
            max_connections=self.max_connections,
            map=socket_map,
            dispatcher=dispatcher,
            adj=adj,
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

    def _on_loop(self, action: Any) -> None:
        """Run ``action`` on the serving thread (woken through the trigger), or here if it is not
        serving. Sockets are closed on that thread: closed from here, a socket does not interrupt
        its poll(), which then sleeps out its timeout (1 s) before it sees the change."""
        server = self._server
        done = threading.Event()

        def run() -> None:
            try:
                action()
            finally:
                done.set()

        if self._serving.is_set():
            server.pull_trigger(run)  # a no-op once the trigger is closed
            if done.wait(CLOSE_WAIT_S):
                return
        action()  # not serving (yet, or any more), or the loop did not answer: idempotent

    def shutdown(self) -> None:
        """Stop accepting, let the workers finish what they serve, close every connection, and
        wait (briefly) for the worker threads to end: each keeps its database connection until
        then, and a restore needs none left.

        In that order: a worker that finishes a request wakes the serving loop through the
        trigger, so the trigger is closed only once no worker is left.
        """
        if self._server is None or self._stopping.is_set():
            return
        self._stopping.set()
        server = self._server

        def stop_accepting() -> None:
            if server.socket is not None:
                server.accepting = False
                wasyncore.dispatcher.close(server)  # the listening socket only

        self._on_loop(stop_accepting)
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)

        def close_all() -> None:
            server.close_trigger()
            wasyncore.close_all(server._map)  # every connection (the trigger is closed already)

        self._on_loop(close_all)
        server.task_dispatcher.join(WORKERS_END_S)
        close = getattr(self.app, "close", None)
        if close is not None:
            close()  # the app's own threads (/mcp's event loop)
        stop_background_indexer()  # the app started it with its first request


class ServerThread(threading.Thread):
    """An :class:`ApiServer` on a daemon thread of its own: binds, serves until :meth:`stop`.

    ``ready`` is set once the socket is bound or binding failed (then ``error`` says why).
    ``on_listening(url)`` is called once bound and ``on_failed(reason)`` when binding or serving
    fails, on this thread: the desktop app turns them into Qt signals
    (:class:`chatdesk.ui.server_host.ServerHost`).
    """

    def __init__(
        self,
        server: ApiServer,
        on_listening: Callable[[str], object] | None = None,
        on_failed: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(name="chatdesk-api", daemon=True)
        self.server = server
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self._on_listening = on_listening
        self._on_failed = on_failed
        self._lock = threading.Lock()
        self._stopping = False

    def run(self) -> None:
        try:
            self.server.bind()
        except BaseException as exc:
            self._fail(exc, exc.strerror if isinstance(exc, OSError) else None)
            return
        with self._lock:
            if self._stopping:  # stopped before the socket was bound
                self.server.shutdown()
                self.ready.set()
                return
        self.ready.set()
        if self._on_listening is not None:
            self._on_listening(self.server.url)
        try:
            self.server.serve_forever()
        except Exception as exc:  # the process lives on: the owner says why (status bar, log)
            log.exception("the API server stopped")
            self._fail(exc, None)

    def _fail(self, error: BaseException, reason: str | None) -> None:
        self.error = error
        self.ready.set()
        if self._on_failed is not None:
            self._on_failed(reason or str(error))

    def start_and_wait(self, timeout: float = 10) -> None:
        """Start and wait until bound; re-raises the bind error."""
        self.start()
        self.ready.wait(timeout)
        if self.error is not None:
            raise self.error

    def stop(self, timeout: float = 10) -> None:
        """Stop serving (also before the socket is bound) and wait for the thread."""
        with self._lock:
            self._stopping = True
            self.server.shutdown()  # a no-op until bound: run() then sees _stopping
        if self.ident is not None:
            self.join(timeout)
