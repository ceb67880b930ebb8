"""The folder tree (issue 13 item 4): its model, filtering the chat list by folder, tag and the
Archive, dragging chats onto a folder, the chat menu's move, tag and archive with Undo, folders
made, renamed and deleted (with Undo), live refresh from another thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QMessageBox, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from chatdesk.services import accounts, archive, chats, folders, tags
from chatdesk.services.accounts import AccountRef
from chatdesk.services.chat_filter import NO_FOLDER, ChatFilter
from chatdesk.services.folders import FolderInfo
from chatdesk.services.tags import TagInfo
from chatdesk.ui.chats.folders import ARCHIVE, FOLDER, NONE, TAG, FolderTree, FolderTreeModel
from chatdesk.ui.chats.mime import CHAT_IDS_MIME, chat_ids_mime
from chatdesk.ui.chats.model import ChatListModel
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.tasks import Tasks
from tests.ui.chats.test_list import titles
from tests.ui.helpers import Desk, find_visible

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
POPUP_WARNINGS = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


def shown(main: MainWindow) -> list[str]:
    """The titles listed, sorted (a row not loaded yet as "None")."""
    return sorted(str(t) for t in titles(main))


def folder_of(user: AccountRef, chat_id: int) -> int | None:
    return {s.id: s.folder_id for s in chats.summaries(user, [chat_id])}[chat_id]


def row_texts(tree: FolderTreeModel, parent: QModelIndex | None = None) -> list[str]:
    """Every row's name and count, depth first, indented by depth."""
    out: list[str] = []

    def walk(index: QModelIndex, depth: int) -> None:
        for row in range(tree.rowCount(index)):
            child = tree.index(row, 0, index)
            count = child.data(FolderTreeModel.CountRole)
            out.append("  " * depth + str(child.data()) + ("" if count is None else f" {count}"))
            walk(child, depth + 1)

    walk(parent or QModelIndex(), 0)
    return out


def library(user: AccountRef) -> dict[str, int]:
    """Work (with Review inside) holding "w1" and "r1", "loose" in none, "old" archived, a tag
    "red" on w1 and loose."""
    ids = {t: chats.create_chat(user, t).id for t in ("old", "loose", "r1", "w1")}
    work = folders.create_folder(user, "Work")
    review = folders.create_folder(user, "Review", work.id)
    folders.move_chats(user, [ids["w1"]], work.id)
    folders.move_chats(user, [ids["r1"]], review.id)
    red = tags.create_tag(user, "red", "#ff0000")
    tags.tag_chats(user, [ids["w1"], ids["loose"]], [red.id])
    archive.archive_chats(user, [ids["old"]])
    return {**ids, "work": work.id, "review": review.id, "red": red.id}


def test_the_tree_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = FolderTreeModel()
    model.build(
        [FolderInfo(1, "Work", None, 0, 1, 3), FolderInfo(2, "Review", 1, 0, 2, 2)],
        [TagInfo(5, "red", "#ff0000", 4), TagInfo(6, "plain", "", 0)],
        10,
        4,
        2,
    )
    assert row_texts(model) == [
        "All chats 10",
        "Work 3",
        "  Review 2",
        "No folder 4",
        "Tags",
        "  red 4",
        "  plain 0",
        "Archive 2",
    ]
    qtmodeltester.check(model, force_py=True)
    model.build([], [], 0, 0, 0)  # no tags: no heading
    assert row_texts(model) == ["All chats 0", "No folder 0", "Archive 0"]
    qtmodeltester.check(model, force_py=True)


def test_the_tree_reads_a_users_library_with_counts(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_store: str
) -> None:
    user = accounts.register("mia", "secret1")
    library(user)
    tasks = Tasks()
    tree = FolderTree(tasks)
    try:
        tree.start(user)
        qtbot.waitUntil(lambda: tree.tree.rowCount() == 5)
        tree.expandAll()
        assert row_texts(tree.tree) == [
            "All chats 3",
            "Work 2",  # with Review's
            "  Review 1",
            "No folder 1",
            "Tags",
            "  red 2",
            "Archive 1",
        ]
        qtmodeltester.check(tree.tree, force_py=True)
    finally:
        tree.deleteLater()
        tasks.shutdown()


