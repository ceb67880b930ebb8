"""The deferred database: initialised once from a URL, pragmas and write transactions in one place.

Peewee keeps one connection per thread. Threads that serve requests keep theirs open for their
lifetime (opening a SQLite connection and setting its pragmas costs more than a query).

PostgreSQL can restart under a running process: :class:`PostgresStore` notices a connection the
server dropped, opens a new one, and runs again a statement that cannot have changed anything
(a read, or one that never reached the server); what cannot be retried (a write in a
transaction) raises :class:`DatabaseUnreachable`. The first failure logs one line, "database
unreachable, retrying", and the first connection that works again one more (see
:func:`on_availability`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlparse

import peewee
from playhouse import db_url

from chatdesk.paths import make_private, private_dir
from chatdesk.store.fts import GRAMS_FUNCTION, grams

log = logging.getLogger(__name__)

#: The one database every model uses; bound by :func:`init_database`.
database = peewee.DatabaseProxy()

BUSY_TIMEOUT_S = 15.0
#: SQLite: the SQL name of :func:`fold`.
FOLD_FUNCTION = "chatdesk_fold"

# WAL lets readers and one writer work at once; NORMAL sync is safe in WAL mode (a power cut can
# lose the last commits, never corrupt the file); the busy timeout makes writers queue for the lock.
SQLITE_PRAGMAS: dict[str, Any] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": int(BUSY_TIMEOUT_S * 1000),
    "synchronous": "normal",
    "cache_size": -16000,
    "temp_store": "memory",
}


def fold(text: str | None) -> str | None:
    """Text as it is compared without regard to case: Unicode case folding ("Émile" and
    "émile", "STRASSE" and "Straße" compare equal)."""
    return None if text is None else text.casefold()


def like_pattern(query: str) -> str:
    """A ``LIKE … ESCAPE '\\'`` pattern matching ``query`` anywhere."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(field: peewee.Node, query: str) -> peewee.Node:
    """Substring match with wildcards escaped, ignoring the case of ASCII letters on SQLite and
    of every letter PostgreSQL's ILIKE knows."""
    op = "LIKE" if is_sqlite() else "ILIKE"
    return peewee.NodeList(
        (field, peewee.SQL(op), peewee.Value(like_pattern(query)), peewee.SQL("ESCAPE '\\'"))
    )


class StoreError(Exception):
    """The store cannot be opened or used; the message says why, in one line a person reads."""


class UnsupportedDatabase(StoreError, ValueError):
    """``--database`` names an engine ChatDesk does not speak (a ValueError, as it was)."""


class DatabaseUnreachable(StoreError, peewee.OperationalError):
    """The database server cannot be reached (down, restarting, unreachable network); a later
    call reconnects. (StoreError first: Peewee's exception wrapper keeps it as it is.)"""


#: PostgreSQL: how long a connection attempt waits for the server, unless the URL says.
CONNECT_TIMEOUT_S = 5
#: What psycopg2 says when the connection, not the statement, failed.
_LOST = (
    "server closed the connection",
    "connection already closed",
    "terminating connection",
    "could not connect",
    "connection refused",
    "the database system is",
    "no connection to the server",
    "ssl connection has been closed",
    "could not receive data",
    "could not send data",
    "connection timed out",
)

_availability_lock = threading.Lock()
#: True: the last connection worked; False: the last one failed; None: none tried yet.
_available: bool | None = None
_availability_listeners: list[Callable[[bool], None]] = []


def on_availability(listener: Callable[[bool], None]) -> Callable[[], None]:
    """Call ``listener(False)`` when the database becomes unreachable and ``listener(True)``
    when it is reached again (from the thread that noticed); returns the unsubscriber."""
    with _availability_lock:
        _availability_listeners.append(listener)

    def unsubscribe() -> None:
        with _availability_lock:
            if listener in _availability_listeners:
                _availability_listeners.remove(listener)

    return unsubscribe


def database_available() -> bool:
    """Whether the last connection to the database worked (True before any was tried)."""
    return _available is not False


def _set_available(available: bool, reason: str = "") -> None:
    global _available
    with _availability_lock:
        before, _available = _available, available
        listeners = list(_availability_listeners) if before is not None else []
    if before is None or before == available:
        return  # only a change is news; a database unreachable at start is the caller's error
    if available:
        log.warning("database reachable again")
    else:
        log.warning("database unreachable, retrying (%s)", reason)
    for listener in listeners:
        try:
            listener(available)
        except Exception:  # a listener's bug must not turn an outage into a crash
            log.exception("availability listener failed")


