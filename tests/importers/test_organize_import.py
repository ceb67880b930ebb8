"""Filing from ChatGPT and Claude exports (issue 13 item 6): archive and pin where the data says
so, projects as folders where the export links a conversation to a named project.

The fixtures are small and hand-written here, shaped as the formats are documented and observed
(docs/import-export.md says which fields real exports carry); the real exports in
../shared/realdata carry none of these links, and their test checks that nothing is invented.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from chatdesk.importers import chatgpt, claude
from chatdesk.services import accounts, folders
from chatdesk.services.importing import import_chats
from chatdesk.store.models import Chat, Folder

GPT = "chatgpt/yetanotherchris_openwebui-importer__gpt_example.json"
CLAUDES = (
    "claude/yetanotherchris_openwebui-importer__claude_example.json",
    "claude/simonw_claude-to-sqlite__artifacts.json",
    "claude/yetanotherchris_openwebui-importer__claude_thinking_example.json",
)


def gpt(ident: str, **extra: Any) -> dict[str, Any]:
    """A one-question ChatGPT conversation."""
    return {
        "id": ident,
        "title": f"GPT {ident}",
        "create_time": 1750000000.0,
        "update_time": 1750000100.0,
        "current_node": "m1",
        "mapping": {
            "root": {"id": "root", "message": None, "parent": None, "children": ["m1"]},
            "m1": {
                "id": "m1",
                "parent": "root",
                "children": [],
                "message": {
                    "id": "m1",
                    "author": {"role": "user"},
                    "create_time": 1750000001.0,
                    "content": {"content_type": "text", "parts": [f"question {ident}"]},
                    "recipient": "all",
                },
            },
        },
        **extra,
    }


def claude_chat(ident: str, **extra: Any) -> dict[str, Any]:
    return {
        "uuid": ident,
        "name": f"Claude {ident}",
        "created_at": "2026-01-02T03:04:05.000000Z",
        "updated_at": "2026-01-02T03:05:05.000000Z",
        "chat_messages": [
            {
                "uuid": f"{ident}-1",
                "sender": "human",
                "text": "hello",
                "created_at": "2026-01-02T03:04:05.000000Z",
            }
        ],
        **extra,
    }


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def filed(user_id: int) -> dict[str, tuple[bool, bool, str | None]]:
    """Each chat's (pinned, archived, folder name) by source id."""
    names = {f.id: f.name for f in Folder.select()}
    return {
        c.source_id: (c.pinned, c.archived_at is not None, names.get(c.folder_id))
        for c in Chat.select().where(Chat.user == user_id)
    }


def test_chatgpt_archive_pin_and_projects(sqlite_store: str, tmp_path: Path) -> None:
    project = {"gizmo_id": "g-p-6801abc", "gizmo_type": "snorlax"}
    conversations = [
        gpt("a", is_archived=True),
        gpt("p", pinned_time=1750000200.0, is_archived=False),
        gpt("s", is_starred=True),
        gpt("plain", is_archived=None, is_starred=None, pinned_time=None),
        gpt("proj", **project),
        gpt("custom", gizmo_id="g-abc123", gizmo_type="gpt"),  # a custom GPT: no project
    ]
    assert chatgpt.project_of(conversations[4]) == "g-p-6801abc"
    assert chatgpt.project_of(conversations[5]) is None
    alice = accounts.register("alice", "secret1")
    # an export alone: the project has no name, so the chat stays unfiled
    report = import_chats(alice, write(tmp_path / "conversations.json", conversations))
    assert report.chats_added == 6
    assert filed(alice.id) == {
        "a": (False, True, None),
        "p": (True, False, None),
        "s": (True, False, None),
        "plain": (False, False, None),
        "proj": (False, False, None),
        "custom": (False, False, None),
    }
    assert not Folder.select().exists()

    # a project list beside it that names the id (assumed shape, see docs): a folder
    bob = accounts.register("bob", "secret1")
    folder = tmp_path / "export"
    folder.mkdir()
    write(folder / "conversations.json", conversations)
    write(folder / "projects.json", [{"id": "g-p-6801abc", "name": "Thesis"}])
    import_chats(bob, folder)
    assert filed(bob.id)["proj"] == (False, False, "Thesis")
    assert [f.name for f in folders.list_folders(bob)] == ["Thesis"]


