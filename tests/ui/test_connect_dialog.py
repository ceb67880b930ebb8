"""Help → Connect an AI app…: make an app token, copy a configuration, Test (the SDK's client
over HTTP against the desktop app's own server), the status bar note, the write option with a
saved message live in the open window, revoking."""

from __future__ import annotations

import json
import os

import anyio
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from chatdesk.services import accounts, ai_apps
from chatdesk.ui.connect_dialog import ConnectDialog
from tests.mcp.conftest import http_client
from tests.ui.chats.test_list import titles
from tests.ui.helpers import Desk


def test_connect_an_ai_app(desk: Desk) -> None:
    alice = accounts.register("alice", "secret1")
    main = desk.sign_in()
    url = desk.wait_server()
    main.connect_ai_action.trigger()
    dialog = main.findChild(ConnectDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.url_edit.text() == f"{url}/mcp"

    desk.qtbot.keyClicks(dialog.name_edit, "Cherry Studio")
    desk.qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: dialog.token_edit.text().startswith("cdapp_"))
    token = dialog.token_edit.text()
    desk.qtbot.waitUntil(lambda: dialog.tokens.count() == 1)
    assert dialog.tokens.item(0).text().startswith("Cherry Studio")

    dialog.tabs.setCurrentIndex(1)
    copy = dialog.tabs.currentWidget().findChild(QPushButton)
    desk.qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    pasted = json.loads(QGuiApplication.clipboard().text())
    server = pasted["mcpServers"]["chatdesk"]
    assert server["baseUrl"] == f"{url}/mcp"
    assert server["headers"]["Authorization"] == f"Bearer {token}"
    claude = json.loads(dialog.texts["Claude Desktop"].toPlainText())["mcpServers"]["chatdesk"]
    assert claude["args"][:3] == ["mcp", "--user", "alice"] and os.path.isabs(claude["command"])

    desk.qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: dialog.test_label.text().startswith("Works"), timeout=15000)
    assert "search_chats" in dialog.test_label.text()
    note = main.findChild(type(dialog.test_label), "aiAppLabel")
    desk.qtbot.waitUntil(lambda: note.isVisible())
    assert "Cherry Studio" in note.text()

    box = dialog.writes_box  # its box, at the left (the widget spans the dialog)
    desk.qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    desk.qtbot.waitUntil(lambda: ai_apps.writes_allowed(alice))

    async def save() -> None:
        async with http_client(f"{url}/mcp", token) as client:
            saved = await client.call_tool(
                "save_message",
                {
                    "chat_id": "c1",
                    "chat_title": "Saved by Cherry",
                    "role": "user",
                    "content": "hello",
                },
            )
            assert not saved.is_error

    anyio.run(save)
    desk.qtbot.waitUntil(lambda: "Saved by Cherry" in titles(main))  # live in the open window

    dialog.tokens.setCurrentRow(0)
    desk.qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: dialog.tokens.count() == 0)
    assert ai_apps.list_app_tokens(alice) == []
    dialog.grab().save("/tmp/connect-dialog-en.png")
