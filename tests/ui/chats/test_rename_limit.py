"""Issue 21 item 5: the chat title editor holds at most what the rule allows
(``validation.TITLE_MAX``, in characters as the service counts them), and a rename the service
refuses opens the editor again with what was typed, instead of throwing it away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from chatdesk.services import chats, validation
from chatdesk.services.errors import ServiceError
from chatdesk.ui.chats import ops
from tests.ui.chats.test_list import editor_of, titles
from tests.ui.helpers import Desk

CTRL = Qt.KeyboardModifier.ControlModifier


def open_editor(desk: Desk):  # type: ignore[no-untyped-def]
    main = desk.main
    view = main.chat_list.view
    view.setFocus()
    view.setCurrentIndex(main.chat_list.model.index(0))
    desk.qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = editor_of(view)
    assert editor is not None
    editor.selectAll()
    return editor


def test_the_editor_takes_no_more_than_the_rule_allows(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    chats.create_chat(user, "short")
    desk.qtbot.waitUntil(lambda: titles(main) == ["short"])
    editor = open_editor(desk)
    desk.qtbot.keyClicks(editor, "ab" * 110)  # 220 typed: the last 20 are not taken
    assert editor.text() == ("ab" * 110)[: validation.TITLE_MAX]
    desk.qtbot.keyClick(editor, Qt.Key.Key_Return)
    want = ("ab" * 110)[: validation.TITLE_MAX]
    desk.qtbot.waitUntil(lambda: titles(main) == [want])
    assert [c.title for c in chats.chats_after(user)] == [want]
    assert "chat_title" not in main.statusBar().currentMessage()
    desk.idle()  # the rename's own change notice, late on a loaded machine, before F2 again

    # pasted: cut at the limit, counted in characters (an emoji is one, as the service counts)
    editor = open_editor(desk)
    pasted = "😀" * (validation.TITLE_MAX + 50)
    QGuiApplication.clipboard().setText(pasted)
    desk.qtbot.keyClick(editor, Qt.Key.Key_V, CTRL)
    assert editor.text() == "😀" * validation.TITLE_MAX
    desk.qtbot.keyClick(editor, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: titles(main) == ["😀" * validation.TITLE_MAX])


def test_a_refused_rename_keeps_what_was_typed(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    main = desk.register()
    user = main.session.user
    chats.create_chat(user, "short")
    desk.qtbot.waitUntil(lambda: titles(main) == ["short"])

    def refuse(*_: object) -> None:
        raise ServiceError(5000)  # the database busy, say

    monkeypatch.setattr(ops.chats, "rename_chat", refuse)
    editor = open_editor(desk)
    desk.qtbot.keyClicks(editor, "A long careful title I do not want to type twice")
    desk.qtbot.keyClick(editor, Qt.Key.Key_Return)
    view = main.chat_list.view
    desk.qtbot.waitUntil(lambda: main.statusBar().currentMessage() != "")
    desk.qtbot.waitUntil(lambda: editor_of(view) is not None)
    again = editor_of(view)
    assert again is not None
    assert again.text() == "A long careful title I do not want to type twice"
    assert titles(main) == ["short"]
    monkeypatch.undo()
    desk.qtbot.keyClick(again, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(
        lambda: titles(main) == ["A long careful title I do not want to type twice"]
    )
