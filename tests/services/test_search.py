"""Full-text search: on SQLite (FTS5) and on the real PostgreSQL server (pg_trgm), via ``store``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chatdesk.services import accounts, chats, search
from chatdesk.services.errors import ServiceError
from chatdesk.store import database, migrate
from chatdesk.store.db import is_sqlite, sqlite_path
from chatdesk.store.fts import GRAM_KEY_FUNCTION, GRAMS_FUNCTION, grams, pg_indexable_short
from chatdesk.store.migrations import (
    SCHEMA_KEY,
    SCHEMA_VERSION,
    SQLITE_UNCHANGED,
    current_version,
)
from chatdesk.store.models import Chat, Message, Meta, User


def _user(name: str = "alice") -> User:
    return accounts.register(name, "secret1")


def _say(user: User, key: str, content: str, title: str = "闲聊", role: str = "user") -> int:
    chats.add_chat(user, key, title, content, role)
    return int(Message.select(Message.id).order_by(Message.id.desc()).scalar())


def _contents(user: User, query: str, **kwargs: object) -> list[str]:
    hits, total = search.search(user, query, **kwargs)  # type: ignore[arg-type]
    assert total >= len(hits)
    return [Message.get_by_id(h.message_id).content for h in hits if h.message_id is not None]


def test_chinese_substrings_of_every_length(store: str) -> None:
    alice = _user()
    _say(alice, "c1", "我想去北京看故宫，顺便吃烤鸭。")
    _say(alice, "c1", "东京的天气怎么样？")
    for query in ("宫", "故宫", "看故宫", "去北京看故宫", "北京看", "烤鸭。"):
        assert _contents(alice, query) == ["我想去北京看故宫，顺便吃烤鸭。"], query
    assert len(_contents(alice, "京")) == 2
    assert _contents(alice, "南京") == []
    assert _contents(alice, "京看故宫了") == []


def test_english_any_case_and_length(store: str) -> None:
    alice = _user()
    _say(alice, "c1", "Hello SQLite World")
    _say(alice, "c1", "nothing here")
    for query in ("q", "Q", "Li", "lI", "sqlite", "SQLITE", "SqLiTe wOrLd", "o s", "lo SQ"):
        assert _contents(alice, query) == ["Hello SQLite World"], query
    assert _contents(alice, "x") == []
    assert _contents(alice, "sqlites") == []


def test_fts_syntax_is_plain_text(store: str) -> None:
    alice = _user()
    odd = 'a "quoted" *star* -minus NEAR(x y) AND OR NOT col:on 100% a_b back\\slash it\'s'
    _say(alice, "c1", odd)
    plain = "plain words only"
    _say(alice, "c1", plain)
    for query in ('"', '""', '"quoted"', "*", "*star*", "-", "-minus", "NEAR", "NEAR(x",
                  "AND", "OR", "NOT", "(", ")", ":", "col:on", "%", "100%", "_", "a_b", "\\",
                  "back\\slash", "'", "it's", "^", "+"):  # fmt: skip
        expected = [t for t in (plain, odd) if query.casefold() in t.casefold()]  # newest first
        assert _contents(alice, query) == expected, query
    assert _contents(alice, "a%b") == []  # % and _ are not wildcards
    assert _contents(alice, "a_") == [odd]
    assert _contents(alice, "x_") == []


def test_query_is_validated(store: str) -> None:
    alice = _user()
    for bad in ("", "   ", None, "x" * 201):
        with pytest.raises(ServiceError):
            search.search(alice, bad)
    with pytest.raises(ServiceError):
        search.search(alice, "ok", order="oldest")


def test_deleted_chats_and_other_users_are_left_out(store: str) -> None:
    alice, bob = _user(), _user("bob")
    _say(alice, "keep", "熊猫在吃竹子", title="熊猫日记")
    _say(alice, "gone", "熊猫也爱睡觉", title="熊猫相册")
    _say(bob, "bobs", "熊猫是国宝", title="熊猫")
    gone = chats.find_chat(alice, chat_key="gone")
    chats.delete_chats(alice, [gone])
    for query in ("熊", "熊猫", "熊猫在"):
        hits, total = search.search(alice, query)
        assert {h.chat_key for h in hits} == {"keep"}, query
        assert total == len(hits)
    chats.restore_chats(alice, [gone])
    assert {h.chat_key for h in search.search(alice, "熊猫")[0]} == {"keep", "gone"}
    assert {h.chat_key for h in search.search(bob, "熊猫")[0]} == {"bobs"}


def test_titles_are_searchable_and_listed_first(store: str) -> None:
    alice = _user()
    _say(alice, "c1", "see the title", title="Trip to Hangzhou 杭州西湖")
    _say(alice, "c2", "我们在西湖划船", title="周末")
    for query in ("西湖", "西", "杭州西湖", "HANGZHOU"):
        hits, total = search.search(alice, query)
        assert hits[0].role == search.TITLE_ROLE and hits[0].message_id is None, query
        assert hits[0].chat_key == "c1" and hits[0].chat_title == "Trip to Hangzhou 杭州西湖"
        a, b = hits[0].highlights[0]
        assert hits[0].snippet[a:b].casefold() == query.casefold()
    hits, total = search.search(alice, "西湖")
    assert [(h.chat_key, h.role) for h in hits] == [("c1", "title"), ("c2", "user")]
    assert total == 2
    chats.rename_chat(alice, chats.find_chat(alice, chat_key="c1"), "Trip to Suzhou")
    assert [h.chat_key for h in search.search(alice, "杭州西湖")[0]] == []
    assert [h.role for h in search.search(alice, "suzhou")[0]] == ["title"]


def test_paging_and_total(store: str) -> None:
    alice = _user()
    for i in range(7):
        _say(alice, f"c{i % 3}", f"第{i}条消息：机器学习 note {i}", title=f"chat {i % 3}")
    _say(alice, "ml", "unrelated", title="机器学习笔记")
    for query in ("机器学习", "学习", "学"):
        seen: list[tuple[str, int | None]] = []
        for offset in range(0, 12, 3):
            hits, total = search.search(alice, query, offset=offset, limit=3)
            assert total == 8
            seen += [(h.role, h.message_id) for h in hits]
        assert len(seen) == len(set(seen)) == 8
        assert seen[0][0] == "title"
    assert search.search(alice, "机器学习", offset=100)[0] == []


def test_newest_and_relevance_orders(store: str) -> None:
    alice = _user()
    strong = _say(alice, "c1", "sqlite sqlite sqlite")
    weak = _say(alice, "c1", "a long message that mentions mysqlitely once, among many other words")
    middle = _say(alice, "c2", "and sqlite once more, in a medium sized sentence here")
    base = dt.datetime(2024, 1, 1)
    # Imported messages keep their own times: newest means by time, not by insertion.
    for minutes, message_id in ((30, weak), (20, strong), (10, middle)):
        Message.update(created_at=base + dt.timedelta(minutes=minutes)).where(
            Message.id == message_id
        ).execute()
    newest = [h.message_id for h in search.search(alice, "sqlite")[0]]
    assert newest == [weak, strong, middle]
    relevant = [h.message_id for h in search.search(alice, "sqlite", order="relevance")[0]]
    assert relevant[0] == strong and relevant[-1] == weak
    short = search.search(alice, "l", order="relevance")[0]
    assert short[0].message_id == strong  # shortest first: 1-2 characters have no bm25


def test_hit_fields_and_snippet(store: str) -> None:
    alice = _user()
    text = "开头" + "很长的前文。" * 20 + "这里提到 ChatDesk 的搜索功能，" + "后面还有内容。" * 20
    message_id = _say(alice, "k1", text, title="长消息", role="assistant")
    [hit], total = search.search(alice, "chatdesk")
    assert total == 1
    assert (hit.message_id, hit.chat_key, hit.chat_title, hit.role) == (
        message_id, "k1", "长消息", "assistant"
    )  # fmt: skip
    assert isinstance(hit.created_at, dt.datetime)
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < 120 and "\n" not in hit.snippet
    [(a, b)] = hit.highlights
    assert hit.snippet[a:b] == "ChatDesk"
    assert search.marked(hit.snippet, hit.highlights, "<b>", "</b>").count("<b>ChatDesk</b>") == 1


def test_index_follows_edits_and_deletes(store: str) -> None:
    alice = _user()
    message_id = _say(alice, "c1", "原来的内容 first version")
    Message.update(content="修改后的内容 second version").where(Message.id == message_id).execute()
    for query in ("原来", "first", "原"):
        assert _contents(alice, query) == [], query
    for query in ("修改后", "second", "修"):
        assert _contents(alice, query) == ["修改后的内容 second version"], query
    Message.delete().where(Message.id == message_id).execute()
    assert _contents(alice, "修改后") == _contents(alice, "修") == []
    _say(alice, "c2", "will be purged 清除")
    Chat.delete_by_id(chats.find_chat(alice, chat_key="c2"))  # messages go by cascade
    assert search.search(alice, "purged")[1] == search.search(alice, "清")[1] == 0


def _downgrade_to_v1() -> None:
    """Take the schema back to version 1 (what a database from before search looks like)."""
    if is_sqlite():
        for name, kind in database.execute_sql(
            "SELECT name, type FROM sqlite_master WHERE type IN ('trigger', 'table') "
            "AND (name LIKE '%\\_fts%' ESCAPE '\\' OR name LIKE '%\\_grams%' ESCAPE '\\')"
        ).fetchall():
            if kind == "trigger" or name in (
                "message_fts",
                "message_grams",
                "chat_fts",
                "message_fts_queue",
                "message_fts_rescope",
                "chat_grams",
            ):
                database.execute_sql(f"DROP {kind} IF EXISTS {name}")
        database.execute_sql("DROP INDEX message_created_at")
    else:
        _drop_pg_grams()
        database.execute_sql("DROP INDEX message_content_trgm_text")
        database.execute_sql("DROP INDEX message_content_trgm_folded")
        database.execute_sql("DROP INDEX chat_title_trgm")
    _stamp(1)


def _drop_pg_grams() -> None:
    database.execute_sql("DROP INDEX message_content_grams_text")
    database.execute_sql("DROP INDEX message_content_grams_folded")
    database.execute_sql("DROP INDEX chat_title_grams")
    database.execute_sql(f"DROP FUNCTION {GRAMS_FUNCTION}(text)")
    database.execute_sql(f"DROP FUNCTION {GRAM_KEY_FUNCTION}(text)")


def _stamp(version: int) -> None:
    Meta.insert(key=SCHEMA_KEY, value=str(version)).on_conflict(
        conflict_target=[Meta.key], update={Meta.value: str(version)}
    ).execute()


def _downgrade_to_v4() -> None:
    """Take the schema back to version 4 (search, but no grams indexes on PostgreSQL)."""
    if not is_sqlite():
        _drop_pg_grams()
    _stamp(4)


def test_migration_builds_the_index_from_existing_rows(store: str) -> None:
    alice = _user()
    _say(alice, "c1", "旧数据库里的消息：北京烤鸭 old message", title="旧对话 legacy")
    _downgrade_to_v1()
    assert current_version() == 1
    _say(alice, "c2", "升级前最后一条 written at v1")
    assert migrate() == 1
    assert current_version() == SCHEMA_VERSION
    for query in ("烤鸭", "北京烤鸭", "OLD MESSAGE", "鸭", "升级前", "v1"):
        assert len(_contents(alice, query)) == 1, query
    assert [h.role for h in search.search(alice, "legacy")[0]] == ["title"]
    _say(alice, "c3", "迁移之后的新消息")
    assert len(_contents(alice, "迁移之后")) == 1
    path = sqlite_path()
    if path is not None:  # the runner backed the SQLite file up before migrating
        assert list(Path(path).parent.glob(f"{path.name}.v1-*.bak"))


def test_queries_use_the_index(store: str) -> None:
    alice = _user()
    _say(alice, "c1", "北京天气晴朗")
    if is_sqlite():
        for query, table in (("北京天", "message_fts"), ("北京", "message_grams")):
            plan = " ".join(
                str(row[-1])
                for row in database.execute_sql(
                    "EXPLAIN QUERY PLAN SELECT m.id FROM "
                    f"{table} f JOIN message m ON m.id = f.rowid WHERE {table} MATCH ?",
                    (f'"{query}"',),
                ).fetchall()
            )
            assert "SCAN f VIRTUAL TABLE" in plan, plan
        return
    # PostgreSQL: pg_trgm makes trigrams of Chinese text under this server's locale (C.UTF-8)
    # and the GIN index answers ILIKE with it.
    assert database.execute_sql("SELECT show_trgm('北京天气')").fetchone()[0]
    database.execute_sql("SET enable_seqscan = off")
    try:
        plan = "\n".join(
            row[0]
            for row in database.execute_sql(
                "EXPLAIN SELECT id FROM message WHERE content ILIKE %s AND kind = 'text'",
                ("%北京天%",),
            ).fetchall()
        )
    finally:
        database.execute_sql("SET enable_seqscan = on")
    assert "message_content_trgm_text" in plan, plan
    # 1–2 characters: the grams indexes, through the very queries the service runs.
    plan_of = search._PostgresPlan("北京")
    assert plan_of.short
    for (sql, params), index in (
        (plan_of.messages(alice.id), "message_content_grams"),
        (plan_of.titles(alice.id), "chat_title_grams"),
    ):
        assert index in _pg_plan(sql, params), sql


def _pg_plan(sql: str, params: list[object]) -> str:
    """PostgreSQL's plan for ``sql``, bitmap scans only: on tables this small a scan is cheaper."""
    database.execute_sql("SET enable_seqscan = off")
    database.execute_sql("SET enable_indexscan = off")
    try:
        rows = database.execute_sql(f"EXPLAIN {sql}", params).fetchall()
    finally:
        database.execute_sql("SET enable_seqscan = on")
        database.execute_sql("SET enable_indexscan = on")
    return "\n".join(row[0] for row in rows)


