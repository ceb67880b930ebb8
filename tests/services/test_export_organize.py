"""Issue 13 item 6: the JSON export keeps folders, tags, pins, archive and times; re-imported into
an empty database it gives back the same library; exports select by folder and tag."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from chatdesk.services import accounts, archive, chats, folders, tags
from chatdesk.services.accounts import AccountRef
from chatdesk.services.errors import ServiceError
from chatdesk.services.exporting import export_to_file, selected_chats, selection, write_chats
from chatdesk.services.importing import import_chats
from chatdesk.store import open_store
from chatdesk.store.models import Chat, ChatTag, Folder, Message, Tag
from tests.conftest import _fresh_postgres

T0 = dt.datetime(2025, 3, 4, 5, 6, 7, 123456)


def library(user: AccountRef) -> dict[str, Any]:
    """Everything the round trip must keep, by value (no ids): the folder tree in order, the
    tags, and every chat with its filing and messages; and the counts the tree and the list
    read (kept by triggers since schema v15, which the import's filing must keep right too)."""
    infos = folders.list_folders(user)
    paths: dict[int, tuple[str, ...]] = {}
    for info in infos:
        paths[info.id] = (*paths.get(info.parent_id or -1, ()), info.name)
    tree = [(paths[i.id], i.position, i.count, i.total) for i in infos]
    out: dict[str, Any] = {
        "folders": tree,
        "tags": [(t.name, t.color, t.count) for t in tags.list_tags(user)],
        "listed": chats.count_chats(user),
        "chats": {},
    }
    carried = tags.tags_of([c.id for c in Chat.select(Chat.id).where(Chat.user == user.id)])
    for chat in Chat.select().where(Chat.user == user.id, Chat.deleted_at.is_null()):
        messages = Message.select().where(Message.chat == chat.id).order_by(Message.id)
        out["chats"][chat.chat_key] = (
            chat.title,
            chat.created_at,
            chat.updated_at,
            chat.pinned,
            chat.archived_at,
            paths.get(chat.folder_id, ()) if chat.folder_id else (),
            sorted((t.name, t.color) for t in carried.get(chat.id, [])),
            chat.message_count,
            [(m.role, m.content, m.created_at) for m in messages],
        )
    return out


def chat(user: AccountRef, title: str, texts: list[str], start: dt.datetime) -> int:
    made = chats.create_chat(user, title)
    for n, text in enumerate(texts):
        chats.add_message(user, made.id, "user" if n % 2 == 0 else "assistant", text)
    ids = [m.id for m in Message.select().where(Message.chat == made.id).order_by(Message.id)]
    for n, message_id in enumerate(ids):  # distinct times of our own, to see they survive
        when = start + dt.timedelta(minutes=n, microseconds=n)
        Message.update(created_at=when).where(Message.id == message_id).execute()
    last = start + dt.timedelta(minutes=len(ids))
    Chat.update(created_at=start, updated_at=last).where(Chat.id == made.id).execute()
    return made.id


def build(user: AccountRef) -> dict[str, int]:
    """Nested folders (reordered, one empty), tags with and without colours (one unused),
    pinned and archived chats, Chinese and English titles."""
    work = folders.create_folder(user, "Work")
    clients = folders.create_folder(user, "Clients", work.id)
    internal = folders.create_folder(user, "内部", work.id)
    deep = folders.create_folder(user, "Acme", clients.id)
    personal = folders.create_folder(user, "Personal")
    folders.create_folder(user, "空的")  # no chats
    folders.move_folder(user, personal.id, None, 0)  # Personal before Work
    folders.move_folder(user, internal.id, work.id, 0)  # 内部 before Clients
    urgent = tags.create_tag(user, "urgent", "#ff0000")
    client = tags.create_tag(user, "客户", "#00aa00")
    plain = tags.create_tag(user, "plain")
    tags.create_tag(user, "unused", "#123456")
    ids = {
        "acme": chat(user, "Acme contract 合同", ["Draft?", "Here.", "Thanks"], T0),
        "zh": chat(user, "周报", ["本周进展", "好的"], T0 + dt.timedelta(days=1)),
        "home": chat(user, "Groceries", ["milk"], T0 + dt.timedelta(days=2)),
        "loose": chat(user, "Unfiled note", ["x", "y"], T0 + dt.timedelta(days=3)),
        "old": chat(user, "Old archived", ["gone"], T0 + dt.timedelta(days=4)),
    }
    folders.move_chats(user, [ids["acme"]], deep.id)
    folders.move_chats(user, [ids["zh"]], internal.id)
    folders.move_chats(user, [ids["home"], ids["old"]], personal.id)
    tags.tag_chats(user, [ids["acme"], ids["zh"]], [urgent.id, client.id])
    tags.tag_chats(user, [ids["loose"], ids["old"]], [plain.id])
    chats.set_pinned(user, [ids["acme"], ids["loose"]], True)
    archive.archive_chats(user, [ids["old"]])
    archived_at = T0 + dt.timedelta(days=9)
    Chat.update(archived_at=archived_at).where(Chat.id == ids["old"]).execute()
    return ids


def empty_database(store: str, tmp_path: Path) -> None:
    """Another, empty database: a new SQLite file, or the PostgreSQL one emptied."""
    if store.startswith("sqlite"):
        open_store(f"sqlite:///{tmp_path / 'second.sqlite3'}")
    else:
        _fresh_postgres(store)
    assert not Chat.select().exists() and not Folder.select().exists()


def test_round_trip_into_an_empty_database_gives_back_the_library(
    store: str, tmp_path: Path
) -> None:
    alice = accounts.register("alice", "secret1")
    build(alice)
    before = library(alice)
    live = chats.count_chats(alice)
    target = tmp_path / "library.json"
    assert export_to_file(alice, target, "json") == 5
    head = json.loads(target.read_text(encoding="utf-8"))
    assert head["version"] == 3  # issue 22: message kinds
    assert [f["path"] for f in head["folders"]].count(["空的"]) == 1  # empty, still listed
    assert {"name": "unused", "color": "#123456"} in head["tags"]

    empty_database(store, tmp_path)
    again = accounts.register("alice", "secret1")
    report = import_chats(again, target)
    assert (report.chats_added, report.skipped) == (5, [])
    after = library(again)
    assert after == before
    assert chats.count_chats(again) == live == 4  # the live count (the archived one is not)
    assert [f[:2] for f in after["folders"][:3]] == [
        (("Personal",), 0),
        (("Work",), 1),
        (("Work", "内部"), 0),
    ]
    acme = after["chats"][next(k for k, v in after["chats"].items() if v[0].startswith("Acme"))]
    assert acme[5] == ("Work", "Clients", "Acme") and acme[3] is True
    assert acme[6] == [("urgent", "#ff0000"), ("客户", "#00aa00")]
    assert [m[2] for m in acme[8]] == [
        T0 + dt.timedelta(minutes=n, microseconds=n) for n in range(3)
    ]

    # the same file again: nothing changes, no folder or tag twice
    counts = (Folder.select().count(), Tag.select().count(), ChatTag.select().count())
    second = import_chats(again, target)
    assert (second.chats_added, second.chats_updated, second.unchanged) == (0, 0, 5)
    assert (Folder.select().count(), Tag.select().count(), ChatTag.select().count()) == counts
    assert library(again) == before


def test_a_chat_stored_already_keeps_the_filing_the_person_gave_it(
    store: str, tmp_path: Path
) -> None:
    alice = accounts.register("alice", "secret1")
    ids = build(alice)
    target = tmp_path / "library.json"
    export_to_file(alice, target, "json")
    # since the export: Acme moved out of its folder, untagged, unpinned; the archived one back
    folders.move_chats(alice, [ids["acme"]], None)
    tags.untag_chats(alice, [ids["acme"]], [t.id for t in tags.list_tags(alice)])
    chats.set_pinned(alice, [ids["acme"]], False)
    archive.unarchive_chats(alice, [ids["old"]])
    moved = library(alice)
    report = import_chats(alice, target)
    assert (report.chats_added, report.unchanged) == (0, 5)
    assert library(alice) == moved

    # a chat deleted since comes back as a new chat, filed as the file says
    chats.delete_chats(alice, [ids["acme"]])
    chats.purge_deleted(dt.timedelta(0))
    report = import_chats(alice, target)
    assert report.chats_added == 1
    back = Chat.get(Chat.user == alice.id, Chat.title == "Acme contract 合同")
    assert back.pinned and back.folder_id == folders.find_folder(alice, "Acme")[0]


def test_folders_and_tags_of_the_same_name_are_reused(store: str, tmp_path: Path) -> None:
    alice = accounts.register("alice", "secret1")
    build(alice)
    target = tmp_path / "library.json"
    export_to_file(alice, target, "json")
    bob = accounts.register("bob", "secret1")
    work = folders.create_folder(bob, "ＷＯＲＫ")  # the same name under NFKC + casefold
    mine = tags.create_tag(bob, "URGENT", "#0000ff")
    import_chats(bob, target)
    names = [(f.name, f.parent_id) for f in folders.list_folders(bob)]
    assert names.count(("ＷＯＲＫ", None)) == 1 and ("Work", None) not in names
    assert [
        f.id for f in folders.list_folders(bob) if f.parent_id is None and f.name == "ＷＯＲＫ"
    ] == [work.id]
    assert [(t.id, t.name, t.color) for t in tags.list_tags(bob) if t.name == "URGENT"] == [
        (mine.id, "URGENT", "#0000ff")  # kept its colour
    ]
    assert len(tags.list_tags(bob)) == 4  # urgent reused, 客户, plain, unused made


def test_a_version_1_export_still_imports(store: str, tmp_path: Path) -> None:
    old = {
        "format": "chatdesk-chats",
        "version": 1,
        "exported_at": "2026-11-01T00:00:00.000000Z",
        "chats": [
            {
                "title": "From before",
                "source": "chatdesk",
                "source_id": "k1",
                "chat_key": "k1",
                "created_at": "2026-10-01T10:00:00.000000Z",
                "updated_at": "2026-10-01T10:01:00.000000Z",
                "pinned": True,
                "messages": [
                    {"role": "user", "content": "hi", "created_at": "2026-10-01T10:00:00.000000Z"}
                ],
            }
        ],
    }
    target = tmp_path / "v1.json"
    target.write_text(json.dumps(old), encoding="utf-8")
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, target)
    assert (report.chats_added, report.skipped) == (1, [])
    stored = Chat.get(Chat.chat_key == "k1")
    assert stored.pinned and stored.archived_at is None and stored.folder_id is None
    assert not Folder.select().exists() and not Tag.select().exists()


