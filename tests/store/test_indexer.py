"""Indexing after commit (SQLite schema v3): queued messages, the triggers that must leave them
alone, catching up before a search, the background indexer, and the index's own integrity."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from chatdesk.services import accounts, chats, search
from chatdesk.store import database, indexer
from chatdesk.store.models import Chat, Message, User

pytestmark = pytest.mark.usefixtures("sqlite_store")


def _queued() -> int:
    return int(database.execute_sql("SELECT count(*) FROM message_fts_queue").fetchone()[0])


def _indexed(table: str = "message_fts") -> int:
    # Contentless FTS5 tables keep one docsize row per indexed message.
    return int(database.execute_sql(f"SELECT count(*) FROM {table}_docsize").fetchone()[0])


def _check_integrity() -> None:
    for table in ("message_fts", "message_grams"):
        database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 0)")


def _user(name: str = "alice") -> User:
    return accounts.register(name, "secret1")


def _hits(user: User, query: str) -> int:
    return search.search(user, query)[1]


def test_a_message_is_queued_then_indexed_by_the_next_search() -> None:
    alice = _user()
    chats.add_chat(alice, "c1", "闲聊", "排队中的消息 queued message")
    assert (_queued(), _indexed(), _indexed("message_grams")) == (1, 0, 0)
    assert _hits(alice, "排队中") == 1  # 3+ characters: message_fts
    assert _hits(alice, "队") == 1  # 1 character: message_grams
    assert (_queued(), _indexed(), _indexed("message_grams")) == (0, 1, 1)
    _check_integrity()


def test_index_queued_takes_the_oldest_first_in_batches() -> None:
    alice = _user()
    for i in range(5):
        chats.add_chat(alice, "c1", "闲聊", f"message number {i}")
    assert indexer.index_queued(limit=2) == 2
    assert _queued() == 3 and _indexed() == 2
    oldest = [row[0] for row in database.execute_sql("SELECT rowid FROM message_fts_docsize")]
    assert oldest == [m.id for m in Message.select().order_by(Message.id).limit(2)]
    assert indexer.catch_up() == 3
    assert indexer.index_queued() == 0 and not indexer.pending()
    _check_integrity()


def test_deleting_or_restoring_a_chat_with_queued_messages_keeps_the_index_exact() -> None:
    alice = _user()
    chats.add_chat(alice, "c1", "闲聊", "indexed before the delete 已索引")
    indexer.catch_up()
    chats.add_chat(alice, "c1", "闲聊", "still queued at the delete 排队")
    chat_id = chats.find_chat(alice, chat_key="c1")
    chats.delete_chats(alice, [chat_id])
    assert _queued() == 1 and _indexed() == 1  # a deleted chat stays indexed (schema v10)
    assert _hits(alice, "delete") == 0
    assert _queued() == 0 and _indexed() == 2  # indexed, and hidden while the chat is deleted
    chats.restore_chats(alice, [chat_id])
    assert _hits(alice, "delete") == 2 and _hits(alice, "排") == 1
    _check_integrity()

    chats.add_chat(alice, "c1", "闲聊", "queued again 再次排队")
    chats.delete_chats(alice, [chat_id])
    chats.restore_chats(alice, [chat_id])  # restored before the indexer ran: indexed once
    assert _hits(alice, "再次排队") == 1 and _hits(alice, "queued") == 2
    _check_integrity()


def test_purging_and_editing_queued_messages() -> None:
    alice = _user()
    chats.add_chat(alice, "c1", "闲聊", "old text 旧的")
    indexer.catch_up()
    chats.add_chat(alice, "c1", "闲聊", "queued text 新的")
    queued_id = Message.select(Message.id).order_by(Message.id.desc()).scalar()
    Message.update(content="edited while queued 改过").where(Message.id == queued_id).execute()
    assert _hits(alice, "queued text") == 0 and _hits(alice, "改过") == 1
    chats.add_chat(alice, "c2", "另一个", "purged while queued 清除")
    Chat.delete_by_id(chats.find_chat(alice, chat_key="c2"))  # messages go by cascade
    assert _queued() == 0
    assert _hits(alice, "purged") == 0 and _hits(alice, "清") == 0
    assert _hits(alice, "text") == 1  # the indexed one, never queued again
    _check_integrity()


def test_background_indexer_empties_the_queue_while_writers_write() -> None:
    alice = _user()
    bg = indexer.BackgroundIndexer(interval=0.01)
    bg.start()
    try:

        def writer(n: int) -> None:
            for i in range(100):
                chats.add_chat(alice, f"w{n}", "写入", f"writer {n} message {i} 消息")

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        deadline = time.monotonic() + 10
        while indexer.pending() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not indexer.pending()
    finally:
        bg.stop()
    assert _indexed() == _indexed("message_grams") == 400
    assert _hits(alice, "消息") == 400 and _hits(alice, "writer 3 message 99") == 1
    _check_integrity()


def test_process_indexer_starts_once_and_stops() -> None:
    indexer.ensure_background_indexer()
    first = indexer._running
    indexer.ensure_background_indexer()
    assert first is not None and indexer._running is first
    indexer.stop_background_indexer()
    assert indexer._running is None and not first[1]._thread.is_alive()


def test_bulk_delete_and_undo_call_no_python_per_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleting chats and restoring them hides and shows their messages without computing a
    single gram (schema v10): searches stay exact for both indexes, for every user."""
    from chatdesk.store.fts import GRAMS_FUNCTION, grams

    alice, bob = _user(), _user("bob")
    for i in range(30):
        chats.add_chat(alice, f"c{i}", f"对话 {i}", f"批量删除 bulk {i} 内容")
        chats.add_chat(alice, f"c{i}", f"对话 {i}", f"第二条 second {i}")
    chats.add_chat(bob, "b", "bob", "批量删除 bulk bob")
    indexer.catch_up()
    chats.add_chat(alice, "c0", "对话 0", "queued bulk 排队")  # still queued at the delete
    calls: list[str] = []

    def counted(text: str | None) -> str:
        calls.append(text or "")
        return grams(text)

    database.obj.register_function(counted, GRAMS_FUNCTION, 1, deterministic=True)
    ids = [chats.find_chat(alice, chat_key=f"c{i}") for i in range(20)]
    assert len(chats.delete_chats(alice, ids)) == 20
    assert calls == []
    assert (_hits(alice, "bulk"), _hits(alice, "批"), _hits(alice, "排队")) == (10, 10, 0)
    assert (_hits(bob, "bulk"), _hits(bob, "批")) == (1, 1)
    assert len(calls) == 1  # the queued message, indexed (hidden) by the search's catch-up
    calls.clear()
    chats.restore_chats(alice, ids[:15])
    assert calls == []
    assert (_hits(alice, "bulk"), _hits(alice, "批"), _hits(alice, "排队")) == (26, 25, 1)
    assert _hits(alice, "second") == 25
    chats.restore_chats(alice, ids[15:])
    assert (_hits(alice, "bulk"), _hits(alice, "批"), _hits(alice, "second")) == (31, 30, 30)
    assert calls == []
    _check_integrity()


