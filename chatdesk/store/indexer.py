"""Full-text indexing of new messages and chat titles after they commit (SQLite, schemas v3
and v14).

A message's insert trigger only queues its id in ``message_fts_queue``, a chat's its id in
``chat_fts_queue``; :func:`index_queued` moves queued messages into ``message_fts`` and
``message_grams`` in batches (each under its owner and kind, schema v22), and queued titles
into ``chat_fts`` and ``chat_grams`` (v23). One FTS5 segment per batch instead of two per
message: ``add_chat`` writes ~10 pages instead of ~22 and costs less than half the CPU
(docs/benchmarks.md).

Search stays exact: :func:`catch_up` runs before every SQLite search, so a committed message is
always found. A :class:`BackgroundIndexer` keeps the queue short in a long-running process (the
API server runs one), so that the search that comes after a burst of writes stays fast; it
also indexes again the reasoning and tool rows that schema v22 found indexed without their kind
(:func:`rescope`; a search starts it where no server did). PostgreSQL indexes in the
transaction as before: everything here is a no-op there.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator

import peewee as pw

from chatdesk.store.db import close_database, database, is_sqlite, write_transaction
from chatdesk.store.fts import GRAMS_FUNCTION, index_sql, unindex_sql

log = logging.getLogger(__name__)

#: Messages indexed per transaction: large enough to share segments, small enough to keep the
#: writer lock for a few tens of milliseconds at most.
BATCH = 2_000

#: The queued ids the indexer leaves alone (:func:`park`): a JSON object id -> reason in
#: ``chatdesk_meta``. A parked message stays in the queue, so that the triggers never ask the
#: index to forget it (it was never indexed); deleting it takes it out of the queue as usual.
PARKED_KEY = "fts_parked"
#: A message longer than this many characters is parked without being tried: its grams alone
#: would be ~40 bytes a character (a 200 MB message took 7 GB and failed with "string or blob
#: too big"). Above what any path stores since (services.validation.CONTENT_MAX, a million).
INDEX_MAX_CHARS = 4_000_000
_NOT_PARKED = "NOT IN (SELECT CAST(key AS INTEGER) FROM json_each(?))"
_QUEUED = (
    "FROM message_fts_queue q JOIN message m ON m.id = q.id JOIN chat c ON c.id = m.chat_id "
    f"WHERE q.id <= ? AND q.id {_NOT_PARKED}"
)
_INDEX = [
    part.strip()
    for part in index_sql("m", "c.user_id", _QUEUED, kinds=True).split(";")
    if part.strip()
]
_QUEUED_ONE = (
    "FROM message_fts_queue q JOIN message m ON m.id = q.id JOIN chat c ON c.id = m.chat_id "
    "WHERE q.id = ?"
)
_INDEX_ONE = [
    part.strip()
    for part in index_sql("m", "c.user_id", _QUEUED_ONE, kinds=True).split(";")
    if part.strip()
]
_LAST_OF_BATCH = (
    f"SELECT max(id) FROM (SELECT id FROM message_fts_queue WHERE id {_NOT_PARKED} "
    "ORDER BY id LIMIT ?)"
)
_BATCH_IDS = f"SELECT id FROM message_fts_queue WHERE id <= ? AND id {_NOT_PARKED} ORDER BY id"
_TOO_LONG = (
    "SELECT q.id FROM message_fts_queue q JOIN message m ON m.id = q.id "
    f"WHERE q.id <= ? AND q.id {_NOT_PARKED} AND length(m.content) > ?"
)
_DEQUEUE = f"DELETE FROM message_fts_queue WHERE id <= ? AND id {_NOT_PARKED}"
_DEQUEUE_ONE = "DELETE FROM message_fts_queue WHERE id = ?"
#: Queued chat titles (schema v14; their grams since v23): all of them with each batch; a
#: chat's id is queued once.
_INDEX_TITLES = [
    "INSERT INTO chat_fts(rowid, title) "
    "SELECT c.id, c.title FROM chat_fts_queue q JOIN chat c ON c.id = q.id",
    f"INSERT INTO chat_grams(rowid, grams) "
    f"SELECT c.id, {GRAMS_FUNCTION}(c.title) FROM chat_fts_queue q JOIN chat c ON c.id = q.id",
]
_DEQUEUE_TITLES = "DELETE FROM chat_fts_queue"
_PENDING = (
    f"SELECT EXISTS (SELECT 1 FROM message_fts_queue WHERE id {_NOT_PARKED}) "
    "OR EXISTS (SELECT 1 FROM chat_fts_queue)"
)
_PARKED = "SELECT value FROM chatdesk_meta WHERE key = ?"
_SAVE_PARKED = "INSERT OR REPLACE INTO chatdesk_meta(key, value) VALUES (?, ?)"
#: What indexing one message may fail with for its content (a string too big for SQLite, the
#: grams function out of memory): the message is parked. Anything else (a busy database, a
#: full disk) is retried by the next run.
_CONTENT_ERRORS = (pw.DataError, sqlite3.DataError, MemoryError)


def parked() -> dict[int, str]:
    """The queued messages the indexer leaves alone, by id, with the reason (SQLite only)."""
    if not is_sqlite():
        return {}
    row = database.execute_sql(_PARKED, (PARKED_KEY,)).fetchone()
    if row is None:
        return {}
    try:
        return {int(k): str(v) for k, v in json.loads(row[0]).items()}
    except (ValueError, AttributeError):
        return {}


def _parked_json() -> str:
    row = database.execute_sql(_PARKED, (PARKED_KEY,)).fetchone()
    return row[0] if row is not None else "{}"


def park(message_id: int, reason: str) -> None:
    """Leave the queued message ``message_id`` out of the search index for good, saying why in
    the log (inside the caller's transaction, or one of its own)."""
    with write_transaction():
        now = parked()
        now[message_id] = reason
        still = {
            row[0]
            for row in database.execute_sql(
                "SELECT id FROM message_fts_queue WHERE id IN (SELECT CAST(key AS INTEGER) "
                "FROM json_each(?))",
                (json.dumps({str(k): v for k, v in now.items()}),),
            )
        }
        kept = {str(k): v for k, v in now.items() if k in still}
        database.execute_sql(_SAVE_PARKED, (PARKED_KEY, json.dumps(kept)))
    log.warning(
        "message %d left out of the search index: %s (it stays stored and shown; search does "
        "not find it)",
        message_id,
        reason,
    )


def pending() -> bool:
    """True when committed messages (not parked) or chat titles wait to be indexed."""
    if not is_sqlite():
        return False
    return bool(database.execute_sql(_PENDING, (_parked_json(),)).fetchone()[0])


def index_queued(limit: int = BATCH) -> int:
    """Index up to ``limit`` queued messages (oldest first) in one transaction; returns how many
    left the queue. Messages of deleted chats are indexed too (since schema v10), and stay hidden
    from searches through ``message_hidden`` while their chat is deleted. Every queued chat
    title is indexed too (schema v14; one a chat, so there are few).

    A message that cannot be indexed is parked (:func:`park`), never retried: one longer than
    :data:`INDEX_MAX_CHARS` before it is tried, one whose indexing fails for its content when
    its batch, retried one message at a time, comes to it. The others of its batch are indexed.
    """
    if not is_sqlite():
        return 0
    try:
        return _index_batch(limit)
    except (*_CONTENT_ERRORS, pw.OperationalError) as exc:
        if not _content_error(exc):
            raise
        log.info("indexing a batch failed (%s): indexing its messages one by one", exc)
    return _index_one_by_one(limit)


def _content_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a message's content failing to index (the grams function raising is
    an OperationalError to SQLite), not the database's state."""
    return isinstance(exc, _CONTENT_ERRORS) or "user-defined function raised" in str(exc)