_quiet = threading.local()


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """This thread's failures to reach the database are not announced (a background poller,
    such as the agents' folder watcher: a server restart it happens to meet is not an outage
    to log; the requests that meet a real one say it, once)."""
    _quiet.on = True
    try:
        yield
    finally:
        _quiet.on = False


def report_unreachable(error: BaseException) -> None:
    """Note that a connection failed (for code with connections of its own: the watcher)."""
    _set_available(False, _first_line(error))


def report_reachable() -> None:
    _set_available(True)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def is_connection_error(error: BaseException) -> bool:
    """Whether ``error`` says the connection (not the statement) failed."""
    if isinstance(error, DatabaseUnreachable):
        return True
    text = str(error).lower()
    return any(marker in text for marker in _LOST)


def _state(db: peewee.Database) -> Any:
    """Peewee's per-thread connection state (its ``conn``, ``reset()``), untyped there."""
    return cast(Any, db)._state


class PostgresStore(peewee.PostgresqlDatabase):
    """PostgreSQL that survives a server restart (see the module)."""

    def where(self) -> str:
        params = self.connect_params
        host = params.get("host") or "localhost"
        port = f":{params['port']}" if params.get("port") else ""
        return f"PostgreSQL {host}{port}/{self.database}"

    def _unreachable(self, error: BaseException) -> DatabaseUnreachable:
        reason = _first_line(error)
        if not getattr(_quiet, "on", False):
            _set_available(False, reason)
        return DatabaseUnreachable(f"the database is unreachable ({self.where()}): {reason}")

    def _lost(self, error: BaseException) -> bool:
        conn = _state(self).conn
        return bool(conn is not None and getattr(conn, "closed", 0)) or is_connection_error(error)

    def _drop(self) -> None:
        """Forget this thread's broken connection; the next statement opens a new one."""
        conn = _state(self).conn
        _state(self).reset()
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def connect(self, reuse_if_open: bool = False) -> bool:
        try:
            opened = bool(super().connect(reuse_if_open))
        except peewee.OperationalError as exc:
            raise self._unreachable(exc) from None
        _set_available(True)
        return opened

    def begin(self, isolation_level: Any = None) -> None:
        # Called before the transaction is pushed: nothing of it reached the server yet.
        try:
            super().begin(isolation_level)
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            if isinstance(exc, DatabaseUnreachable) or not self._lost(exc):
                raise
            self._drop()
            try:
                super().begin(isolation_level)
            except (peewee.OperationalError, peewee.InterfaceError) as again:
                if isinstance(again, DatabaseUnreachable) or not self._lost(again):
                    raise
                self._drop()
                raise self._unreachable(again) from None

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        try:
            return super().execute_sql(sql, params)  # type: ignore[no-untyped-call]
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            if isinstance(exc, DatabaseUnreachable) or not self._lost(exc):
                raise
            if self.in_transaction():  # the transaction is lost: its rollback drops it
                raise self._unreachable(exc) from None
            self._drop()
            if not _retryable(sql, exc):
                raise self._unreachable(exc) from None
        try:
            return super().execute_sql(sql, params)  # type: ignore[no-untyped-call]  # once, on a new connection
        except (peewee.OperationalError, peewee.InterfaceError) as again:
            if isinstance(again, DatabaseUnreachable) or not self._lost(again):
                raise
            self._drop()
            raise self._unreachable(again) from None

    def rollback(self) -> None:
        try:
            super().rollback()
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            if not self._lost(exc):
                raise
            if not self.in_transaction():
                self._drop()  # the server rolled it back when the connection went

    def commit(self) -> None:
        try:
            super().commit()
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            if not self._lost(exc):
                raise
            raise self._unreachable(exc) from None


def _retryable(sql: str, error: BaseException) -> bool:
    """Whether a statement that failed on a lost connection (outside a transaction) can run
    again: one that never reached the server (psycopg2's InterfaceError), or a read."""
    if isinstance(error, peewee.InterfaceError):
        return True
    head = sql.lstrip()[:6].upper()
    return head in ("SELECT", "SHOW")


class SqliteStore(peewee.SqliteDatabase):
    """SQLite whose rollback tolerates a transaction SQLite ended itself: on a full disk or an
    I/O error it rolls back on its own, and the ``ROLLBACK`` that follows would fail with
    "cannot rollback - no transaction is active", chained over the error that matters."""

    def rollback(self) -> None:
        try:
            super().rollback()
        except peewee.OperationalError:
            if self._sqlite_in_transaction():
                raise

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        try:
            return super().execute_sql(sql, params)  # type: ignore[no-untyped-call]
        except peewee.OperationalError:
            # a savepoint's ROLLBACK TO / RELEASE after SQLite ended the transaction itself
            if sql.startswith(("ROLLBACK TO SAVEPOINT", "RELEASE SAVEPOINT")) and (
                not self._sqlite_in_transaction()
            ):
                return None
            raise

    def _sqlite_in_transaction(self) -> bool:
        conn = _state(self).conn
        return bool(conn is not None and conn.in_transaction)