def test_choosing_a_row_filters_the_chat_list(desk: Desk) -> None:
    main = desk.register()
    ids = library(main.session.user)
    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: shown(main) == ["loose", "r1", "w1"])  # not "old"
    desk.qtbot.waitUntil(lambda: tree.tree.index_of((FOLDER, ids["work"])).isValid())
    expect = {
        (FOLDER, ids["work"]): ["r1", "w1"],
        (FOLDER, ids["review"]): ["r1"],
        (NONE, 0): ["loose"],
        (TAG, ids["red"]): ["loose", "w1"],
        (ARCHIVE, 0): ["old"],
        ("all", 0): ["loose", "r1", "w1"],
    }
    for key, want in expect.items():
        tree.choose(key)
        assert tree.chosen == key
        desk.qtbot.waitUntil(lambda want=want: shown(main) == want)
    tags.tag_chats(main.session.user, [ids["old"]], [ids["red"]])  # archived: not under its tag
    tree.choose((TAG, ids["red"]))
    desk.qtbot.waitUntil(lambda: shown(main) == ["loose", "w1"])
    desk.idle()
    assert shown(main) == ["loose", "w1"]
    tree.choose((ARCHIVE, 0))
    assert main.chat_list.model.where == ChatFilter(archived=True)
    tree.choose((NONE, 0))
    assert main.chat_list.model.where == ChatFilter(folder_id=NO_FOLDER)


def test_a_list_chosen_keeps_the_open_chat_only_if_it_lists_it(desk: Desk) -> None:
    """Choosing a row of the tree is going somewhere else: the thread pane shows a chat of the
    list, selected, or nothing (not a chat the list does not have)."""
    main = desk.register()
    ids = library(main.session.user)
    panel, tree = main.chat_list, main.folder_tree
    desk.qtbot.waitUntil(lambda: titles(main) == ["w1", "r1", "loose"])
    desk.qtbot.waitUntil(lambda: tree.tree.index_of((FOLDER, ids["work"])).isValid())

    def selected() -> list[int]:
        return [panel.model.id_at(i.row()) for i in panel.view.selectionModel().selectedRows()]

    panel.view.setCurrentIndex(panel.model.index(1))  # r1, in Review inside Work
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids["r1"])
    tree.choose((FOLDER, ids["work"]))  # lists it: it stays open and is selected again
    desk.qtbot.waitUntil(lambda: titles(main) == ["w1", "r1"])
    desk.qtbot.waitUntil(lambda: selected() == [ids["r1"]])
    assert main.messages.chat_id == ids["r1"] and main.chat_title.text() == "r1"
    tree.choose((TAG, ids["red"]))  # r1 does not carry red: the thread clears
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == 0)
    assert titles(main) == ["w1", "loose"] and selected() == []
    assert main.chat_title.text().startswith("No chat open")
    tree.choose((ARCHIVE, 0))
    desk.qtbot.waitUntil(lambda: titles(main) == ["old"])
    panel.view.setCurrentIndex(panel.model.index(0))
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids["old"])
    tree.choose(("all", 0))  # an archived chat is not in All chats
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == 0)
    desk.qtbot.waitUntil(lambda: titles(main) == ["w1", "r1", "loose"])
    desk.idle()
    assert selected() == [] and main.messages.chat_id == 0
    panel.view.setCurrentIndex(panel.model.index(2))  # loose: in no folder, tagged red
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids["loose"])
    for key in ((NONE, 0), (TAG, ids["red"])):
        tree.choose(key)
        desk.qtbot.waitUntil(lambda: selected() == [ids["loose"]])
        assert main.messages.chat_id == ids["loose"]


