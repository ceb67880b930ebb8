"""The Help menu: every keyboard shortcut in one table (F1), and About (version, library, API)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from chatdesk import __version__
from chatdesk.store.db import sqlite_path
from chatdesk.ui.help import ShortcutsDialog
from tests.ui.helpers import Desk, find_visible


def test_f1_lists_every_shortcut_from_the_actions_themselves(desk: Desk) -> None:
    main = desk.register()
    main.activateWindow()
    desk.qtbot.keyClick(main.chat_list.view, Qt.Key.Key_F1)
    dialog = find_visible(ShortcutsDialog, "shortcutsDialog")
    assert isinstance(dialog, ShortcutsDialog)
    table = dialog.table
    rows = {table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())}
    assert rows["New chat"] == "Ctrl+N"
    assert rows["Find in messages"] == "Ctrl+Shift+F"
    assert rows["Pin to top"] == "Ctrl+Shift+P"
    assert rows["Settings"].startswith("Ctrl+,")  # no "&", no "…"
    assert rows["Keyboard shortcuts"] == "F1"
    assert rows["Add the message being written"] == "Ctrl+Enter"
    # an action given a shortcut later is listed too: the table is made from the actions
    main.chat_list.export_action.setShortcut("Ctrl+Alt+E")
    dialog.reject()
    main.shortcuts_action.trigger()
    again = find_visible(ShortcutsDialog, "shortcutsDialog")
    assert isinstance(again, ShortcutsDialog)
    names = [again.table.item(r, 0).text() for r in range(again.table.rowCount())]
    assert "Export" in names
    again.reject()


def test_about_names_the_version_the_library_and_the_api(desk: Desk) -> None:
    main = desk.register()
    url = desk.wait_server()
    main.about_action.trigger()
    box = find_visible(QMessageBox, "aboutDialog")
    assert isinstance(box, QMessageBox)
    text = box.text()
    assert f"ChatDesk {__version__}" in text
    path = sqlite_path()
    assert path is not None and str(path) in text
    assert url and f"{url}/myapp/" in text
    assert "Python 3." in text
    box.reject()
