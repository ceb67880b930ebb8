"""Whole-database backup and restore (SQLite).

A backup is one self-contained file, copied with SQLite's online backup API (safe while the app
and its server thread write). A restore checks that the file is a ChatDesk database of a schema
version this ChatDesk knows, copies it next to the live database, keeps the current database as
``<file>.before-restore-<time>.bak``, and swaps the copy in with one atomic rename — only once no
other connection is open on the old file. PostgreSQL has its own tools (pg_dump, pg_restore):
both calls refuse it with a clear message.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from chatdesk.paths import new_private_file
from chatdesk.services import events
from chatdesk.store import open_store
from chatdesk.store.db import close_database, database, sqlite_path
from chatdesk.store.indexer import stop_background_indexer
from chatdesk.store.migrations import SCHEMA_KEY, SCHEMA_VERSION, backup_sqlite
from chatdesk.store.models import ALL_MODELS, Meta, utcnow

SQLITE_MAGIC = b"SQLite format 3\x00"
POSTGRES_HINT = (
    "backup and restore work on ChatDesk's SQLite database; for PostgreSQL use pg_dump and "
    "pg_restore"
)


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


@dataclass(frozen=True)
class Restored:
    """The database now in use, its schema version before migration, and the old one's copy."""

    database: Path
    version: int
    previous: Path


def available() -> bool:
    """Whether the open store can be backed up and restored here (a SQLite file; PostgreSQL
    has its own tools: :data:`POSTGRES_HINT`)."""
    return sqlite_path() is not None


def library_location() -> str:
    """Where the open store keeps the chats, to show a person: the SQLite file, or the PostgreSQL
    server and database (never a password)."""
    path = sqlite_path()
    if path is not None:
        return str(path)
    params = database.connect_params
    host = params.get("host") or "localhost"
    where = f"{host}:{params['port']}" if params.get("port") else str(host)
    return f"PostgreSQL {where}/{database.database}"


def _live_path() -> Path:
    path = sqlite_path()
    if path is None:
        raise BackupError(POSTGRES_HINT)
    return path


def _temporary(near: Path, what: str) -> Path:
    return near.with_name(f".{near.name}.{what}-{uuid.uuid4().hex[:8]}.tmp")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            if f.read(16) != SQLITE_MAGIC:
                raise BackupError(f"{path}: not a SQLite database")
    except OSError as exc:
        raise BackupError(f"{path}: cannot read it ({exc.strerror})") from None


def _private_copy(source: Path, target: Path, shown: Path) -> None:
    """Copy the database ``source`` to the new file ``target``, readable by its owner only
    (0600: a backup holds every chat); errors name ``shown``, the file the person named."""
    try:
        new_private_file(target)
    except OSError as exc:
        raise BackupError(
            f"{shown.parent}: cannot write there ({exc.strerror}); nothing was written"
        ) from None
    try:
        backup_sqlite(source, target)
    except sqlite3.Error as exc:
        raise BackupError(f"{shown}: cannot write the copy ({exc}); nothing was written") from None


def inspect(path: Path, shown: Path | None = None) -> int:
    """The schema version of the ChatDesk database at ``path``; raises BackupError otherwise,
    naming ``shown`` (the file the person chose, when ``path`` is a temporary copy of it).

    It also turns the file's journal mode to DELETE, so it stands alone, without ``-wal``.
    """
    _check_header(path)
    real, path = path, shown or path
    conn = sqlite3.connect(str(real))
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{path}: the database is damaged")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        meta = Meta._meta.table_name
        row = (
            conn.execute(f'SELECT value FROM "{meta}" WHERE key = ?', (SCHEMA_KEY,)).fetchone()
            if meta in tables
            else None
        )
        if row is None:
            raise BackupError(f"{path}: not a ChatDesk database")
        version = int(row[0])
        if not 1 <= version <= SCHEMA_VERSION:
            raise BackupError(
                f"{path}: schema version {version}, which this ChatDesk does not know "
                f"(1 to {SCHEMA_VERSION}); upgrade ChatDesk to restore it"
            )
        missing = {m._meta.table_name for m in ALL_MODELS} - tables
        if version == SCHEMA_VERSION and missing:
            raise BackupError(f"{path}: not a whole ChatDesk database (no {sorted(missing)})")
        conn.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: not a usable SQLite database ({exc})") from None
    finally:
        conn.close()
    return version


def backup(target: Path) -> Path:
    """Copy the live database to ``target`` (replaced atomically if it exists)."""
    live = _live_path()
    target = target.expanduser().resolve()
    if target == live.resolve():
        raise BackupError("the backup cannot overwrite the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _temporary(target, "backup")
    try:
        _private_copy(live, partial, target)
        inspect(partial, target)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(source: Path) -> Restored:
    """Replace the live database with the backup at ``source``, then reopen (and migrate) it.

    Only this thread's connection is closed here: other threads and processes must have closed
    theirs (the GUI stops its server first), or BackupError says the database is in use.
    """
    live = _live_path()
    source = source.expanduser().resolve()
    if source == live.resolve():
        raise BackupError("that file is the database in use")
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    url = f"sqlite:///{live}"
    incoming = _temporary(live, "restore")
    try:
        _check_header(source)
        try:
            new_private_file(incoming)
            backup_sqlite(source, incoming)  # a consistent copy, even of a file still in use
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source}: not a usable SQLite database ({exc})") from None
        except OSError as exc:
            raise BackupError(f"{live.parent}: cannot write there ({exc.strerror})") from None
        version = inspect(incoming, source)
        previous = live.with_name(f"{live.name}.before-restore-{utcnow():%Y%m%d-%H%M%S-%f}.bak")
        stop_background_indexer()
        events.stop_watching()  # its connection would hold the old file open
        close_database()
        try:
            _release(live)
            new_private_file(previous)
            backup_sqlite(live, previous)
            os.replace(incoming, live)
        finally:
            open_store(url)
    finally:
        incoming.unlink(missing_ok=True)
    return Restored(live, version, previous)


def _release(live: Path) -> None:
    """Make sure no connection is left on ``live`` and fold its ``-wal`` in, before the swap.

    Leaving WAL mode needs the only connection: if another is open, say so rather than swap the
    file under it.
    """
    conn = sqlite3.connect(str(live), timeout=2.0)
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        mode = "busy"
    finally:
        conn.close()
    if mode != "delete":
        raise BackupError(
            "the database is in use by another window, server or process; close it and retry"
        )
    for suffix in ("-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