def test_grams_tokens() -> None:
    def tokens(text: str) -> set[str]:  # repeats and order mean nothing (detail=none)
        return set(grams(text).split())

    assert tokens("北京 ab") == {"北", "京", "a", "b", "北京", "ab"}
    assert tokens("aaa") == {"a", "aa"}
    assert grams("") == ""
    assert tokens("x\U0001f600y") == {"x", "y"}  # outside the BMP: a break, not a token
    assert tokens("a\u200bb\tc\u3000d") == {"a", "b", "c", "d"}  # invisible, wide spaces too


def test_grams_fast_path_matches_char_by_char() -> None:
    """The whole-string path of grams() gives exactly what a char-by-char walk gives, and each
    BMP character is a token exactly when gram_char() says so."""
    import random

    from chatdesk.store.fts import _grams_slow, gram_char

    rng = random.Random(7)
    alphabet = "ab 北京\t\n\u200b\u00a0\x00\U0001f600é\u3000x，"
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert set(grams(text).split()) == set(_grams_slow(text).split()), repr(text)
    for code in range(0x10000):
        assert (grams(chr(code)) == chr(code)) == gram_char(chr(code)), hex(code)


def test_api_search_over_a_real_socket(store: str) -> None:
    import json
    import urllib.parse
    import urllib.request

    from chatdesk.api.app import Api
    from chatdesk.api.server import ApiServer, ServerThread

    alice = _user()
    _say(alice, "c2", "北京烤鸭 北京烤鸭", title="Again")
    _say(alice, "c1", "the assistant says 北京烤鸭 is good", role="assistant", title="Food")
    thread = ServerThread(ApiServer(Api(), port=0, threads=2))
    thread.start_and_wait()

    def post(**fields: str) -> dict[str, object]:
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(f"{thread.server.url}/myapp/search/", data=body)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read().decode("utf-8"))  # type: ignore[no-any-return]

    try:
        answer = post(username="alice", query="北京烤鸭")
        assert answer["code"] == 0 and answer["total"] == 2
        assert [h["chat_id"] for h in answer["hits"]] == ["c1", "c2"]  # type: ignore[index]
        first = answer["hits"][1]  # type: ignore[index]
        # SPEC §1's keys, the chat's folder and tags (issue 13) and source (issue 22)
        assert set(first) == {
            "source",
            "chat_id",
            "chat_title",
            "role",
            "snippet",
            "created_at",
            "folder",
            "tags",
        }
        assert first["snippet"] == "北京烤鸭 北京烤鸭" and first["created_at"].endswith("Z")
        assert answer["hits"][0]["role"] == "chatcar"  # type: ignore[index]
        relevant = post(username="alice", query="北京烤鸭", order="relevance")
        assert [h["chat_id"] for h in relevant["hits"]] == ["c2", "c1"]  # type: ignore[index]
        assert post(username="alice", query="x", order="sideways")["code"] == 1002
    finally:
        thread.stop()


