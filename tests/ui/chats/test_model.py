"""The chat list with many chats: every row from the start, chats loaded as their rows are shown,
End and Shift-ranges over rows never loaded, live changes that keep the selection and the
place in the list."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from chatdesk.services import accounts, chats
from chatdesk.store.models import User
from chatdesk.ui.chats.model import ChatListModel
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.tasks import Tasks
from tests import seeding
from tests.ui.chats.test_list import SHIFT, click_row
from tests.ui.helpers import Desk, find_visible

N = 1000
START = dt.datetime(2026, 1, 1)


def seed(user: User, n: int = N, pinned: tuple[int, ...] = ()) -> dict[int, int]:
    """``n`` chats "chat 0000"… (the higher the number, the newer); returns {number: id}."""
    ids = seeding.fill_chats(
        user,
        n,
        lambda i: {
            "title": f"chat {i:04}",
            "created_at": START,
            "updated_at": START + dt.timedelta(seconds=i),
            "pinned": i in pinned,
        },
    )
    return dict(enumerate(ids))


def top_row(main: MainWindow) -> int:
    return main.chat_list.view.indexAt(QPoint(1, 1)).row()


def signed_in(desk: Desk) -> MainWindow:
    main = desk.sign_in()
    model = main.chat_list.model
    desk.qtbot.waitUntil(lambda: model.rowCount() == N and model.complete)
    return main


def test_every_row_is_there_at_once_and_chats_load_as_they_are_asked_for(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_store: str
) -> None:
    user = accounts.register("mia", "secret1")
    number = seed(user, pinned=(10, 500))
    tasks = Tasks()
    model = ChatListModel(tasks)
    try:
        model.set_user(user)
        qtbot.waitUntil(lambda: model.rowCount() == N)  # the total, with the first page
        first = [model.index(r).data() for r in range(3)]
        assert first == ["chat 0500", "chat 0010", "chat 0999"]  # pinned first
        assert model.index(0).data(ChatListModel.PinnedRole) is True
        qtbot.waitUntil(lambda: model.complete)  # then every row's id
        assert model.index(N - 1).data(ChatListModel.ChatIdRole) == number[0]
        assert model.summary(number[0]) is None  # not loaded: never asked for
        assert model.index(N - 1).data(ChatListModel.PlaceholderRole) is True
        assert model.index(N - 1).data() is None  # asks for its page
        qtbot.waitUntil(lambda: model.index(N - 1).data() == "chat 0000")
        assert model.index(N - 1).data(ChatListModel.PlaceholderRole) is False
        assert model.summary(number[500 - 2]) is None  # pages nobody asked for stay unloaded
        qtmodeltester.check(model, force_py=True)
    finally:
        tasks.shutdown()


def test_end_key_reaches_the_last_chat_and_shows_it(desk: Desk) -> None:
    number = seed(accounts.register("alice", "secret1"))
    main = signed_in(desk)
    panel, view = main.chat_list, main.chat_list.view
    view.setFocus()
    desk.qtbot.keyClick(view, Qt.Key.Key_Home)
    desk.qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == N - 1
    assert panel.current_chat_id() == number[0]
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == number[0])
    desk.qtbot.waitUntil(lambda: view.currentIndex().data() == "chat 0000")
    assert view.viewport().rect().contains(view.visualRect(view.currentIndex()))
    desk.qtbot.waitUntil(lambda: main.chat_title.text() == "chat 0000")
    for row in range(top_row(main), N):  # every row shown at the end is loaded
        assert not panel.model.index(row).data(ChatListModel.PlaceholderRole)


def test_a_live_change_keeps_the_selection_and_the_rows_shown(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    number = seed(user)
    main = signed_in(desk)
    panel, view, model = main.chat_list, main.chat_list.view, main.chat_list.model
    view.scrollTo(model.index(400), QAbstractItemView.ScrollHint.PositionAtTop)
    desk.qtbot.waitUntil(lambda: top_row(main) == 400)
    click_row(desk, view, 402)
    click_row(desk, view, 404, SHIFT)
    selected = panel.selected_chat_ids()
    assert selected == [number[999 - r] for r in (402, 403, 404)]
    shown = model.id_at(top_row(main))

    far = number[100]  # row 899, never loaded: a new message takes it to the top
    chats.add_message(user, far, "user", "back to the top")
    desk.qtbot.waitUntil(lambda: model.id_at(0) == far)
    assert model.index(0).data(ChatListModel.PreviewRole) == "back to the top"
    new = chats.create_chat(user, "brand new").id  # a row inserted above
    gone = number[990]  # and one removed above
    chats.delete_chats(user, [gone])
    desk.qtbot.waitUntil(lambda: model.id_at(0) == new and model.row_of(gone) < 0)
    desk.idle()
    assert model.rowCount() == N + 1 - 1
    assert panel.selected_chat_ids() == selected
    assert panel.current_chat_id() == number[999 - 404]
    assert model.id_at(top_row(main)) == shown  # the same chats in view


def test_a_shift_range_over_pages_never_loaded_deletes_exactly_those_and_undo_brings_them_back(
    desk: Desk,
) -> None:
    user = accounts.register("alice", "secret1")
    seed(user)
    main = signed_in(desk)
    panel, view, model = main.chat_list, main.chat_list.view, main.chat_list.model
    click_row(desk, view, 3)
    desk.qtbot.keyClick(view, Qt.Key.Key_End, SHIFT)
    assert model.summary(model.id_at(500)) is None  # the middle of the range never loaded
    ids = panel.selected_chat_ids()
    assert ids == model.ids()[3:] and len(ids) == N - 3
    desk.qtbot.keyClick(view, Qt.Key.Key_Delete)
    box = find_visible(QMessageBox, "deleteConfirm")
    assert isinstance(box, QMessageBox) and f"{N - 3} chats" in box.text()
    desk.qtbot.mouseClick(
        box.findChild(QPushButton, "confirmDeleteButton"), Qt.MouseButton.LeftButton
    )
    desk.qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    assert [c.title for c in chats.chats_after(user)] == ["chat 0999", "chat 0998", "chat 0997"]
    assert [model.index(r).data() for r in range(3)] == ["chat 0999", "chat 0998", "chat 0997"]
    desk.qtbot.mouseClick(main.undo_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: model.rowCount() == N, timeout=10_000)
    desk.qtbot.waitUntil(lambda: panel.selected_chat_ids() == ids)  # selected again
    assert chats.count_chats(user) == N


def test_end_before_the_rows_ids_arrive_opens_the_last_chat_once_they_do(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = seed(accounts.register("alice", "secret1"))
    monkeypatch.setattr(ChatListModel, "KEYS_AFTER_MS", 500)
    main = desk.sign_in()
    panel, view, model = main.chat_list, main.chat_list.view, main.chat_list.model
    desk.qtbot.waitUntil(lambda: model.rowCount() == N)
    assert not model.complete  # only the first page's chats are known yet
    view.setFocus()
    desk.qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == N - 1 and panel.current_chat_id() == 0
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == number[0])
    assert panel.current_chat_id() == number[0]