def test_a_chat_with_a_bad_folder_or_tag_is_named_and_changes_nothing(
    store: str, tmp_path: Path
) -> None:
    def record(key: str, **extra: Any) -> dict[str, Any]:
        return {
            "title": key,
            "source": "chatdesk",
            "source_id": key,
            "chat_key": key,
            "created_at": "2026-10-01T10:00:00.000000Z",
            "messages": [{"role": "user", "content": key}],
            **extra,
        }

    data = {
        "format": "chatdesk-chats",
        "version": 2,
        "chats": [
            record("good", folder=["A", "B"], tags=[{"name": "t", "color": "#aabbcc"}]),
            record("badname", folder=["A", "x\x07y"]),
            record("toolong", folder=["A", "n" * 101]),
            record("badcolor", folder=["New"], tags=[{"name": "u", "color": "red"}]),
            record("deep", folder=[f"d{n}" for n in range(17)]),
            record("notalist", folder="A/B"),
            # "New" was made for badcolor and rolled back with it: made again, not a stale id
            record("later", folder=["New"], tags=[{"name": "u", "color": "#010203"}]),
        ],
    }
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, target)
    assert report.chats_added == 2
    assert sorted(s.name.split("'")[1] for s in report.skipped) == [
        "badcolor",
        "badname",
        "deep",
        "notalist",
        "toolong",
    ]
    assert all(s.reason for s in report.skipped)
    kept = Chat.select().order_by(Chat.id)
    assert [c.chat_key for c in kept] == ["good", "later"]  # the others left nothing
    assert sorted(f.name for f in Folder.select()) == ["A", "B", "New"]  # no d0…
    assert sorted((t.name, t.color) for t in Tag.select()) == [("t", "#aabbcc"), ("u", "#010203")]
    later = Chat.get(Chat.chat_key == "later")
    assert later.folder_id == Folder.get(Folder.name == "New").id


