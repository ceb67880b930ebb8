"""The find box's prefixes (issue 13): folder:, tag:, is:archived, is:pinned, before:/after:,
with Chinese and English words, on both engines; hits say their chat's folder and tags."""

from __future__ import annotations

import datetime as dt

import pytest

from chatdesk.services import accounts, archive, chats, folders, search, search_query, tags
from chatdesk.services.accounts import Account
from chatdesk.services.errors import ServiceError
from chatdesk.store import write_transaction
from chatdesk.store.models import Chat


def _chat(user: Account, title: str, day: str, *contents: str) -> int:
    """A chat whose messages are dated ``day`` (one a minute), as an import writes them."""
    chat = chats.create_chat(user, title)
    start = dt.datetime.fromisoformat(day)
    rows = [("user", c, start + dt.timedelta(minutes=n), None) for n, c in enumerate(contents)]
    with write_transaction():
        chats.append_messages(chat.id, rows, start + dt.timedelta(minutes=len(rows)))
    return chat.id


def test_parsing_words_and_prefixes() -> None:
    q = search_query.parse('数据库 folder:"My work" tag:急 TAG：工作 is:pinned  design is:odd')
    assert q.words == "数据库 design is:odd"
    assert q.folders == ("My work",) and q.tags == ("急", "工作") and q.pinned
    assert not q.archived and q.before is None
    dated = search_query.parse("before:2026-02-01 after:2026-01-15")
    assert (dated.words, dated.before, dated.after) == (
        "",
        dt.datetime(2026, 2, 1),
        dt.datetime(2026, 1, 15),
    )
    plain = search_query.parse("  two   spaces tag")  # no prefix: the text as it was
    assert plain.words == "  two   spaces tag" and not plain.filtered
    assert search_query.parse("notag:x").words == "notag:x"  # a prefix starts a word
    with pytest.raises(ServiceError) as error:
        search_query.parse("before:2026-13-01")
    assert error.value.code == 1002 and error.value.params["reason"] == "date"


@pytest.fixture
def library(store: str) -> dict[str, int]:
    alice = accounts.register("alice", "secret1")
    bob = accounts.register("bob", "secret1")
    ids = {
        "db": _chat(alice, "数据库 设计", "2026-01-10", "索引 index design", "分区 partition"),
        "old": _chat(alice, "Old notes", "2025-06-01", "database design of old"),
        "trip": _chat(alice, "旅行", "2026-02-20", "数据库 of hotels"),
        "loose": _chat(alice, "loose", "2026-01-12", "数据库 unfiled design"),
        "bobs": _chat(bob, "数据库", "2026-01-10", "数据库 design"),
    }
    work = folders.create_folder(alice, "My work")
    sub = folders.create_folder(alice, "2026", work.id)
    folders.move_chats(alice, [ids["db"]], sub.id)
    folders.move_chats(alice, [ids["old"]], work.id)
    urgent, cn = tags.create_tag(alice, "Urgent"), tags.create_tag(alice, "工作")
    tags.tag_chats(alice, [ids["db"], ids["trip"]], [cn.id])
    tags.tag_chats(alice, [ids["db"]], [urgent.id])
    archive.archive_chats(alice, [ids["old"]])
    chats.set_pinned(alice, [ids["trip"]], True)
    bob_folder = folders.create_folder(bob, "My work")
    folders.move_chats(bob, [ids["bobs"]], bob_folder.id)
    return ids


def _found(query: str) -> set[int]:
    alice = accounts.login("alice", "secret1").user
    hits, total = search.search(alice, query, limit=200)
    assert total == len(hits)
    return {h.chat_id for h in hits}


def test_prefixes_narrow_the_search(library: dict[str, int]) -> None:
    ids = library
    assert _found("design") == {ids["db"], ids["old"], ids["loose"]}  # archived: still found
    assert _found('design folder:"my WORK"') == {ids["db"], ids["old"]}  # with sub-folders
    assert _found("design folder:2026") == {ids["db"]}
    assert _found("数据库 tag:工作") == {ids["db"], ids["trip"]}
    assert _found("数据库 tag:工作 tag:urgent") == {ids["db"]}  # every tag given
    assert _found("design is:archived") == {ids["old"]}
    assert _found("数据库 is:pinned") == {ids["trip"]}
    assert _found("数据库 after:2026-02-01") == {ids["trip"]}
    assert _found("design before:2026-01-01") == {ids["old"]}
    assert _found("数据库 after:2026-01-11 before:2026-01-13") == {ids["loose"]}
    assert _found("数 tag:工作") == {ids["db"], ids["trip"]}  # a one-character query too
    assert _found("design tag:nope") == set()  # no such tag: nothing is in it
    assert _found("design folder:nowhere") == set()


def test_prefixes_alone_list_the_chats(library: dict[str, int]) -> None:
    ids = library
    assert _found("tag:工作") == {ids["db"], ids["trip"]}
    assert _found('folder:"My work"') == {ids["db"], ids["old"]}  # not bob's, archived kept
    assert _found("is:archived") == {ids["old"]}
    alice = accounts.login("alice", "secret1").user
    hits, _ = search.search(alice, "tag:工作")
    assert all(h.role == search.TITLE_ROLE for h in hits)
    assert [h.chat_id for h in hits] == [ids["trip"], ids["db"]]  # newest first


def test_hits_say_folder_and_tags(library: dict[str, int]) -> None:
    alice = accounts.login("alice", "secret1").user
    hits, _ = search.search(alice, "索引")
    (hit,) = hits
    assert hit.chat_id == library["db"] and hit.folder == "2026"
    assert hit.folder_id == Chat.get_by_id(library["db"]).folder_id
    assert hit.tags == ("Urgent", "工作")
    (loose,) = search.search(alice, "unfiled")[0]
    assert (loose.folder_id, loose.folder, loose.tags) == (None, "", ())


@pytest.mark.parametrize("walk_above", [0, 10**6])
def test_tags_and_pins_find_the_same_chats_however_looked_up(
    library: dict[str, int], monkeypatch: pytest.MonkeyPatch, walk_above: int
) -> None:
    """A common tag is tested per chat (walk_above 0), a rare one lists its chats; pinned chats
    come from the list's and the Archive's indexes, archived and pinned ones included."""
    monkeypatch.setattr(search, "TAG_WALK_ABOVE", walk_above)
    ids = library
    alice = accounts.login("alice", "secret1").user
    chats.set_pinned(alice, [ids["old"]], True)  # archived and pinned
    bob = accounts.login("bob", "secret1").user
    chats.set_pinned(bob, [ids["bobs"]], True)  # another user's pin
    assert _found("tag:工作") == {ids["db"], ids["trip"]}
    assert _found("数据库 tag:工作") == {ids["db"], ids["trip"]}
    assert _found("tag:工作 tag:urgent") == {ids["db"]}
    assert _found("is:pinned") == {ids["trip"], ids["old"]}
    assert _found("design is:pinned") == {ids["old"]}
    assert _found("is:pinned is:archived") == {ids["old"]}
    assert _found("tag:工作 is:pinned") == {ids["trip"]}
    chats.delete_chats(alice, [ids["trip"]])
    assert _found("is:pinned") == {ids["old"]}
    assert _found("tag:工作") == {ids["db"]}
