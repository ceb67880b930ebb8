"""Schema v16's ``chat.title_echo``: the importer marks a chat whose title is the exact start
of its first message, the triggers unmark it when the title or a message changes, and a search
that leaves such chats' title hits out without reading their first message finds exactly what
reading them finds, on both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatdesk.services import accounts, chats, search, tags
from chatdesk.services.accounts import Account
from chatdesk.services.importing import import_chats
from chatdesk.store import database, migrations, open_store
from chatdesk.store.models import Chat, Message
from tests import seeding

FIRST_LINES = [
    "database index tuning for sqlite",  # a title made from it: marked
    "数据库 索引 如何 优化",  # Chinese: caseless, marked
    "Straße database notes",  # a cased letter beyond ASCII: not marked
    "tabs\tand  spaces database",  # the title's single spaces are not its start: not marked
    "x" * 130 + " database",  # a long first line: the title is cut with …, still marked
]


def _export(path: Path) -> Path:
    records = [
        {
            "id": f"c{i}",
            "conversations": [
                {"from": "human", "value": first + "\nsecond line database"},
                {"from": "gpt", "value": f"an answer about the database {i}"},
            ],
        }
        for i, first in enumerate(FIRST_LINES)
    ]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def _marks(user: Account) -> dict[str, bool]:
    rows = Chat.select(Chat.source_id, Chat.title_echo).where(Chat.user == user.id).tuples()
    return {source_id: bool(echo) for source_id, echo in rows}


def test_the_importer_marks_titles_that_start_their_first_message(
    store: str, tmp_path: Path
) -> None:
    alice = accounts.register("alice", "secret1")
    import_chats(alice, _export(tmp_path / "sharegpt.json"))
    assert _marks(alice) == {"c0": True, "c1": True, "c2": False, "c3": False, "c4": True}
    assert search.title_echoes("abc…", "abcdef") and not search.title_echoes("", "abc")
    assert not search.title_echoes("Émile", "Émile notes")  # cased beyond ASCII


def test_renaming_or_changing_a_message_unmarks_the_chat(store: str, tmp_path: Path) -> None:
    alice = accounts.register("alice", "secret1")
    import_chats(alice, _export(tmp_path / "sharegpt.json"))
    ids = {c.source_id: c.id for c in Chat.select().where(Chat.user == alice.id)}
    chats.rename_chat(alice, ids["c0"], "database index tuning for sqlite")  # the same title
    assert _marks(alice)["c0"]
    chats.rename_chat(alice, ids["c0"], "my own title")
    first = Message.select().where(Message.chat == ids["c1"]).order_by(Message.id).first()
    Message.update(content="edited").where(Message.id == first.id).execute()
    last = Message.select().where(Message.chat == ids["c4"]).order_by(Message.id.desc()).first()
    Message.delete().where(Message.id == last.id).execute()  # any message: the chat unmarked
    assert _marks(alice) == {"c0": False, "c1": False, "c2": False, "c3": False, "c4": False}


QUERIES = [
    "database",
    "data",
    "sqlite",
    "索引",
    "数",
    "x",
    "xx",
    "tuning for",
    "second line",
    "database index",
    "xxx…",  # … : read as before
    "database after:2000-01-01",  # a time prefix: read as before
    "database tag:keep",
    "Straße",
]


@pytest.mark.parametrize("order", search.ORDERS)
def test_leaving_marked_titles_out_finds_exactly_what_reading_them_finds(
    store: str, tmp_path: Path, order: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = accounts.register("alice", "secret1")
    import_chats(alice, _export(tmp_path / "sharegpt.json"))
    chats.add_chat(alice, "own", "database of my own", "hello")  # a title hit that stays
    keep = tags.create_tag(alice, "keep")
    tags.add_tags(alice, [c.id for c in Chat.select().where(Chat.user == alice.id)], [keep.id])
    assert sum(_marks(alice).values()) == 3

    reads = []
    echoes = search._echoes

    def counted(title: str, head: str, *, complete: bool) -> bool | None:
        reads.append(title)
        return echoes(title, head, complete=complete)

    monkeypatch.setattr(search, "_echoes", counted)

    def found() -> list[tuple[object, ...]]:
        reads.clear()
        out = []
        for query in QUERIES:
            result = search.find(alice, query, limit=200, order=order)
            hits = [(h.message_id, h.chat_id, h.role, h.snippet) for h in result.hits]
            out.append((query, result.total, result.exact, hits))
        return out

    with_marks = found()
    read_with_marks = len(reads)
    Chat.update(title_echo=False).execute()
    assert with_marks == found()
    assert read_with_marks < len(reads)  # the marked chats' first messages were not read
    titles = {q: [h for h in hits if h[2] == "title"] for q, _, _, hits in with_marks}
    assert [h[3] for h in titles["database"]] == ["database of my own"]  # the others echo


def test_the_migration_marks_the_chats_already_there(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with seeding.store_at_version(url, 15):
        alice = accounts.register("alice", "secret1")
        chats.add_chat(alice, "a", "hello world", "hello world, and more")
        chats.add_chat(alice, "b", "hello world", "Hello world, and more")  # not its exact start
        chats.add_chat(alice, "c", "empty")
    open_store(url)
    assert migrations.current_version() == migrations.SCHEMA_VERSION
    rows = database.execute_sql("SELECT chat_key, title_echo FROM chat ORDER BY chat_key")
    assert [(key, bool(echo)) for key, echo in rows.fetchall()] == [
        ("a", True),
        ("b", False),
        ("c", False),
    ]
