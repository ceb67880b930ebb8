"""Reasoning and tool rows in the thread (issue 22): folded to one line ("Thought for 12 s",
"Ran Bash · 3 lines"), opened and folded again by a click or by Space; a chat of 3,000 tool
calls opens as a chat of as many messages does."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from chatdesk.importers.model import ImportedChat, ImportedMessage
from chatdesk.services import accounts
from chatdesk.services.importing import ImportReport, _import_one
from chatdesk.ui.history.model import MessageModel
from chatdesk.ui.main_window import MainWindow
from tests.ui.helpers import Desk, StallMeter
from tests.ui.history.test_view import open_by_click

T0 = dt.datetime(2026, 1, 1, 9, 0)


def _agent_chat(user: accounts.Account, calls: int) -> None:
    messages = [ImportedMessage("q", "user", "List the files", T0)]
    messages.append(
        ImportedMessage("t", "assistant", "I should run ls.", T0, kind="reasoning", seconds=12.2)
    )
    for n in range(calls):
        messages.append(
            ImportedMessage(
                f"c{n}",
                "assistant",
                f"a.txt\nb.txt\nc{n}.txt",
                T0 + dt.timedelta(seconds=n),
                kind="tool",
                tool="Bash",
                tool_input='{"command": "ls"}',
            )
        )
    messages.append(ImportedMessage("a", "assistant", "Three files.", T0))
    _import_one(user, ImportedChat("claude", "s1", "Files", T0, messages=messages), ImportReport())


def _sign_in(desk: Desk) -> MainWindow:
    login = desk.login
    desk.qtbot.keyClicks(login.username, "alice")
    desk.qtbot.keyClicks(login.password, "secret1")
    desk.qtbot.keyClick(login.password, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: desk.app.main_window is not None)
    main = desk.main
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    return main


def _row_of(main: MainWindow, text: str) -> int:
    model = main.messages
    for row in range(model.rowCount()):
        if text in str(model.index(row).data(MessageModel.HtmlRole)):
            return row
    raise AssertionError(f"no row shows {text!r}")


def test_reasoning_and_tools_fold_and_open_by_click_and_key(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    _agent_chat(user, 2)
    main = _sign_in(desk)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 5, timeout=5000)
    view = main.history
    thought = _row_of(main, "Thought for 12 s")
    ran = _row_of(main, "Ran Bash · 3 lines")
    html = str(main.messages.index(ran).data(MessageModel.HtmlRole))
    assert "a.txt" not in html and "ls" not in html  # folded: the line only
    folded_height = view.visualRect(main.messages.index(ran)).height()
    center = view.visualRect(main.messages.index(ran)).center()
    desk.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    opened = str(main.messages.index(ran).data(MessageModel.HtmlRole))
    assert "c0.txt" in opened and "command" in opened and "▾" in opened
    desk.qtbot.waitUntil(
        lambda: view.visualRect(main.messages.index(ran)).height() > folded_height * 2
    )
    view.setCurrentIndex(main.messages.index(thought))
    desk.qtbot.keyClick(view, Qt.Key.Key_Space)
    assert "I should run ls." in str(main.messages.index(thought).data(MessageModel.HtmlRole))
    desk.qtbot.keyClick(view, Qt.Key.Key_Space)  # folded again
    assert main.messages.index(thought).data(MessageModel.FoldedRole) is True
    view.grab().save("/tmp/folded.png")


def test_a_chat_of_3000_tool_calls_opens_without_a_stall(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    _agent_chat(user, 3000)
    main = _sign_in(desk)
    desk.idle()
    with StallMeter() as meter:
        started = time.perf_counter()
        open_by_click(desk, main)
        desk.qtbot.waitUntil(lambda: main.messages.rowCount() > 0, timeout=5000)
        main.history.viewport().repaint()
        opened = time.perf_counter() - started
        desk.qtbot.wait(100)
    meter.check()
    print(f"opened 3,000 tool calls in {opened * 1000:.0f} ms")
    assert opened < 1.0  # as test_view's 5,000 messages
    assert main.messages.rowCount() < 200


@pytest.fixture
def chinese_dark(settings_file: Path) -> Path:
    settings_file.write_text("[ui]\nlanguage=zh\ntheme=dark\n", encoding="utf-8")
    return settings_file


def test_folded_rows_in_chinese_and_dark(chinese_dark: Path, desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    _agent_chat(user, 1)
    main = _sign_in(desk)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 4, timeout=5000)
    assert _row_of(main, "思考了 12 秒") >= 0
    ran = _row_of(main, "运行了 Bash · 3 行")
    main.messages.toggle(ran)
    main.history.grab().save("/tmp/folded-zh-dark.png")


def test_a_tool_name_holding_a_placeholder_is_shown_as_it_is(desk: Desk) -> None:
    """A tool's name comes from the file: "%2" in it is text, not the line count's place."""
    user = accounts.register("alice", "secret1")
    messages = [
        ImportedMessage("q", "user", "Go", T0),
        ImportedMessage("c", "assistant", "one\ntwo", T0, kind="tool", tool="run%2%1%n"),
        ImportedMessage("d", "assistant", "only", T0, kind="tool", tool="Bash"),
    ]
    _import_one(user, ImportedChat("claude", "s2", "Odd", T0, messages=messages), ImportReport())
    main = _sign_in(desk)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 3, timeout=5000)
    _row_of(main, "Ran run%2%1%n · 2 lines")
    _row_of(main, "Ran Bash · 1 line<")  # one line, not "1 lines"
