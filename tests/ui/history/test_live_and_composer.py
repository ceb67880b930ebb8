"""Writes from outside appear live; the composer stores messages the API then serves."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from chatdesk.services import chats
from chatdesk.ui.main_window import MainWindow
from tests.ui.helpers import Desk


def titles(main: MainWindow) -> list[str]:
    model = main.chat_list.model
    return [model.index(r).data() for r in range(model.rowCount())]


def contents(main: MainWindow) -> list[str]:
    model = main.messages
    return [model.index(r).data() for r in range(model.rowCount())]


def test_a_chat_added_over_http_appears_live(desk: Desk) -> None:
    main = desk.register("alice")
    chats.create_chat(main.session.user, "older chat")
    desk.qtbot.waitUntil(lambda: titles(main) == ["older chat"])
    started = time.perf_counter()
    answer = desk.post(
        "add_chat",
        username="alice",
        chat_id="ext-1",
        chat_title="From a script",
        chat_content="hello from outside",
        chat_tpye="1",
    )
    assert answer["code"] == 0
    desk.qtbot.waitUntil(lambda: titles(main) == ["From a script", "older chat"], timeout=1000)
    print(f"HTTP add_chat to the list in {(time.perf_counter() - started) * 1000:.0f} ms")
    index = main.chat_list.model.index(0)
    assert main.chat_list.model.data(index, main.chat_list.model.PreviewRole) == (
        "hello from outside"
    )

    main.chat_list.view.setCurrentIndex(index)
    desk.qtbot.waitUntil(lambda: contents(main) == ["hello from outside"])
    desk.post(
        "add_chat", username="alice", chat_id="ext-1", chat_content="an answer", chat_tpye="0"
    )
    desk.qtbot.waitUntil(
        lambda: contents(main) == ["hello from outside", "an answer"], timeout=1000
    )
    assert main.messages.index(1).data(main.messages.RoleRole) == "assistant"


def test_other_users_chats_do_not_appear(desk: Desk) -> None:
    main = desk.register("alice")
    desk.post("register", username="bob", password="secret1")
    desk.post("add_chat", username="bob", chat_id="b1", chat_title="Bob's", chat_content="x")
    desk.post("add_chat", username="alice", chat_id="a1", chat_title="Alice's", chat_content="y")
    desk.qtbot.waitUntil(lambda: titles(main) == ["Alice's"])
    desk.idle()
    assert titles(main) == ["Alice's"]


def test_compose_with_ctrl_enter_is_stored_and_served_over_http(desk: Desk) -> None:
    main = desk.register("alice")
    composer = main.composer
    assert composer.edit.objectName() == "composerEdit"
    desk.qtbot.keyClicks(composer.edit, "What is a **monad**?")
    desk.qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.qtbot.waitUntil(lambda: contents(main) == ["What is a **monad**?"])
    # a first message starts a chat (listed once its change is read: maybe after the message)
    desk.qtbot.waitUntil(lambda: titles(main) == ["What is a **monad**?"])
    assert composer.edit.toPlainText() == ""

    composer.role.setFocus()
    desk.qtbot.keyClick(composer.role, Qt.Key.Key_Down)  # user -> assistant
    assert composer.role.currentData() == "assistant"
    desk.qtbot.keyClicks(composer.edit, "A monoid in the category of endofunctors.")
    desk.qtbot.mouseClick(composer.send, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: len(contents(main)) == 2)

    answer = desk.post("get_history_chat", username="alice", chat_title="What is a **monad**?")
    assert answer["code"] == 0
    assert answer["历史信息列表"] == [
        ["user", "What is a **monad**?"],
        ["chatcar", "A monoid in the category of endofunctors."],
    ]
