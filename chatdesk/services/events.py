"""Change notification: the services announce what changed once it is committed.

Qt-free. The GUI subscribes and forwards to a signal (queued to the GUI thread); the server
thread publishes through the same services, so a chat added over HTTP reaches the open window.

Other processes on the same database (a CLI import, a second server, another host on
PostgreSQL) are followed through ``change_log``: :func:`publish` writes each change there in the
transaction that made it, and a :class:`Watcher` thread reads what other processes wrote, every
:data:`POLL_S`, and announces it here like a change of this process. On SQLite it reads the log
only when ``PRAGMA data_version`` says another connection committed.
"""

from __future__ import annotations

import logging
import secrets
import select
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

import peewee as pw

from chatdesk.store import database
from chatdesk.store.db import (
    DatabaseUnreachable,
    close_database,
    is_connection_error,
    is_sqlite,
    report_reachable,
    report_unreachable,
    run,
)
from chatdesk.store.models import ChangeLog

log = logging.getLogger(__name__)

#: This process's token in ``change_log``: its watcher skips what it wrote itself.
ORIGIN = secrets.token_hex(8)
POLL_S = 0.25
#: PostgreSQL: the channel every logged change is announced on, and how often the log is read
#: without one.
CHANNEL = "chatdesk_changes"
FALLBACK_S = 5.0
#: PostgreSQL: how often the watcher tries to reconnect while the server is away.
RECONNECT_S = 1.0
#: The log keeps about this many rows; every :data:`PRUNE_EVERY` changes a process trims it.
KEEP = 20_000
PRUNE_EVERY = 1000
#: PostgreSQL: how many ids below the last one seen are read again (see :meth:`Watcher.poll`).
REREAD = 500
_published = 0


@dataclass(frozen=True)
class Change:
    """What changed: ``kind`` is "chat" (created, renamed, pinned, deleted or restored, moved
    to a folder, tagged, archived), "message" (added), "prompt", "folder" (the user's folder
    tree), "tag" (the user's tags) or "option" (an option of the user's that another process
    acts on: AI apps' saving); ids are database ids (0 where not applicable)."""

    kind: str
    user_id: int = 0
    chat_id: int = 0