def _automerge(table: str) -> int | None:
    row = database.execute_sql(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()
    return None if row is None else int(row[0])


def _temp_store() -> int:
    return int(database.execute_sql("PRAGMA temp_store").fetchone()[0])


def test_bulk_turns_automerge_off_and_back_to_what_it_was() -> None:
    database.execute_sql("INSERT INTO message_fts(message_fts, rank) VALUES ('automerge', 8)")
    assert (_automerge("message_fts"), _automerge("message_grams")) == (8, None)
    with indexer.bulk():
        assert (_automerge("message_fts"), _automerge("message_grams")) == (0, 0)
    assert (_automerge("message_fts"), _automerge("message_grams")) == (8, 4)  # 4: FTS5's default
    with pytest.raises(RuntimeError), indexer.bulk():
        raise RuntimeError("import failed")
    assert (_automerge("message_fts"), _automerge("message_grams")) == (8, 4)
    # another import running alongside (or one that died) left 0: the default comes back
    database.execute_sql("INSERT INTO message_fts(message_fts, rank) VALUES ('automerge', 0)")
    with indexer.bulk(), indexer.bulk():
        assert _automerge("message_fts") == 0
    assert (_automerge("message_fts"), _automerge("message_grams")) == (4, 4)


def test_index_runs_keep_temporary_storage_in_files_and_the_writes_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index run's temporary storage goes to files (held in memory it grew with the
    database); the writes between runs keep theirs in memory (their statement journals in files
    cost them a third of their speed); afterwards it is memory again, also when a run fails."""
    import json

    from chatdesk.services.importing import import_chats

    alice = _user()
    records = [
        {"id": f"r{i}", "conversations": [{"from": "human", "value": f"t {i}"}]} for i in range(3)
    ]
    path = tmp_path / "sharegpt.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    writes: list[int] = []
    runs: list[int] = []
    index_queued = indexer.index_queued

    def recording(limit: int = indexer.BATCH) -> int:
        runs.append(_temp_store())
        return index_queued(limit)

    monkeypatch.setattr(indexer, "index_queued", recording)
    assert _temp_store() == 2  # memory (chatdesk.store.db.SQLITE_PRAGMAS)
    import_chats(alice, path, progress=lambda p: writes.append(_temp_store()))
    assert set(writes) == {2} and runs and set(runs) == {1}  # 1: files
    assert _temp_store() == 2 and not indexer.pending()

    def failing(limit: int = indexer.BATCH) -> int:
        raise RuntimeError("disk full")

    chats.add_chat(alice, "k", "t", "queued")
    monkeypatch.setattr(indexer, "index_queued", failing)
    with pytest.raises(RuntimeError):
        indexer.catch_up()
    assert _temp_store() == 2


def test_an_import_indexes_in_bulk_and_restores_automerge(tmp_path: Path) -> None:
    import json

    from chatdesk.services.importing import import_chats

    alice = _user()
    seen: list[int | None] = []
    records = [
        {"id": f"r{i}", "conversations": [{"from": "human", "value": f"批量导入 bulk {i}"}]}
        for i in range(30)
    ]
    path = tmp_path / "sharegpt.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    report = import_chats(alice, path, progress=lambda p: seen.append(_automerge("message_fts")))
    assert report.messages_added == 30 and set(seen) == {0}
    assert _automerge("message_fts") == _automerge("message_grams") == 4
    assert not indexer.pending()  # complete on return
    assert (_hits(alice, "批量导"), _hits(alice, "批"), _hits(alice, "bulk 2")) == (30, 30, 11)
    _check_integrity()


def _titles_matching(text: str) -> int:
    sql = "SELECT count(*) FROM chat_fts WHERE chat_fts MATCH ?"
    return int(database.execute_sql(sql, (f'"{text}"',)).fetchone()[0])


def _titles_queued() -> int:
    return int(database.execute_sql("SELECT count(*) FROM chat_fts_queue").fetchone()[0])


def _check_titles() -> None:
    database.execute_sql("INSERT INTO chat_fts(chat_fts, rank) VALUES ('integrity-check', 0)")


def test_a_chat_title_is_queued_then_indexed_and_renames_and_purges_keep_the_index_exact() -> None:
    """Schema v14: a new chat's title waits in ``chat_fts_queue`` (no FTS5 segment per chat in
    an import's savepoints); renaming or purging a chat whose title is still queued must not
    tell FTS5 to delete a row it does not hold; after it is indexed, both update the index."""
    alice = _user()
    chats.add_chat(alice, "a", "量子纠缠 notes", "hello")
    chats.add_chat(alice, "b", "北京天气 diary", "hello")
    assert _titles_queued() == 2 and _titles_matching("量子纠缠") == 0
    a, b = (chats.find_chat(alice, chat_key=k) for k in ("a", "b"))
    Chat.update(title="机器学习 notes").where(Chat.id == a).execute()  # renamed while queued
    Chat.delete().where(Chat.id == b).execute()  # purged while queued
    assert _titles_queued() == 1
    assert search.search(alice, "机器学习")[1] == 1  # the search caught up
    assert _titles_queued() == 0 and _titles_matching("量子纠缠") == 0
    assert _titles_matching("机器学习") == 1 and _titles_matching("北京天气") == 0
    _check_titles()
    Chat.update(title="深度学习 notes").where(Chat.id == a).execute()  # renamed once indexed
    assert _titles_matching("机器学习") == 0 and _titles_queued() == 1
    assert search.search(alice, "深度学习")[1] == 1
    _check_titles()
    Chat.delete().where(Chat.id == a).execute()  # purged once indexed
    assert _titles_matching("深度学习") == 0 and _titles_queued() == 0
    _check_titles()
    _check_integrity()


def _append_raw(user: User, content: str) -> int:
    """A message stored past the services' rules (as an old import did)."""
    from chatdesk.services.chats import append_messages
    from chatdesk.store import write_transaction
    from chatdesk.store.models import utcnow

    chats.add_chat(user, "big", "big")
    chat_id = Chat.get(Chat.chat_key == "big").id
    with write_transaction():
        message_id = append_messages(chat_id, [("user", content, utcnow(), None)], utcnow())
    assert message_id is not None
    return message_id


