"""The settings dialog: language, theme, and the API server's port, on/off and token mode."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from chatdesk.services import chats
from chatdesk.ui import theme
from chatdesk.ui.history.markdown import CODE_BG
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.settings_dialog import SettingsDialog
from tests.ui.helpers import Desk, find_visible


def open_settings(desk: Desk, main: MainWindow) -> SettingsDialog:
    main.activateWindow()
    main.settings_action.trigger()
    dialog = find_visible(SettingsDialog, "settingsDialog")
    assert isinstance(dialog, SettingsDialog)
    return dialog


def press_ok(desk: Desk, dialog: SettingsDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    desk.qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_switch_to_chinese_and_back(desk: Desk) -> None:
    main = desk.register()
    assert main.gallery.shuffle_button.text() == "Shuffle"
    dialog = open_settings(desk, main)
    dialog.language.setCurrentIndex(dialog.language.findData("zh"))
    press_ok(desk, dialog)
    desk.qtbot.waitUntil(lambda: main.gallery.shuffle_button.text() == "换一批")
    assert main.chat_list.new_button.text() == "新对话"
    assert main.composer.send.text() == "添加"
    assert desk.app.settings.language == "zh"
    dialog = open_settings(desk, main)
    assert dialog.windowTitle() == "设置"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    press_ok(desk, dialog)
    desk.qtbot.waitUntil(lambda: main.gallery.shuffle_button.text() == "Shuffle")


def test_dark_theme_restyles_the_open_chat(desk: Desk) -> None:
    main = desk.register()
    chat = chats.create_chat(main.session.user, "code")
    chats.add_message(main.session.user, chat.id, "assistant", "```python\nx = 1\n```")
    main.chat_list.select_chat(chat.id)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 1)
    html = lambda: str(main.messages.index(0).data(main.messages.HtmlRole))  # noqa: E731
    assert CODE_BG[False] in html()
    dialog = open_settings(desk, main)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    press_ok(desk, dialog)
    assert theme.current().dark
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    assert window.lightness() < 60
    assert main.messages.dark
    desk.qtbot.waitUntil(lambda: CODE_BG[True] in html())
    dialog = open_settings(desk, main)
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    press_ok(desk, dialog)
    assert not theme.current().dark


def test_port_token_mode_and_off(desk: Desk) -> None:
    main = desk.register("alice")
    desk.wait_server()
    port = free_port()
    dialog = open_settings(desk, main)
    dialog.port.setValue(port)
    dialog.token.setChecked(True)
    press_ok(desk, dialog)
    desk.qtbot.waitUntil(lambda: f":{port}/myapp/" in main.server_label.text())
    answer = desk.post("get_chat_list", username="alice")
    assert answer["code"] == 2004  # token mode: no token, no answer
    token = desk.post("login", username="alice", password="secret1")["token"]
    assert desk.post("get_chat_list", token=token)["code"] == 0

    dialog = open_settings(desk, main)
    dialog.server_enabled.setChecked(False)
    press_ok(desk, dialog)
    desk.qtbot.waitUntil(lambda: main.server_label.text() == "API: off")
    with socket.socket() as sock:  # released (connections may linger in TIME_WAIT)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
