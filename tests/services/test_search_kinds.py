"""Reasoning and tool rows in the full-text index (issue 22, schema v22): the default search and
``in:reasoning`` / ``in:tools`` are answered by the index alone on SQLite (the kind is in the
owner's token) and by partial indexes on PostgreSQL; a title is never a reasoning or tool hit;
a database indexed before v22 is indexed again in the background, exact all along."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from chatdesk.importers.model import REASONING, TOOL, ImportedChat, ImportedMessage
from chatdesk.services import accounts, chats, search
from chatdesk.services.importing import ImportReport, _import_one
from chatdesk.store import database, indexer, migrations, open_store
from chatdesk.store.db import close_database, is_sqlite, write_transaction
from chatdesk.store.fts import index_sql, long_match, scope_token, short_match, user_gram
from chatdesk.store.models import Chat, Message, User
from tests import seeding
from tests.services.test_message_kinds import T0


def _tea(key: str = "c1") -> ImportedChat:
    """A chat titled "Tea" whose words are each in one kind of row only."""
    return ImportedChat(
        source="deepseek",
        source_id=key,
        title="Tea",
        created_at=T0,
        messages=[
            ImportedMessage("m1", "user", "How long to steep tea? 问茶", T0),
            ImportedMessage("m2", "assistant", "Green tea is delicate… 思考", T0, kind=REASONING),
            ImportedMessage(
                "m3", "assistant", "steeping.log written 工具", T0, kind=TOOL, tool="Bash"
            ),
            ImportedMessage("m4", "assistant", "About 3 minutes. 回答", T0),
        ],
    )


def _found(user: User, query: str) -> list[tuple[str, str]]:
    hits, total = search.search(user, query)
    assert total == len(hits), query
    return [(h.role, h.snippet) for h in hits]


#: Queries, and what each finds: the user's turn, the reasoning, the tool row, the answer.
EXPECTED = {
    "tea": [("title", "Tea"), ("user", "How long to steep tea? 问茶")],
    "in:reasoning tea": [("assistant", "Green tea is delicate… 思考")],
    "in:tools tea": [],
    "delicate": [],
    "in:reasoning delicate": [("assistant", "Green tea is delicate… 思考")],
    "in:thinking 思考": [("assistant", "Green tea is delicate… 思考")],
    "思考": [],
    "思": [],
    "in:reasoning 思": [("assistant", "Green tea is delicate… 思考")],
    "in:tools 工": [("assistant", "steeping.log written 工具")],
    "in:tools steeping": [("assistant", "steeping.log written 工具")],
    "steeping": [],
    "in:reasoning minutes": [],
    "minutes": [("assistant", "About 3 minutes. 回答")],
    "回": [("assistant", "About 3 minutes. 回答")],
}


def _check(user: User) -> None:
    for query, expected in EXPECTED.items():
        assert _found(user, query) == expected, query


def test_in_reasoning_and_in_tools_list_no_title_hits(store: str) -> None:
    """A title is neither reasoning nor a tool call: ``in:`` lists no title hit, with words or
    without (then it lists the chats that hold such rows)."""
    alice = accounts.register("alice", "secret1")
    _import_one(alice, _tea(), ImportReport())
    _check(alice)
    chats.add_chat(alice, "plain", "Tea too", "nothing folded here")
    assert search.search(alice, "in:reasoning Tea")[1] == 1  # not the two titles
    assert search.search(alice, "Tea")[1] == 3
    holding = [(h.role, h.chat_title) for h in search.search(alice, "in:reasoning")[0]]
    assert holding == [("title", "Tea")]  # the chat with reasoning, not "Tea too"
    assert [h.chat_title for h in search.search(alice, "in:tools")[0]] == ["Tea"]
    assert search.search(alice, "is:pinned in:tools")[1] == 0


def test_changing_a_kind_moves_the_message_between_searches(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    _import_one(alice, _tea(), ImportReport())
    _check(alice)
    answer = Message.get(Message.content.startswith("About 3"))
    Message.update(kind=TOOL).where(Message.id == answer.id).execute()
    assert _found(alice, "minutes") == [] and _found(alice, "回") == []
    assert _found(alice, "in:tools minutes") == [("assistant", "About 3 minutes. 回答")]
    assert _found(alice, "in:tools 回") == [("assistant", "About 3 minutes. 回答")]
    Message.update(kind="text").where(Message.id == answer.id).execute()
    _check(alice)
    # a message whose kind changes before it is indexed (SQLite: still queued)
    chats.add_chat(alice, "c2", "Later", "a queued thought 排队")
    queued = Message.get(Message.content == "a queued thought 排队")
    Message.update(kind=REASONING).where(Message.id == queued.id).execute()
    assert _found(alice, "queued") == [] and _found(alice, "排队") == []
    assert _found(alice, "in:reasoning queued") == [("user", "a queued thought 排队")]
    assert _found(alice, "in:reasoning 排") == [("user", "a queued thought 排队")]
    if is_sqlite():
        _check_tokens(alice.id)


def _indexed(table: str, match: str) -> int:
    sql = f"SELECT count(*) FROM {table} WHERE {table} MATCH ?"
    return int(database.execute_sql(sql, (match,)).fetchone()[0])


def _check_tokens(user_id: int) -> None:
    """Each message is in both indexes once, under its owner and kind (a contentless index told
    to delete values it does not hold would keep the row under its old token)."""
    kinds: dict[str, int] = {}
    for (kind,) in database.execute_sql(
        "SELECT m.kind FROM message m JOIN chat c ON c.id = m.chat_id WHERE c.user_id = ?",
        (user_id,),
    ).fetchall():
        kinds[kind] = kinds.get(kind, 0) + 1
    for kind in ("text", REASONING, TOOL):
        scope = f'scope : "{scope_token(user_id, kind)}"'
        assert _indexed("message_fts", scope) == kinds.get(kind, 0), kind
        assert _indexed("message_grams", f'"{user_gram(user_id, kind)}"') == kinds.get(kind, 0)
    for table in ("message_fts", "message_grams", "chat_grams"):
        database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 0)")


def test_the_default_search_counts_from_the_index_alone(
    sqlite_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With reasoning and tool rows in the library, the visible turns' hits are still counted
    from the index, without reading each hit's row for its kind."""
    alice = accounts.register("alice", "secret1")
    _import_one(alice, _tea(), ImportReport())
    for i in range(5):
        chats.add_chat(alice, f"k{i}", "chat", f"more tea {i}")
    counted: list[str] = []
    count = search._count

    def spy(part: search.Part, upto: int | None = None) -> int:
        counted.append(part[0])
        return count(part, upto)

    monkeypatch.setattr(search, "_count", spy)
    assert search.find(alice, "tea").total == 7  # the title, the question, five more
    assert counted and all("message m" not in sql and "kind" not in sql for sql in counted)