def test_export_by_folder_and_tag_in_every_format(store: str, tmp_path: Path) -> None:
    alice = accounts.register("alice", "secret1")
    ids = build(alice)
    out = tmp_path / "work.json"
    assert export_to_file(alice, out, "json", where=selection(alice, "Work")) == 2
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(c["title"] for c in data["chats"]) == ["Acme contract 合同", "周报"]
    # the head lists the selection's folders only (with their parents), and the chats' tags
    assert [f["path"] for f in data["folders"]] == [
        ["Work"],
        ["Work", "内部"],
        ["Work", "Clients"],
        ["Work", "Clients", "Acme"],
    ]
    assert sorted(t["name"] for t in data["tags"]) == ["urgent", "客户"]

    # a sub-folder by its path, a single name at any level, archived chats included
    assert export_to_file(alice, out, "json", where=selection(alice, "work / clients")) == 1
    assert export_to_file(alice, out, "json", where=selection(alice, "Acme")) == 1
    assert export_to_file(alice, out, "json", where=selection(alice, "Personal")) == 2
    # tags: the chats carrying every one; with a folder, those in it
    assert export_to_file(alice, out, "json", where=selection(alice, None, ["plain"])) == 2
    both = selection(alice, None, ["URGENT", "客户"])
    assert export_to_file(alice, out, "json", where=both) == 2
    assert export_to_file(alice, out, "json", where=selection(alice, "Personal", ["plain"])) == 1

    md = tmp_path / "urgent.md"
    assert export_to_file(alice, md, "md", where=selection(alice, None, ["urgent"])) == 2
    text = md.read_text(encoding="utf-8")
    assert "Pinned · Folder: Work / Clients / Acme · Tags: urgent, 客户" in text
    assert "Folder: Work / 内部 · Tags: urgent, 客户" in text
    page = tmp_path / "personal.html"
    assert export_to_file(alice, page, "html", where=selection(alice, "Personal")) == 2
    html = page.read_text(encoding="utf-8")
    assert '<span class="flag">Archived</span> <span class="folder">Folder: Personal</span>' in html
    assert '<span class="tag" style="border-color: #123456">' not in html  # unused: not shown
    assert html.count('<span class="tag">plain</span>') == 1

    # a chat named by id must be in the selection too
    with pytest.raises(ServiceError) as caught:
        export_to_file(alice, out, "json", [ids["loose"]], where=selection(alice, "Work"))
    assert caught.value.code == 3001


