"""A library that cannot be opened at start (here: a PostgreSQL server that is not there) is
said in one line, on stderr and in a plain-text dialog, and the app exits with status 1 instead
of reporting a crash."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from chatdesk.startup import DesktopOptions
from chatdesk.store.db import close_database
from chatdesk.ui.launch import launch, refuse_start


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_database_at_start_is_one_line_and_status_1(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    options = DesktopOptions(
        database=f"postgresql://postgres@127.0.0.1:{_closed_port()}/nowhere", port=0
    )
    with pytest.raises(Exception) as raised:  # what run() catches
        launch(options)
    close_database()
    shown: list[tuple[str, Qt.TextFormat]] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.objectName() == "startRefused"
        shown.append((box.text(), box.textFormat()))
        box.close()

    QTimer.singleShot(100, read_and_close)
    assert refuse_start(raised.value, options) == 1
    assert shown and "unreachable" in shown[0][0] and "nowhere" in shown[0][0]
    assert shown[0][1] == Qt.TextFormat.PlainText
    err = capsys.readouterr().err
    assert err.startswith("chatdesk: ") and len(err.strip().splitlines()) == 1


def test_a_bug_at_start_keeps_its_traceback() -> None:
    with pytest.raises(ZeroDivisionError):
        refuse_start(ZeroDivisionError("a bug"), DesktopOptions())
