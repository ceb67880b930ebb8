"""File menu transfers through the desktop app: import with progress, Cancel and a report; export
to each format; backup and restore while the app (and its API server) runs."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from chatdesk.services import accounts, chats, importing
from chatdesk.services.chat_filter import ChatFilter
from chatdesk.services.importing import ImportProgress, import_chats
from chatdesk.store.models import Chat, Message, User
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.transfers.controller import export_target
from chatdesk.ui.transfers.import_dialog import ImportDialog
from tests.ui.helpers import Desk, StallMeter

CLAUDE = "claude/yetanotherchris_openwebui-importer__claude_example.json"
SHAREGPT = "sharegpt/lm-sys_FastChat__dummy_conversation.json"


def titles(main: MainWindow) -> list[str]:
    model = main.chat_list.model
    return [model.index(r).data() for r in range(model.rowCount())]


def user_named(name: str) -> User:
    return accounts.find_user(name)


def finished(desk: Desk, dialog: ImportDialog, timeout: int = 30_000) -> str:
    """Wait for the import behind ``dialog`` to end; the report's text."""
    desk.qtbot.waitUntil(lambda: not dialog.running, timeout=timeout)
    job = desk.main.transfers.import_job
    assert job is not None and job.wait(5)
    return dialog.report.text()


def consistent(user: User) -> None:
    """Every stored chat holds all of its messages: no conversation is half imported."""
    for chat in Chat.select().where(Chat.user == user.id):
        stored = Message.select().where(Message.chat == chat.id).count()
        assert stored == chat.message_count > 0, chat.title


