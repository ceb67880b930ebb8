"""Storage: the deferred database, the models and the migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from chatdesk.store.db import StoreError, database, init_database, sqlite_path, write_transaction
from chatdesk.store.migrations import SCHEMA_KEY, migrate
from chatdesk.store.models import Meta

SQLITE_MAGIC = b"SQLite format 3\x00"


def open_store(url: str) -> None:
    """Bind the database at ``url`` and bring its schema up to date.

    A SQLite file that is there already must be ChatDesk's (or empty): another application's
    database, or a file that is no database, raises :class:`StoreError` before anything opens
    it for writing (migrating into it would add ChatDesk's tables, and opening it switches it to
    WAL mode).
    """
    init_database(url)
    path = sqlite_path()
    if path is not None:
        try:
            check_sqlite_file(path)
        except StoreError:
            init_database("sqlite:///:memory:")  # unbind the refused file
            raise
    migrate()


def check_sqlite_file(path: Path) -> None:
    """Refuse ``path`` unless it is missing, empty, an empty database or ChatDesk's; reads only.

    Errors other than "not a database" (a folder that cannot be read, a lock) are left for the
    real open to report."""
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError:
        return
    if not header:
        return  # an empty file: SQLite makes it a database
    if header != SQLITE_MAGIC:
        raise StoreError(
            f"{path}: not a SQLite database (another kind of file is there); ChatDesk left it "
            "untouched: move it away, or choose another --data-dir or --database"
        )
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    except sqlite3.Error:
        return
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        meta = Meta._meta.table_name
        ours = meta in tables and (
            conn.execute(f'SELECT 1 FROM "{meta}" WHERE key = ?', (SCHEMA_KEY,)).fetchone()
            is not None
        )
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise StoreError(
                f"{path}: the database is damaged or not a database ({exc}); ChatDesk left it "
                "untouched"
            ) from None
        return
    finally:
        conn.close()
    if tables and not ours:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise StoreError(
            f"{path}: another application's database (tables {shown}), not ChatDesk's; ChatDesk "
            "left it untouched: choose another --data-dir or --database"
        )


__all__ = [
    "StoreError",
    "check_sqlite_file",
    "database",
    "init_database",
    "migrate",
    "open_store",
    "write_transaction",
]