Listener = Callable[[Change], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def subscribe(listener: Listener) -> Callable[[], None]:
    """Call ``listener`` for every committed change; returns a function that unsubscribes."""
    with _lock:
        _listeners.append(listener)

    def unsubscribe() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return unsubscribe


def publish(change: Change) -> None:
    """Announce ``change`` when the current transaction commits (now, outside one)."""
    publish_all([change])


def publish_all(changes: Iterable[Change]) -> None:
    """Announce each of ``changes``, as :func:`publish` does, logged in one statement (a page of
    rows a statement on PostgreSQL) with one ``NOTIFY``: a bulk delete announces 10,000 chats."""
    batch = list(changes)
    if not batch:
        return
    _log(batch)
    if _listeners:
        database.after_commit(lambda: _deliver_all(batch))


_LOG = "INSERT INTO change_log (kind, user_id, chat_id, origin) VALUES (?, ?, ?, ?)"


def _log(changes: list[Change]) -> None:
    """Write ``changes`` to the log, in the current transaction (on PostgreSQL with a
    ``NOTIFY``, sent at commit); now and then trim the log."""
    global _published
    # Prepared SQL, not a Peewee query, and one statement for many rows: one row a statement
    # (and a NOTIFY each) was most of a bulk delete's time on PostgreSQL, 2.5 of 3.3 s for
    # 10,000 chats (docs/benchmarks-list.md).
    rows = [(c.kind, c.user_id, c.chat_id, ORIGIN) for c in changes]
    if len(rows) == 1:
        run(_LOG, rows[0])
    elif is_sqlite():
        database.cursor().executemany(_LOG, rows)
    else:
        from psycopg2.extras import execute_values

        insert = _LOG.split(" VALUES ")[0] + " VALUES %s"
        execute_values(database.cursor(), insert, rows, page_size=1000)
    if not is_sqlite():
        database.execute_sql("SELECT pg_notify(%s, %s)", (CHANNEL, ORIGIN))
    before, _published = _published, _published + len(rows)
    if before // PRUNE_EVERY != _published // PRUNE_EVERY:
        top = ChangeLog.select(pw.fn.MAX(ChangeLog.id)).scalar() or 0
        ChangeLog.delete().where(ChangeLog.id <= top - KEEP).execute()


def _deliver_all(changes: list[Change]) -> None:
    with _lock:
        targets = list(_listeners)
    for change in changes:
        for listener in targets:
            listener(change)


class Watcher(threading.Thread):
    """Announces the changes other processes commit (see the module), until :meth:`stop`."""

    def __init__(self, interval: float = POLL_S) -> None:
        super().__init__(name="chatdesk-changes", daemon=True)
        self.interval = interval
        self._stopping = threading.Event()
        self._ready = threading.Event()
        self.last_id = 0
        self._seen: dict[int, None] = {}  # ids read lately, oldest first

    def run(self) -> None:
        try:
            try:
                self.last_id = ChangeLog.select(pw.fn.MAX(ChangeLog.id)).scalar() or 0
            except DatabaseUnreachable:
                self.last_id = 0  # read from the start once it is back (the log is trimmed)
            if is_sqlite():
                self._follow_sqlite()
            else:
                self._follow_postgres()
        except Exception:  # a closed or replaced database (a restore): stop quietly, logged
            log.exception("stopped following other processes' changes")
        finally:
            self._ready.set()
            close_database()

    def _follow_sqlite(self) -> None:
        """Read the log when ``PRAGMA data_version`` (this connection's view of commits by any
        other connection) has moved."""
        version = self._data_version()
        self._ready.set()
        while not self._stopping.wait(self.interval):
            now = self._data_version()
            if now != version:
                version = now
                self.poll()

    def _data_version(self) -> int:
        return int(database.execute_sql("PRAGMA data_version").fetchone()[0])

    def _follow_postgres(self) -> None:
        """Wait for a ``NOTIFY`` (every logged change sends one at its commit) on a connection
        of its own, then read the log; read it every :data:`FALLBACK_S` too, in case one is
        missed. When the server goes away (a restart), say so once and try again every
        :data:`RECONNECT_S`; once back, read what was logged meanwhile."""
        import psycopg2

        caught_up = True
        while not self._stopping.is_set():
            try:
                listener = self._listen()
            except (psycopg2.Error, DatabaseUnreachable) as exc:
                report_unreachable(exc)
                self._ready.set()  # nothing to wait for: the database is not there
                self._stopping.wait(RECONNECT_S)
                continue
            try:
                report_reachable()
                self._ready.set()
                if not caught_up:
                    self.poll()  # what other processes logged while it was down
                caught_up = True
                self._wait_for_changes(listener)
            except (psycopg2.Error, pw.OperationalError, pw.InterfaceError, OSError) as exc:
                if not is_connection_error(exc) and not listener.closed:
                    raise
                report_unreachable(exc)
                caught_up = False
                self._stopping.wait(RECONNECT_S)
            finally:
                listener.close()

    def _listen(self) -> Any:
        import psycopg2

        db = database.obj
        listener = psycopg2.connect(dbname=db.database, **db.connect_params)
        try:
            listener.autocommit = True
            listener.cursor().execute(f"LISTEN {CHANNEL}")
        except BaseException:
            listener.close()
            raise
        return listener

    def _wait_for_changes(self, listener: Any) -> None:
        waited = 0.0
        while not self._stopping.is_set():
            ready, _, _ = select.select([listener], [], [], self.interval)
            waited += self.interval
            if ready:
                listener.poll()
                theirs = [n for n in listener.notifies if n.payload != ORIGIN]
                listener.notifies.clear()
                if theirs:
                    self.poll()
                    waited = 0.0
            elif waited >= FALLBACK_S:
                self.poll()
                waited = 0.0

    def poll(self) -> int:
        """Announce what other processes logged since the last poll; returns how many.

        PostgreSQL hands out ids before commit, so a transaction can commit after one with a
        higher id: the last :data:`REREAD` ids are read again, and the ids already seen skipped.
        """
        reread = 0 if is_sqlite() else REREAD
        query = (
            ChangeLog.select(
                ChangeLog.id, ChangeLog.kind, ChangeLog.user_id, ChangeLog.chat_id, ChangeLog.origin
            )
            .where(ChangeLog.id > self.last_id - reread)
            .order_by(ChangeLog.id)
            .limit(5000)
            .tuples()
        )
        rows = cast("list[tuple[int, str, int, int, str]]", list(query))
        changes: dict[Change, None] = {}
        for row_id, kind, user_id, chat_id, origin in rows:
            if row_id in self._seen:
                continue
            self._seen[row_id] = None
            if origin != ORIGIN:
                changes[Change(kind, user_id, chat_id)] = None
        if rows:
            self.last_id = max(self.last_id, rows[-1][0])
        while len(self._seen) > 2 * REREAD + 5000:
            del self._seen[next(iter(self._seen))]  # the oldest: below the window now
        _deliver_all(list(changes))
        return len(changes)

    def wait_ready(self, timeout: float = 5) -> None:
        self._ready.wait(timeout)

    def stop(self) -> None:
        self._stopping.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(5)


_watcher: Watcher | None = None


def start_watching() -> Watcher:
    """Follow other processes' changes (idempotent); the desktop app does, ``serve`` need not."""
    global _watcher
    if _watcher is None or not _watcher.is_alive():
        _watcher = Watcher()
        _watcher.start()
        _watcher.wait_ready()
    return _watcher


def stop_watching() -> None:
    global _watcher
    if _watcher is not None:
        _watcher.stop()
        _watcher = None