def test_import_real_export_reports_and_lists_the_chats(
    desk: Desk, realdata: Path, tmp_path: Path
) -> None:
    main = desk.register()
    data = json.loads((realdata / CLAUDE).read_text("utf-8"))
    data[3]["chat_messages"] = "not a list"
    data[3]["name"] = "Broken one"
    broken = tmp_path / "conversations.json"
    broken.write_text(json.dumps(data), encoding="utf-8")

    dialog = main.transfers.import_file(broken)
    assert dialog is not None and dialog.isVisible() and dialog.objectName() == "importDialog"
    assert dialog.bar.objectName() == "importProgress"
    assert "stay" in dialog.note.text()  # says that a cancel keeps what was imported
    text = finished(desk, dialog)
    assert "Conversations read: 85 (Claude: 85)" in text
    assert "New chats: 84" in text and "Left out, malformed: 1" in text
    assert "Messages added:" in text
    assert dialog.skipped.isVisible()
    [item] = [dialog.skipped.item(i).text() for i in range(dialog.skipped.count())]
    assert item.startswith(f"'Broken one' ({data[3]['uuid']})") and "not a list" in item
    # the chats reach the open list through the services' change notifications
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 84, timeout=10_000)
    expected = {c.title for c in Chat.select().where(Chat.user == user_named("alice").id)}
    assert set(titles(main)) == expected
    assert "New chats: 84" in main.statusBar().currentMessage()
    desk.qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Holds the import inside conversation ``at`` until ``release`` is set, so a test can press
    Cancel while a conversation is being written."""
    state: dict[str, Any] = {
        "at": 20,
        "count": 0,
        "reached": threading.Event(),
        "release": threading.Event(),
    }
    original = importing._import_one

    def held(user: Any, chat: Any, report: Any, *rest: Any) -> None:
        state["count"] += 1
        if state["count"] == state["at"]:
            state["reached"].set()
            state["release"].wait(10)
        original(user, chat, report, *rest)

    monkeypatch.setattr(importing, "_import_one", held)
    yield state
    state["release"].set()


def test_cancel_keeps_a_consistent_partial_import_and_a_second_import_completes(
    desk: Desk, realdata: Path, gate: dict[str, Any]
) -> None:
    main = desk.register()
    alice = user_named("alice")
    dialog = main.transfers.import_file(realdata / SHAREGPT)
    assert dialog is not None
    desk.qtbot.waitUntil(gate["reached"].is_set)
    desk.qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.cancel_button.isEnabled()
    assert "Stopping after the current conversation" in dialog.detail.text()
    gate["release"].set()
    text = finished(desk, dialog)
    assert dialog.heading.text() == dialog.windowTitle() == "Import cancelled"
    # the conversation being written when Cancel was pressed is finished, then it stops
    assert "Conversations read before stopping: 20" in text and "New chats: 20" in text
    assert Chat.select().where(Chat.user == alice.id).count() == 20
    assert main.statusBar().currentMessage() == "Import cancelled. New chats kept: 20"
    consistent(alice)
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 20)

    destroyed = []
    dialog.destroyed.connect(lambda: destroyed.append(True))
    desk.qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: destroyed == [True])  # a closed report is deleted
    gate["at"] = 0  # no more holding
    again = main.transfers.import_file(realdata / SHAREGPT)
    assert again is not None
    text = finished(desk, again)
    assert "New chats: 480" in text and "Already imported, unchanged: 20" in text
    assert Chat.select().where(Chat.user == alice.id).count() == 500
    assert Message.select().join(Chat).where(Chat.user == alice.id).count() == 2000
    consistent(alice)
    # the list was complete: each new chat is inserted as its change arrives
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 500, timeout=10_000)


def test_the_gui_thread_keeps_running_during_an_import(
    desk: Desk, realdata: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = desk.register()
    original = importing._import_one

    def slowed(user: Any, chat: Any, report: Any, *rest: Any) -> None:
        time.sleep(0.004)  # this file imports in well under a second now: keep it running
        original(user, chat, report, *rest)

    monkeypatch.setattr(importing, "_import_one", slowed)
    seen: list[ImportProgress] = []
    with StallMeter() as meter:
        dialog = main.transfers.import_file(realdata / SHAREGPT)
        assert dialog is not None
        job = main.transfers.import_job
        assert job is not None
        job.progress.connect(seen.append)
        # the task worker is not held by the import: the person can open a chat meanwhile
        desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() > 0, timeout=10_000)
        main.chat_list.select_chat(
            main.chat_list.model.index(0).data(main.chat_list.model.ChatIdRole)
        )
        desk.qtbot.waitUntil(lambda: main.messages.rowCount() > 0, timeout=10_000)
        assert job.running  # all of this happened while the import ran
        finished(desk, dialog)
    cpu, wall = meter.cpu_worst * 1000, meter.wall_worst * 1000
    print(f"import stall: GUI thread CPU {cpu:.0f} ms, event loop {wall:.0f} ms at worst")
    meter.check(limit=0.1, wall_limit=0.5)
    assert len(seen) >= 2 and seen[-1].conversations > seen[0].conversations
    assert "New chats: 500" in dialog.report.text()


def test_closing_the_window_during_an_import_cancels_it(
    desk: Desk, realdata: Path, gate: dict[str, Any]
) -> None:
    main = desk.register()
    alice = user_named("alice")
    main.transfers.import_file(realdata / SHAREGPT)
    job = main.transfers.import_job
    assert job is not None
    desk.qtbot.waitUntil(gate["reached"].is_set)
    threading.Timer(0.2, gate["release"].set).start()  # the conversation in hand finishes
    dialog = main.transfers.import_dialog
    assert dialog is not None and dialog.isVisible()
    main.close()  # cancels, and waits for the import to stop
    assert not job.running and job.cancel_requested
    assert not dialog.isVisible()  # closed with the window, without a report
    assert Chat.select().where(Chat.user == alice.id).count() == 20
    consistent(alice)


def test_export_target_follows_the_suffix_then_the_filter() -> None:
    assert export_target("/x/a.html", "Markdown (*.md)") == (Path("/x/a.html"), "html")
    assert export_target("/x/a", "Web page (*.html)") == (Path("/x/a.html"), "html")
    assert export_target("/x/a.txt", "JSON, can be imported again (*.json)") == (
        Path("/x/a.txt.json"),
        "json",
    )
    assert export_target("/x/a.MD", "") == (Path("/x/a.MD"), "md")


def test_export_the_selected_chat_to_each_format(desk: Desk, tmp_path: Path) -> None:
    main = desk.register()
    alice = user_named("alice")
    chat = chats.create_chat(alice, "Tea <notes>")
    chats.add_message(alice, chat.id, "user", "How long do I steep green tea?")
    chats.add_message(alice, chat.id, "assistant", "About **2 minutes** at 80 °C.")
    chats.create_chat(alice, "Other chat")
    desk.qtbot.waitUntil(lambda: main.chat_list.model.row_of(chat.id) >= 0)
    main.chat_list.select_chat(chat.id)
    assert main.chat_list.selected_chat_ids() == [chat.id]
    files = {}
    for fmt in ("md", "json", "html"):
        target = tmp_path / "out" / f"tea.{fmt}"
        job = main.transfers.export_to(target, fmt, main.chat_list.selected_chat_ids())
        assert job is not None
        desk.qtbot.waitUntil(lambda: "Chats exported: 1" in main.statusBar().currentMessage())
        assert target.is_file()
        files[fmt] = target.read_text("utf-8")
        main.statusBar().clearMessage()
    assert files["md"].startswith("# Tea \\<notes\\>") and "About **2 minutes**" in files["md"]
    assert "Other chat" not in files["md"]
    assert "Tea &lt;notes&gt;" in files["html"] and "<!DOCTYPE html>" in files["html"]
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".part")] == []
    # the JSON goes back in through the same Import… path
    dialog = main.transfers.import_file(tmp_path / "out" / "tea.json")
    assert dialog is not None
    # into the account it came from: the same chat (matched on its chat_key), nothing doubled
    summary = finished(desk, dialog)
    assert "Conversations read: 1 (ChatDesk: 1)" in summary
    assert "Already imported, unchanged: 1" in summary
    assert titles(main).count("Tea <notes>") == 1
    stored = Message.select().where(Message.chat == chat.id).order_by(Message.id)
    assert [(m.role, m.content) for m in stored] == [
        ("user", "How long do I steep green tea?"),
        ("assistant", "About **2 minutes** at 80 °C."),
    ]
    # a fresh user gets the same chat from it, without the GUI
    bob = accounts.register("bob", "secret1")
    assert import_chats(bob, tmp_path / "out" / "tea.json").messages_added == 2


def test_export_with_nothing_selected_says_so(desk: Desk) -> None:
    main = desk.register()
    main.transfers.choose_export(every=False)  # no chat: no file dialog either
    assert main.statusBar().currentMessage() == "Select a chat to export first"


def test_backup_then_restore_brings_deleted_data_back(desk: Desk, tmp_path: Path) -> None:
    main = desk.register()
    alice = user_named("alice")
    kept = chats.create_chat(alice, "Keep me")
    chats.add_message(alice, kept.id, "user", "precious")
    assert desk.post("register", username="bob", password="secret1")["code"] == 0  # the server
    copy = tmp_path / "backups" / "all.sqlite3"
    main.transfers.backup_to(copy)
    desk.qtbot.waitUntil(lambda: "Backed up all data" in main.statusBar().currentMessage())
    assert copy.is_file()

    chats.delete_chats(alice, [kept.id])
    assert chats.purge_deleted(dt.timedelta(0)) == 1  # gone for good, not just in the bin
    desk.qtbot.waitUntil(lambda: main.chat_list.model.row_of(kept.id) < 0)

    box = main.transfers.confirm_restore(copy)
    assert box is not None and box.isVisible()
    assert "Replace all data" in box.text()
    button = box.findChild(QPushButton, "confirmRestoreButton")
    assert button is not None
    desk.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    restorer = desk.app.restorer
    assert restorer is not None
    desk.qtbot.waitUntil(lambda: restorer.notice is not None, timeout=20_000)
    assert restorer.succeeded is True
    notice = restorer.notice
    assert notice is not None and notice.isVisible() and "Sign in again" in notice.text()
    assert desk.app.main_window is None and desk.app.login_window is not None
    notice.accept()

    # back at sign-in, with a new worker and the API server listening again
    desk.login = desk.app.login_window
    login = desk.login
    login.username.clear()
    desk.qtbot.keyClicks(login.username, "alice")
    desk.qtbot.keyClicks(login.password, "secret1")
    desk.qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: desk.app.main_window is not None, timeout=10_000)
    main = desk.main
    desk.qtbot.waitUntil(lambda: "Keep me" in titles(main), timeout=10_000)
    main.chat_list.select_chat(kept.id)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 1)
    assert desk.post("login", username="bob", password="secret1")["code"] == 0
    # and usable: a chat added over the API after the restore shows up
    desk.post("add_chat", username="alice", chat_id="after", chat_title="After restore")
    desk.qtbot.waitUntil(lambda: "After restore" in titles(main), timeout=10_000)


def test_restore_of_a_file_that_is_not_a_backup_changes_nothing(desk: Desk, tmp_path: Path) -> None:
    main = desk.register()
    chats.create_chat(user_named("alice"), "Still here")
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database", encoding="utf-8")
    main.transfers.restore_requested.emit(junk)  # as the confirmation's button does
    restorer = desk.app.restorer
    assert restorer is not None
    desk.qtbot.waitUntil(lambda: restorer.notice is not None, timeout=20_000)
    assert restorer.succeeded is False
    assert restorer.notice is not None
    assert "Nothing was changed" in restorer.notice.text()
    assert "Traceback" not in restorer.notice.text()
    assert [c.title for c in Chat.select()] == ["Still here"]
    desk.qtbot.waitUntil(lambda: desk.app.server.state[0] == "listening")


def test_restore_on_postgresql_says_so_and_stops_nothing(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = desk.register()
    desk.wait_server()
    monkeypatch.setattr("chatdesk.services.backup.available", lambda: False)
    assert main.transfers.confirm_restore(tmp_path / "x.sqlite3") is None
    message = main.transfers.message
    assert isinstance(message, QMessageBox) and message.isVisible()
    assert "pg_dump" in message.text()
    assert desk.app.server.state[0] == "listening" and desk.app.main_window is main


@pytest.fixture
def chinese(settings_file: Path) -> Path:
    settings_file.write_text("[ui]\nlanguage=zh\ntheme=light\n", encoding="utf-8")
    return settings_file


def test_the_file_menu_and_import_report_in_chinese(
    chinese: Path, desk: Desk, realdata: Path
) -> None:
    main = desk.register()
    texts = [a.text() for group in main.transfers.actions() for a in group]
    assert texts == [
        "导入对话(&I)…",
        "从文件夹导入对话(&F)…",
        "导出所选对话(&E)…",
        "导出此文件夹(&T)…",  # the list's folder, tag or archive (none chosen yet)
        "导出全部对话(&A)…",
        "备份(&B)…",
        "从备份恢复(&R)…",
    ]
    main.transfers.set_view(ChatFilter(folder_id=7, subfolders=True), "工作")
    assert main.transfers.export_view_action.text() == "导出此文件夹（工作）(&T)…"
    main.transfers.set_view(ChatFilter(archived=True))
    assert main.transfers.export_view_action.text() == "导出归档(&H)…"
    dialog = main.transfers.import_file(realdata / CLAUDE)
    assert dialog is not None
    assert dialog.cancel_button.text() == "取消"
    text = finished(desk, dialog)
    assert dialog.windowTitle() == "导入完成"
    assert "已读取对话：85（Claude: 85）。" in text and "新建对话：85" in text


def test_a_prompt_collection_picked_in_import_goes_to_the_gallery(
    desk: Desk, realdata: Path
) -> None:
    main = desk.register()
    dialog = main.transfers.import_file(
        realdata / "prompts/PlexPt_awesome-chatgpt-prompts-zh__prompts-zh.json"
    )
    assert dialog is not None
    text = finished(desk, dialog)
    assert dialog.heading.text().endswith("into the prompt gallery")
    read = int(text.split("Prompts read: ")[1].split("\n")[0])
    added = int(text.split("Added: ")[1].split("\n")[0])
    assert read > 100 and 0 < added <= read
    assert main.statusBar().currentMessage() == f"Added {added} prompts to the gallery"


def test_export_all_chats_and_a_failure_is_a_message(desk: Desk, tmp_path: Path) -> None:
    main = desk.register()
    alice = user_named("alice")
    for title in ("one", "two", "three"):
        chats.add_message(alice, chats.create_chat(alice, title).id, "user", title)
    target = tmp_path / "all.json"
    assert main.transfers.export_to(target, "json", []) is not None  # no ids: every chat
    desk.qtbot.waitUntil(lambda: "Chats exported: 3" in main.statusBar().currentMessage())
    exported = json.loads(target.read_text("utf-8"))
    assert exported["format"] == "chatdesk-chats"
    assert sorted(c["title"] for c in exported["chats"]) == ["one", "three", "two"]

    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    main.transfers.export_to(blocker / "inside" / "x.md", "md", [])  # its folder is a file
    desk.qtbot.waitUntil(lambda: main.transfers.message is not None, timeout=10_000)
    message = main.transfers.message
    assert message is not None and message.isVisible()
    assert message.windowTitle() == "Export failed" and "Traceback" not in message.text()
    assert str(blocker / "inside" / "x.md") in message.text()


def test_file_dialogs_start_in_a_folder_that_exists(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a fresh account has no Documents folder: Qt's dialog then showed "Documents" as a file name
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    main = desk.register()
    assert main.transfers._folder() == str(home)
    (home / "Documents").mkdir()
    assert main.transfers._folder() == str(home / "Documents")