@pytest.mark.parametrize("query", ["apple", "pp"])
def test_many_hits_take_the_same_order_as_few(
    store: str, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above WALK_ABOVE hits, "newest" walks the time index; above SORT_LIMIT "relevance" ranks the
    most recently stored SORT_LIMIT hits; the pages must agree with the sorted ones."""
    alice, bob = _user(), _user("bob")
    base = dt.datetime(2024, 1, 1)
    for i in range(12):
        message_id = _say(alice, f"c{i % 4}", "apple " * (1 + i % 3) + f"note {i}")
        # stored order is not time order, as after an import
        when = base + dt.timedelta(hours=(i * 7) % 12)
        Message.update(created_at=when).where(Message.id == message_id).execute()
        _say(bob, "b", "apple for bob")
    chats.delete_chats(alice, [chats.find_chat(alice, chat_key="c3")])  # 3 hits fewer
    few_newest = [h.message_id for h in search.search(alice, query, limit=100)[0]]
    few_relevant = [
        h.message_id for h in search.search(alice, query, limit=100, order="relevance")[0]
    ]
    monkeypatch.setattr(search, "SORT_LIMIT", 4)
    monkeypatch.setitem(search.WALK_ABOVE, "message_fts", 4)
    monkeypatch.setitem(search.WALK_ABOVE, "message_grams", 4)
    hits, total = search.search(alice, query, limit=100)
    assert total == 9 and [h.message_id for h in hits] == few_newest
    paged = [
        h.message_id for o in (0, 4, 8) for h in search.search(alice, query, offset=o, limit=4)[0]
    ]
    assert paged == few_newest
    hits, total = search.search(alice, query, limit=100, order="relevance")
    relevant = [h.message_id for h in hits]
    assert total == 9 and sorted(relevant) == sorted(few_relevant)
    if is_sqlite():  # the 4 most recently stored are ranked, the rest follow newest stored first
        assert set(relevant[:4]) == set(sorted(few_relevant)[-4:])
        assert relevant[4:] == sorted(few_relevant)[:5][::-1]
    else:  # PostgreSQL ranks them all
        assert relevant == few_relevant
    paged = [
        h.message_id
        for o in (0, 3, 6)
        for h in search.search(alice, query, offset=o, limit=3, order="relevance")[0]
    ]
    assert paged == relevant


def test_index_stays_consistent_through_delete_restore_purge(sqlite_store: str) -> None:
    alice = _user()
    for i in range(5):
        _say(alice, f"c{i}", f"消息 {i} 内容 content", title=f"对话 {i}")
    ids = [chats.find_chat(alice, chat_key=f"c{i}") for i in range(5)]
    chats.delete_chats(alice, ids[:3])
    chats.restore_chats(alice, ids[:1])
    chats.purge_deleted(older_than=dt.timedelta(0))  # c1, c2 for good
    chats.add_chat(alice, "c1", "再来", "重新开始 content", "user")  # the key is free again
    User.delete().where(User.username_key == "nobody").execute()
    for table in ("message_fts", "message_grams", "chat_fts"):
        database.execute_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    assert search.search(alice, "content")[1] == 4
    assert search.search(alice, "内")[1] == 3
    assert search.search(alice, "重新")[1] == 1
    bob = _user("bob")
    _say(bob, "x", "bob content")
    User.delete().where(User.id == alice.id).execute()  # chats and messages go by cascade
    for table in ("message_fts", "message_grams"):
        database.execute_sql(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        assert database.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0] >= 0
    assert search.search(bob, "content")[1] == 1
    assert search.search(bob, "co")[1] == 1


def test_short_queries_outside_the_grams_index(store: str) -> None:
    """Characters the grams index leaves out (beyond the BMP, e.g. most emoji) still match."""
    alice, bob = _user(), _user("bob")
    _say(alice, "c1", "好的🙂谢谢")
    _say(alice, "gone", "再见🙂")
    _say(bob, "b1", "bob 🙂")
    chats.delete_chats(alice, [chats.find_chat(alice, chat_key="gone")])
    for query in ("🙂", "的🙂", "🙂谢", "好的🙂"):
        assert _contents(alice, query) == ["好的🙂谢谢"], query
        [hit], _ = search.search(alice, query)
        a, b = hit.highlights[0]
        assert hit.snippet[a:b] == query


def test_short_queries_match_as_substrings(store: str) -> None:
    """Every 1–2 character query finds exactly the messages and titles that hold it, ignoring
    case: Chinese, ASCII, punctuation, pairs across word and script boundaries, pairs that
    whitespace breaks. Checked against Python's ``in`` over random texts."""
    import random

    alphabet = "aAbZz北京的。，!?%_'\\" + "  \n\t\u3000"
    rng = random.Random(5)
    alice, bob = _user(), _user("bob")
    texts = ["".join(rng.choices(alphabet, k=rng.randint(1, 12))).strip() or "x" for _ in range(60)]
    titles = ["".join(rng.choices(alphabet, k=rng.randint(1, 6))).strip() or "y" for _ in range(6)]
    for i, text in enumerate(texts):
        _say(alice, f"c{i % 6}", text, title=titles[i % 6])
    _say(bob, "b", "aA北京的。，!?zZ", title="bob 北京")  # other users never match
    chars = sorted(set(alphabet) - set(" \n\t\u3000"))
    queries = chars + [a + b for a in chars for b in chars]
    for query in queries:
        key = query.lower()
        want_titles = sum(key in t.lower() for t in titles)
        want = sum(key in t.lower() for t in texts)
        hits, total = search.search(alice, query, limit=200)
        assert total == want_titles + want, query
        assert [h.role for h in hits].count(search.TITLE_ROLE) == want_titles, query
        assert all(key in h.snippet.lower() for h in hits), query


def test_short_queries_in_chinese_and_english(store: str) -> None:
    alice = _user()
    _say(alice, "c1", "我想去北京看故宫，顺便吃烤鸭。", title="旅行计划 Travel")
    _say(alice, "c1", "Hello, World! 你好", title="旅行计划 Travel")
    _say(alice, "c2", "东京的天气怎么样？", title="天气")
    assert _contents(alice, "京看") == ["我想去北京看故宫，顺便吃烤鸭。"]  # across two words
    assert _contents(alice, "宫，") == ["我想去北京看故宫，顺便吃烤鸭。"]  # into punctuation
    assert _contents(alice, "京") == ["东京的天气怎么样？", "我想去北京看故宫，顺便吃烤鸭。"]
    assert _contents(alice, "？") == ["东京的天气怎么样？"]
    for query in ("w", "W", "wo", "WO", "o,", "!", "d!"):
        assert _contents(alice, query) == ["Hello, World! 你好"], query
    assert _contents(alice, "! ") == _contents(alice, "!")  # stripped
    assert _contents(alice, "o ") == ["Hello, World! 你好"]
    assert _contents(alice, "!你") == []  # a space between them in the text
    assert _contents(alice, "北北") == _contents(alice, "q") == []
    for query, key in (("天", "c2"), ("旅", "c1"), ("tr", "c1"), ("TR", "c1")):
        hits, _ = search.search(alice, query)
        assert (hits[0].role, hits[0].chat_key) == (search.TITLE_ROLE, key), query
    hits, total = search.search(alice, "e")  # a title ("Travel") and a message ("Hello")
    assert total == 2 and [h.role for h in hits] == [search.TITLE_ROLE, "user"]
    paged = [h for o in (0, 1, 2) for h in search.search(alice, "e", offset=o, limit=1)[0]]
    assert paged == hits


def test_short_query_index_follows_edits_renames_and_deletes(store: str) -> None:
    alice = _user()
    first = _say(alice, "c1", "苹果 apple", title="水果")
    _say(alice, "c2", "香蕉 banana", title="黄色")
    Message.update(content="梨子 pear").where(Message.id == first).execute()
    assert _contents(alice, "苹") == _contents(alice, "ap") == []
    assert _contents(alice, "梨子") == _contents(alice, "EA") == ["梨子 pear"]
    chats.rename_chat(alice, chats.find_chat(alice, chat_key="c1"), "蔬菜")
    assert search.search(alice, "果")[1] == 0
    assert [h.role for h in search.search(alice, "蔬")[0]] == [search.TITLE_ROLE]
    c2 = chats.find_chat(alice, chat_key="c2")
    chats.delete_chats(alice, [c2])
    assert search.search(alice, "香")[1] == search.search(alice, "黄")[1] == 0
    chats.restore_chats(alice, [c2])
    assert search.search(alice, "na")[1] == 1 and search.search(alice, "黄")[1] == 1
    Message.delete().where(Message.id == first).execute()
    assert search.search(alice, "梨")[1] == 0
    Chat.delete_by_id(c2)
    assert search.search(alice, "香")[1] == search.search(alice, "a")[1] == 0


def test_migration_adds_the_grams_indexes_to_a_v4_database(store: str) -> None:
    alice = _user()
    _say(alice, "c1", "升级以前的消息 Before", title="旧标题")
    _downgrade_to_v4()
    _say(alice, "c2", "在版本四写的 at v2")
    assert current_version() == 4
    assert migrate() == 4
    assert current_version() == SCHEMA_VERSION
    for query, count in (("升", 1), ("以前", 1), ("BE", 1), ("v2", 1), ("的", 2), ("旧", 1)):
        assert search.search(alice, query)[1] == count, query
    _say(alice, "c3", "升级以后")
    assert search.search(alice, "升")[1] == 2
    if not is_sqlite():
        sql, params = search._PostgresPlan("升").messages(alice.id)
        assert "message_content_grams" in _pg_plan(sql, params)
    path = sqlite_path()
    if path is not None:  # copied only if a migration due changes SQLite (v5 does not)
        copied = bool(list(Path(path).parent.glob(f"{path.name}.v4-*.bak")))
        assert 5 in SQLITE_UNCHANGED
        assert copied == any(v not in SQLITE_UNCHANGED for v in range(5, SCHEMA_VERSION + 1))


def test_pg_indexable_short() -> None:
    assert pg_indexable_short("北") and pg_indexable_short("北京") and pg_indexable_short("🙂")
    assert pg_indexable_short("a,") and pg_indexable_short("%_")
    assert not pg_indexable_short("") and not pg_indexable_short("北京天")
    assert not pg_indexable_short("a b"[1:]) and not pg_indexable_short("a\u3000")


@pytest.mark.postgres
def test_postgres_grams_agree_with_ilike_beyond_ascii(
    pg_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: the grams lookup finds what ILIKE (the v2 plan) finds, for letters whose case
    folding is not ASCII, full-width forms, combining marks and characters beyond the BMP.
    (SQLite's LIKE folds ASCII only; its grams index has tests of its own.)"""
    import random

    alphabet = "ÄäΣσςＡａİiée\u0301🙂北"
    rng = random.Random(11)
    alice = _user()
    for i in range(40):
        _say(alice, f"c{i % 4}", "".join(rng.choices(alphabet + " ", k=rng.randint(1, 10))))
    queries = [*alphabet, *(a + b for a in alphabet for b in alphabet)]
    with_grams = {q: search.search(alice, q, limit=200) for q in queries}
    monkeypatch.setattr(search, "pg_indexable_short", lambda query: False)
    for query in queries:
        hits, total = search.search(alice, query, limit=200)
        assert (total, hits) == (with_grams[query][1], with_grams[query][0]), query
    assert any(total for _, total in with_grams.values())


@pytest.mark.postgres
def test_postgres_searches_run_without_jit(pg_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    alice = _user()
    _say(alice, "c1", "北京")
    before = database.execute_sql("SHOW jit").fetchone()[0]
    seen: list[str] = []
    count = search._count

    def spy(part: search.Part, upto: int | None = None) -> int:
        seen.append(database.execute_sql("SHOW jit").fetchone()[0])
        return count(part, upto)

    monkeypatch.setattr(search, "_count", spy)
    assert search.search(alice, "北")[1] == search.search(alice, "北京")[1] == 1
    assert seen and set(seen) == {"off"}
    assert database.execute_sql("SHOW jit").fetchone()[0] == before  # only for the search


def test_a_title_made_from_the_first_message_is_one_hit_not_two(store: str) -> None:
    """Issue 9 item 7: a chat titled after its first message (the composer and the importers do
    this) was found twice for the same text, as its title and as that message."""
    alice = _user()
    first = "How do I brew  green tea\nproperly? At what temperature?"
    title = "How do I brew green tea properly? At what…"
    derived = _say(alice, "c1", first, title=title)
    _say(alice, "c1", "80 °C, two minutes.", title=title, role="assistant")
    own = _say(
        alice, "c2", "green tea or black tea?", title="Green tea notes"
    )  # a title of its own
    _say(alice, "c3", "Which green tea?", title="Which green tea?")  # the whole message
    _say(alice, "c4", "hello", title="Tea time, green tea")
    # the title is in a later message, not the first: two hits, as for a title of its own
    later = _say(
        alice, "c4", "Tea time, green tea is ready", title="Tea time, green tea", role="assistant"
    )
    for query in ("green tea", "GREEN", "ea"):
        hits, total = search.search(alice, query)
        found = [(h.chat_key, h.role) for h in hits]
        assert ("c1", "title") not in found and ("c3", "title") not in found, query
        assert found.count(("c1", "user")) == 1 and ("c3", "user") in found, query
        assert ("c2", "title") in found and ("c2", "user") in found, query
        assert ("c4", "title") in found and ("c4", "assistant") in found, query
        assert total == len(hits) == len(set(found)), query
        assert [h.message_id for h in hits if h.chat_key == "c1"] == [derived], query
    assert {h.message_id for h in search.search(alice, "green tea")[0]} >= {own, later}
    # paging agrees with the total
    seen = [
        (h.chat_key, h.role, h.message_id)
        for offset in range(0, 8, 2)
        for h in search.search(alice, "green tea", offset=offset, limit=2)[0]
    ]
    assert len(seen) == len(set(seen)) == search.search(alice, "green tea")[1]
    # one hit while the title is the first message's first line; renamed, the title is a hit
    _say(alice, "c5", "Oolong\nabout oolong", title="Oolong")
    assert [(h.chat_key, h.role) for h in search.search(alice, "oolong")[0]] == [("c5", "user")]
    chats.rename_chat(alice, chats.find_chat(alice, chat_key="c5"), "Oolong (semi-oxidised)")
    assert ("c5", "title") in [(h.chat_key, h.role) for h in search.search(alice, "oxidised")[0]]


# --- the capped count (issue 10: a common word's total is not counted hit by hit) ----------------


def _library_of(alice: User, messages: int, titles: int = 0) -> None:
    """``messages`` messages holding 熊猫 and "panda" (in chats not named so), then ``titles``
    chats whose title holds them (and whose one message does not)."""
    for i in range(messages):
        _say(alice, f"m{i // 3}", f"第{i}只熊猫 panda 🐼 number {i}", title=f"动物 {i // 3}")
    for i in range(titles):
        _say(alice, f"t{i}", f"另一段话 {i}", title=f"熊猫 panda 🐼 {i}")


@pytest.mark.parametrize("query", ["熊猫", "熊", "panda", "🐼", "number"])
def test_total_is_exact_up_to_the_cap(store: str, query: str) -> None:
    alice = _user()
    _library_of(alice, 5)
    for cap in (5, 6, 100):
        found = search.find(alice, query, cap=cap)
        assert (found.total, found.exact, len(found.hits)) == (5, True, 5), cap


@pytest.mark.parametrize("query", ["熊猫", "熊", "panda", "🐼"])
@pytest.mark.parametrize("order", ["newest", "relevance"])
def test_past_the_cap_the_total_is_a_lower_bound_and_paging_goes_on(
    store: str, query: str, order: str
) -> None:
    alice = _user()
    _library_of(alice, 9, titles=3)  # 3 title hits, then 9 message hits
    everything = search.find(alice, query, limit=50, order=order, cap=None)
    assert (everything.total, everything.exact) == (12, True)
    assert search.search(alice, query, order=order)[1] == 12  # search() counts them all
    first = search.find(alice, query, limit=4, order=order, cap=5)
    assert (first.total, first.exact) == (5, False)  # more than 5
    assert first.hits == everything.hits[:4]
    # past the cap: the hits there, and a total that goes as far as the page asked for
    page = search.find(alice, query, offset=4, limit=4, order=order, cap=5)
    assert page.hits == everything.hits[4:8]
    assert (page.total, page.exact) == (8, False)
    last = search.find(alice, query, offset=8, limit=4, order=order, cap=5)
    assert last.hits == everything.hits[8:12]
    assert (last.total, last.exact) == (12, True)  # the page reached the end: exact again
    beyond = search.find(alice, query, offset=20, limit=4, order=order, cap=5)
    assert (beyond.hits, beyond.total, beyond.exact) == ([], 12, True)
    roles = [h.role for h in first.hits]
    assert roles[:3] == ["title"] * 3 and roles[3] == "user"


def test_the_cap_counts_titles_and_messages_together(store: str) -> None:
    alice = _user()
    _library_of(alice, 2, titles=3)
    found = search.find(alice, "panda", limit=2, cap=4)
    assert (found.total, found.exact, [h.role for h in found.hits]) == (4, False, ["title"] * 2)
    found = search.find(alice, "panda", limit=2, cap=5)
    assert (found.total, found.exact) == (5, True)
    # a page that goes further than the cap is counted to its end: here, all of them
    found = search.find(alice, "panda", limit=50, cap=4)
    assert (found.total, found.exact, len(found.hits)) == (5, True, 5)


def test_the_cap_holds_for_prefixes_too(store: str) -> None:
    alice = _user()
    _library_of(alice, 9)  # three chats, 9 messages
    ids = [c.id for c in chats.list_chats(alice, limit=10)[0]]
    chats.set_pinned(alice, ids, True)
    narrowed = search.find(alice, "panda is:pinned", limit=2, cap=3)
    assert (narrowed.total, narrowed.exact, len(narrowed.hits)) == (3, False, 2)
    assert search.find(alice, "panda is:pinned", cap=None).total == 9
    listed = search.find(alice, "is:pinned", limit=1, cap=2)  # prefixes alone: the chats
    assert (listed.total, listed.exact, len(listed.hits)) == (2, False, 1)
    assert (
        search.find(alice, "is:pinned", cap=3).total,
        search.find(alice, "is:pinned").exact,
    ) == (
        3,
        True,
    )


def test_a_count_stops_early(sqlite_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The count asks the database for no more rows than the cap needs (plus what the plan needs
    to choose its way), rather than counting every hit."""
    alice = _user()
    _library_of(alice, 4)
    asked: list[int | None] = []
    count = search._count

    def spy(part: search.Part, upto: int | None = None) -> int:
        asked.append(upto)
        return count(part, upto)

    monkeypatch.setattr(search, "_count", spy)
    search.find(alice, "panda", cap=10, limit=5)
    # newest first where LIKE agrees with the index: the hits' density chooses the way, so the
    # count goes no further than the cap
    assert asked and None not in asked and max(a for a in asked if a) <= 11
    asked.clear()
    search.find(alice, "panda", cap=10, limit=5, order="relevance")  # ranks SORT_LIMIT hits
    assert asked and max(a for a in asked if a) <= search.SORT_LIMIT + 1
    asked.clear()
    search.find(alice, "ärger", cap=10, limit=5)  # LIKE does not fold Ä: WALK_ABOVE decides
    assert asked and max(a for a in asked if a) <= search.WALK_ABOVE["message_fts"] + 1
    asked.clear()
    search.search(alice, "panda")
    assert None in asked


@pytest.mark.parametrize("walk_above", [0, 10**9])
def test_newest_first_walk_finds_what_the_index_does(
    sqlite_store: str, monkeypatch: pytest.MonkeyPatch, walk_above: int
) -> None:
    """With many hits, newest first walks messages in time order testing each with LIKE where
    LIKE agrees with the index; the same hits come out as from the index (walk_above 10**9:
    the index's hits sorted), characters that SQLite folds into ASCII letters included."""
    monkeypatch.setattr(
        search, "WALK_ABOVE", {"message_fts": walk_above, "message_grams": walk_above}
    )
    monkeypatch.setattr(search, "LIKE_READ_UPTO", walk_above)
    if not walk_above:  # walking costs nothing: it always pays
        monkeypatch.setattr(search, "WALK_COST", 0.0)
    alice, bob = _user(), _user("bob")
    texts = [
        "Database index", "DATABASE", "数据库索引", "no match here", "\u212aelvin sign kelvin",
        "long \u017fign", "ÄRGER groß", "ärger klein", "Kilo", "kilo", "SSD", "ssd",
    ]  # fmt: skip
    for i, text in enumerate(texts):
        _say(alice, f"a{i % 4}", text, title=f"t{i % 4}")
    _say(bob, "b", "database of bob")
    gone = _say(alice, "gone", "database deleted")
    chats.delete_chats(alice, [Message.get_by_id(gone).chat_id])

    def folded(text: str) -> str:  # SQLite's folding: Python's lower(), and LONG S is "s"
        return text.lower().replace("\u017f", "s")

    queries = ["database", "数据库", "kelvin", "k", "ki", "sign", "s", "ärger", "ä", "库", "gro"]
    expected = {q: [t for t in texts if folded(q) in folded(t)] for q in queries}
    assert expected["k"] == ["\u212aelvin sign kelvin", "ärger klein", "Kilo", "kilo"]
    for query, contents in expected.items():
        assert sorted(_contents(alice, query, limit=50)) == sorted(contents), query
        found = search.find(alice, query, limit=50)
        assert found.exact and found.total >= len(contents), query


def test_an_echoed_title_behind_a_long_whitespace_run_is_still_one_hit(store: str) -> None:
    """The first message's opening is read to the title's length and a little more; where a
    whitespace run makes that too short to tell, the opening is read again, whole."""
    alice = _user()
    title = "alpha beta gamma delta"
    _say(alice, "c1", "alpha" + " " * 80 + "beta\n\ngamma   delta and more", title=title)
    _say(alice, "c2", "alpha" + " " * 80 + "beta gamma epsilon", title=title)  # not its opening
    found = [(h.chat_key, h.role) for h in search.search(alice, "beta")[0]]
    assert ("c1", "title") not in found and ("c1", "user") in found
    assert ("c2", "title") in found and ("c2", "user") in found
    assert search.find(alice, "beta").total == 3
