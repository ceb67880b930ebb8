"""PySide6 keeps its references to None and True (chatdesk.ui.desktop.pyside_check).

6.12.0 under Python 3.11 loses one reference to None on every Python slot call or override call
and one to True on every emit, and Python aborts once one of them runs out (True starts with a
few hundred). These tests do thousands of each, in chunks, and fail at the first chunk that loses
references, before the process can die: they fail on 6.12.0 under 3.11 and pass on 6.11.3.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QStringListModel, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QListView, QPushButton, QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from chatdesk.ui.desktop import pyside_check

CHUNK = 200
CHUNKS = 15  # 3,000 of each


def hold_references(action: Callable[[], int]) -> int:
    """Run ``action`` (which does something CHUNK times and says how many Python calls it made)
    CHUNKS times; fail as soon as a chunk loses references to None or True. Returns the calls."""
    calls = 0
    for chunk in range(CHUNKS):
        none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
        done = action()
        calls += done
        lost_none = none_before - sys.getrefcount(None)
        lost_true = true_before - sys.getrefcount(True)
        # a sound PySide6 loses none; a stray reference or two may come and go meanwhile
        assert lost_none < done // 4 and lost_true < done // 4, (
            f"chunk {chunk}: {done} calls lost {lost_none} references to None and "
            f"{lost_true} to True"
        )
    return calls


class Pinger(QObject):
    ping = Signal(str)


def test_slot_calls_keep_none_and_true(qtbot: QtBot) -> None:
    button = QPushButton("click")
    qtbot.addWidget(button)
    clicks: list[bool] = []
    button.clicked.connect(lambda: clicks.append(True))

    def click() -> int:
        for _ in range(CHUNK):
            button.click()
        return CHUNK

    assert hold_references(click) == CHUNK * CHUNKS
    assert len(clicks) == CHUNK * CHUNKS


def test_emits_keep_none_and_true() -> None:
    pinger = Pinger()
    received: list[str] = []
    pinger.ping.connect(received.append)

    def emit() -> int:
        for _ in range(CHUNK):
            pinger.ping.emit("x")
        return CHUNK

    assert hold_references(emit) == CHUNK * CHUNKS
    assert len(received) == CHUNK * CHUNKS


class CountingDelegate(QStyledItemDelegate):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.paints += 1
        super().paint(painter, option, index)


def test_delegate_paints_keep_none_and_true(qtbot: QtBot) -> None:
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(QStringListModel([f"row {n}" for n in range(50)]))
    delegate = CountingDelegate()
    view.setItemDelegate(delegate)
    view.resize(300, 2000)  # every row on screen: one repaint paints 50 rows
    view.show()
    qtbot.waitExposed(view)

    def repaint() -> int:
        before = delegate.paints
        for _ in range(CHUNK // 50):
            view.grab()  # renders every row through the delegate
        return delegate.paints - before

    assert hold_references(repaint) >= CHUNK * CHUNKS


def test_a_sound_pyside_is_not_refused(qapp: object) -> None:
    assert pyside_check.lost_references() == {"None": 0, "True": 0}
    assert pyside_check.refusal() is None


def test_a_leaking_pyside_is_refused_with_what_to_install(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pyside_check, "lost_references", lambda: {"None": 16, "True": 0})
    message = pyside_check.refusal()
    if sys.version_info >= (3, 12):
        assert message is None  # None and True are immortal there
    else:
        assert message is not None
        assert "PySide6-Essentials!=6.12.0" in message and "3.12" in message
