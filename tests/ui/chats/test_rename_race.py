"""A change to the chat whose title is being edited (a message added through the API, or the
notice of the rename just made) arrives while the person types: Qt hands the open editor the
row's data again (``setEditorData`` on ``dataChanged``), which replaced what was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from chatdesk.services import chats
from chatdesk.services.chats import ChatSummary
from chatdesk.ui.main_window import MainWindow
from tests.ui.chats.test_list import editor_of, titles
from tests.ui.helpers import Desk


def _editing(desk: Desk) -> tuple[MainWindow, ChatSummary]:
    """Signed in with one chat, "first", its title editor open (F2)."""
    main = desk.register()
    chat = chats.create_chat(main.session.user, "first")
    desk.qtbot.waitUntil(lambda: titles(main) == ["first"])
    view = main.chat_list.view
    view.setFocus()
    view.setCurrentIndex(main.chat_list.model.index(0))
    desk.qtbot.keyClick(view, Qt.Key.Key_F2)
    return main, chat


def test_a_change_to_the_chat_being_renamed_keeps_what_is_typed(desk: Desk) -> None:
    main, chat = _editing(desk)
    user, view = main.session.user, main.chat_list.view
    editor = editor_of(view)
    assert editor is not None and editor.text() == "first"
    editor.selectAll()
    desk.qtbot.keyClicks(editor, "typed while")

    chats.add_message(user, chat.id, "user", "sent by another client meanwhile")
    model = main.chat_list.model
    desk.qtbot.waitUntil(
        lambda: (found := model.summary(chat.id)) is not None and found.message_count == 1
    )
    desk.idle()

    still = editor_of(view)
    assert still is not None and still.text() == "typed while"
    desk.qtbot.keyClicks(still, " it changed")
    desk.qtbot.keyClick(still, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: titles(main) == ["typed while it changed"])


def test_an_editor_not_typed_in_follows_the_change(desk: Desk) -> None:
    """Opened but untouched, it shows the title as it now is (renamed elsewhere)."""
    main, chat = _editing(desk)
    chats.rename_chat(main.session.user, chat.id, "renamed by the API")
    desk.qtbot.waitUntil(lambda: titles(main) == ["renamed by the API"])
    editor = editor_of(main.chat_list.view)
    assert editor is not None and editor.text() == "renamed by the API"
