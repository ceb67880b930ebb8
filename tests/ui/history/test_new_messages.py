"""New messages in an open thread: the person's own is scrolled to, one from elsewhere while they
read further up is announced by a "New message ↓" pill; an empty chat says it is empty."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from chatdesk.services import accounts, chats
from chatdesk.store import write_transaction
from chatdesk.store.models import Message
from chatdesk.ui import i18n
from chatdesk.ui.main_window import MainWindow
from tests.ui.helpers import Desk
from tests.ui.history.test_view import first_number, make_chat, open_by_click


def open_long_chat(desk: Desk, count: int = 40) -> MainWindow:
    """Alice's chat of ``count`` messages, open, scrolled to its first message."""
    user = accounts.register("alice", "secret1")
    make_chat(user, count)
    main = desk.sign_in()
    main.resize(1100, 700)
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == count)
    desk.idle()
    bar = main.history.verticalScrollBar()
    desk.qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)  # reading from the start
    desk.qtbot.waitUntil(lambda: first_number(main) == 0)
    return main


def on_screen(main: MainWindow, row: int) -> bool:
    """Whether message ``row`` is (at least partly) in the thread's viewport."""
    rect = main.history.visualRect(main.messages.index(row))
    return rect.isValid() and main.history.viewport().rect().intersects(rect)


def test_the_message_just_added_is_scrolled_to(desk: Desk) -> None:
    main = open_long_chat(desk)
    assert not on_screen(main, 39)
    desk.qtbot.keyClicks(main.composer.edit, "my own new message")
    desk.qtbot.keyClick(main.composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 41)
    desk.qtbot.waitUntil(lambda: on_screen(main, 40))
    assert main.messages.index(40).data() == "my own new message"
    assert main.composer.edit.toPlainText() == ""
    bar = main.history.verticalScrollBar()
    assert bar.value() == bar.maximum()  # at the end, where the next ones will come
    assert not main.history.new_below.isVisible()  # it is no news to the person who wrote it


def test_a_message_from_elsewhere_keeps_the_place_and_shows_the_pill(desk: Desk) -> None:
    main = open_long_chat(desk)
    user = main.session.user
    chat_id = main.messages.chat_id
    pill = main.history.new_below
    assert not pill.isVisible()
    chats.add_message(user, chat_id, "assistant", "an answer from a script")
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 41)
    desk.qtbot.waitUntil(pill.isVisible)
    assert first_number(main) == 0  # the person reads on where they were
    assert not on_screen(main, 40)
    assert pill.text() == "New message ↓"
    chats.add_message(user, chat_id, "user", "and another one")
    desk.qtbot.waitUntil(lambda: pill.text() == "2 new messages ↓")
    assert first_number(main) == 0
    # the pill floats over the bottom of the thread, inside it
    view = main.history
    assert view.viewport().geometry().contains(pill.geometry())
    assert pill.geometry().bottom() > view.viewport().geometry().center().y()

    desk.qtbot.mouseClick(pill, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: on_screen(main, 40) and on_screen(main, 41))
    assert not pill.isVisible()


def test_the_pill_goes_when_the_person_scrolls_down_and_in_chinese(desk: Desk) -> None:
    i18n.apply("zh")
    try:
        main = open_long_chat(desk)
        chats.add_message(main.session.user, main.messages.chat_id, "assistant", "新的回答")
        pill = main.history.new_below
        desk.qtbot.waitUntil(pill.isVisible)
        assert pill.text() == "新消息 ↓"
        bar = main.history.verticalScrollBar()
        bar.setValue(bar.maximum())
        desk.qtbot.waitUntil(lambda: not pill.isVisible())
        # at the end, the next one is simply followed
        chats.add_message(main.session.user, main.messages.chat_id, "assistant", "再一条")
        desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 42)
        desk.qtbot.waitUntil(lambda: on_screen(main, 41))
        assert not pill.isVisible()
    finally:
        i18n.apply("en")


def test_an_empty_chat_says_it_has_no_messages(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    empty = chats.create_chat(user, "Nothing here yet")
    main = desk.sign_in()
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == empty.id)
    label = main.history.empty_label
    desk.qtbot.waitUntil(label.isVisible)
    assert label.text().startswith("This chat has no messages yet.")
    assert main.history.indexAt(QPoint(40, 40)).isValid() is False  # no bubble, empty or not
    assert main.history.viewport().rect().contains(label.geometry())

    desk.qtbot.keyClicks(main.composer.edit, "a first message")
    desk.qtbot.keyClick(main.composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 1)
    assert not label.isVisible()


def test_a_message_without_text_says_so_rather_than_an_empty_bubble(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    chat = chats.create_chat(user, "Imported, text lost")
    with write_transaction():  # as an import keeps a turn with no text (the API refuses one)
        Message.create(chat=chat.id, role="user", content="")
        Message.create(chat=chat.id, role="assistant", content="  \n ")
    main = desk.sign_in()
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 2)
    delegate = main.history.bubbles
    for row in range(2):
        doc = delegate._doc(main.messages.index(row), delegate._text_width())
        assert doc.toPlainText() == "(This message has no text)"
    assert not main.history.empty_label.isVisible()  # it has messages, only no text in them