def _index_batch(limit: int) -> int:
    with write_transaction():
        for statement in _INDEX_TITLES:
            database.execute_sql(statement)
        database.execute_sql(_DEQUEUE_TITLES)
        skip = _parked_json()
        upto = database.execute_sql(_LAST_OF_BATCH, (skip, limit)).fetchone()[0]
        if upto is None:
            return 0
        too_long = database.execute_sql(_TOO_LONG, (upto, skip, INDEX_MAX_CHARS)).fetchall()
        for (message_id,) in too_long:
            park(message_id, f"longer than {INDEX_MAX_CHARS:,} characters")
        skip = _parked_json()
        for statement in _INDEX:
            database.execute_sql(statement, (upto, skip))
        return int(database.execute_sql(_DEQUEUE, (upto, skip)).rowcount) + len(too_long)


def _index_one_by_one(limit: int) -> int:
    """:func:`_index_batch`'s messages each in its own transaction, parking those that fail."""
    done = 0
    with write_transaction():
        skip = _parked_json()
        upto = database.execute_sql(_LAST_OF_BATCH, (skip, limit)).fetchone()[0]
        ids = [] if upto is None else database.execute_sql(_BATCH_IDS, (upto, skip)).fetchall()
    for (message_id,) in ids:
        try:
            with write_transaction():
                for statement in _INDEX_ONE:
                    database.execute_sql(statement, (message_id,))
                database.execute_sql(_DEQUEUE_ONE, (message_id,))
        except (*_CONTENT_ERRORS, pw.OperationalError) as exc:
            if not _content_error(exc):
                raise
            park(message_id, f"{type(exc).__name__}: {exc}")
        done += 1
    return done


#: Reasoning and tool rows indexed again per transaction by :func:`rescope`: few enough that a
#: batch of long tool outputs keeps the writer lock for a fraction of a second.
RESCOPE_BATCH = 200
_RESCOPE_UPTO = "SELECT max(id) FROM (SELECT id FROM message_fts_rescope ORDER BY id LIMIT ?)"
_RESCOPED = (
    "FROM message_fts_rescope r JOIN message m ON m.id = r.id JOIN chat c ON c.id = m.chat_id "
    "WHERE r.id <= ?"
)
#: Out of the indexes under the owner alone (as before schema v22), in again under owner and kind.
_RESCOPE = [
    part.strip()
    for script in (
        unindex_sql("m", "c.user_id", _RESCOPED),
        index_sql("m", "c.user_id", _RESCOPED, kinds=True),
    )
    for part in script.split(";")
    if part.strip()
]
_RESCOPE_DONE = "DELETE FROM message_fts_rescope WHERE id <= ?"