def test_dragging_chats_onto_a_folder_moves_them_and_undo_moves_them_back(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    ids = library(user)
    panel, tree = main.chat_list, main.folder_tree
    desk.qtbot.waitUntil(lambda: shown(main) == ["loose", "r1", "w1"])
    desk.qtbot.waitUntil(lambda: tree.tree.index_of((FOLDER, ids["review"])).isValid())
    panel.view.selectAll()
    rows = [panel.model.index(r) for r in range(3)]
    data = panel.model.mimeData(rows)  # what the list view's drag carries
    assert sorted(panel.model.mimeTypes()) == [CHAT_IDS_MIME]
    assert panel.model.flags(rows[0]) & Qt.ItemFlag.ItemIsDragEnabled
    target = tree.tree.index_of((FOLDER, ids["review"]))
    action = Qt.DropAction.MoveAction
    assert tree.tree.canDropMimeData(data, action, -1, -1, target)
    assert not tree.tree.canDropMimeData(data, action, -1, -1, tree.tree.index_of(("all", 0)))
    tree.tree.dropMimeData(data, action, -1, -1, target)
    review = ids["review"]
    desk.qtbot.waitUntil(
        lambda: all(folder_of(user, ids[t]) == review for t in ("loose", "r1", "w1"))
    )
    desk.qtbot.waitUntil(
        lambda: tree.tree.index_of((FOLDER, review)).data(FolderTreeModel.CountRole) == 3
    )
    undo = main.undo_button
    desk.qtbot.waitUntil(lambda: undo.isVisible())
    assert "3 chats" in undo.text()
    desk.qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: folder_of(user, ids["loose"]) is None)
    assert folder_of(user, ids["w1"]) == ids["work"]
    assert folder_of(user, ids["r1"]) == review
    assert not undo.isVisible()
    # onto the Archive: archived; onto a tag: tagged
    tree.tree.dropMimeData(
        chat_ids_mime([ids["r1"]]), action, -1, -1, tree.tree.index_of((TAG, ids["red"]))
    )
    desk.qtbot.waitUntil(
        lambda: [t.name for t in tags.tags_of([ids["r1"]]).get(ids["r1"], [])] == ["red"]
    )
    tree.tree.dropMimeData(
        chat_ids_mime([ids["r1"]]), action, -1, -1, tree.tree.index_of((ARCHIVE, 0))
    )
    desk.qtbot.waitUntil(lambda: shown(main) == ["loose", "w1"])


def menu_action(menu: QMenu, name: str):
    found = menu.findChild(type(menu.actions()[0]), name) if menu.actions() else None
    if found is None:
        found = next((a for a in menu.actions() if a.objectName() == name), None)
    assert found is not None, name
    return found