def test_postgres_searches_each_kind_in_its_partial_index(pg_store: str) -> None:
    from tests.services.test_search import _pg_plan

    alice = accounts.register("alice", "secret1")
    _import_one(alice, _tea(), ImportReport())
    # the reasoning and tool rows: their content's indexes, or (as few as here) message_folded
    for query, kind, index in (
        ("steeping", "text", "message_content_trgm_text"),
        ("steeping", TOOL, "_folded"),
        ("思", "text", "message_content_grams_text"),
        ("思", REASONING, "_folded"),
    ):
        plan = search._PostgresPlan(query, kind)
        of_kind, params = search._kind_part(kind)
        # the message's conditions as the service writes them (on tables this small the
        # planner would rather start from the user's chats)
        sql = f"SELECT m.id FROM message m WHERE {plan._has('m.content')}{of_kind}"
        value = query if plan.short else plan.pattern
        assert index in _pg_plan(sql, [value, *params]), (query, kind)


def _index_as_version_21() -> None:
    """Index the queued messages as version 21's indexer did: under their owner alone."""
    queued = (
        "FROM message_fts_queue q JOIN message m ON m.id = q.id JOIN chat c ON c.id = m.chat_id"
    )
    with write_transaction():
        for statement in index_sql("m", "c.user_id", queued).split(";"):
            if statement.strip():
                database.execute_sql(statement)
        database.execute_sql("DELETE FROM message_fts_queue")
        database.execute_sql(
            "INSERT INTO chat_fts(rowid, title) "
            "SELECT c.id, c.title FROM chat_fts_queue q JOIN chat c ON c.id = q.id"
        )
        database.execute_sql("DELETE FROM chat_fts_queue")


