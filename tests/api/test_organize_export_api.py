"""Issue 13 item 6 over /myapp/, black-box: a library filed through the API, exported to JSON,
the database emptied, the file imported back: the API answers as before (chat_ids, folders,
tags, archive, history), and a second import changes none of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chatdesk.services import accounts
from chatdesk.services.exporting import export_to_file
from chatdesk.services.importing import import_chats
from chatdesk.store.models import Chat, User
from tests.api.conftest import Client


def _ok(client: Client, endpoint: str, fields: dict[str, Any]) -> dict[str, Any]:
    reply = client.post(endpoint, fields)
    assert reply.status == 200 and reply.code == 0, (endpoint, reply.json)
    return reply.json  # type: ignore[no-any-return]


def _library(client: Client) -> dict[str, Any]:
    """What the API says about u's library, with folder ids replaced by their paths."""
    tree = _ok(client, "get_folders", {"username": "u"})["folders"]
    paths: dict[int, str] = {0: ""}
    for f in tree:  # parents first
        parent = paths[f["parent_id"]]
        paths[f["folder_id"]] = f"{parent}/{f['folder_name']}" if parent else f["folder_name"]
    rows = _ok(client, "get_chat_list", {"username": "u", "archived": "all"})["chats"]
    histories = {
        r["chat_id"]: _ok(client, "get_history_chat", {"username": "u", "chat_id": r["chat_id"],
                                                       "chat_title": ""})["历史信息列表"]
        for r in rows
    }  # fmt: skip
    return {
        "folders": [(paths[f["folder_id"]], f["count"], f["total"]) for f in tree],
        "tags": _ok(client, "get_tags", {"username": "u"})["tags"],
        "chats": [
            {**r, "folder_id": paths[r["folder_id"]], "history": histories[r["chat_id"]]}
            for r in rows
        ],
        "archive": _ok(client, "get_chat_list", {"username": "u", "archived": "1"})["total"],
    }


def test_a_filed_library_survives_export_and_import_into_an_empty_database(
    client: Client, tmp_path: Path
) -> None:
    assert client.post("register", {"username": "u", "password": "123456"}).code == 0
    for i, title in enumerate(["Acme 合同", "Weekly 周报", "Lunch", "Old", "Loose"]):
        for n in range(2):
            chat = {"username": "u", "chat_id": f"k{i}", "chat_title": title,
                    "chat_content": f"{title} #{n}", "chat_tpye": str(1 - n % 2)}  # fmt: skip
            assert client.post("add_chat", chat).code == 0
    work = _ok(client, "create_folder", {"username": "u", "folder_name": "Work"})["folder_id"]
    sub = _ok(client, "create_folder", {"username": "u", "folder_name": "客户", "parent_id": work})
    _ok(client, "create_folder", {"username": "u", "folder_name": "Empty"})
    _ok(client, "move_chats", {"username": "u", "chat_id": "k0\nk3", "folder_id": sub["folder_id"]})
    _ok(client, "move_chats", {"username": "u", "chat_id": "k1", "folder_id": work})
    _ok(client, "create_tag", {"username": "u", "tag_name": "重要", "color": "#ff0000"})
    _ok(client, "create_tag", {"username": "u", "tag_name": "later"})
    _ok(client, "tag_chats", {"username": "u", "chat_id": "k0\nk1\nk4", "tag_name": "重要"})
    _ok(client, "tag_chats", {"username": "u", "chat_id": "k3", "tag_name": "later"})
    _ok(client, "archive_chats", {"username": "u", "chat_id": "k3"})
    before = _library(client)
    assert before["archive"] == 1 and len(before["chats"]) == 5

    target = tmp_path / "u.json"
    user = accounts.find_user("u")
    assert export_to_file(user, target, "json") == 5
    User.delete().execute()  # every account, and with them every chat, folder and tag
    assert not Chat.select().exists()
    assert client.post("register", {"username": "u", "password": "123456"}).code == 0
    report = import_chats(accounts.find_user("u"), target)
    assert (report.chats_added, report.skipped) == (5, [])
    after = _library(client)
    assert after == before

    import_chats(accounts.find_user("u"), target)  # again: nothing changes
    assert _library(client) == before
