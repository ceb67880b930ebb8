"""A soak of the desktop app: 300 chats opened in a row and scrolled, in one app, as a person
clicking through their history for a while would. On PySide6 6.12.0 under Python 3.11 the
process died after 48 such clicks ("none_dealloc"); here it must still be alive, and None's and
True's reference counts must hold."""

from __future__ import annotations

import datetime as dt
import gc
import sys

from PySide6.QtCore import Qt

from chatdesk.services import accounts
from chatdesk.store.models import User
from tests.ui.helpers import Desk
from tests.ui.history.test_view import make_chat

CHATS = 300
MESSAGES = 40  # more than the first page, so scrolling up loads older ones


def make_chats(user: User) -> None:
    start = dt.datetime(2026, 1, 1, 9, 0)
    for c in range(CHATS):
        make_chat(user, MESSAGES, f"Soak {c}", f"soak{c}", start + dt.timedelta(minutes=c))


def test_opening_and_scrolling_300_chats_in_a_row(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    make_chats(user)
    main = desk.sign_in()
    model, view = main.chat_list.model, main.chat_list.view
    desk.qtbot.waitUntil(lambda: model.rowCount() > 0)
    desk.idle()
    # garbage left by earlier tests (exceptions' frames hold True and None) must not be
    # collected mid-soak and look like lost references; a real leak is no garbage
    gc.collect()
    none_start, true_start = sys.getrefcount(None), sys.getrefcount(True)
    opened: set[int] = set()
    row = 0
    while len(opened) < CHATS:
        desk.qtbot.waitUntil(lambda r=row: model.rowCount() > r or not model.canFetchMore())  # type: ignore[misc]
        index = model.index(row)
        view.scrollTo(index)
        chat_id = int(index.data(model.ChatIdRole))
        desk.qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
        desk.qtbot.waitUntil(
            lambda c=chat_id: main.messages.chat_id == c and main.messages.rowCount() > 0  # type: ignore[misc]
        )
        bar = main.history.verticalScrollBar()
        for value in (0, bar.maximum() // 2, bar.maximum()):  # up (older pages) and back down
            bar.setValue(value)
            main.history.viewport().repaint()
        desk.qtbot.wait(1)
        opened.add(chat_id)
        row += 1
    assert len(opened) == CHATS
    assert main.isVisible()
    # every click, row paint and bubble paint above went through Python slots and overrides
    gc.collect()
    assert none_start - sys.getrefcount(None) < 1000
    assert true_start - sys.getrefcount(True) < 100
