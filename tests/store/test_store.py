"""The store: configuration, pragmas, migrations and backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chatdesk import paths
from chatdesk.services import accounts, chats
from chatdesk.store import database, migrations, open_store
from chatdesk.store.db import close_database, init_database, write_transaction
from tests import seeding


def test_data_dir_and_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "env"))
    assert paths.database_url() == f"sqlite:///{tmp_path / 'env' / 'chatdesk.sqlite3'}"
    assert paths.database_url(None, tmp_path / "arg").endswith("arg/chatdesk.sqlite3")
    monkeypatch.setenv(paths.DATABASE_URL_ENV, "postgresql://x@y/z")
    assert paths.database_url() == "postgresql://x@y/z"
    assert paths.database_url("sqlite:////a.db") == "sqlite:////a.db"


def test_sqlite_pragmas(sqlite_store: str) -> None:
    def pragma(name: str) -> object:
        return database.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        init_database("mysql://x@y/z")


def test_fresh_database_is_at_the_current_version(store: str) -> None:
    assert migrations.current_version() == migrations.SCHEMA_VERSION


def test_migration_backs_up_first_and_keeps_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    open_store(url)
    user = accounts.register("keep", "123456")
    chats.add_chat(user, "1", "title", "kept message")
    close_database()

    def v_next() -> None:
        database.execute_sql("ALTER TABLE chat ADD COLUMN extra TEXT")

    old = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, v_next])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    open_store(url)
    assert migrations.current_version() == migrations.SCHEMA_VERSION
    backups = list(tmp_path.glob(f"db.sqlite3.v{old}-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT content FROM message").fetchall() == [("kept message",)]
        columns = [row[1] for row in old.execute("PRAGMA table_info(chat)")]
        assert "extra" not in columns
    chat_id = chats.find_chat(None, chat_key="1")
    assert chats.history(chat_id) == [("user", "kept message")]
    close_database()


def test_failed_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    open_store(url)
    close_database()

    def broken() -> None:
        database.execute_sql("ALTER TABLE chat ADD COLUMN half TEXT")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        open_store(url)
    assert migrations.current_version() == migrations.SCHEMA_VERSION - 1
    columns = [row[1] for row in database.execute_sql("PRAGMA table_info(chat)").fetchall()]
    assert "half" not in columns
    close_database()


def test_newer_schema_is_refused(sqlite_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 0)
    with pytest.raises(RuntimeError, match="newer"):
        migrations.migrate()


def test_v10_indexes_chats_deleted_before_it_and_keeps_search_exact(tmp_path: Path) -> None:
    """A version-9 database whose deleted chats are out of the index (one with a message still
    queued): after version 10 they are indexed and hidden; restoring shows them, exactly."""
    from chatdesk.services import search
    from chatdesk.store.fts import index_sql

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with seeding.store_at_version(url, 9):
        user = accounts.register("keep", "123456")
        for key in ("live", "gone", "queued"):
            chats.add_chat(user, key, f"对话 {key}", f"保留的消息 {key} message")
        # indexed as version 9's indexer did (today's writes titles and kinds it lacks)
        queued = (
            "FROM message_fts_queue q JOIN message m ON m.id = q.id JOIN chat c ON c.id = m.chat_id"
        )
        with write_transaction():
            for statement in index_sql("m", "c.user_id", queued).split(";"):
                if statement.strip():
                    database.execute_sql(statement)
            database.execute_sql("DELETE FROM message_fts_queue")
        chats.add_chat(user, "queued", "对话 queued", "排队的消息 queued message")
        ids = [chats.find_chat(user, chat_key=k) for k in ("gone", "queued")]
        # as delete_chats did at version 9 (today's models name columns version 9 lacks)
        database.execute_sql(
            f"UPDATE chat SET deleted_at = CURRENT_TIMESTAMP WHERE id IN ({ids[0]}, {ids[1]})"
        )
        indexed = database.execute_sql("SELECT count(*) FROM message_fts_docsize").fetchone()
        assert indexed[0] == 1  # version 9 takes a deleted chat's messages out of the index
    open_store(url)
    assert migrations.current_version() == migrations.SCHEMA_VERSION
    for table in ("message_fts", "message_grams"):
        database.execute_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    hidden = database.execute_sql("SELECT count(*) FROM message_hidden").fetchone()[0]
    assert hidden == 3  # every message of the two deleted chats, the queued one too
    assert search.search(user, "message")[1] == 1
    assert search.search(user, "消")[1] == 1
    chats.restore_chats(user, ids)
    assert database.execute_sql("SELECT count(*) FROM message_hidden").fetchone()[0] == 0
    assert search.search(user, "message")[1] == 4
    assert search.search(user, "消")[1] == 4
    assert search.search(user, "排队")[1] == 1
    for table in ("message_fts", "message_grams"):
        database.execute_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    close_database()