def test_a_message_too_long_to_index_is_parked_not_retried(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Issue 20, item 3: a 200 MB message failed to index, stayed queued, and every later
    search retried it (5000 after 30 s). Now it is parked with a logged reason, once."""
    alice = _user()
    big = _append_raw(alice, "needle " * (indexer.INDEX_MAX_CHARS // 7 + 10))
    chats.add_chat(alice, "c2", "t", "a findable message")
    with caplog.at_level("WARNING", logger="chatdesk.store.indexer"):
        assert _hits(alice, "findable") == 1
    assert f"message {big} left out of the search index" in caplog.text
    assert big in indexer.parked() and not indexer.pending()
    assert _queued() == 1  # the parked one: the triggers never unindex it
    caplog.clear()
    assert indexer.catch_up() == 0 and "left out" not in caplog.text  # not tried again
    Message.delete().where(Message.id == big).execute()
    assert _queued() == 0
    _check_integrity()
    assert _hits(alice, "findable") == 1


def test_a_message_sqlite_cannot_index_is_parked_and_its_batch_indexed() -> None:
    """A failure of the index itself (SQLite's "string or blob too big") parks the one message
    and indexes the rest of its batch."""
    alice = _user()
    chats.add_chat(alice, "c1", "t", "before the big one")
    big = _append_raw(alice, "x" * 60_000)
    chats.add_chat(alice, "c3", "t", "after the big one")
    connection = database.connection()
    import sqlite3

    before = connection.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 100_000)  # the grams are ~3 × 60,000
    try:
        assert indexer.catch_up() == 3
    finally:
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, before)
    assert list(indexer.parked()) == [big]
    assert "too big" in indexer.parked()[big]
    assert _hits(alice, "before the") == 1 and _hits(alice, "after the") == 1
    _check_integrity()
