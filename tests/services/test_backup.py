"""Whole-database backup (while another thread writes) and restore."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from chatdesk.services import accounts, chats
from chatdesk.services.backup import BackupError, backup, library_location, restore
from chatdesk.store import database, open_store
from chatdesk.store.db import close_database
from chatdesk.store.migrations import SCHEMA_VERSION
from chatdesk.store.models import Chat, Message, User


def test_backup_while_another_thread_writes(sqlite_store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    chat = chats.create_chat(user, "Busy")
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        try:
            while not stop.is_set() or len(written) < 50:
                chats.add_message(user, chat.id, "user", f"message {len(written)}")
                written.append(1)
        finally:
            close_database()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 50:
            threading.Event().wait(0.005)
        copies = [backup(tmp_path / "backups" / f"copy{n}.sqlite3") for n in range(3)]
    finally:
        stop.set()
        thread.join()
    assert sorted(p.name for p in copies[0].parent.iterdir()) == [c.name for c in copies]
    counts = []
    for copy in copies:
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
        (count,) = conn.execute("SELECT count(*) FROM message").fetchone()
        (counted,) = conn.execute("SELECT message_count FROM chat").fetchone()
        conn.close()
        assert count == counted  # a consistent snapshot: the counter matches the rows
        counts.append(count)
    assert counts == sorted(counts) and counts[0] >= 50
    assert Message.select().count() == len(written) >= counts[-1]


def test_restore_brings_the_backup_back(sqlite_store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    chats.create_chat(user, "Before")
    copy = backup(tmp_path / "before.sqlite3")
    chats.create_chat(user, "After")
    assert Chat.select().count() == 2
    restored = restore(copy)
    assert restored.version == SCHEMA_VERSION
    assert [c.title for c in Chat.select()] == ["Before"]  # the store is open on the restored file
    chats.create_chat(User.get(), "Later")  # and writable
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    # the database as it was before the restore is kept beside it
    conn = sqlite3.connect(restored.previous)
    assert sorted(r[0] for r in conn.execute("SELECT title FROM chat")) == ["After", "Before"]
    conn.close()
    leftovers = [p.name for p in restored.database.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_restore_refuses_what_is_not_a_chatdesk_database(sqlite_store: str, tmp_path: Path) -> None:
    accounts.register("alice", "secret1")
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    future = tmp_path / "future.sqlite3"
    backup(future)
    conn = sqlite3.connect(future)
    conn.execute(
        "UPDATE chatdesk_meta SET value = ? WHERE key = 'schema_version'",
        (str(SCHEMA_VERSION + 1),),
    )
    conn.commit()
    conn.close()
    for path, message in [
        (text, "not a SQLite database"),
        (other, "not a ChatDesk database"),
        (future, f"schema version {SCHEMA_VERSION + 1}"),
        (tmp_path / "missing.sqlite3", "no such file"),
    ]:
        with pytest.raises(BackupError, match=message):
            restore(path)
    assert User.select().count() == 1  # nothing changed, the store still works


def test_restore_refuses_while_another_connection_is_open(
    sqlite_store: str, tmp_path: Path
) -> None:
    accounts.register("alice", "secret1")
    copy = backup(tmp_path / "copy.sqlite3")
    live = Path(database.obj.database)
    other = sqlite3.connect(live)
    other.execute("SELECT count(*) FROM user").fetchone()
    try:
        with pytest.raises(BackupError, match="in use"):
            restore(copy)
    finally:
        other.close()
    assert User.select().count() == 1
    assert not [
        p for p in live.parent.iterdir() if ".before-restore-" in p.name or ".tmp" in p.name
    ]
    restore(copy)
    assert User.select().count() == 1


@pytest.mark.postgres
def test_postgres_says_to_use_its_own_tools(pg_database_url: str, tmp_path: Path) -> None:
    open_store(pg_database_url)
    try:
        with pytest.raises(BackupError, match="pg_dump"):
            backup(tmp_path / "x.sqlite3")
        with pytest.raises(BackupError, match="pg_restore"):
            restore(tmp_path / "x.sqlite3")
    finally:
        close_database()


def test_the_library_location_names_the_file_or_the_server(store: str) -> None:
    location = library_location()
    if store.startswith("sqlite:///"):
        assert location == store.removeprefix("sqlite:///")
    else:
        parsed = urlsplit(store)
        assert location == f"PostgreSQL {parsed.hostname}:{parsed.port}{parsed.path}"
        assert parsed.password is None or parsed.password not in location


def test_restore_errors_name_the_backup_not_the_temporary_copy(
    sqlite_store: str, tmp_path: Path
) -> None:
    """The checks run on a copy beside the database (``.restore-*.tmp``); what they say names
    the file the person gave (issue 20.10)."""
    accounts.register("alice", "secret1")
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    future = tmp_path / "future.sqlite3"
    backup(future)
    conn = sqlite3.connect(future)
    conn.execute(
        "UPDATE chatdesk_meta SET value = ? WHERE key = 'schema_version'",
        (str(SCHEMA_VERSION + 1),),
    )
    conn.commit()
    conn.close()
    for path in (other, future):
        with pytest.raises(BackupError) as caught:
            restore(path)
        assert str(caught.value).startswith(f"{path}: "), caught.value
        assert ".restore-" not in str(caught.value)