@pytest.mark.parametrize(
    ("folder", "tag_names", "code"),
    [("Nope", [], 6001), ("Work/Nope", [], 6001), ("", [], 6001), (None, ["nope"], 6004)],
)
def test_an_unknown_folder_or_tag_is_an_error_and_writes_nothing(
    sqlite_store: str, tmp_path: Path, folder: str | None, tag_names: list[str], code: int
) -> None:
    alice = accounts.register("alice", "secret1")
    build(alice)
    folders.create_folder(alice, "Twice", folders.find_folder(alice, "Work")[0])
    folders.create_folder(alice, "Twice")
    with pytest.raises(ServiceError) as caught:
        export_to_file(alice, tmp_path / "x.md", "md", where=selection(alice, folder, tag_names))
    assert caught.value.code == code
    with pytest.raises(ServiceError):  # a name at two levels is no path
        selection(alice, "Acme/Twice")
    assert not any(p.suffix in (".md", ".part") for p in tmp_path.iterdir())


def test_write_chats_reads_the_filing_itself(sqlite_store: str) -> None:
    alice = accounts.register("alice", "secret1")
    ids = build(alice)
    out = io.StringIO()
    assert write_chats(selected_chats(alice, [ids["acme"]]), out, "json") == 1
    data = json.loads(out.getvalue())
    assert data["chats"][0]["folder"] == ["Work", "Clients", "Acme"]
    assert [f["path"] for f in data["folders"]][-1] == ["Work", "Clients", "Acme"]
    assert [t["name"] for t in data["chats"][0]["tags"]] == ["urgent", "客户"]