def rescoping() -> bool:
    """SQLite: whether reasoning or tool rows indexed before schema v22 still wait to be indexed
    under their kind (``message_fts_rescope``; searches tell them apart meanwhile)."""
    if not is_sqlite():
        return False
    return database.execute_sql("SELECT 1 FROM message_fts_rescope LIMIT 1").fetchone() is not None


def rescope(limit: int = RESCOPE_BATCH) -> int:
    """Index up to ``limit`` of the rows :func:`rescoping` names (lowest ids first) under their
    kind, in one transaction; returns how many. The background indexer runs it until none is
    left: a crash loses at most the batch in progress, which the next run does again."""
    if not is_sqlite():
        return 0
    with write_transaction():
        upto = database.execute_sql(_RESCOPE_UPTO, (limit,)).fetchone()[0]
        if upto is None:
            return 0
        for statement in _RESCOPE:
            database.execute_sql(statement, (upto,))
        return int(database.execute_sql(_RESCOPE_DONE, (upto,)).rowcount)


#: The FTS5 tables the indexer writes, and FTS5's default ``automerge``.
_TABLES = ("message_fts", "message_grams")
_AUTOMERGE_DEFAULT = 4


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Index in bulk (an import), until the block ends, when the settings go back to what they
    were (also on failure). No-op on PostgreSQL.

    FTS5 merges no segments as it goes (``automerge`` 0). Segments still get merged when a level
    fills up (``crisismerge``), so their number stays bounded; what is saved is the incremental
    merging of every run's segments into the ones before (measured alone: the trigram index's
    CPU per message 81 µs against 97 µs).
    """
    if not is_sqlite():
        yield
        return
    saved = {}
    try:
        with write_transaction():
            for table in _TABLES:
                row = database.execute_sql(
                    f"SELECT v FROM {table}_config WHERE k = 'automerge'"
                ).fetchone()
                # 0 is what an import left that runs alongside, or one that died: not a
                # setting to keep once every import is done.
                saved[table] = (
                    int(row[0]) if row is not None and int(row[0]) else _AUTOMERGE_DEFAULT
                )
                database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
        yield
    finally:
        if saved:
            with write_transaction():
                for table, value in saved.items():
                    database.execute_sql(
                        f"INSERT INTO {table}({table}, rank) VALUES ('automerge', ?)", (value,)
                    )


@contextlib.contextmanager
def _spilled() -> Iterator[None]:
    """This connection's temporary storage in files, not memory (``temp_store``), until the
    block ends; unchanged inside a transaction, where the pragma is refused.

    For index runs: what SQLite keeps in temporary storage while one runs (most likely its
    statement journal, which grows with the segments the run's merges rewrite) grew with the
    database, and held in memory it made an import's process grow (1,000,000 messages peaked at
    245 MB, 54 MB with files). Only the index runs: an import's writes between them, each
    conversation in a savepoint, lost a third of their speed with their statement journals in
    files (docs/benchmarks-import.md).
    """
    if database.in_transaction():
        yield
        return
    before = int(database.execute_sql("PRAGMA temp_store").fetchone()[0])
    database.execute_sql("PRAGMA temp_store = FILE")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA temp_store = {before}")


def catch_up(batch: int = BATCH) -> int:
    """Index everything committed so far (``batch`` messages a transaction); returns how many
    messages left the queue."""
    done = 0
    if not pending():
        return done
    with _spilled():
        while True:
            count = index_queued(batch)
            done += count
            if count < batch or not pending():  # what came in meanwhile: the next call takes it
                break
    return done


class BackgroundIndexer:
    """A daemon thread that runs :func:`catch_up` every ``interval`` seconds until stopped, and
    :func:`rescope` while :func:`rescoping`."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chatdesk-indexer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        """Stop after the batch in progress; the thread's connection is closed."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    catch_up()
                    # the rows of schema v22 to index again, a batch at a time, new ones between
                    while not self._stop.is_set() and rescope():
                        catch_up()
                except Exception:  # the next round retries; searches catch up themselves
                    log.exception("background indexing failed")
        finally:
            close_database()


_lock = threading.Lock()
_running: tuple[int, BackgroundIndexer] | None = None


def ensure_background_indexer() -> None:
    """Start this process's background indexer unless it runs (SQLite only; fork-aware)."""
    global _running
    if not is_sqlite() or (_running is not None and _running[0] == os.getpid()):
        return
    with _lock:
        if _running is None or _running[0] != os.getpid():
            indexer = BackgroundIndexer()
            indexer.start()
            _running = (os.getpid(), indexer)


def stop_background_indexer() -> None:
    """Stop this process's background indexer, if any (before the database file is replaced)."""
    global _running
    with _lock:
        running, _running = _running, None
    if running is not None and running[0] == os.getpid():
        running[1].stop()
