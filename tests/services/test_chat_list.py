"""The chat list at scale: the order from the ``chat_list`` index, keyset paging by a cursor
(the API's ``before``), and the total kept by triggers whatever writes a chat (SQLite and the
real PostgreSQL server)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from chatdesk.services import accounts, chats
from chatdesk.services.chat_filter import DEFAULT
from chatdesk.services.errors import ServiceError
from chatdesk.store import database, write_transaction
from chatdesk.store.db import is_sqlite
from chatdesk.store.migrations import SCHEMA_KEY, migrate
from chatdesk.store.models import Chat, ChatCount, Meta, User
from tests import seeding


def _truth(user: User) -> list[int]:
    """The list's order, computed in Python from every live chat."""
    live = [c for c in Chat.select().where(Chat.user == user.id, Chat.deleted_at.is_null())]
    live.sort(key=lambda c: (c.pinned, c.updated_at, c.id), reverse=True)
    return [c.id for c in live]


def _live_count(user: User) -> int:
    return Chat.select().where(Chat.user == user.id, Chat.deleted_at.is_null()).count()


def test_cursor_pages_walk_the_whole_list_in_order(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    seeding.fill_chats(alice, 500)
    walked: list[int] = []
    before = None
    while True:
        rows, total = chats.list_chats(alice, limit=37, before=before)
        assert total == 500
        if not rows:
            break
        walked += [c.id for c in rows]
        before = chats.cursor_of(rows[-1])
    assert walked == _truth(alice)
    by_offset = [c.id for o in range(0, 500, 50) for c in chats.list_chats(alice, offset=o)[0]]
    assert by_offset == walked
    desktop: list[int] = []
    after = None
    while page := chats.chats_after(alice, after, 64):
        desktop += [c.id for c in page]
        after = (page[-1].pinned, page[-1].updated_at, page[-1].id)
    assert desktop == walked


@pytest.mark.parametrize("bad", ["x", "2|2026-01-01T00:00:00|1", "1|yesterday|3", "1|2026|x", "|"])
def test_a_cursor_not_given_by_the_server_is_refused(store: str, bad: str) -> None:
    alice = accounts.register("alice", "secret1")
    with pytest.raises(ServiceError) as error:
        chats.list_chats(alice, before=bad)
    assert error.value.code == 1002 and error.value.params["field"] == "before"


def test_the_list_is_read_from_its_index(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    seeding.fill_chats(alice, 50)
    select = chats.list_order(
        chats._after(chats.live_chats(alice, DEFAULT), (True, dt.datetime(2027, 1, 1), 1))
    )
    sql, params = select.limit(50).sql()
    if is_sqlite():
        plan = " ".join(r[-1] for r in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "USING INDEX chat_list" in plan and "TEMP B-TREE" not in plan, plan
    else:
        with write_transaction():  # SET LOCAL holds in a transaction only
            database.execute_sql("SET LOCAL enable_seqscan = off")  # a tiny table: make it choose
            plan = " ".join(r[0] for r in database.execute_sql(f"EXPLAIN {sql}", params))
        assert "chat_list" in plan and "Sort" not in plan, plan


def test_the_total_follows_every_kind_of_write(store: str) -> None:
    alice, bob = accounts.register("alice", "secret1"), accounts.register("bob", "secret1")
    assert chats.count_chats(alice) == 0
    seeding.fill_chats(alice, 30)  # a bulk insert, as an import writes
    made = chats.create_chat(alice, "by hand")
    chats.add_chat(alice, "api1", "through the API", "hello", "user")
    chats.add_chat(alice, "api1", None, "a second message: not a new chat", "user")
    chats.create_chat(bob, "bob's")
    assert chats.count_chats(alice) == _live_count(alice) == 32
    ids = [c.id for c in Chat.select().where(Chat.user == alice.id).limit(10)]
    chats.delete_chats(alice, ids)  # soft: kept for Undo
    assert chats.count_chats(alice) == _live_count(alice) == 22
    chats.restore_chats(alice, ids[:4])
    assert chats.count_chats(alice) == 26
    chats.delete_by_key("api1", alice)
    assert chats.count_chats(alice) == _live_count(alice) == 25
    Chat.update(deleted_at=dt.datetime(2020, 1, 1)).where(Chat.id.in_(ids[4:])).execute()
    assert chats.purge_deleted() == 6  # deleted long ago: gone for good (api1 stays for Undo)
    assert chats.count_chats(alice) == _live_count(alice) == 25
    Chat.delete().where(Chat.id == made.id).execute()  # a live chat deleted outright
    assert chats.count_chats(alice) == _live_count(alice) == 24
    assert chats.count_chats(alice, "chat 1") == _live_count_titled(alice, "chat 1")
    assert chats.count_chats(bob) == 1
    accounts.delete_account(alice, "secret1")  # the cascade takes the chats and their count
    assert chats.count_chats(alice) == 0 and chats.count_chats(bob) == 1


def _live_count_titled(user: User, part: str) -> int:
    return sum(
        part in c.title
        for c in Chat.select().where(Chat.user == user.id, Chat.deleted_at.is_null())
    )


def test_migration_counts_the_chats_already_there(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    seeding.fill_chats(alice, 40)
    chats.delete_chats(alice, [c.id for c in Chat.select().limit(5)])
    # a version 6 database: no index, no count, no triggers (as version 12 names them)
    if is_sqlite():
        for trigger in ("chat_count_insert", "chat_count_delete", "chat_count_listed"):
            database.execute_sql(f"DROP TRIGGER {trigger}")
    else:  # as version 17 names them
        for trigger in ("chat_count_insert", "chat_count_delete", "chat_count_update"):
            database.execute_sql(f"DROP TRIGGER {trigger} ON chat")
    database.execute_sql("DROP INDEX chat_list")
    database.drop_tables([ChatCount])
    Meta.update(value="6").where(Meta.key == SCHEMA_KEY).execute()
    assert migrate() == 6
    assert chats.count_chats(alice) == 35
    chats.create_chat(alice, "after the migration")
    assert chats.count_chats(alice) == _live_count(alice) == 36


TITLES = [
    "Émile notes",
    "emile plain",
    "ÉMILE SHOUTED",
    "Straße planning",
    "数据库 设计 Émile",
    "café emile",
    "nothing here",
    "50% off_sale",
]


@pytest.mark.parametrize("query", ["émile", "ÉMILE", "Émile", "数据库", "50%", "off_", "plan", ""])
def test_the_title_filter_is_one_rule_on_both_engines_and_in_python(store: str, query: str) -> None:
    """The list's title filter (SQL, used by get_chat_list/ and the windows' pages) and its
    Python form (the windows' live refresh) agree, non-ASCII letters included: "Émile notes"
    is found by "émile" on SQLite as on PostgreSQL."""
    alice = accounts.register("alice", "secret1")
    for i, title in enumerate(TITLES):
        chats.create_chat(alice, title)
        if i == 0:
            chats.create_chat(accounts.register("bob", "secret1"), title)  # not alice's
    listed, total = chats.list_chats(alice, query=query, limit=100)
    expected = {t for t in TITLES if chats.title_matches(t, query)}
    assert {c.title for c in listed} == expected
    assert total == len(expected) == chats.count_chats(alice, query)
    if query.casefold() == "émile":
        assert expected == {"Émile notes", "ÉMILE SHOUTED", "数据库 设计 Émile"}


def test_the_python_rule_folds_case_beyond_ascii() -> None:
    assert chats.title_matches("Émile notes", "émile")
    assert chats.title_matches("Straße", "STRASSE")
    assert not chats.title_matches("emile", "émile")
    assert chats.title_matches("anything", "")


def test_delete_and_restore_more_chats_than_sqlite_binds_in_one_statement(
    sqlite_store: str,
) -> None:
    """40,000 ids: more than SQLite's 32,766 variables; one transaction all the same."""
    # SQLite's own default (this build allows 250,000; python.org's allow the default)
    database.connection().setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
    user = accounts.register("bulk", "secret1")
    other = accounts.register("other", "secret1")
    with write_transaction():  # in chunks: one insert of 40,001 rows binds too many values
        for at in range(0, 40_001, 2000):
            Chat.insert_many(
                [
                    {"user": user.id, "chat_key": f"k{i}", "title": "t", "pinned": i % 999 == 0}
                    for i in range(at, min(at + 2000, 40_001))
                ]
            ).execute()
    seeding.fill_chats(other, 3)
    ids = [c.id for c in Chat.select(Chat.id).where(Chat.user == user.id).order_by(Chat.id)]
    doomed = ids[:40_000]
    theirs = [c.id for c in Chat.select(Chat.id).where(Chat.user == other.id)]
    assert sorted(chats.delete_chats(user, doomed + theirs)) == doomed  # not another user's
    assert chats.count_chats(user) == 1 and chats.count_chats(other) == 3
    assert [k[2] for k in chats.list_keys(user)] == ids[40_000:] == _truth(user)
    chats.restore_chats(user, doomed)
    assert chats.count_chats(user) == 40_001
    assert [k[2] for k in chats.list_keys(user)] == _truth(user)
    assert sorted(k[2] for k in chats.list_keys(user, ids=ids[:5] + theirs)) == ids[:5]


def test_a_failed_bulk_delete_deletes_nothing(
    sqlite_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = accounts.register("bulk", "secret1")
    with write_transaction():
        for at in range(0, 12_000, 2000):
            Chat.insert_many(
                [{"user": user.id, "chat_key": f"k{i}", "title": "t"} for i in range(at, at + 2000)]
            ).execute()
    ids = [c.id for c in Chat.select(Chat.id).where(Chat.user == user.id)]
    calls = 0
    real = chats._chunks

    def failing(values, size=chats.ID_CHUNK):  # type: ignore[no-untyped-def]
        nonlocal calls
        for chunk in real(values, size):
            calls += 1
            if calls == 5:  # the updates' second chunk: some rows are changed already
                raise RuntimeError("disk full")
            yield chunk

    monkeypatch.setattr(chats, "_chunks", failing)
    with pytest.raises(RuntimeError):
        chats.delete_chats(user, ids)
    monkeypatch.setattr(chats, "_chunks", real)
    assert chats.count_chats(user) == 12_000


def test_list_keys_are_the_lists_order_and_compare_in_it(store: str) -> None:
    user = accounts.register("keys", "secret1")
    seeding.fill_chats(user, 300)  # pinned ones, times shared by three chats
    Chat.update(updated_at=dt.datetime(2026, 1, 1, 0, 0, 0, 500_000)).where(
        Chat.chat_key == "k5"
    ).execute()  # a fraction of a second: written with one
    keys = chats.list_keys(user)
    assert [k[2] for k in keys] == _truth(user)
    assert keys == sorted(keys, reverse=True)  # the keys compare in the list's order
    assert chats.list_keys(user, limit=7) == keys[:7]
    some = [keys[i][2] for i in (0, 5, 17, 299)]
    assert chats.list_keys(user, ids=some) == [keys[i] for i in (0, 5, 17, 299)]
    assert chats.list_keys(user, "chat 29") == [k for k in keys if k[2] in _titled(user, "chat 29")]
    assert chats.list_keys(user, "nothing like it") == []
    got = {c.id: c for c in chats.summaries(user, [*some, 10**9])}  # an id of no chat: left out
    assert got == {i: chats.get_summary(i) for i in some}
    assert got[keys[5][2]].updated_at.microsecond in (0, 500_000)


def _titled(user: User, part: str) -> set[int]:
    return {c.id for c in Chat.select().where(Chat.user == user.id) if part in c.title}