def test_claude_projects_by_name_by_list_and_unlinked(sqlite_store: str, tmp_path: Path) -> None:
    conversations = [
        claude_chat("named", project={"uuid": "p-1", "name": "Research 研究"}),
        claude_chat("linked", project_uuid="p-2"),
        claude_chat("both", project_uuid="p-2", project={"uuid": "p-2"}),
        claude_chat("unknown", project_uuid="p-9"),
        claude_chat("starred", is_starred=True),
        claude_chat("none"),
    ]
    projects = [
        {"uuid": "p-1", "name": "Ignored: the conversation names it"},
        {"uuid": "p-2", "name": "Writing", "docs": [{"uuid": "d", "name": "not a project"}]},
    ]
    archive = tmp_path / "data-2026-01-02.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("conversations.json", json.dumps(conversations))
        z.writestr("projects.json", json.dumps(projects))
        z.writestr("users.json", "[]")
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, archive)
    assert (report.chats_added, report.skipped) == (6, [])
    assert filed(alice.id) == {
        "named": (False, False, "Research 研究"),
        "linked": (False, False, "Writing"),
        "both": (False, False, "Writing"),
        "unknown": (False, False, None),  # no list names it
        "starred": (True, False, None),
        "none": (False, False, None),
    }
    assert sorted(f.name for f in folders.list_folders(alice)) == ["Research 研究", "Writing"]

    # newer exports: one file per project under projects/, in an unpacked folder
    bob = accounts.register("bob", "secret1")
    unpacked = tmp_path / "unpacked"
    (unpacked / "projects").mkdir(parents=True)
    write(unpacked / "conversations.json", conversations)
    write(unpacked / "projects" / "p-2.json", projects[1])
    import_chats(bob, unpacked / "conversations.json")  # the file alone: its folder is read
    assert filed(bob.id)["linked"] == (False, False, "Writing")
    again = import_chats(bob, unpacked / "conversations.json")
    assert (again.chats_added, again.unchanged) == (0, 6)
    assert Folder.select().where(Folder.user == bob.id).count() == 2


def test_a_broken_project_list_leaves_the_chats_unfiled(sqlite_store: str, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    write(folder / "conversations.json", [claude_chat("linked", project_uuid="p-2")])
    (folder / "projects.json").write_text('[{"uuid": "p-2", "name": "Wri', encoding="utf-8")
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, folder)
    assert (report.chats_added, report.skipped) == (1, [])
    assert filed(alice.id) == {"linked": (False, False, None)}


def test_claude_project_of_reads_both_shapes() -> None:
    assert claude.project_of({"project_uuid": "u"}) == ("u", None)
    assert claude.project_of({"project": {"uuid": "u", "name": " N "}}) == ("u", "N")
    assert claude.project_of({"project": {"uuid": "u", "name": ""}}) == ("u", None)
    assert claude.project_of({"project": None, "project_uuid": None}) == (None, None)
    assert claude.projects([{"uuid": "a", "name": "A"}, {"uuid": "b"}, "x"]) == {"a": "A"}


def test_real_exports_carry_no_filing_and_none_is_invented(
    sqlite_store: str, realdata: Path
) -> None:
    alice = accounts.register("alice", "secret1")
    for name in (GPT, *CLAUDES):
        import_chats(alice, realdata / name)
    stored = filed(alice.id)
    assert len(stored) == 1 + 85 + 1 + 1
    assert set(stored.values()) == {(False, False, None)}  # is_archived false, no projects
    assert not Folder.select().exists()