def test_version_22_indexes_the_folded_rows_again_exact_all_along(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version-21 library has its reasoning and tool rows indexed under their owner alone.
    After the migration the searches are exact at once (the rows still waiting are told apart
    by their ids), and while they wait they can be deleted or edited; the indexer moves them a
    batch at a time (the first search starts it), and then each row is in the index once,
    under its kind."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with seeding.store_at_version(url, 21):
        alice = accounts.register("alice", "secret1")
        for key in ("c1", "c2", "c3"):
            _import_one(alice, _tea(key), ImportReport())
        _index_as_version_21()
        assert _indexed("message_fts", f'scope : "{scope_token(alice.id)}"') == 12
    started: list[bool] = []
    monkeypatch.setattr(search, "ensure_background_indexer", lambda: started.append(True))
    open_store(url)
    assert migrations.current_version() == migrations.SCHEMA_VERSION
    assert indexer.rescoping()
    waiting = database.execute_sql("SELECT count(*) FROM message_fts_rescope").fetchone()[0]
    assert waiting == 6  # the reasoning and the tool row of each chat
    chat_ids = [c.id for c in Chat.select().order_by(Chat.id)]
    _check_with_three(alice)
    assert started  # the search started the background indexer to move them
    # while they wait: one deleted (with its chat, for good), one edited, one moved by a batch
    Chat.delete_by_id(chat_ids[2])
    tool = Message.get(Message.kind == TOOL, Message.chat == chat_ids[1])
    Message.update(content="steeping.log rewritten 工具").where(Message.id == tool.id).execute()
    assert indexer.rescope(limit=1) == 1
    assert _found(alice, "in:tools rewritten") == [("assistant", "steeping.log rewritten 工具")]
    assert _found(alice, "rewritten") == [] and len(_found(alice, "in:reasoning 思")) == 2
    assert len(_found(alice, "tea")) == 4  # two titles, two questions
    # the background indexer moves the rest
    monkeypatch.undo()
    indexer.ensure_background_indexer()
    try:
        deadline = time.monotonic() + 30
        while indexer.rescoping() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        indexer.stop_background_indexer()
    assert not indexer.rescoping()
    _check_tokens(alice.id)
    assert len(_found(alice, "in:reasoning delicate")) == 2
    assert _found(alice, "delicate") == [] and _found(alice, "思") == []
    close_database()


def _check_with_three(user: User) -> None:
    """:data:`EXPECTED` with the library's three copies of the chat."""
    for query, expected in EXPECTED.items():
        found = _found(user, query)
        assert sorted(set(found)) == sorted(set(expected)) and len(found) == 3 * len(expected)


def test_the_match_names_the_kind() -> None:
    """The owner's token of a kind is neither a substring (trigram) nor the token (grams) of
    another owner's or kind's."""
    tokens = [scope_token(u, k) for u in (1, 11, 12) for k in ("text", REASONING, TOOL)]
    assert len(set(tokens)) == 9
    for a in tokens:
        assert [b for b in tokens if a in b] == [a]
    assert long_match("abc", 7) == 'scope : "<7>" AND content : "abc"'
    assert long_match("abc", 7, TOOL) == 'scope : "<7:tool>" AND content : "abc"'
    unkinded: Any = short_match("ab", 7, REASONING, unkinded=True)
    assert unkinded == '("@@7:reasoning" OR "@@7") AND "ab"'
    assert short_match("ab", 7, unkinded=True) == '"@@7" AND "ab"'
