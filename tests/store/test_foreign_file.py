"""A file at the database's path that is not ChatDesk's is refused untouched (issue 20.7/20.8):
another application's SQLite database is neither migrated into nor switched to WAL, and a file
that is not a database at all gets one clear error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chatdesk.store import open_store
from chatdesk.store.db import StoreError, close_database
from chatdesk.store.models import User


def _other_apps_database(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO notes (body) VALUES (?)", [("one",), ("two",)])
    conn.commit()
    conn.close()
    return path.read_bytes()


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_another_applications_database_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "chatdesk.sqlite3"
    before = _other_apps_database(path)
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{path}")
    close_database()
    message = str(caught.value)
    assert str(path) in message and "not ChatDesk's" in message and "notes" in message
    assert path.read_bytes() == before
    assert _siblings(path) == ["chatdesk.sqlite3"]  # no -wal, no -shm, no journal
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 2
    conn.close()


@pytest.mark.parametrize("content", [b"hello, this is not a database" * 100, b"\x00" * 4096])
def test_a_file_that_is_no_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "chatdesk.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(f"sqlite:///{path}")
    close_database()
    assert path.read_bytes() == content
    assert _siblings(path) == ["chatdesk.sqlite3"]


def test_an_empty_file_and_an_empty_database_are_used(tmp_path: Path) -> None:
    empty = tmp_path / "a.sqlite3"
    empty.touch()
    blank = tmp_path / "b.sqlite3"
    sqlite3.connect(blank).close()
    for path in (empty, blank):
        open_store(f"sqlite:///{path}")
        assert User.select().count() == 0
        close_database()


def test_chatdesks_own_database_opens_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chatdesk.sqlite3'}"
    open_store(url)
    User.create(username="alice", username_key="alice", password_hash="x")
    close_database()
    open_store(url)
    assert User.select().count() == 1
    close_database()