def _with_connect_timeout(url: str) -> str:
    if "connect_timeout=" in url:
        return url
    return url + ("&" if "?" in url else "?") + f"connect_timeout={CONNECT_TIMEOUT_S}"


_opened_url: str | None = None


def opened_url() -> str | None:
    """The URL :data:`database` was last bound to, as given (None before)."""
    return _opened_url


def init_database(url: str) -> peewee.Database:
    """Bind :data:`database` to the database at ``url`` (``sqlite:///path`` or ``postgresql://``)."""
    global _opened_url
    if database.obj is not None:
        close_database()
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(url[len("sqlite:///") :]) if url.startswith("sqlite:///") else parsed.path
        if path != ":memory:":
            private_dir(Path(path).parent)
            make_private(Path(path))  # before SQLite creates it: its -wal and -shm copy the mode
        sqlite = SqliteStore(
            path, pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_S, check_same_thread=False
        )
        # Used by the search index triggers (see chatdesk.store.fts).
        sqlite.register_function(grams, GRAMS_FUNCTION, 1, deterministic=True)
        # SQLite's LIKE folds ASCII letters only: see title_filter in chatdesk.services.chats.
        sqlite.register_function(fold, FOLD_FUNCTION, 1, deterministic=True)
        db: peewee.Database = sqlite
    elif parsed.scheme in ("postgres", "postgresql"):
        params = db_url.parse(_with_connect_timeout(url))
        db = PostgresStore(params.pop("database"), **params)
    else:
        raise UnsupportedDatabase(
            f"unsupported database URL scheme {parsed.scheme!r} (sqlite:///FILE or postgresql://…)"
        )
    database.initialize(db)
    _opened_url = url
    return db


def close_database() -> None:
    """Close this thread's connection, if any (one the server dropped is just forgotten)."""
    if database.obj is not None and not database.is_closed():
        try:
            database.close()
        except peewee.InterfaceError:  # psycopg2: "connection already closed"
            _state(database.obj).reset()


def ping() -> bool:
    """Whether the database answers now (a stale connection is replaced first)."""
    try:
        database.execute_sql("SELECT 1").fetchone()
    except DatabaseUnreachable:
        return False
    return True


def is_sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


def is_postgres() -> bool:
    return isinstance(database.obj, peewee.PostgresqlDatabase)


def sqlite_path() -> Path | None:
    """The SQLite file, or None for another engine."""
    if not is_sqlite() or database.obj.database == ":memory:":
        return None
    return Path(database.obj.database)


_sqlite_writer = threading.RLock()


@contextlib.contextmanager
def write_transaction() -> Iterator[Any]:
    """A transaction for work that writes.

    SQLite: ``BEGIN IMMEDIATE``, which takes the write lock up front. A deferred transaction that
    reads and then writes cannot wait for the lock in WAL mode (its snapshot may be stale), so it
    fails at once with "database is locked" whatever the busy timeout; an immediate one queues.
    Threads of this process also queue on a lock first: SQLite's busy handler waits by sleeping
    and polling (up to 100 ms a nap), which under contention costs far more than the writes.
    Nested calls become savepoints.
    """
    if is_sqlite():
        with _sqlite_writer, database.atomic("IMMEDIATE") as transaction:
            yield transaction
    else:
        with database.atomic() as transaction:
            yield transaction


@contextlib.contextmanager
def advisory_lock(name: str) -> Iterator[None]:
    """Serialise a critical section across processes inside the current transaction.

    SQLite's IMMEDIATE transaction already serialises writers; PostgreSQL takes a transaction-scoped
    advisory lock.
    """
    if is_postgres():
        database.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (name,))
    yield


@functools.lru_cache(maxsize=256)
def _dialect(text: str, sqlite: bool) -> str:
    return text if sqlite else text.replace("?", "%s")


def stored_time(value: object) -> dt.datetime:
    """A time :func:`run` read back: SQLite hands raw SQL text, PostgreSQL a datetime."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def run(text: str, params: Sequence[object] = ()) -> Any:
    """Run hand-written SQL (``?`` placeholders, double-quoted names) on SQLite or PostgreSQL.

    Only for the few statements on the API's hot path: building a query with Peewee costs several
    times more than SQLite takes to run it (measured in bench/load.py).
    """
    return database.execute_sql(_dialect(text, is_sqlite()), params)
