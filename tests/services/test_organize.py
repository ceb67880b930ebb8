"""Folders, tags and the archive (issue 13), on both engines: the rules, the filtered list and
its paging checked against the truth computed in Python, the indexes each list is read from,
and the change announcements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import peewee as pw
import pytest

from chatdesk.services import accounts, archive, chats, events, folders, tags
from chatdesk.services.accounts import Account
from chatdesk.services.chat_filter import DEFAULT, NO_FOLDER, ChatFilter
from chatdesk.services.errors import ServiceError
from chatdesk.store import database, write_transaction
from chatdesk.store.db import is_sqlite
from chatdesk.store.models import Chat, ChatTag, Folder, Tag
from tests import seeding


@pytest.fixture
def changes() -> Iterator[list[events.Change]]:
    seen: list[events.Change] = []
    unsubscribe = events.subscribe(seen.append)
    yield seen
    unsubscribe()


def _code(error: pytest.ExceptionInfo[ServiceError]) -> int:
    return error.value.code


def test_folder_names_are_unique_among_siblings_under_casefold(store: str) -> None:
    alice, bob = accounts.register("alice", "secret1"), accounts.register("bob", "secret1")
    work = folders.create_folder(alice, "Work")
    with pytest.raises(ServiceError) as error:
        folders.create_folder(alice, "ＷＯＲＫ ")  # NFKC + casefold, blanks trimmed
    assert _code(error) == 6002 and error.value.params["name"] == "ＷＯＲＫ"
    inner = folders.create_folder(alice, "work", work.id)  # another level: allowed
    folders.create_folder(bob, "Work")  # another user: allowed
    with pytest.raises(ServiceError) as error:
        folders.create_folder(alice, "WORK", work.id)
    assert _code(error) == 6002
    with pytest.raises(ServiceError) as error:
        folders.rename_folder(alice, inner.id, "Straße")  # fine
        folders.create_folder(alice, "STRASSE", work.id)
    assert _code(error) == 6002
    folders.rename_folder(alice, work.id, "work")  # its own name in another case
    with pytest.raises(ServiceError) as error:
        folders.create_folder(alice, "  ")
    assert _code(error) == 1001
    with pytest.raises(ServiceError) as error:
        folders.create_folder(alice, "x", parent_id=10**6)
    assert _code(error) == 6001
    bobs = folders.list_folders(bob)[0]
    with pytest.raises(ServiceError) as error:
        folders.rename_folder(alice, bobs.id, "mine")  # not hers
    assert _code(error) == 6001


def test_the_database_keeps_top_level_names_unique_too(store: str) -> None:
    """NULL parents are distinct in a plain unique index: folder_sibling is over COALESCE."""
    alice = accounts.register("alice", "secret1")
    folders.create_folder(alice, "Top")
    from chatdesk.store.models import Folder

    with pytest.raises(pw.IntegrityError), write_transaction():
        Folder.insert(user=alice.id, parent=None, name="TOP", name_key="top").execute()


def test_folders_move_and_refuse_cycles(store: str, changes: list[events.Change]) -> None:
    alice = accounts.register("alice", "secret1")
    a = folders.create_folder(alice, "a")
    b = folders.create_folder(alice, "b", a.id)
    c = folders.create_folder(alice, "c", b.id)
    for target in (a.id, b.id, c.id):
        with pytest.raises(ServiceError) as error:
            folders.move_folder(alice, a.id, target)
        assert _code(error) == 6003
    changes.clear()
    folders.move_folder(alice, c.id, None)
    assert changes == [events.Change("folder", alice.id)]
    tree = {f.name: f for f in folders.list_folders(alice)}
    assert tree["c"].parent_id is None and tree["b"].parent_id == a.id
    folders.move_folder(alice, b.id, None, position=0)  # first at the top
    assert [f.name for f in folders.list_folders(alice) if f.parent_id is None] == ["b", "a", "c"]
    folders.create_folder(alice, "b", a.id)
    with pytest.raises(ServiceError) as error:
        folders.move_folder(alice, b.id, a.id)  # a sibling there has its name
    assert _code(error) == 6002


def test_tree_counts_and_moving_chats(store: str, changes: list[events.Change]) -> None:
    alice, bob = accounts.register("alice", "secret1"), accounts.register("bob", "secret1")
    ids = seeding.fill_chats(alice, 30)
    theirs = chats.create_chat(bob, "bob's").id
    top = folders.create_folder(alice, "top")
    sub = folders.create_folder(alice, "sub", top.id)
    changes.clear()
    assert folders.move_chats(alice, [*ids[:10], theirs], top.id).ids == ids[:10]
    assert {c.chat_id for c in changes} == set(ids[:10])
    folders.move_chats(alice, ids[10:15], sub.id)
    archive.archive_chats(alice, ids[14:15])
    chats.delete_chats(alice, ids[:2])
    tree = {f.name: f for f in folders.list_folders(alice)}
    assert (tree["top"].count, tree["top"].total) == (8, 12)
    assert (tree["sub"].count, tree["sub"].total) == (4, 4)
    assert Chat.get_by_id(theirs).folder_id is None
    folders.move_chats(alice, ids[10:12], None)
    assert chats.count_chats(alice, where=ChatFilter(folder_id=NO_FOLDER)) == 30 - 10 - 5 + 2
    with pytest.raises(ServiceError) as error:
        folders.move_chats(alice, ids, 10**6)
    assert _code(error) == 6001


@pytest.mark.parametrize("mode", ["keep", "delete"])
def test_deleting_a_folder_and_undoing_it(store: str, mode: folders.ChatsMode) -> None:
    alice = accounts.register("alice", "secret1")
    ids = seeding.fill_chats(alice, 12)
    outer = folders.create_folder(alice, "outer")
    top = folders.create_folder(alice, "top", outer.id)
    sub = folders.create_folder(alice, "sub", top.id)
    folders.move_chats(alice, ids[:4], top.id)
    folders.move_chats(alice, ids[4:6], sub.id)
    before = chats.count_chats(alice)
    undo = folders.delete_folder(alice, top.id, mode)
    assert [f.name for f in folders.list_folders(alice)] == ["outer"]
    if mode == "keep":  # out to where the folder was
        assert chats.count_chats(alice, where=ChatFilter(folder_id=outer.id)) == 6
        assert undo.deleted_chat_ids == ()
    else:
        assert chats.count_chats(alice) == before - 6
        assert sorted(undo.deleted_chat_ids) == ids[:6]
    new = folders.undo_delete(alice, undo)
    tree = {f.name: f for f in folders.list_folders(alice)}
    assert tree["sub"].parent_id == tree["top"].id == new[top.id]
    assert tree["top"].parent_id == outer.id
    assert (tree["top"].count, tree["top"].total, tree["sub"].count) == (4, 6, 2)
    assert chats.count_chats(alice) == before
    with pytest.raises(ServiceError) as error:
        folders.delete_folder(alice, outer.id, "drop")  # type: ignore[arg-type]
    assert _code(error) == 1002


def test_tags_unique_coloured_and_many_at_once(store: str, changes: list[events.Change]) -> None:
    alice, bob = accounts.register("alice", "secret1"), accounts.register("bob", "secret1")
    ids = seeding.fill_chats(alice, 20)
    red = tags.create_tag(alice, "Urgent", "#FF0000")
    assert red.color == "#ff0000"
    for bad, code in (("urgent", 6005), ("ＵＲＧＥＮＴ", 6005), ("", 1001)):
        with pytest.raises(ServiceError) as error:
            tags.create_tag(alice, bad)
        assert _code(error) == code
    with pytest.raises(ServiceError) as error:
        tags.create_tag(alice, "x", "red")
    assert _code(error) == 1002 and error.value.params["reason"] == "color"
    work = tags.create_tag(alice, "工作")
    bobs = tags.create_tag(bob, "urgent")
    changes.clear()
    assert tags.tag_chats(alice, ids[:10], [red.id, work.id]) == ids[:10]
    assert tags.tag_chats(alice, ids[:5], [red.id]) == ids[:5]  # already there: once
    assert len(changes) == 15 and all(c.kind == "chat" for c in changes)
    with pytest.raises(ServiceError) as error:
        tags.tag_chats(alice, ids, [bobs.id])
    assert _code(error) == 6004
    tags.untag_chats(alice, ids[:3], [work.id])
    assert {t.name: t.count for t in tags.list_tags(alice)} == {"Urgent": 10, "工作": 7}
    archive.archive_chats(alice, ids[9:10])  # its tags' lists no longer show it, nor count it
    assert {t.name: t.count for t in tags.list_tags(alice)} == {"Urgent": 9, "工作": 6}
    archive.unarchive_chats(alice, ids[9:10])
    of = tags.tags_of(ids[:4])
    assert [t.name for t in of[ids[0]]] == ["Urgent"] and len(of[ids[3]]) == 2
    assert ids[10] not in tags.tags_of(ids)
    tags.rename_tag(alice, work.id, "Work")
    tags.recolor_tag(alice, work.id, "#00aa00")
    with pytest.raises(ServiceError) as error:
        tags.rename_tag(alice, work.id, "URGENT")
    assert _code(error) == 6005
    changes.clear()
    assert sorted(tags.delete_tag(alice, red.id)) == ids[:10]
    assert changes[0] == events.Change("tag", alice.id)
    assert ChatTag.select().where(ChatTag.tag == red.id).count() == 0
    assert tags.find_tag(alice, "work") == work.id and tags.find_tag(alice, "nope") is None


def test_archived_chats_leave_the_default_list_and_come_back(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    ids = seeding.fill_chats(alice, 20)
    assert archive.archive_chats(alice, ids[:5]) == ids[:5]
    assert archive.archive_chats(alice, ids[:5]) == []  # already archived
    assert chats.count_chats(alice) == 15 == chats.list_chats(alice)[1]
    rows, total = chats.list_chats(alice, where=ChatFilter(archived=True))
    assert total == 5 and {r.id for r in rows} == set(ids[:5]) and all(r.archived for r in rows)
    assert chats.count_chats(alice, where=ChatFilter(archived=None)) == 20
    chats.delete_chats(alice, ids[:1])  # an archived chat deleted: the count stays right
    chats.restore_chats(alice, ids[:1])
    assert archive.unarchive_chats(alice, ids[:3]) == ids[:3]
    assert chats.count_chats(alice) == 18 == chats.list_chats(alice)[1]
    assert chats.find_chat(alice, chat_key="k4") == ids[4]  # an archived chat is still found


def _truth(user: Account, where: ChatFilter, query: str = "") -> list[int]:
    """The filtered list's order, computed in Python from every chat."""
    live = list(Chat.select().where(Chat.user == user.id, Chat.deleted_at.is_null()))
    tagged = {(r.chat_id, r.tag_id) for r in ChatTag.select()}
    in_folders: set[int | None] = set()
    if where.folder_id is not None and where.folder_id != NO_FOLDER:
        in_folders = {where.folder_id}
        if where.subfolders:
            for f in folders.list_folders(user):  # parents come first
                if f.parent_id in in_folders:
                    in_folders.add(f.id)

    def keep(c: Chat) -> bool:
        if where.archived is not None and (c.archived_at is not None) != where.archived:
            return False
        if where.pinned is not None and c.pinned != where.pinned:
            return False
        if where.folder_id == NO_FOLDER and c.folder_id is not None:
            return False
        if in_folders and c.folder_id not in in_folders:
            return False
        if query and query.casefold() not in c.title.casefold():
            return False
        return all((c.id, t) in tagged for t in where.tag_ids)

    rows = [c for c in live if keep(c)]
    rows.sort(key=lambda c: (c.pinned, c.updated_at, c.id), reverse=True)
    return [c.id for c in rows]


