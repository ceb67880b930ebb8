"""The chat list: paged model, search as you type, new, rename, delete with Undo, keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMessageBox, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from chatdesk.services import accounts, chats
from chatdesk.ui.chats.model import ChatListModel
from chatdesk.ui.chats.row_delegate import plain_preview
from chatdesk.ui.chats.search_model import SearchHitsModel
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.tasks import Tasks
from tests.ui.helpers import Desk, find_visible


def editor_of(view: QAbstractItemView) -> QLineEdit | None:
    """The title editor open in the list, if any."""
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    return editors[0] if editors else None


def titles(main: MainWindow) -> list[str]:
    model = main.chat_list.model
    return [model.index(r).data() for r in range(model.rowCount())]


def test_chat_list_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_store: str
) -> None:
    user = accounts.register("mia", "secret1")
    for n in range(130):
        chats.create_chat(user, f"chat {n}")
    tasks = Tasks()
    model = ChatListModel(tasks)
    try:
        model.set_user(user)
        qtbot.waitUntil(lambda: model.rowCount() == ChatListModel.PAGE)
        qtmodeltester.check(model, force_py=True)
        model.fetchMore()
        qtbot.waitUntil(lambda: model.rowCount() == 130)
        assert model.index(0).data() == "chat 129"
        assert not model.canFetchMore()
        qtmodeltester.check(model, force_py=True)
    finally:
        tasks.shutdown()


def test_pages_load_as_the_person_scrolls_newest_first(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    for n in range(230):
        chats.create_chat(user, f"chat {n:03}")
    login = desk.login
    desk.qtbot.keyClicks(login.username, "alice")
    desk.qtbot.keyClicks(login.password, "secret1")
    desk.qtbot.keyClick(login.password, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: desk.app.main_window is not None)
    main = desk.main
    view = main.chat_list.view
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() >= 100)
    assert titles(main)[:3] == ["chat 229", "chat 228", "chat 227"]
    for _ in range(40):
        if main.chat_list.model.rowCount() == 230:
            break
        view.scrollToBottom()
        desk.qtbot.wait(30)
    assert main.chat_list.model.rowCount() == 230
    assert titles(main)[-1] == "chat 000"


def test_search_filters_as_you_type(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    for title in ("Rust lifetimes", "Python asyncio", "Trip to Kyoto", "python packaging"):
        chats.create_chat(user, title)
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 4)
    desk.qtbot.keyClicks(main.chat_list.search, "pyth")
    desk.qtbot.waitUntil(lambda: sorted(titles(main)) == ["Python asyncio", "python packaging"])
    main.chat_list.search.clear()
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 4)


def test_new_chat_then_rename_with_f2(desk: Desk) -> None:
    main = desk.register()
    desk.qtbot.mouseClick(main.chat_list.new_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: titles(main) == ["New chat"])
    view = main.chat_list.view
    desk.qtbot.waitUntil(lambda: editor_of(view) is not None)
    editor_widget = editor_of(view)
    assert isinstance(editor_widget, QLineEdit)
    assert editor_widget.text() == "New chat"
    editor_widget.selectAll()
    desk.qtbot.keyClicks(editor_widget, "Groceries")
    desk.qtbot.keyClick(editor_widget, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: titles(main) == ["Groceries"])
    assert [c.title for c in chats.chats_after(main.session.user)] == ["Groceries"]

    desk.qtbot.waitUntil(lambda: editor_of(view) is None)
    view.setFocus()
    desk.qtbot.keyClick(view, Qt.Key.Key_F2)
    editor_widget = editor_of(view)
    assert isinstance(editor_widget, QLineEdit)
    editor_widget.selectAll()
    desk.qtbot.keyClicks(editor_widget, "Shopping list")
    desk.qtbot.keyClick(editor_widget, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: titles(main) == ["Shopping list"])
    assert main.chat_title.text() == "Shopping list"


def test_delete_asks_then_undo_restores(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    for title in ("keep me", "delete me"):
        chats.create_chat(user, title)
    desk.qtbot.waitUntil(lambda: titles(main) == ["delete me", "keep me"])
    view = main.chat_list.view
    view.setFocus()
    desk.qtbot.keyClick(view, Qt.Key.Key_Home)
    desk.qtbot.waitUntil(lambda: main.chat_list.current_chat_id() != 0)
    assert view.currentIndex().data() == "delete me"
    desk.qtbot.keyClick(view, Qt.Key.Key_Delete)
    box = find_visible(QMessageBox, "deleteConfirm")
    assert isinstance(box, QMessageBox)
    assert "delete me" in box.text()
    confirm = box.findChild(QPushButton, "confirmDeleteButton")
    desk.qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: titles(main) == ["keep me"])
    assert [c.title for c in chats.chats_after(user)] == ["keep me"]
    undo = main.undo_button
    assert undo.isVisible() and "delete me" in undo.text()
    desk.qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: titles(main) == ["delete me", "keep me"])
    assert not undo.isVisible()
    assert [c.title for c in chats.chats_after(user)] == ["delete me", "keep me"]


def test_cancel_keeps_the_chat(desk: Desk) -> None:
    main = desk.register()
    chats.create_chat(main.session.user, "precious")
    desk.qtbot.waitUntil(lambda: titles(main) == ["precious"])
    main.chat_list.view.setCurrentIndex(main.chat_list.model.index(0))
    desk.qtbot.mouseClick(main.chat_list.delete_button, Qt.MouseButton.LeftButton)
    box = find_visible(QMessageBox, "deleteConfirm")
    assert isinstance(box, QMessageBox)
    desk.qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    desk.idle()
    assert titles(main) == ["precious"]
    assert not main.undo_button.isVisible()


def test_keyboard_moves_through_chats_and_opens_them(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    ids = [chats.create_chat(user, f"c{n}").id for n in range(3)]
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 3)
    view = main.chat_list.view
    view.setFocus()
    desk.qtbot.keyClick(view, Qt.Key.Key_Home)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids[2])
    desk.qtbot.keyClick(view, Qt.Key.Key_Down)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids[1])
    desk.qtbot.keyClick(view, Qt.Key.Key_End)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids[0])
    assert main.chat_title.text() == "c0"


def test_previews_drop_markdown_marks() -> None:
    assert plain_preview("```rust let x = 1; ``` **bold** # Title") == "let x = 1; bold Title"


def test_search_inside_messages_and_open_a_hit(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    kyoto = chats.create_chat(user, "Trip")
    chats.add_message(user, kyoto.id, "user", "Three days in Kyoto in April")
    other = chats.create_chat(user, "Cooking")
    chats.add_message(user, other.id, "user", "A recipe for miso soup")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 2)
    panel = main.chat_list
    desk.qtbot.mouseClick(panel.in_messages, Qt.MouseButton.LeftButton)
    desk.qtbot.keyClicks(panel.search, "kyoto")
    desk.qtbot.waitUntil(lambda: panel.hits.rowCount() == 1)
    assert panel.hits_view.isVisible() and not panel.view.isVisible()
    hit = panel.hits.index(0)
    assert hit.data() == "Trip"
    assert "Kyoto" in hit.data(panel.hits.PreviewRole)
    desk.qtbot.mouseClick(
        panel.hits_view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.hits_view.visualRect(hit).center(),
    )
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == kyoto.id)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 1)
    desk.qtbot.mouseClick(panel.in_messages, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: panel.view.isVisible())
    assert titles(main) == []  # back to titles: none contains "kyoto"
    panel.search.clear()
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 2)
    assert panel.current_chat_id() == kyoto.id


def test_search_hits_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_store: str
) -> None:
    user = accounts.register("mia", "secret1")
    chat = chats.create_chat(user, "many")
    for n in range(70):
        chats.add_message(user, chat.id, "user", f"needle {n}")
    tasks = Tasks()
    model = SearchHitsModel(tasks)
    try:
        model.set_query(user, "needle")
        qtbot.waitUntil(lambda: model.rowCount() == SearchHitsModel.PAGE)
        assert model.total == 70 and model.canFetchMore()
        qtmodeltester.check(model, force_py=True)
        model.fetchMore()
        qtbot.waitUntil(lambda: model.rowCount() == 70)
        assert not model.canFetchMore()
        qtmodeltester.check(model, force_py=True)
    finally:
        tasks.shutdown()


def test_a_refused_rename_says_why(desk: Desk) -> None:
    main = desk.register()
    chats.create_chat(main.session.user, "short")
    desk.qtbot.waitUntil(lambda: titles(main) == ["short"])
    index = main.chat_list.model.index(0)
    assert main.chat_list.model.setData(index, "x" * 1000)
    desk.qtbot.waitUntil(lambda: "chat_title" in main.statusBar().currentMessage())
    assert titles(main) == ["short"]
