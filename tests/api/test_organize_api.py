"""Folders, tags and the archive over /myapp/ (issue 13), black-box: the person files chats,
tags them, archives old ones and lists them back by folder, tag and archive state; bad input
gets its code; in token mode each call acts for the token's user only."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Client, ServerFactory


def _seed(client: Client, user: str = "u", n: int = 6) -> None:
    assert client.post("register", {"username": user, "password": "123456"}).code == 0
    for i in range(n):
        chat = {"username": user, "chat_id": f"c{i}", "chat_title": f"t{i}", "chat_content": "m"}
        assert client.post("add_chat", chat).code == 0


def _ok(client: Client, endpoint: str, fields: dict[str, Any]) -> dict[str, Any]:
    reply = client.post(endpoint, fields)
    assert reply.status == 200 and reply.code == 0, (endpoint, reply.json)
    return reply.json  # type: ignore[no-any-return]


def _listed(client: Client, **fields: str) -> list[str]:
    page = _ok(client, "get_chat_list", {"username": "u", **fields})
    assert page["total"] == len(page["chats"])
    return [c["chat_id"] for c in page["chats"]]


def test_filing_tagging_and_archiving_then_listing(client: Client) -> None:
    _seed(client)
    work = _ok(client, "create_folder", {"username": "u", "folder_name": "Work"})["folder_id"]
    sub = _ok(client, "create_folder", {"username": "u", "folder_name": "2026", "parent_id": work})[
        "folder_id"
    ]
    moved = _ok(client, "move_chats", {"username": "u", "chat_id": "c0\nc1\nc9", "folder_id": work})
    assert moved["count"] == 2  # c9 is no chat of hers
    _ok(client, "move_chats", {"username": "u", "chat_id": "c2", "folder_id": str(sub)})
    tree = _ok(client, "get_folders", {"username": "u"})["folders"]
    assert [(f["folder_name"], f["parent_id"], f["count"], f["total"]) for f in tree] == [
        ("Work", 0, 2, 3),
        ("2026", work, 1, 1),
    ]
    assert _listed(client, folder=str(work)) == ["c1", "c0"]
    assert _listed(client, folder=str(work), subfolders="1") == ["c2", "c1", "c0"]
    assert _listed(client, folder="0") == ["c5", "c4", "c3"]

    tag = _ok(client, "create_tag", {"username": "u", "tag_name": "重要", "color": "#FF0000"})
    assert tag["color"] == "#ff0000"
    assert (
        _ok(client, "tag_chats", {"username": "u", "chat_id": "c1\nc3", "tag_name": "重要"})[
            "count"
        ]
        == 2
    )
    assert _listed(client, tag="重要") == ["c3", "c1"]
    tags = _ok(client, "get_tags", {"username": "u"})["tags"]
    assert tags == [{"tag_name": "重要", "color": "#ff0000", "count": 2}]
    row = next(
        c for c in _ok(client, "get_chat_list", {"username": "u"})["chats"] if c["chat_id"] == "c1"
    )
    assert row["tags"] == ["重要"] and row["folder_id"] == work and row["archived"] is False

    assert _ok(client, "archive_chats", {"username": "u", "chat_id": "c3\nc4"})["count"] == 2
    assert _listed(client) == ["c5", "c2", "c1", "c0"]
    assert _listed(client, archived="1") == ["c4", "c3"]
    assert len(_listed(client, archived="all")) == 6
    assert _listed(client, tag="重要", archived="1") == ["c3"]
    assert _ok(client, "search", {"username": "u", "query": "t4"})["total"] >= 1  # still found
    found = _ok(client, "search", {"username": "u", "query": "tag:重要 is:archived"})["hits"]
    assert [(h["chat_id"], h["folder"], h["tags"]) for h in found] == [("c3", "", ["重要"])]
    in_work = _ok(client, "search", {"username": "u", "query": "m folder:Work"})["hits"]
    assert {h["chat_id"] for h in in_work} == {"c0", "c1", "c2"}
    assert {h["folder"] for h in in_work} == {"Work", "2026"}
    _ok(client, "unarchive_chats", {"username": "u", "chat_id": "c3"})
    _ok(client, "untag_chats", {"username": "u", "chat_id": "c3", "tag_name": "重要"})
    assert _listed(client, tag="重要") == ["c1"]

    _ok(client, "rename_folder", {"username": "u", "folder_id": sub, "folder_name": "Old"})
    _ok(client, "move_folder", {"username": "u", "folder_id": sub, "parent_id": "0"})
    assert (
        client.post("move_folder", {"username": "u", "folder_id": work, "parent_id": work}).code
        == 6003
    )
    gone = _ok(client, "delete_folder", {"username": "u", "folder_id": work, "chats": "delete"})
    assert (gone["folders"], gone["deleted_chats"]) == (1, 2)
    assert "c0" not in _listed(client, archived="all")
    _ok(client, "delete_folder", {"username": "u", "folder_id": sub})  # keep: c2 moves out
    assert "c2" in _listed(client, folder="0")
    assert _ok(client, "delete_tag", {"username": "u", "tag_name": "重要"})["count"] == 1


def test_bad_input_gets_its_code(client: Client) -> None:
    _seed(client, n=1)
    folder = _ok(client, "create_folder", {"username": "u", "folder_name": "A"})["folder_id"]
    _ok(client, "create_tag", {"username": "u", "tag_name": "t"})
    cases: list[tuple[str, dict[str, str], int]] = [
        ("create_folder", {"folder_name": "a"}, 6002),  # casefold
        ("create_folder", {"folder_name": ""}, 1001),
        ("create_folder", {"folder_name": "x", "parent_id": "999"}, 6001),
        ("create_folder", {"folder_name": "x", "parent_id": "-1"}, 1002),
        ("rename_folder", {"folder_id": "0", "folder_name": "x"}, 6001),
        ("rename_folder", {"folder_name": "x"}, 1001),
        ("delete_folder", {"folder_id": str(folder), "chats": "drop"}, 1002),
        ("move_chats", {"chat_id": "c0", "folder_id": "abc"}, 1002),
        ("move_chats", {"folder_id": str(folder)}, 1001),
        ("move_chats", {"chat_id": "c0\n", "folder_id": str(folder)}, 1001),
        ("move_chats", {"chat_id": "\n".join(["c0"] * 1001)}, 1002),
        ("create_tag", {"tag_name": "T"}, 6005),
        ("create_tag", {"tag_name": "x", "color": "red"}, 1002),
        ("tag_chats", {"chat_id": "c0", "tag_name": "nope"}, 6004),
        ("delete_tag", {"tag_name": "nope"}, 6004),
        ("get_chat_list", {"archived": "2"}, 1002),
        ("get_chat_list", {"folder": "999"}, 6001),
        ("get_chat_list", {"tag": "nope"}, 6004),
        ("get_chat_list", {"subfolders": "yes"}, 1002),
    ]
    for endpoint, fields, code in cases:
        reply = client.post(endpoint, {"username": "u", **fields})
        assert (reply.status, reply.code) == (200, code), (endpoint, fields, reply.json)
    english = client.post("delete_tag", {"username": "u", "tag_name": "nope"}, Accept_Language="en")
    assert english.json["msg"] == "No such tag"


def test_json_bodies_and_token_mode(make_server: ServerFactory) -> None:
    server = make_server(require_token=True)
    client = server.client()
    for name in ("alice", "bob"):
        client.post("register", {"username": name, "password": "123456"})
    alice = client.post("login", {"username": "alice", "password": "123456"}).json["token"]
    bob = client.post("login", {"username": "bob", "password": "123456"}).json["token"]
    assert client.post("get_folders", {"username": "alice"}).status == 401  # no token
    made = client.post_json("create_folder", {"folder_name": "Mine", "token": alice}).json
    assert made["code"] == 0
    assert (
        client.post_json("add_chat", {"chat_id": "a1", "chat_title": "t", "token": alice}).json[
            "code"
        ]
        == 0
    )
    theirs = client.post_json(
        "move_chats", {"chat_id": "a1", "folder_id": made["folder_id"], "token": bob}
    ).json
    assert theirs["code"] == 6001  # not bob's folder
    mine = client.post_json(
        "move_chats", {"chat_id": "a1", "folder_id": made["folder_id"], "token": alice}
    ).json
    assert mine["count"] == 1
    assert client.post_json("get_folders", {"token": bob}).json["folders"] == []
    as_bob = client.post_json("get_folders", {"username": "alice", "token": bob}).json
    assert as_bob["code"] == 1002  # username is not the token's user