def test_filtered_lists_page_and_count_like_the_truth(store: str) -> None:
    alice, bob = accounts.register("alice", "secret1"), accounts.register("bob", "secret1")
    ids = seeding.fill_chats(alice, 120)
    seeding.fill_chats(bob, 10)
    top = folders.create_folder(alice, "top")
    sub = folders.create_folder(alice, "sub", top.id)
    folders.move_chats(alice, ids[::3], top.id)
    folders.move_chats(alice, ids[1::7], sub.id)
    red, blue = tags.create_tag(alice, "red"), tags.create_tag(alice, "blue")
    tags.tag_chats(alice, ids[::2], [red.id])
    tags.tag_chats(alice, ids[::5], [blue.id])
    archive.archive_chats(alice, ids[::4])
    chats.delete_chats(alice, ids[::11])
    filters = [
        DEFAULT,
        ChatFilter(archived=True),
        ChatFilter(archived=None),
        ChatFilter(folder_id=top.id),
        ChatFilter(folder_id=top.id, subfolders=True),
        ChatFilter(folder_id=NO_FOLDER),
        ChatFilter(tag_ids=(red.id,)),
        ChatFilter(tag_ids=(red.id, blue.id), archived=None),
        ChatFilter(folder_id=top.id, tag_ids=(blue.id,), pinned=False, archived=True),
        ChatFilter(pinned=True),
    ]
    for where in filters:
        for query in ("", "chat 1"):
            truth = _truth(alice, where, query)
            assert truth or query, where  # each filter finds something
            assert chats.count_chats(alice, query, where) == len(truth), where
            page, total = chats.list_chats(alice, limit=7, query=query, where=where)
            assert [c.id for c in page] == truth[:7] and total == len(truth)
            seen: list[int] = []
            key = None
            while True:
                rows = chats.chats_after(alice, key, limit=9, query=query, where=where)
                if not rows:
                    break
                seen += [r.id for r in rows]
                key = chats.list_key(rows[-1])
            assert seen == truth, where
            if len(page) == 7:
                after, _ = chats.list_chats(
                    alice, limit=7, query=query, before=chats.cursor_of(page[-1]), where=where
                )
                assert [c.id for c in after] == truth[7:14]


