"""The ways a SQLite search takes to be fast, each checked against the plain answer: title hits
of 1–2 characters from ``chat_grams`` (schema v23), and newest first chosen by the hits'
density, with a walk bounded to the newest messages that falls back to reading the hits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from chatdesk.services import accounts, chats, search
from chatdesk.store import database, migrations, open_store
from chatdesk.store.db import close_database, like_pattern
from chatdesk.store.models import Chat, Message, User
from tests import seeding
from tests.services.test_search_kinds import _index_as_version_21

TITLES = ["北京之旅", "去北京", "上海", "AB test", "ab", "a b", "京剧 Ab", "Äb"]


def _title_hits(user: User, query: str) -> list[str]:
    return sorted(h.chat_title for h in search.search(user, query)[0] if h.role == "title")


def _like(user: User, query: str) -> list[str]:
    """``user``'s live titles ``LIKE`` finds (ASCII letters in any case), as the scan did."""
    rows = database.execute_sql(
        "SELECT title FROM chat WHERE user_id = ? AND deleted_at IS NULL "
        "AND title LIKE ? ESCAPE '\\'",
        (user.id, like_pattern(query)),
    ).fetchall()
    return sorted(r[0] for r in rows)


def _spy_sql(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    bound = database.obj  # the proxy's database (a proxy takes no attribute)
    execute = bound.execute_sql

    def spy(sql: str, params: Any = None) -> Any:
        seen.append(sql)
        return execute(sql, params)

    monkeypatch.setattr(bound, "execute_sql", spy)
    return seen


def test_short_title_hits_come_from_the_grams_index(
    sqlite_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = accounts.register("alice", "secret1")
    bob = accounts.register("bob", "secret1")
    for i, title in enumerate(TITLES):
        chats.add_chat(alice, f"c{i}", title, f"消息 {i}")
    chats.add_chat(bob, "b", "北京 of bob", "bob's")
    seen = _spy_sql(monkeypatch)
    for query in ("北京", "京", "ab", "AB", "b", "上", "a"):
        assert _title_hits(alice, query) == _like(alice, query) != [], query
    assert any("FROM chat_grams" in sql for sql in seen)
    assert not any("c.title LIKE" in sql for sql in seen)
    assert _title_hits(alice, "äb") == ["Äb"]  # folded as a message's grams are: LIKE is not
    monkeypatch.undo()
    # renamed, deleted, restored, purged: the index follows
    first = chats.find_chat(alice, chat_key="c0")
    chats.rename_chat(alice, first, "南京之旅")
    assert _title_hits(alice, "北京") == ["去北京"] and _title_hits(alice, "南京") == ["南京之旅"]
    second = chats.find_chat(alice, chat_key="c1")
    chats.delete_chats(alice, [second])
    assert _title_hits(alice, "北京") == []
    chats.restore_chats(alice, [second])
    assert _title_hits(alice, "北京") == ["去北京"]
    Chat.delete_by_id(second)
    assert _title_hits(alice, "北京") == []
    database.execute_sql("INSERT INTO chat_grams(chat_grams, rank) VALUES ('integrity-check', 0)")
    indexed = database.execute_sql("SELECT count(*) FROM chat_grams_docsize").fetchone()[0]
    assert indexed == Chat.select().count()


def test_version_23_indexes_the_titles_already_there(tmp_path: Path) -> None:
    """Titles indexed before version 23 get their grams in the migration; a title still queued
    gets them from the indexer, once."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with seeding.store_at_version(url, 22):
        alice = accounts.register("alice", "secret1")
        chats.add_chat(alice, "a", "北京之旅", "第一")
        _index_as_version_21()  # what version 22 did for a visible turn
        chats.add_chat(alice, "b", "去北京", "第二")  # still queued
    open_store(url)
    assert migrations.current_version() == migrations.SCHEMA_VERSION
    assert _title_hits(alice, "北京") == sorted(["去北京", "北京之旅"])
    assert _title_hits(alice, "京") == sorted(["去北京", "北京之旅"])
    database.execute_sql("INSERT INTO chat_grams(chat_grams, rank) VALUES ('integrity-check', 0)")
    assert database.execute_sql("SELECT count(*) FROM chat_grams_docsize").fetchone()[0] == 2
    close_database()


def _library(alice: User, hits_are_old: bool) -> list[int]:
    """40 messages a minute apart, stored in another order than their times (as after an
    import), 6 of them holding "panda": the oldest 6 or the newest 6. Returns the hits' ids,
    newest first."""
    base = dt.datetime(2024, 1, 1)
    hits = []
    for i in range(40):
        minute = (i * 7) % 40
        is_hit = minute < 6 if hits_are_old else minute >= 34
        content = f"panda {i}" if is_hit else f"bamboo {i}"
        chats.add_chat(alice, f"c{i % 5}", "闲聊", content)
        message_id = int(Message.select(Message.id).order_by(Message.id.desc()).scalar())
        when = base + dt.timedelta(minutes=minute)
        Message.update(created_at=when).where(Message.id == message_id).execute()
        if is_hit:
            hits.append((when, message_id))
    return [m for _, m in sorted(hits, reverse=True)]


@pytest.mark.parametrize("hits_are_old", [True, False])
def test_a_bounded_walk_reads_the_hits_when_it_finds_too_few(
    sqlite_store: str, monkeypatch: pytest.MonkeyPatch, hits_are_old: bool
) -> None:
    """Newest first with every hit counted walks at most twice the messages it expects to pass;
    when the hits are older than that window it reads and sorts them instead. Either way the
    pages are the hits newest first."""
    alice = accounts.register("alice", "secret1")
    expected = _library(alice, hits_are_old)
    monkeypatch.setattr(search, "LIKE_READ_UPTO", 0)
    monkeypatch.setattr(search, "WALK_SLACK", 0)
    walks: list[str] = []
    rows = search._rows

    def spy(part: search.Part, order_by: search.Part, offset: int, limit: int) -> Any:
        walks.append("walk" if "INDEXED BY message_created_at" in part[0] else "read")
        if "m.created_at >=" in part[0]:
            walks[-1] = "bounded walk"
        return rows(part, order_by, offset, limit)

    monkeypatch.setattr(search, "_rows", spy)
    first = [h.message_id for h in search.search(alice, "panda", limit=2)[0]]
    # the first page expects to walk 2 × 40 / 6 messages: it walks the newest 26 at most
    if hits_are_old:  # they hold none: the hits are read and sorted after all
        assert walks == ["bounded walk", "read"]
    else:
        assert walks == ["bounded walk"]
    pages = [
        h.message_id for o in (2, 4) for h in search.search(alice, "panda", offset=o, limit=2)[0]
    ]
    assert first + pages == expected


def test_postgres_asks_a_common_short_query_with_ilike(
    pg_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL, newest first: a 1–2 character query with many hits is asked with ``ILIKE``,
    which finds what the grams index does and can walk the visible turns' time index."""
    alice = accounts.register("alice", "secret1")
    for i in range(12):
        chats.add_chat(alice, f"c{i % 3}", "闲聊", f"第{i}只熊猫 Panda" if i % 2 else f"竹子 {i}")
    chats.add_chat(alice, "t", "熊猫", "一个标题")
    read = [(h.role, h.message_id) for h in search.search(alice, "熊猫", limit=50)[0]]
    asked: list[bool] = []
    messages = search._PostgresPlan.messages

    def spy(self: search._PostgresPlan, user_id: int, *, like: bool = False) -> search.Part:
        asked.append(like)
        return messages(self, user_id, like=like)

    monkeypatch.setattr(search._PostgresPlan, "messages", spy)
    monkeypatch.setattr(search, "PG_GRAMS_READ_UPTO", 0)
    for query in ("熊猫", "熊", "pa", "PA"):
        expected = [(h.role, h.message_id) for h in search.search(alice, query, limit=50)[0]]
        monkeypatch.setattr(search, "PG_GRAMS_READ_UPTO", 10**9)
        assert [(h.role, h.message_id) for h in search.search(alice, query, limit=50)[0]] == (
            expected
        ), query
        monkeypatch.setattr(search, "PG_GRAMS_READ_UPTO", 0)
    assert True in asked and False in asked
    assert read == [(h.role, h.message_id) for h in search.search(alice, "熊猫", limit=50)[0]]
    paged = [
        h.message_id for o in (1, 3, 5) for h in search.search(alice, "熊猫", offset=o, limit=2)[0]
    ]
    assert paged == [m for _, m in read[1:]]
    # the time index answers the order, so that the planner can walk a common word's messages
    # (on tables this small it would rather sort them)
    for off in ("seqscan", "bitmapscan", "sort"):
        database.execute_sql(f"SET enable_{off} = off")
    try:
        explained = database.execute_sql(
            "EXPLAIN SELECT m.id FROM message m WHERE m.content ILIKE %s AND m.kind = 'text' "
            "ORDER BY m.created_at DESC, m.id DESC LIMIT 2",
            ["%熊猫%"],
        ).fetchall()
    finally:
        for off in ("seqscan", "bitmapscan", "sort"):
            database.execute_sql(f"SET enable_{off} = on")
    ordered = "\n".join(row[0] for row in explained)
    assert "Index Scan Backward using message_created_at" in ordered, ordered
