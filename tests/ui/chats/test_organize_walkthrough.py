"""Issue 13's done-means walked through in the windows at scale: 10,000 chats, filed into a
folder by drag and by the bulk menu, tagged many at once by the shortcut, some archived; the
folder tree's counts and the Archive view checked after each step, and each step undone."""

from __future__ import annotations

import time

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QMenu

from chatdesk.services import accounts, chats, folders, tags
from chatdesk.services.chat_filter import ChatFilter
from chatdesk.ui.chats.folders import ALL, ARCHIVE, FOLDER, NONE, TAG, FolderTreeModel
from chatdesk.ui.main_window import MainWindow
from tests import seeding
from tests.ui.chats.test_folders import POPUP_WARNINGS, menu_action
from tests.ui.helpers import Desk

N = 10_000
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def count(main: MainWindow, key: tuple[str, int]) -> int | None:
    """The count the folder tree shows beside a row."""
    index = main.folder_tree.tree.index_of(key)
    return index.data(FolderTreeModel.CountRole) if index.isValid() else None


def select_rows(main: MainWindow, first: int, last: int) -> None:
    """Rows ``first`` to ``last`` selected (as a Shift-click would), ``first`` current."""
    panel = main.chat_list
    model, selection = panel.model, panel.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    selection.setCurrentIndex(model.index(first), flags.ClearAndSelect | flags.Rows)
    selection.select(QItemSelection(model.index(first), model.index(last)), flags.Select)
    panel.view.setFocus()


def undo(desk: Desk, main: MainWindow, text: str) -> None:
    """Ctrl+Z (in the chat list) once the Undo offered names ``text``."""
    desk.qtbot.waitUntil(lambda: text in main.undo_button.text() and main.undo_button.isVisible())
    main.activateWindow()  # back from a popup menu
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    main.chat_list.view.setFocus()
    desk.qtbot.keyClick(main.chat_list.view, Qt.Key.Key_Z, CTRL)
    desk.qtbot.waitUntil(lambda: not main.undo_button.isVisible())


@POPUP_WARNINGS
def test_filing_tagging_and_archiving_10000_chats_with_undo(desk: Desk) -> None:
    started = time.perf_counter()
    user = accounts.register("alice", "secret1")
    ids = seeding.fill_chats(user, N)
    work = folders.create_folder(user, "Work")
    later = folders.create_folder(user, "Later")
    red = tags.create_tag(user, "red", "#ff0000")
    main = desk.sign_in()
    panel, tree = main.chat_list, main.folder_tree
    wait = desk.qtbot.waitUntil
    wait(lambda: panel.model.rowCount() == N and count(main, (ALL, 0)) == N)
    wait(lambda: panel.model.complete)  # every row's chat known: a selection names them all
    assert (count(main, (NONE, 0)), count(main, (FOLDER, work.id))) == (N, 0)

    # 1. 300 chats dragged onto Work: counted there, out of No folder; Undo takes them back
    select_rows(main, 0, 299)
    dragged = panel.selected_chat_ids()
    assert len(dragged) == 300
    rows = [panel.model.index(r) for r in range(300)]
    target = tree.tree.index_of((FOLDER, work.id))
    tree.tree.dropMimeData(panel.model.mimeData(rows), Qt.DropAction.MoveAction, -1, -1, target)
    wait(lambda: count(main, (FOLDER, work.id)) == 300)
    assert count(main, (NONE, 0)) == N - 300 and count(main, (ALL, 0)) == N
    assert {s.folder_id for s in chats.summaries(user, dragged)} == {work.id}
    undo(desk, main, "300 chats")
    wait(lambda: count(main, (FOLDER, work.id)) == 0 and count(main, (NONE, 0)) == N)

    # 2. 1,000 filed into Later by the bulk menu (Ctrl+Shift+M), and back by Undo
    select_rows(main, 1000, 1999)
    desk.qtbot.keyClick(panel.view, Qt.Key.Key_M, CTRL | SHIFT)
    wait(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    menu_action(menu, f"moveToFolder{later.id}").trigger()
    menu.close()
    wait(lambda: count(main, (FOLDER, later.id)) == 1000)
    assert chats.count_chats(user, where=ChatFilter(folder_id=later.id)) == 1000
    tree.choose((FOLDER, later.id))  # the folder's list holds them
    wait(lambda: panel.model.rowCount() == 1000)
    tree.choose((ALL, 0))
    wait(lambda: panel.model.rowCount() == N)
    undo(desk, main, "1000 chats")
    wait(lambda: count(main, (FOLDER, later.id)) == 0 and count(main, (NONE, 0)) == N)

    # 3. every chat tagged red by the shortcut (Ctrl+A, Ctrl+Shift+T), untagged by Undo
    panel.view.setFocus()
    desk.qtbot.keyClick(panel.view, Qt.Key.Key_A, CTRL)
    wait(lambda: len(panel.selected_chat_ids()) == N)
    desk.qtbot.keyClick(panel.view, Qt.Key.Key_T, CTRL | SHIFT)
    wait(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    menu_action(menu, f"tag{red.id}").trigger()
    menu.close()
    wait(lambda: count(main, (TAG, red.id)) == N, timeout=10_000)
    assert chats.count_chats(user, where=ChatFilter(tag_ids=(red.id,))) == N
    undo(desk, main, "“red” off 10000 chats")
    wait(lambda: count(main, (TAG, red.id)) == 0)
    assert tags.tags_of(ids) == {}

    # 4. 50 archived by the shortcut: out of the list and the counts, in the Archive; Undo
    select_rows(main, 0, 49)
    archived = panel.selected_chat_ids()
    desk.qtbot.keyClick(panel.view, Qt.Key.Key_A, CTRL | SHIFT)
    wait(lambda: panel.model.rowCount() == N - 50 and count(main, (ARCHIVE, 0)) == 50)
    assert count(main, (ALL, 0)) == N - 50 and count(main, (NONE, 0)) == N - 50
    tree.choose((ARCHIVE, 0))
    wait(lambda: panel.model.rowCount() == 50)
    desk.idle()
    assert sorted(panel.model.ids()) == sorted(archived)
    assert panel.archive_action.text() == "Unarchive"
    tree.choose((ALL, 0))
    wait(lambda: panel.model.rowCount() == N - 50)
    undo(desk, main, "unarchive 50 chats")
    wait(lambda: count(main, (ARCHIVE, 0)) == 0 and panel.model.rowCount() == N)
    assert count(main, (ALL, 0)) == N
    assert time.perf_counter() - started < 60  # a few seconds on a quiet machine
