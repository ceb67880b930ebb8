"""The history viewer: bubbles, newest page first, older pages on scroll-up, copy, 5,000
messages."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from chatdesk.services import accounts, chats
from chatdesk.store import write_transaction
from chatdesk.store.models import Chat, Message, User
from chatdesk.ui.history.markdown import CODE_BG
from chatdesk.ui.history.message_dialog import MessageDialog
from chatdesk.ui.history.model import BUBBLE_MAX, MessageModel, shortened
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.tasks import Tasks
from tests.ui.helpers import Desk, StallMeter, find_visible
from tests.ui.test_settings import open_settings, press_ok

SAMPLE = [
    "How do I read a file in Python?",
    "Use `open`:\n\n```python\nwith open('notes.txt', encoding='utf-8') as f:\n"
    "    text = f.read()\n```\n\nThe **with** block closes the file.",
    "And in Rust? 用中文解释一下。",
    '```rust\nlet text = std::fs::read_to_string("notes.txt")?;\n```\n\n'
    "- 读取整个文件\n- 返回 `Result`",
]


def make_chat(
    user: User,
    count: int,
    title: str = "Long chat",
    key: str = "",
    start: dt.datetime = dt.datetime(2026, 1, 1, 9, 0),
) -> int:
    """A chat of ``count`` messages "#n …", alternating user and assistant, inserted in bulk."""
    with write_transaction():
        chat = Chat.create(
            user=user.id,
            chat_key=key or f"k{count}",
            title=title,
            created_at=start,
            updated_at=start,
        )
        rows = [
            {
                "chat": chat.id,
                "role": "user" if n % 2 == 0 else "assistant",
                "content": f"#{n} " + SAMPLE[n % len(SAMPLE)],
                "created_at": start + dt.timedelta(seconds=n),
            }
            for n in range(count)
        ]
        for i in range(0, len(rows), 500):
            Message.insert_many(rows[i : i + 500]).execute()
        Chat.update(message_count=count, last_preview=rows[-1]["content"][:200]).where(
            Chat.id == chat.id
        ).execute()
    return int(chat.id)


def open_by_click(desk: Desk, main: MainWindow, row: int = 0) -> None:
    view = main.chat_list.view
    center = view.visualRect(main.chat_list.model.index(row)).center()
    desk.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def first_number(main: MainWindow) -> int:
    """The message number (#n) at the top of the history view."""
    index = main.history.indexAt(QPoint(40, 4))
    return int(str(index.data()).split()[0][1:])


def test_message_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_store: str
) -> None:
    user = accounts.register("mia", "secret1")
    chat_id = make_chat(user, 120)
    tasks = Tasks()
    model = MessageModel(tasks)
    try:
        model.open_chat(chat_id)
        qtbot.waitUntil(lambda: model.rowCount() == MessageModel.PAGE)
        qtmodeltester.check(model, force_py=True)
        model.fetch_older()
        qtbot.waitUntil(lambda: model.rowCount() == 2 * MessageModel.PAGE)
        model.fetch_older()
        qtbot.waitUntil(lambda: model.rowCount() == 120)
        assert not model.has_older
        ids = [model.index(r).data(MessageModel.IdRole) for r in range(120)]
        assert ids == sorted(ids) and len(set(ids)) == 120
        qtmodeltester.check(model, force_py=True)
    finally:
        tasks.shutdown()


