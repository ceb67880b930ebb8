"""The agents' folders as sources (issue 23): found without reading, turned on in the database,
synced incrementally (appended lines once, in order; a rewritten file reconciled; a moved
session the same chat; a deleted file leaving its chat), and watched by one Qt-free thread."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from chatdesk.services import accounts, agents
from chatdesk.services.events import Change, subscribe
from chatdesk.store.models import AgentFile, Chat, Folder, Message

SESSION = "1af7fc5e-8455-4414-9ccd-011d40f70b2a"
ROLLOUT = "rollout-2025-11-17T15-30-28-019a93b9-f380-7600-98ff-940e6b99603c.jsonl"


@pytest.fixture
def home(realdata: Path, tmp_path: Path) -> Path:
    """A fake home with a Claude Code project and a Codex day folder, from the real samples."""
    home = tmp_path / "home"
    project = home / ".claude" / "projects" / "-home-me-chatdesk"
    project.mkdir(parents=True)
    shutil.copy(
        realdata / f"claude-code/d-kimuson_claude-code-viewer__{SESSION}.jsonl",
        project / f"{SESSION}.jsonl",
    )
    day = home / ".codex" / "sessions" / "2025" / "11" / "17"
    day.mkdir(parents=True)
    shutil.copy(realdata / f"codex/AcidicSoil_codex-session-view__{ROLLOUT}", day / ROLLOUT)
    return home


def _line(uuid: str, text: str, role: str = "user") -> bytes:
    record = {
        "parentUuid": None,
        "isSidechain": False,
        "cwd": "/path/to/Demo",
        "sessionId": SESSION,
        "type": role,
        "message": {"role": role, "content": text}
        if role == "user"
        else {"id": f"msg-{uuid}", "role": role, "content": [{"type": "text", "text": text}]},
        "uuid": uuid,
        "timestamp": "2025-09-03T01:00:00.000Z",
    }
    return (json.dumps(record) + "\n").encode()


def _texts(source_id: str) -> list[str]:
    chat = Chat.get(Chat.source_id == source_id)
    return [m.content for m in Message.select().where(Message.chat == chat.id).order_by(Message.id)]


def _session_file(home: Path) -> Path:
    return home / ".claude" / "projects" / "-home-me-chatdesk" / f"{SESSION}.jsonl"


def test_discover_counts_without_reading(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    found = {f.name: f for f in agents.discover(home, environ={}, platform="linux")}
    assert found["claude-code"].sessions == 1 and found["claude-code"].projects == 1
    assert found["claude-code"].summary().startswith("Claude Code: 1 sessions in 1 projects, ")
    assert found["codex"].sessions == 1
    assert found["cursor"].folders == () and found["cursor"].summary() == "Cursor: not found"
    assert opened == []  # names and sizes only


def test_environment_variable_names_the_folder(home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "claude-config"
    shutil.copytree(home / ".claude", elsewhere)
    shutil.rmtree(home / ".claude")
    found = {
        f.name: f for f in agents.discover(home, environ={"CLAUDE_CONFIG_DIR": str(elsewhere)})
    }
    assert found["claude-code"].folders == (elsewhere,)


def test_nothing_is_imported_before_a_source_is_on(sqlite_store: str, home: Path) -> None:
    user = accounts.register("alice", "secret1")
    report = agents.sync(user, home=home, environ={})
    assert report.files == 0 and Chat.select().count() == 0
    agents.set_enabled(user, "claude-code", True)
    report = agents.sync(user, home=home, environ={})
    assert report.chats_added == 1 and Chat.select().count() == 1
    chat = Chat.get()
    assert (chat.source, chat.source_id) == ("claude-code", SESSION)
    info = agents.session_info(user, chat.id)
    assert info is not None and info.workdir == "/path/to/Demo"
    assert info.resume == f"claude --resume {SESSION}"
    folder = Folder.get(Folder.id == chat.folder_id)
    parent = Folder.get(Folder.id == folder.parent)
    assert (parent.name, folder.name) == ("Claude Code", "Demo")


def test_appended_lines_arrive_once_in_order(store: str, home: Path) -> None:
    user = accounts.register("alice", "secret1")
    agents.set_enabled(user, "claude-code", True)
    syncer = agents.Syncer(user, home, {})
    syncer.sync()
    before = _texts(SESSION)
    path = _session_file(home)
    size = path.stat().st_size
    with path.open("ab") as out:
        out.write(_line("n1", "first new") + _line("n2", "second new", "assistant"))
        out.write(_line("n3", "third new")[:40])  # the agent is still writing this one
    report = syncer.sync()
    assert report.read == 1
    assert _texts(SESSION) == [*before, "first new", "second new"]
    row = AgentFile.get()
    assert row.offset > size and row.offset < path.stat().st_size  # the cut line waits
    with path.open("ab") as out:
        out.write(_line("n3", "third new")[40:])
    syncer.sync()
    syncer.sync()
    assert _texts(SESSION) == [*before, "first new", "second new", "third new"]
    # a new process (no reader kept) reads on from the stored offset, adding nothing twice
    agents.Syncer(user, home, {}).sync()
    assert _texts(SESSION) == [*before, "first new", "second new", "third new"]


def test_rewritten_and_truncated_file_is_reconciled(sqlite_store: str, home: Path) -> None:
    user = accounts.register("alice", "secret1")
    agents.set_enabled(user, "claude-code", True)
    agents.sync(user, home=home, environ={})
    before = _texts(SESSION)
    path = _session_file(home)
    data = path.read_bytes()
    lines = data.splitlines(keepends=True)
    replacement = path.with_suffix(".tmp")
    replacement.write_bytes(b"".join(lines[:3]) + _line("r1", "after the rewrite"))
    os.replace(replacement, path)  # a new inode, and shorter
    agents.sync(user, home=home, environ={})
    assert _texts(SESSION) == [*before, "after the rewrite"]
    path.write_bytes(b"".join(lines[:2]))  # the same inode, truncated
    agents.sync(user, home=home, environ={})
    assert _texts(SESSION) == [*before, "after the rewrite"]  # nothing removed, nothing twice


def test_moved_session_is_the_same_chat_and_deleted_keeps_it(sqlite_store: str, home: Path) -> None:
    user = accounts.register("alice", "secret1")
    agents.set_enabled(user, "claude-code", True)
    agents.sync(user, home=home, environ={})
    before = _texts(SESSION)
    other = home / ".claude" / "projects" / "-home-me-other"
    other.mkdir()
    moved = other / f"{SESSION}.jsonl"
    _session_file(home).rename(moved)
    with moved.open("ab") as out:
        out.write(_line("m1", "after the move"))
    agents.sync(user, home=home, environ={})
    assert Chat.select().count() == 1
    assert _texts(SESSION) == [*before, "after the move"]
    moved.unlink()
    agents.sync(user, home=home, environ={})
    assert _texts(SESSION) == [*before, "after the move"]


def test_codex_read_on_mid_file_keeps_its_session(sqlite_store: str, home: Path) -> None:
    """A rollout names its session on its first line only: a read that starts mid-file (a new
    process) still adds to the same chat."""
    user = accounts.register("alice", "secret1")
    agents.set_enabled(user, "codex", True)
    agents.sync(user, home=home, environ={})
    path = next((home / ".codex").rglob("rollout-*.jsonl"))
    item = {
        "timestamp": "2025-11-17T22:00:00.000Z",
        "type": "response_item",
        "payload": {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Done."}],
        },
    }
    with path.open("ab") as out:
        out.write((json.dumps(item) + "\n").encode())
    agents.Syncer(user, home, {}).sync()
    assert Chat.select().count() == 1
    assert _texts("019a93b9-f380-7600-98ff-940e6b99603c")[-1] == "Done."


def test_watcher_follows_appends_and_switches(sqlite_store: str, home: Path) -> None:
    user = accounts.register("alice", "secret1")
    changes: list[Change] = []
    unsubscribe = subscribe(changes.append)
    watcher = agents.SourceWatcher(agents.users_with_sources, interval=0.1, home=home, environ={})
    watcher.start()
    try:
        watcher.ready.wait(5)
        assert Chat.select().count() == 0
        agents.set_enabled(user, "claude-code", True)  # as another process would
        _wait(lambda: Chat.select().count() == 1)
        before = _texts(SESSION)
        started = time.monotonic()
        with _session_file(home).open("ab") as out:
            out.write(_line("w1", "written while watched"))
        _wait(lambda: _texts(SESSION)[-1:] == ["written while watched"])
        assert time.monotonic() - started < 2
        assert _texts(SESSION) == [*before, "written while watched"]
        assert any(c.kind == "message" for c in changes)
        agents.set_enabled(user, "claude-code", False)
        time.sleep(0.5)
        with _session_file(home).open("ab") as out:
            out.write(_line("w2", "after turning it off"))
        time.sleep(0.6)
        assert _texts(SESSION)[-1] == "written while watched"  # off: not followed
        assert Chat.select().count() == 1  # and its chats kept
    finally:
        watcher.stop()
        unsubscribe()


def _wait(condition, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_cursor_database_followed_through_its_wal(sqlite_store: str, tmp_path: Path) -> None:
    """Cursor writes to its database in WAL mode: a new bubble, in the -wal file only, is
    read (the composers updated since the last read), once."""
    import sqlite3

    from chatdesk.importers import cursor

    home = tmp_path / "home"
    folder = home / ".config" / "Cursor" / "User" / "globalStorage"
    folder.mkdir(parents=True)
    path = folder / "state.vscdb"
    cursor.write_example(path, cursor.EXAMPLE)
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")  # the change stays in the -wal file
    user = accounts.register("alice", "secret1")
    agents.set_enabled(user, "cursor", True)
    syncer = agents.Syncer(user, home, {})
    assert syncer.sync().chats_added == 1
    assert _texts("c1") == ["How long to steep tea?", "About 3 minutes."]
    composer = dict(cursor.EXAMPLE["composerData:c1"])
    composer["fullConversationHeadersOnly"] = [
        *composer["fullConversationHeadersOnly"],
        {"bubbleId": "b3"},
    ]
    composer["lastUpdatedAt"] = 1705363320000
    with writer:
        writer.execute(
            "INSERT INTO cursorDiskKV VALUES (?, ?)",
            ("bubbleId:c1:b3", json.dumps({"type": 1, "bubbleId": "b3", "text": "And green tea?"})),
        )
        writer.execute(
            "INSERT INTO cursorDiskKV VALUES (?, ?)", ("composerData:c1", json.dumps(composer))
        )
    assert syncer.sync().read == 1
    syncer.sync()
    assert _texts("c1") == ["How long to steep tea?", "About 3 minutes.", "And green tea?"]
    writer.close()


def test_a_title_the_agent_gives_later_renames_the_chat(sqlite_store: str, home: Path) -> None:
    user = accounts.register("alice", "secret1")
    agents.set_enabled(user, "claude-code", True)
    syncer = agents.Syncer(user, home, {})
    syncer.sync()
    assert Chat.get().title == "/init"  # a command, for want of anything else
    with _session_file(home).open("ab") as out:
        record = {"type": "custom-title", "sessionId": SESSION, "customTitle": "Write CLAUDE.md"}
        out.write((json.dumps(record) + "\n").encode())
    syncer.sync()
    assert Chat.get().title == "Write CLAUDE.md"


def test_aider_history_by_file_then_from_its_folder_is_the_same_chats(
    sqlite_store: str, realdata: Path, tmp_path: Path
) -> None:
    from chatdesk.services.importing import import_chats

    repo = tmp_path / "repo"
    repo.mkdir()
    history = repo / ".aider.chat.history.md"
    shutil.copy(realdata / "aider/AlexShchuka_mozgoslav__.aider.chat.history.md", history)
    user = accounts.register("alice", "secret1")
    assert import_chats(user, history).chats_added == 3
    agents.set_enabled(user, "aider", True, folder=tmp_path)
    report = agents.sync(user, home=tmp_path / "nohome", environ={})
    assert report.read == 1 and report.chats_added == 0 and report.messages_added == 0
    assert Chat.select().count() == 3