def _plan(select: object) -> str:
    sql, params = select.limit(50).sql()  # type: ignore[attr-defined]
    if is_sqlite():
        rows = database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(r[-1] for r in rows)
    database.execute_sql("SET LOCAL enable_seqscan = off")  # a tiny table: make it choose
    return " ".join(r[0] for r in database.execute_sql(f"EXPLAIN {sql}", params))


def test_each_list_is_read_from_an_index_in_order(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    # enough rows that PostgreSQL's estimates tell the indexes apart
    ids = seeding.fill_chats(alice, 2000)
    top = folders.create_folder(alice, "top")
    folders.move_chats(alice, ids[:10], top.id)
    archive.archive_chats(alice, ids[10:20])
    if not is_sqlite():
        database.execute_sql("ANALYZE chat")
    for where, index in (
        (DEFAULT, "chat_list"),
        (ChatFilter(archived=True), "chat_archive"),
        (ChatFilter(folder_id=top.id), "chat_folder"),
    ):
        with write_transaction():
            plan = _plan(chats.list_order(chats.live_chats(alice, where)))
        if is_sqlite():
            assert f"USING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
        else:
            assert index in plan and "Sort" not in plan, plan
    rare = tags.create_tag(alice, "rare")  # a rare tag drives: its chats first, by their key
    tags.tag_chats(alice, ids[100:120], [rare.id])
    with write_transaction():
        plan = _plan(chats.list_order(chats.live_chats(alice, ChatFilter(tag_ids=(rare.id,)))))
    if is_sqlite():
        assert "LIST SUBQUERY" in plan and "chat_tag_tag_id_chat_id" in plan, plan
    else:  # not a semi-join walking chat_list with a probe per row
        assert "InitPlan" in plan and "chat_pkey" in plan and "chat_list" not in plan, plan


def test_summaries_say_a_chats_folder_and_archive_state(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    filed, archived, plain = (chats.create_chat(alice, t).id for t in ("filed", "old", "plain"))
    folder = folders.create_folder(alice, "Work")
    folders.move_chats(alice, [filed], folder.id)
    archive.archive_chats(alice, [archived])
    got = {
        s.id: (s.folder_id, s.archived) for s in chats.summaries(alice, [filed, archived, plain])
    }
    assert got == {filed: (folder.id, False), archived: (None, True), plain: (None, False)}
    assert all(chats.summaries(alice, [i])[0] == chats.get_summary(i) for i in got)


def test_undoing_a_move_puts_each_chat_back_where_it_was(
    store: str, changes: list[events.Change]
) -> None:
    alice, bob = accounts.register("alice", "secret1"), accounts.register("bob", "secret1")
    ids = seeding.fill_chats(alice, 8)
    a, b = folders.create_folder(alice, "a"), folders.create_folder(alice, "b")
    gone = folders.create_folder(alice, "gone")
    target = folders.create_folder(alice, "target")
    folders.move_chats(alice, ids[:2], a.id)
    folders.move_chats(alice, ids[2:4], b.id)
    folders.move_chats(alice, ids[4:5], gone.id)
    theirs = chats.create_chat(bob, "bob's").id
    moved = folders.move_chats(alice, [*ids[:7], theirs], target.id)
    # the folders read in the move's own transaction, in the order given
    assert moved.folder_id == target.id
    assert moved.before == (
        (ids[0], a.id), (ids[1], a.id), (ids[2], b.id), (ids[3], b.id),
        (ids[4], gone.id), (ids[5], None), (ids[6], None),
    )  # fmt: skip
    folders.move_chats(alice, ids[6:7], b.id)  # moved again since: stays there
    chats.delete_chats(alice, ids[5:6])  # deleted since: left alone
    folders.delete_folder(alice, gone.id)  # its folder went: out of any
    changes.clear()
    assert folders.undo_move(alice, moved) == ids[:5]
    assert {c.chat_id for c in changes} == set(ids[:5])
    where = {c.id: c.folder_id for c in Chat.select().where(Chat.id.in_(ids))}
    assert [where[i] for i in ids[:7]] == [a.id, a.id, b.id, b.id, None, target.id, b.id]
    assert folders.undo_move(alice, moved) == []  # nothing left in the target to put back
    with pytest.raises(ServiceError) as error:  # a bad target changes nothing
        folders.move_chats(alice, ids[:2], gone.id)
    assert _code(error) == 6001 and Chat.get_by_id(ids[0]).folder_id == a.id


def test_undoing_tagging_changes_exactly_what_it_changed(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    ids = seeding.fill_chats(alice, 6)
    red, blue = tags.create_tag(alice, "red"), tags.create_tag(alice, "blue")
    tags.tag_chats(alice, ids[:2], [red.id])

    def carried() -> set[tuple[int, int]]:
        return set(ChatTag.select(ChatTag.chat, ChatTag.tag).tuples())

    start = carried()
    added = tags.add_tags(alice, ids[:4], [red.id, blue.id])
    assert added.added and added.chat_ids == tuple(ids[:4])
    # red was on the first two already: those pairs are not the tagging's to undo
    assert set(added.pairs) == {(c, t) for c in ids[:4] for t in (red.id, blue.id)} - start
    assert tags.undo_tagging(alice, added) == ids[:4]
    assert carried() == start
    tags.tag_chats(alice, ids[:3], [blue.id])
    before = carried()
    removed = tags.remove_tags(alice, ids, [blue.id])
    assert not removed.added and set(removed.pairs) == {(c, blue.id) for c in ids[:3]}
    chats.delete_chats(alice, ids[2:3])  # deleted meanwhile: its tag stays off
    assert tags.undo_tagging(alice, removed) == ids[:2]
    assert carried() == before - {(ids[2], blue.id)}
    tags.delete_tag(alice, blue.id)  # a tag gone meanwhile: nothing to put back, no error
    assert tags.undo_tagging(alice, removed) == []
    with pytest.raises(ServiceError) as error:  # a tag not the user's changes nothing
        tags.add_tags(alice, ids, [red.id, 10**6])
    assert _code(error) == 6004 and carried() == before - {(c, blue.id) for c in ids}


def _kept_and_true(user: Account) -> tuple[dict[str, int], dict[str, int]]:
    """The counts the triggers keep (schema v15) and the same counted from every chat."""
    listed = Chat.select().where(
        Chat.user == user.id, Chat.deleted_at.is_null(), Chat.archived_at.is_null()
    )
    live = {c.id: c for c in listed}
    true = {f"f{f.id}": 0 for f in Folder.select().where(Folder.user == user.id)}
    true |= {f"t{t.id}": 0 for t in Tag.select().where(Tag.user == user.id)}
    for chat in live.values():
        if chat.folder_id is not None:
            true[f"f{chat.folder_id}"] += 1
    for link in ChatTag.select().join(Tag).where(Tag.user == user.id):
        if link.chat_id in live:
            true[f"t{link.tag_id}"] += 1
    kept = {f"f{f}": n for f, n in folders.folder_counts(user.id).items()}
    kept |= {f"t{t.id}": t.count for t in tags.list_tags(user)}
    loose = sum(1 for c in live.values() if c.folder_id is None)
    true["none"], kept["none"] = (
        loose,
        chats.count_chats(user, where=ChatFilter(folder_id=NO_FOLDER)),
    )
    archived = Chat.select().where(
        Chat.user == user.id, Chat.deleted_at.is_null(), Chat.archived_at.is_null(False)
    )
    true["archive"] = archived.count()
    kept["archive"] = chats.count_chats(user, where=ChatFilter(archived=True))
    return kept, true


def test_the_kept_counts_follow_every_kind_of_write(store: str) -> None:
    """folder_count, tag_count and archive_count (kept by triggers) against the truth after
    each write that can change them, on both engines; the lists' totals read them."""
    alice, bob = accounts.register("alice", "secret1"), accounts.register("bob", "secret1")
    top = folders.create_folder(alice, "top")
    sub = folders.create_folder(alice, "sub", top.id)
    red, blue = tags.create_tag(alice, "red"), tags.create_tag(alice, "blue")
    ids = seeding.fill_chats(  # written with their folders: the insert trigger counts them
        alice,
        60,
        lambda i: {
            "folder_id": (top.id, sub.id, None)[i % 3],
            "archived_at": dt.datetime(2026, 1, 1) if i % 11 == 10 else None,
        },
    )
    tags.tag_chats(bob, [chats.create_chat(bob, "b").id], [tags.create_tag(bob, "red").id])

    def check() -> None:
        kept, true = _kept_and_true(alice)
        assert kept == true

    check()
    tags.tag_chats(alice, ids[::2], [red.id])
    tags.tag_chats(alice, ids[::5], [red.id, blue.id])
    check()
    folders.move_chats(alice, ids[:10], sub.id)
    folders.move_chats(alice, ids[10:14], None)
    check()
    archive.archive_chats(alice, ids[20:30])
    chats.delete_chats(alice, ids[25:35])  # archived ones among them
    check()
    archive.unarchive_chats(alice, ids[20:25])
    chats.restore_chats(alice, ids[30:33])
    tags.untag_chats(alice, ids[:20], [red.id])
    check()
    assert chats.count_chats(alice, where=ChatFilter(tag_ids=(red.id,))) == len(
        _truth(alice, ChatFilter(tag_ids=(red.id,)))
    )
    bobs_tag = tags.list_tags(bob)[0]  # on one of bob's chats: none of alice's
    assert chats.count_chats(alice, where=ChatFilter(tag_ids=(bobs_tag.id,))) == 0
    assert chats.count_chats(bob, where=ChatFilter(tag_ids=(bobs_tag.id,))) == 1
    for where in (ChatFilter(folder_id=top.id, subfolders=True), ChatFilter(folder_id=sub.id)):
        assert chats.list_chats(alice, where=where)[1] == len(_truth(alice, where))
    with write_transaction():  # a listed chat deleted for good, with its tags
        Chat.delete().where(Chat.id.in_(ids[40:42])).execute()
    check()
    tags.delete_tag(alice, blue.id)
    folders.delete_folder(alice, sub.id, "delete")
    check()
    undo = folders.delete_folder(alice, top.id, "keep")
    check()
    folders.undo_delete(alice, undo)
    check()
    other = folders.create_folder(alice, "other")  # an empty folder counts 0
    assert folders.folder_counts(alice.id)[other.id] == 0
    check()
