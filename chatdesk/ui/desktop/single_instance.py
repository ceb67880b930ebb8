"""One desktop app per user and database: a second launch brings the running window forward.

The first launch takes a lock file (:class:`QLockFile`, which sees through a lock left by a
killed process: the process id written in it no longer runs) and then listens on a local socket
(:class:`QLocalServer`, a Unix socket or a Windows named pipe, only the user's own). A later
launch finds the lock taken, connects, sends one line ``{"command": "raise", "pid": N}`` and
reads one line back, ``{"ok": true, "pid": M, "window": "loginWindow"}`` once the running app
has raised its window; it then exits 0. Both names derive from the user and the database URL,
so two data folders (two test runs, two profiles) are two instances.

The lock is taken before the QApplication exists (a second launch opens no window at all); the
server listens once it does (its socket notifier needs the event loop).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

#: How long a second launch keeps trying to reach the first (which may still be starting).
CONNECT_TIMEOUT_S = 5.0
#: How long the first waits for a client's line before hanging up on it.
CLIENT_TIMEOUT_MS = 2000
MAX_LINE = 4096

RaiseHandler = Callable[[], str]


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def _canonical(url: str) -> str:
    """``url`` with a SQLite file's path made absolute, so a relative --data-dir matches."""
    if url.startswith("sqlite:///"):
        return "sqlite:///" + str(Path(url[len("sqlite:///") :]).expanduser().resolve())
    return url


def instance_name(database_url: str, user: str | None = None) -> str:
    """The local socket's name for this user and database (also the lock file's stem)."""
    key = f"{user or _user()}\0{_canonical(database_url)}".encode()
    return "chatdesk-" + hashlib.sha256(key).hexdigest()[:24]


def lock_path(name: str) -> Path:
    return Path(QDir.tempPath()) / f"{name}.lock"


class Primary(QObject):
    """The running instance: holds the lock and, once :meth:`listen` is called, answers raise
    requests with ``on_raise()`` (which returns the raised window's object name)."""

    def __init__(self, name: str, lock: QLockFile) -> None:
        super().__init__()
        self.name = name
        self.lock = lock
        self.server: QLocalServer | None = None
        self._on_raise: RaiseHandler = lambda: ""
        self.raised = 0

    def listen(self, on_raise: RaiseHandler) -> None:
        """Start answering second launches (call once the QApplication exists)."""
        self._on_raise = on_raise
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a socket left by a killed instance: ours now
        if not server.listen(self.name):
            log.warning("second launches cannot reach this one: %s", server.errorString())
            return
        server.newConnection.connect(self._accept)
        self.server = server

    def _accept(self) -> None:
        assert self.server is not None
        while (client := self.server.nextPendingConnection()) is not None:
            client.setParent(self)
            timer = QTimer(client, singleShot=True, interval=CLIENT_TIMEOUT_MS)
            timer.timeout.connect(lambda c=client: c.abort())
            client.readyRead.connect(lambda c=client: self._read(c))
            client.disconnected.connect(client.deleteLater)
            timer.start()

    def _read(self, client: QLocalSocket) -> None:
        if not client.canReadLine():
            if client.bytesAvailable() > MAX_LINE:
                client.abort()
            return
        line = bytes(client.readLine(MAX_LINE).data())
        reply: dict[str, object] = {"ok": False, "pid": os.getpid()}
        try:
            request = json.loads(line)
            command = request.get("command") if isinstance(request, dict) else None
        except ValueError:
            command = None
        if command == "raise":
            self.raised += 1
            window = self._on_raise()
            log.info("a second launch (process %s) raised %s", request.get("pid"), window)
            reply.update(ok=True, window=window)
        else:
            reply["error"] = "unknown request"
        client.write(json.dumps(reply).encode() + b"\n")
        client.flush()
        client.disconnectFromServer()

    def release(self) -> None:
        """Stop listening and free the lock (at quit)."""
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()


class AlreadyRunning(Exception):
    """Another instance holds the lock; ``answer`` is its reply, or None if it did not answer.

    Args:
        pid: the running instance's process id, from its lock file.
    """

    def __init__(self, pid: int, answer: dict[str, object] | None) -> None:
        super().__init__(pid, answer)
        self.pid = pid
        self.answer = answer


def _ask(name: str, deadline: float) -> dict[str, object] | None:
    """Send the raise request to the instance listening on ``name``; its reply, or None."""
    message = json.dumps({"command": "raise", "pid": os.getpid()}).encode() + b"\n"
    while time.monotonic() < deadline:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(500):
            socket.write(message)
            socket.waitForBytesWritten(1000)
            data = b""
            while b"\n" not in data and socket.waitForReadyRead(2000):
                data += bytes(socket.readAll().data())
            socket.abort()
            try:
                answer = json.loads(data)
            except ValueError:
                return None
            return answer if isinstance(answer, dict) else None
        time.sleep(0.1)  # the first instance holds the lock but does not listen yet
    return None


def claim(database_url: str, timeout_s: float = CONNECT_TIMEOUT_S) -> Primary:
    """Become the instance for ``database_url``, or raise :class:`AlreadyRunning` after asking
    the running one to bring its window forward."""
    name = instance_name(database_url)
    lock = QLockFile(str(lock_path(name)))
    lock.setStaleLockTime(0)  # held for the app's lifetime: stale only if its process is gone
    if lock.tryLock(100):
        return Primary(name, lock)
    if lock.error() != QLockFile.LockError.LockFailedError:
        raise OSError(f"cannot create the lock file {lock.fileName()} ({lock.error().name})")
    pid, _host, _app = lock.getLockInfo()  # pid 0 when the file cannot be read
    raise AlreadyRunning(int(pid), _ask(name, time.monotonic() + timeout_s))