@POPUP_WARNINGS
def test_the_chat_menu_moves_tags_and_archives_several_chats_with_undo(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    ids = library(user)
    panel, tree = main.chat_list, main.folder_tree
    view = panel.view
    desk.qtbot.waitUntil(lambda: titles(main) == ["w1", "r1", "loose"])
    desk.qtbot.waitUntil(lambda: len(tree.tree.folders) == 2)
    view.setFocus()
    view.setCurrentIndex(panel.model.index(0))
    view.selectionModel().select(panel.model.index(2), view.selectionModel().SelectionFlag.Select)
    assert sorted(panel.selected_chat_ids()) == sorted([ids["w1"], ids["loose"]])

    # Move to folder: the menu lists No folder and every folder, indented
    move = QMenu()
    panel.fill_move_menu(move)
    assert [a.text() for a in move.actions() if not a.isSeparator()] == [
        "No folder",
        "Work",
        "    Review",
    ]
    menu_action(move, f"moveToFolder{ids['review']}").trigger()
    desk.qtbot.waitUntil(lambda: folder_of(user, ids["loose"]) == ids["review"])
    assert folder_of(user, ids["w1"]) == ids["review"]
    desk.qtbot.waitUntil(lambda: main.undo_button.isVisible())
    desk.qtbot.keyClick(main, Qt.Key.Key_Z, CTRL)  # Undo by key
    desk.qtbot.waitUntil(lambda: folder_of(user, ids["loose"]) is None)
    assert folder_of(user, ids["w1"]) == ids["work"]

    # Tags: both carry "red": checked, and choosing it takes it off both
    desk.qtbot.waitUntil(
        lambda: panel.model.tags_carried(panel.selected_chat_ids()) == {ids["red"]}
    )
    tagging = QMenu()
    panel.fill_tags_menu(tagging)
    red = menu_action(tagging, f"tag{ids['red']}")
    assert red.isChecked()
    red.trigger()
    desk.qtbot.waitUntil(lambda: tags.tags_of([ids["w1"], ids["loose"]]) == {})
    desk.qtbot.waitUntil(lambda: panel.model.tags_carried(panel.selected_chat_ids()) == set())
    desk.qtbot.waitUntil(lambda: "put the tag “red” back on 2 chats" in main.undo_button.text())
    desk.qtbot.keyClick(main, Qt.Key.Key_Z, CTRL)  # Undo: red back on both
    desk.qtbot.waitUntil(lambda: len(tags.tags_of([ids["w1"], ids["loose"]])) == 2)
    # added to w1 and r1: only r1 gets it, and Undo takes it off r1 alone
    view.selectionModel().clearSelection()
    view.setCurrentIndex(panel.model.index(0))
    view.selectionModel().select(panel.model.index(1), view.selectionModel().SelectionFlag.Select)
    desk.qtbot.waitUntil(lambda: panel.model.tags_carried(panel.selected_chat_ids()) == set())
    tagging = QMenu()
    panel.fill_tags_menu(tagging)
    red = menu_action(tagging, f"tag{ids['red']}")
    assert not red.isChecked()
    red.trigger()
    desk.qtbot.waitUntil(lambda: ids["r1"] in tags.tags_of([ids["r1"]]))
    desk.qtbot.waitUntil(lambda: main.undo_button.text() == "Undo: take the tag “red” off “r1”")
    desk.qtbot.mouseClick(main.undo_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: ids["r1"] not in tags.tags_of([ids["r1"]]))
    assert set(tags.tags_of([ids["w1"], ids["loose"]])) == {ids["w1"], ids["loose"]}
    view.selectionModel().clearSelection()
    view.setCurrentIndex(panel.model.index(0))
    view.selectionModel().select(panel.model.index(2), view.selectionModel().SelectionFlag.Select)
    view.setFocus()

    # Archive by key: out of the list, in the Archive; Undo puts them back
    assert panel.archive_action.shortcut().toString() == "Ctrl+Shift+A"
    desk.qtbot.keyClick(view, Qt.Key.Key_A, CTRL | SHIFT)
    desk.qtbot.waitUntil(lambda: titles(main) == ["r1"])
    assert {c.id for c in chats.chats_after(user, where=ChatFilter(archived=True))} == {
        ids["old"],
        ids["w1"],
        ids["loose"],
    }
    desk.qtbot.waitUntil(lambda: main.undo_button.isVisible())
    assert "2 chats" in main.undo_button.text()
    desk.qtbot.mouseClick(main.undo_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: titles(main) == ["w1", "r1", "loose"])

    # In the Archive the same key unarchives
    tree.choose((ARCHIVE, 0))
    desk.qtbot.waitUntil(lambda: titles(main) == ["old"])
    assert panel.archive_action.text() == "Unarchive"
    view.setFocus()
    view.setCurrentIndex(panel.model.index(0))
    desk.qtbot.keyClick(view, Qt.Key.Key_A, CTRL | SHIFT)
    desk.qtbot.waitUntil(lambda: titles(main) == [])
    tree.choose(("all", 0))
    desk.qtbot.waitUntil(lambda: shown(main) == ["loose", "old", "r1", "w1"])


@POPUP_WARNINGS
def test_the_right_click_menu_offers_move_tags_and_archive(desk: Desk) -> None:
    main = desk.register()
    library(main.session.user)
    view = main.chat_list.view
    desk.qtbot.waitUntil(lambda: titles(main) == ["w1", "r1", "loose"])
    view.customContextMenuRequested.emit(view.visualRect(main.chat_list.model.index(0)).center())
    desk.qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    subs = {a.menu().objectName() for a in menu.actions() if a.menu() is not None}
    assert subs == {"moveToFolderMenu", "tagsMenu"}
    assert "Archive" in [a.text() for a in menu.actions()]
    menu.close()


def test_changes_while_a_name_is_edited_wait_for_the_editor(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree is not rebuilt under the person's typing, nor read again and again meanwhile:
    what changed is read once, and shown when the editor closes."""
    from chatdesk.ui.chats import ops

    main = desk.register()
    user = main.session.user
    ids = library(user)
    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: "Work 2" in row_texts(tree.tree))
    reads = []
    real = ops.list_tree
    monkeypatch.setattr(ops, "list_tree", lambda *a, **k: (reads.append(1), real(*a, **k)))
    tree.choose((FOLDER, ids["work"]))
    tree.setFocus()
    tree.rename_current()
    editor = next(e for e in tree.viewport().findChildren(QLineEdit) if e.isVisible())
    desk.qtbot.keyClicks(editor, "Jo")
    chats.create_chat(user, "elsewhere")  # another window, say
    folders.move_chats(user, [ids["loose"]], ids["work"])
    desk.qtbot.waitUntil(lambda: len(reads) == 1)
    desk.qtbot.wait(1000)  # REFRESH_MS is 120: no polling meanwhile
    assert len(reads) == 1 and "Work 2" in row_texts(tree.tree) and editor.isVisible()
    desk.qtbot.keyClick(editor, Qt.Key.Key_Escape)
    desk.qtbot.waitUntil(lambda: "Work 3" in row_texts(tree.tree))
    assert len(reads) == 2


def test_folders_made_renamed_and_deleted_from_the_tree_with_undo(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    ids = library(user)
    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: len(tree.tree.folders) == 2)
    tree.setFocus()
    desk.qtbot.keyClick(tree, Qt.Key.Key_N, CTRL | SHIFT)  # a new folder, its name edited
    desk.qtbot.waitUntil(lambda: [f.name for f in folders.list_folders(user)][-1] == "New folder")
    desk.qtbot.waitUntil(
        lambda: any(e.isVisible() for e in tree.viewport().findChildren(QLineEdit))
    )
    editor = next(e for e in tree.viewport().findChildren(QLineEdit) if e.isVisible())
    editor.selectAll()
    desk.qtbot.keyClicks(editor, "Trips")
    desk.qtbot.keyClick(editor, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: [f.name for f in folders.list_folders(user)][-1] == "Trips")
    desk.qtbot.waitUntil(lambda: "Trips 0" in row_texts(tree.tree))

    # F2 renames the folder chosen in the tree (the window's F2 renames chats elsewhere)
    tree.choose((FOLDER, ids["work"]))
    tree.setFocus()
    desk.qtbot.waitUntil(tree.hasFocus)
    main.rename_action.trigger()
    desk.qtbot.waitUntil(
        lambda: any(e.isVisible() for e in tree.viewport().findChildren(QLineEdit))
    )
    editor = next(e for e in tree.viewport().findChildren(QLineEdit) if e.isVisible())
    editor.selectAll()
    desk.qtbot.keyClicks(editor, "Job")
    desk.qtbot.keyClick(editor, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: "Job" in [f.name for f in folders.list_folders(user)])
    desk.qtbot.waitUntil(lambda: "Job 2" in row_texts(tree.tree))

    # Del: the chats move out (to the top: Job's parent), then Undo puts it all back
    tree.choose((FOLDER, ids["work"]))
    desk.qtbot.keyClick(tree, Qt.Key.Key_Delete)
    box = find_visible(QMessageBox, "deleteFolderConfirm")
    assert isinstance(box, QMessageBox)
    assert "Job" in box.text()
    keep = box.findChild(QPushButton, "keepChatsButton")
    desk.qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: [f.name for f in folders.list_folders(user)] == ["Trips"])
    assert folder_of(user, ids["w1"]) is None and folder_of(user, ids["r1"]) is None
    desk.qtbot.waitUntil(lambda: "Job" not in " ".join(row_texts(tree.tree)))
    assert tree.chosen == ("all", 0)  # the folder shown went: all chats again
    undo = main.undo_button
    desk.qtbot.waitUntil(lambda: undo.isVisible() and "Job" in undo.text())
    desk.qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: len(folders.list_folders(user)) == 3)
    back = {f.name: f.id for f in folders.list_folders(user)}
    assert folder_of(user, ids["w1"]) == back["Job"]
    assert folder_of(user, ids["r1"]) == back["Review"]

    # Del, the chats too: deleted, and back with Undo
    desk.qtbot.waitUntil(lambda: tree.tree.index_of((FOLDER, back["Review"])).isValid())
    tree.choose((FOLDER, back["Review"]))
    main.activateWindow()  # back from the message box
    tree.setFocus()
    desk.qtbot.waitUntil(lambda: tree.chosen == (FOLDER, back["Review"]))
    desk.qtbot.waitUntil(tree.hasFocus)
    desk.qtbot.keyClick(tree, Qt.Key.Key_Delete)
    box = find_visible(QMessageBox, "deleteFolderConfirm")
    assert isinstance(box, QMessageBox)
    desk.qtbot.mouseClick(
        box.findChild(QPushButton, "deleteChatsButton"), Qt.MouseButton.LeftButton
    )
    desk.qtbot.waitUntil(lambda: shown(main) == ["loose", "w1"])
    desk.qtbot.waitUntil(lambda: undo.isVisible() and "Review" in undo.text())
    desk.qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: shown(main) == ["loose", "r1", "w1"])


def test_the_tree_follows_changes_made_on_another_thread(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    chat = chats.create_chat(user, "from afar")
    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: "No folder 1" in row_texts(tree.tree))

    def elsewhere() -> None:  # as the API's threads write
        folder = folders.create_folder(user, "Remote")
        folders.move_chats(user, [chat.id], folder.id)
        tag = tags.create_tag(user, "blue", "#0000ff")
        tags.tag_chats(user, [chat.id], [tag.id])

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    desk.qtbot.waitUntil(lambda: "Remote 1" in row_texts(tree.tree))
    tree.expandAll()
    assert "No folder 0" in row_texts(tree.tree)
    assert "  blue 1" in row_texts(tree.tree)
    model = main.chat_list.model
    desk.qtbot.waitUntil(
        lambda: [t.name for t in model.index(0).data(ChatListModel.TagsRole)] == ["blue"]
    )


def test_keyboard_the_tree_takes_the_focus_and_tab_goes_on_to_the_list(desk: Desk) -> None:
    main = desk.register()
    ids = library(main.session.user)
    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: tree.tree.index_of((FOLDER, ids["work"])).isValid())
    assert tree.focusPolicy() & Qt.FocusPolicy.TabFocus
    tree.setFocus()
    desk.qtbot.waitUntil(tree.hasFocus)
    desk.qtbot.keyClick(tree, Qt.Key.Key_Home)
    desk.qtbot.keyClick(tree, Qt.Key.Key_Down)  # All chats -> Work
    assert tree.chosen == (FOLDER, ids["work"])
    desk.qtbot.waitUntil(lambda: shown(main) == ["r1", "w1"])
    desk.qtbot.keyClick(tree, Qt.Key.Key_Tab)
    desk.qtbot.waitUntil(lambda: main.chat_list.search.hasFocus())


def test_main_window_has_the_tree_beside_the_list(desk: Desk) -> None:
    main: MainWindow = desk.register()
    assert main.findChild(FolderTree, "folderTree") is main.folder_tree
    assert main.folder_tree.isVisible()


def test_chips_fit_the_preview_line_and_the_rest_show_as_a_count(qtbot: QtBot) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from chatdesk.ui.chats.row_delegate import draw_chips

    many = [TagInfo(i, f"tag number {i}", "#3366cc" if i % 2 else "") for i in range(12)]
    image = QImage(400, 40, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        rect = QRect(10, 10, 300, 20)
        left = draw_chips(painter, rect, many, QFont(), False, QColor("black"))
        assert rect.left() + rect.width() // 3 < left < rect.right()  # some chips, not all
        assert draw_chips(painter, rect, many[:1], QFont(), True, QColor("black")) > left
        assert draw_chips(painter, QRect(0, 0, 20, 20), many, QFont(), False, QColor("black"))
    finally:
        painter.end()
    assert image.pixelColor(rect.right() - 2, 20) != QColor("white")  # drawn at the end


def test_search_hits_say_their_chats_folder_and_tags(desk: Desk) -> None:
    from chatdesk.ui.chats.search_model import SearchHitsModel

    main = desk.register()
    user = main.session.user
    ids = library(user)
    chats.add_message(user, ids["w1"], "user", "Three days in Kyoto")
    chats.add_message(user, ids["loose"], "user", "Kyoto in winter")
    panel = main.chat_list
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 3)
    desk.qtbot.mouseClick(panel.in_messages, Qt.MouseButton.LeftButton)
    desk.qtbot.keyClicks(panel.search, "kyoto")
    desk.qtbot.waitUntil(lambda: panel.hits.rowCount() == 2)
    got = {
        panel.hits.index(r).data(): (
            panel.hits.index(r).data(SearchHitsModel.FolderRole),
            [t.name for t in panel.hits.index(r).data(SearchHitsModel.TagsRole)],
        )
        for r in range(2)
    }
    assert got == {"w1": ("Work", ["red"]), "loose": ("", ["red"])}
    panel.hits_view.viewport().repaint()  # the delegate draws them


def test_new_folder_from_anywhere_in_the_window(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    main.chat_list.view.setFocus()
    desk.qtbot.waitUntil(main.chat_list.view.hasFocus)
    desk.qtbot.keyClick(main.chat_list.view, Qt.Key.Key_N, CTRL | SHIFT)
    desk.qtbot.waitUntil(lambda: [f.name for f in folders.list_folders(user)] == ["New folder"])


def test_the_edit_menu_offers_the_filing_actions(desk: Desk) -> None:
    main = desk.register()
    library(main.session.user)
    desk.qtbot.waitUntil(lambda: titles(main) == ["w1", "r1", "loose"])
    names = [a.objectName() for a in main.edit_menu.actions()]
    for name in ("moveToFolderAction", "tagsAction", "archiveAction", "newFolderAction"):
        assert name in names
    main.chat_list.view.setCurrentIndex(main.chat_list.model.index(0))
    archive = next(a for a in main.edit_menu.actions() if a.objectName() == "archiveAction")
    archive.trigger()  # as chosen from the menu
    desk.qtbot.waitUntil(lambda: titles(main) == ["r1", "loose"])


def test_move_and_tag_menus_show_names_with_ampersands_and_cut_long_ones(desk: Desk) -> None:
    """A folder "R&D" and a tag "Q&A" are shown with their "&" (a single one would be taken for
    the entry's mnemonic and vanish); a name of 100 characters is cut."""
    main = desk.register()
    user = main.session.user
    rd = folders.create_folder(user, "R&D")
    long_name = "L" * 100
    folders.create_folder(user, long_name, parent_id=rd.id)
    tags.create_tag(user, "Q&A")
    chats.create_chat(user, "a chat")
    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: len(tree.tree.folders) == 2 and len(tree.tree.tags) == 1)
    move, tagging = QMenu(), QMenu()
    main.chat_list.fill_move_menu(move)
    main.chat_list.fill_tags_menu(tagging)
    assert [a.text() for a in move.actions() if not a.isSeparator()] == [
        "No folder",
        "R&&D",
        "    " + "L" * 39 + "…",
    ]
    assert next(a.text() for a in tagging.actions() if not a.isSeparator()) == "Q&&A"
