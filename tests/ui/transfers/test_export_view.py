"""File > Export this folder… (issue 13 item 6): the chats of the folder, tag or archive the list
shows, chosen in the folder tree with the mouse, written by the window's export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from chatdesk.services import archive, chats, folders, tags
from chatdesk.services.chat_filter import ChatFilter
from chatdesk.ui.chats.folders import ARCHIVE, FOLDER, TAG
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.transfers.controller import plain_label
from tests.ui.helpers import Desk

JSON_FILTER = "JSON, can be imported again (*.json)"


def library(main: MainWindow) -> dict[str, int]:
    user = main.session.user
    work = folders.create_folder(user, "Work")
    clients = folders.create_folder(user, "客户", work.id)
    red = tags.create_tag(user, "red", "#ff0000")
    ids = {"work": work.id, "clients": clients.id, "red": red.id}
    for title in ("w1", "c1", "old", "loose"):
        ids[title] = chats.create_chat(user, title).id
        chats.add_message(user, ids[title], "user", f"text of {title}")
    folders.move_chats(user, [ids["w1"]], work.id)
    folders.move_chats(user, [ids["c1"], ids["old"]], clients.id)
    tags.tag_chats(user, [ids["c1"], ids["loose"]], [red.id])
    archive.archive_chats(user, [ids["old"]])
    return ids


def click_row(desk: Desk, main: MainWindow, key: tuple[str, int]) -> None:
    """Click the folder tree's row ``key`` as a person would (expanding its parents)."""
    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: tree.tree.index_of(key).isValid(), timeout=10_000)
    index = tree.tree.index_of(key)
    parent = index.parent()
    while parent.isValid():
        tree.expand(parent)
        parent = parent.parent()
    tree.scrollTo(index)
    desk.qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )
    desk.qtbot.waitUntil(lambda: tree.chosen == key)


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path, chosen: str) -> list[str]:
    """The save dialog answers ``path``; returns the titles it was shown with."""
    asked: list[str] = []

    def answer(parent: Any, title: str, *rest: Any) -> tuple[str, str]:
        asked.append(title)
        return str(path), chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return asked


def exported(desk: Desk, main: MainWindow, count: int) -> None:
    desk.qtbot.waitUntil(
        lambda: f"Chats exported: {count}," in main.statusBar().currentMessage(), timeout=10_000
    )
    main.statusBar().clearMessage()


def test_export_the_folder_the_list_shows(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = desk.register()
    ids = library(main)
    action = main.transfers.export_view_action
    assert action in main.file_menu.actions() and action.objectName() == "exportViewAction"
    assert not action.isEnabled()  # every chat is shown: nothing to choose

    click_row(desk, main, (FOLDER, ids["work"]))
    assert action.isEnabled() and action.text() == "Export &this folder (Work)…"
    asked = save_as(monkeypatch, tmp_path / "work", JSON_FILTER)
    action.trigger()
    exported(desk, main, 3)  # with the sub-folder's chats, the archived one too
    assert asked == ["Export this folder (Work)"]
    data = json.loads((tmp_path / "work.json").read_text(encoding="utf-8"))
    filed = {c["title"]: (c["folder"], [t["name"] for t in c["tags"]]) for c in data["chats"]}
    assert filed == {
        "w1": (["Work"], []),
        "c1": (["Work", "客户"], ["red"]),
        "old": (["Work", "客户"], []),
    }

    click_row(desk, main, (TAG, ids["red"]))
    assert action.text() == "Export the chats &tagged red…"
    save_as(monkeypatch, tmp_path / "red.md", "Markdown (*.md)")
    action.trigger()
    exported(desk, main, 2)
    text = (tmp_path / "red.md").read_text(encoding="utf-8")
    assert "# c1" in text and "# loose" in text and "# w1" not in text
    assert "Folder: Work / 客户 · Tags: red" in text

    click_row(desk, main, (ARCHIVE, 0))
    save_as(monkeypatch, tmp_path / "archive.html", "Web page (*.html)")
    action.trigger()
    exported(desk, main, 1)
    assert '<span class="flag">Archived</span>' in (tmp_path / "archive.html").read_text("utf-8")

    click_row(desk, main, ("all", 0))
    assert not action.isEnabled()


def test_a_folder_deleted_meanwhile_writes_nothing(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = desk.register()
    ids = library(main)
    click_row(desk, main, (FOLDER, ids["clients"]))
    folders.delete_folder(main.session.user, ids["clients"])  # from elsewhere, e.g. the API
    job = main.transfers.export_view_to(tmp_path / "gone.md", "md")
    assert job is not None
    desk.qtbot.waitUntil(lambda: main.transfers.message is not None, timeout=10_000)
    box = main.transfers.message
    assert box is not None and "That folder or tag is gone" in box.text()
    assert not any(p.suffix in (".md", ".part") for p in tmp_path.iterdir())
    box.close()


def test_a_menu_entry_shows_a_long_or_ampersand_name_as_it_is(desk: Desk) -> None:
    """A name with ``&`` shows its ``&`` (not a mnemonic), a long one is cut; the save dialog's
    title is the entry's text without its mnemonic, in both languages' forms."""
    main = desk.register()
    main.transfers.set_view(ChatFilter(folder_id=7), "R&D")
    assert main.transfers.export_view_action.text() == "Export &this folder (R&&D)…"
    assert plain_label(main.transfers.export_view_action.text()) == "Export this folder (R&D)"
    main.transfers.set_view(ChatFilter(folder_id=7), "x" * 100)
    assert main.transfers.export_view_action.text() == f"Export &this folder ({'x' * 39}…)…"
    assert plain_label("导出此文件夹（工作）(&T)…") == "导出此文件夹（工作）"