def test_a_5000_message_chat_opens_at_the_newest_page_without_a_stall(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    make_chat(user, 5000)
    login = desk.login
    desk.qtbot.keyClicks(login.username, "alice")
    desk.qtbot.keyClicks(login.password, "secret1")
    desk.qtbot.keyClick(login.password, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: desk.app.main_window is not None)
    main = desk.main
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    desk.idle()
    with StallMeter() as meter:
        started = time.perf_counter()
        open_by_click(desk, main)
        desk.qtbot.waitUntil(lambda: main.messages.rowCount() > 0, timeout=5000)
        main.history.viewport().repaint()
        opened = time.perf_counter() - started
        desk.qtbot.wait(100)
    meter.check()
    print(
        f"opened 5,000 messages in {opened * 1000:.0f} ms; worst stall "
        f"{meter.wall_worst * 1000:.0f} ms wall, {meter.cpu_worst * 1000:.0f} ms GUI CPU"
    )
    assert opened < 1.0
    assert main.messages.rowCount() < 200  # not the whole thread
    last = main.messages.index(main.messages.rowCount() - 1)
    assert str(last.data()).startswith("#4999 ")
    bar = main.history.verticalScrollBar()
    assert bar.value() == bar.maximum()  # at the newest message

    shown = main.messages.rowCount()
    with StallMeter() as meter:
        bar.setValue(0)
        desk.qtbot.waitUntil(lambda: main.messages.rowCount() > shown)
        desk.qtbot.wait(50)
    meter.check()
    assert first_number(main) == 5000 - shown  # the reading position held
    assert bar.value() > 0


def test_bubbles_tell_user_from_assistant_and_copy_works(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    chat = chats.create_chat(user, "Pair")
    chats.add_message(user, chat.id, "user", "Question?")
    chats.add_message(user, chat.id, "assistant", "Answer with `code`.")
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 2)
    view = main.history
    view.viewport().repaint()
    rects = []
    for row in range(2):
        index = main.messages.index(row)
        rects.append(view.bubbles.bubble_rect(view.visualRect(index), index))
    mine, theirs = rects
    middle = view.viewport().width() // 2
    assert mine.right() > middle and mine.left() > theirs.left()  # the person's on the right
    assert theirs.left() < middle
    QGuiApplication.clipboard().clear()
    copy = view.bubbles.copy_rect(theirs)
    desk.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=copy.center())
    assert QGuiApplication.clipboard().text() == "Answer with `code`."
    assert main.statusBar().currentMessage() == "Message copied"
    view.setCurrentIndex(main.messages.index(0))
    view.setFocus()
    desk.qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "Question?"


@pytest.mark.parametrize("dark", [False, True])
def test_markdown_and_code_are_rendered(dark: bool) -> None:
    from chatdesk.ui.history.markdown import to_html

    html = to_html(SAMPLE[1], dark)
    assert "<strong>with</strong>" in html
    assert "<table" in html and "span style=" in html  # highlighted code block
    assert "&lt;script&gt;" in to_html("<script>x</script>", dark)  # raw HTML is escaped


