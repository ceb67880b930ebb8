"""The deferred database: initialised once from a URL, pragmas and write transactions in one place.

Peewee keeps one connection per thread. Threads that serve requests keep theirs open for their
lifetime (opening a SQLite connection and setting its pragmas costs more than a query).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import peewee
from playhouse import db_url

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


def init_database(url: str) -> peewee.Database:
    """Bind :data:`database` to the database at ``url`` (``sqlite:///path`` or ``postgresql://``)."""
    if database.obj is not None:
        close_database()
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(url[len("sqlite:///") :]) if url.startswith("sqlite:///") else parsed.path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        sqlite = peewee.SqliteDatabase(
            path, pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_S, check_same_thread=False
        )
        # Used by the search index triggers (see chatdesk.store.fts).
        sqlite.register_function(grams, GRAMS_FUNCTION, 1, deterministic=True)
        # SQLite's LIKE folds ASCII letters only: see title_filter in chatdesk.services.chats.
        sqlite.register_function(fold, FOLD_FUNCTION, 1, deterministic=True)
        db: peewee.Database = sqlite
    elif parsed.scheme in ("postgres", "postgresql"):
        db = db_url.connect(url)
    else:
        raise ValueError(
            f"unsupported database URL scheme {parsed.scheme!r} (sqlite or postgresql)"
        )
    database.initialize(db)
    return db


def close_database() -> None:
    """Close this thread's connection, if any."""
    if database.obj is not None and not database.is_closed():
        database.close()


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
