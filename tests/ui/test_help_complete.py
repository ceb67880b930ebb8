"""Issue 21 item 11: F1 lists every key the app answers to (every QShortcut and every action's
shortcut in the main window, and the keys the prompt cards handle themselves: F, F2, Del), and
the menus that offer those actions show the same keys, from the same source."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMenu

from chatdesk.ui.help import ShortcutsDialog
from chatdesk.ui.main_window import MainWindow
from tests.ui.chats.test_list import titles
from tests.ui.helpers import Desk, find_visible

POPUP_WARNINGS = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
NATIVE = QKeySequence.SequenceFormat.NativeText


def table(desk: Desk, main: MainWindow) -> dict[str, str]:
    main.shortcuts_action.trigger()
    dialog = find_visible(ShortcutsDialog, "shortcutsDialog")
    assert isinstance(dialog, ShortcutsDialog)
    t = dialog.table
    rows = {t.item(r, 0).text(): t.item(r, 1).text() for r in range(t.rowCount())}
    dialog.reject()
    return rows


def listed_keys(rows: dict[str, str]) -> set[str]:
    return {key for keys in rows.values() for key in keys.split(", ")}


def same_key(text: str) -> str:
    """Qt names the main Enter key Return and the keypad's Enter; both add a message, and the
    list says Enter, as people do."""
    return text.replace("Return", "Enter")


def test_every_shortcut_in_the_window_is_listed_by_f1(desk: Desk) -> None:
    main = desk.register()
    rows = table(desk, main)
    listed = {same_key(k) for k in listed_keys(rows)}
    bound: list[tuple[str, str]] = []
    for action in main.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                bound.append((action.objectName() or action.text(), key.toString(NATIVE)))
                assert action.text().strip(), f"{key.toString()} has no name to list"
    for shortcut in main.findChildren(QShortcut):
        for key in list(shortcut.keys()):
            if not key.isEmpty():
                bound.append((type(shortcut.parent()).__name__, key.toString(NATIVE)))
    assert len(bound) > 15
    missing = [(owner, key) for owner, key in bound if same_key(key) not in listed]
    assert missing == []
    # the keys the prompt cards and the gallery's results handle themselves
    assert rows["Star or unstar the prompt"] == "F, Ctrl+D"
    assert rows["Edit the prompt"] == "F2"
    assert rows["Delete the prompt"] == "Del"
    assert rows["Copy the message"].startswith("Ctrl+C")
    assert rows["Select all chats"] == "Ctrl+A"
    assert rows["Rename the folder chosen in the tree"] == "F2"


def popup() -> QMenu:
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def entries(menu: QMenu) -> dict[str, str]:
    """A menu's entries: their text before the tab, and the keys shown after it (or the
    action's shortcut, which the menu shows the same way)."""
    out: dict[str, str] = {}
    for action in menu.actions():
        if action.isSeparator():
            continue
        name, _, keys = action.text().partition("\t")
        out[name] = keys or action.shortcut().toString(NATIVE)
    return out


@POPUP_WARNINGS
def test_the_menus_show_the_keys_f1_lists(desk: Desk) -> None:
    main = desk.register()
    gallery = main.gallery
    card = next(c for c in gallery.cards if c.isVisible() and c.prompt is not None)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(5, 5), card.mapToGlobal(QPoint(5, 5))
    )
    card.contextMenuEvent(event)
    shown = entries(popup())
    popup().close()
    assert shown["Edit…"] == "F2" and shown["Delete"] == "Del"
    star = "Remove from favorites" if card.star.isChecked() else "Add to favorites"
    assert shown[star] == "F, Ctrl+D"

    desk.qtbot.keyClicks(gallery.search, "a")
    desk.qtbot.waitUntil(lambda: gallery.results_model.rowCount() > 0)
    first = gallery.results_model.index(0)
    gallery.results.customContextMenuRequested.emit(gallery.results.visualRect(first).center())
    desk.qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    shown = entries(popup())
    popup().close()
    assert shown["Edit…"] == "F2" and shown["Delete"] == "Del"
    assert any(shown.get(s) == "F, Ctrl+D" for s in ("Add to favorites", "Remove from favorites"))

    from chatdesk.services import chats, folders

    user = main.session.user
    chats.create_chat(user, "one")
    work = folders.create_folder(user, "Work")
    desk.qtbot.waitUntil(lambda: titles(main) == ["one"])
    view = main.chat_list.view
    view.customContextMenuRequested.emit(view.visualRect(main.chat_list.model.index(0)).center())
    desk.qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    shown = entries(popup())
    popup().close()
    assert shown["Rename"] == "F2" and shown["Delete…"] == "Del"

    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: tree.tree.index_of(("folder", work.id)).isValid())
    rect = tree.visualRect(tree.tree.index_of(("folder", work.id)))
    tree.customContextMenuRequested.emit(rect.center())
    desk.qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    shown = entries(popup())
    popup().close()
    assert shown["Rename"] == "F2" and shown["New folder"] == "Ctrl+Shift+N"