def test_resizing_with_many_pages_loaded_stays_responsive(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    make_chat(user, 600)
    login = desk.login
    desk.qtbot.keyClicks(login.username, "alice")
    desk.qtbot.keyClicks(login.password, "secret1")
    desk.qtbot.keyClick(login.password, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: desk.app.main_window is not None)
    main = desk.main
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() > 0)
    bar = main.history.verticalScrollBar()
    for _ in range(40):  # scroll to the top until the whole chat is loaded
        if not main.messages.has_older:
            break
        bar.setValue(0)
        desk.qtbot.waitUntil(lambda: not main.messages.loading)
        desk.qtbot.wait(10)
    assert main.messages.rowCount() == 600
    desk.qtbot.wait(50)
    bar.setValue(bar.maximum() // 2)
    top = first_number(main)
    with StallMeter() as meter:
        main.resize(main.width() - 240, main.height())
        desk.qtbot.waitUntil(lambda: main.history.bubbles.pending == 0, timeout=10_000)
    meter.check()
    assert abs(first_number(main) - top) <= 1  # still reading the same place

    dialog = open_settings(desk, main)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    with StallMeter() as meter:
        press_ok(desk, dialog)  # every loaded message is rendered and measured again
        desk.qtbot.waitUntil(
            lambda: CODE_BG[True] in str(main.messages.index(1).data(MessageModel.HtmlRole))
        )
        desk.qtbot.waitUntil(lambda: main.history.bubbles.pending == 0, timeout=10_000)
    meter.check()


def test_double_click_opens_the_message_to_select_text(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    chat = chats.create_chat(user, "One")
    chats.add_message(user, chat.id, "assistant", "Select **part** of me")
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 1)
    view = main.history
    center = view.visualRect(main.messages.index(0)).center()
    desk.qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    dialog = find_visible(MessageDialog, "messageDialog")
    assert isinstance(dialog, MessageDialog)
    assert dialog.browser.toPlainText() == "Select part of me"
    assert dialog.windowTitle() == "Assistant"
    dialog.reject()


def test_a_very_long_message_is_shortened_in_its_bubble_and_whole_elsewhere(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    chat = chats.create_chat(user, "Pasted log")
    code = "".join(f"    x_{n} = compute({n}, 'value')\n" for n in range(20_000))
    text = "```python\n" + code + "```\nThe end."  # 700,000 characters: one code block
    chats.add_message(user, chat.id, "assistant", text)
    chats.add_message(user, chat.id, "user", "Why?")
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    desk.idle()
    with StallMeter() as meter:
        open_by_click(desk, main)
        desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 2, timeout=5000)
        main.history.viewport().repaint()
        desk.qtbot.wait(50)
    meter.check()  # whole, it held the GUI thread about 3 s
    long, full = main.messages.index(0), main.messages.index(1)
    left_out = long.data(MessageModel.LeftOutRole)
    assert 0 < left_out < len(text) - BUBBLE_MAX * 3 // 4
    assert long.data() == text and full.data(MessageModel.LeftOutRole) == 0
    assert "The end." not in long.data(MessageModel.HtmlRole)
    assert f"{left_out:,} more characters" in main.history.bubbles._doc(long, 400).toPlainText()

    main.history.copy_row(0)
    assert QGuiApplication.clipboard().text() == text  # Copy: all of it
    with StallMeter() as meter:
        main.history.show_message(0)
        dialog = find_visible(MessageDialog, "messageDialog")
        desk.qtbot.wait(50)
    meter.check()
    assert isinstance(dialog, MessageDialog)
    assert dialog.browser.objectName() == "messageText"
    assert dialog.browser.toPlainText() == text  # the whole message, as text
    dialog.reject()


def test_a_long_message_is_cut_at_a_line_end_near_the_limit() -> None:
    assert shortened("y" * BUBBLE_MAX) == "y" * BUBBLE_MAX  # as long as a bubble holds: whole
    lines = "".join(f"line {n:05}\n" for n in range(5_000))  # 11 characters a line
    head = shortened(lines)
    assert lines.startswith(head) and lines[len(head)] == "\n" and len(head) <= BUBBLE_MAX
    assert len(head) > BUBBLE_MAX - 11  # the last line end before the limit
    assert shortened("y" * (BUBBLE_MAX + 1)) == "y" * BUBBLE_MAX  # no line end: cut at the limit


def test_the_window_of_a_message_a_search_opened_shows_its_first_match(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    chat = chats.create_chat(user, "Server log")
    lines = [f"2026-12-01 10:00:{n % 60:02} INFO request {n} served" for n in range(20_000)]
    lines[15_000] = "2026-12-01 10:00:00 ERROR disk   full on /var"
    text = "\n".join(lines)
    message = chats.add_message(user, chat.id, "user", text)
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    main.open_chat(chat.id, message.id, "disk full")  # as a search hit does
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 1)
    assert main.messages.index(0).data(MessageModel.LeftOutRole) > 0  # shortened in its bubble
    main.history.show_message(0)
    dialog = find_visible(MessageDialog, "messageDialog")
    assert isinstance(dialog, MessageDialog)
    assert dialog.browser.textCursor().selectedText() == "disk   full"
    assert dialog.browser.verticalScrollBar().value() > 0  # scrolled down to it
    dialog.reject()
