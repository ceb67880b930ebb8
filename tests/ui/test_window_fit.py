"""The main window fits the screen whatever it shows (long titles are elided, wide code lines
wrap inside their bubble), and its controls can be seen in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette, QTextDocument, QTextFrameFormat, QTextTable
from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton
from pytestqt.qtbot import QtBot

from chatdesk.services import accounts, chats
from chatdesk.ui import theme
from chatdesk.ui.history.bubble_delegate import BubbleDelegate
from chatdesk.ui.history.markdown import to_html
from tests.ui.helpers import Desk
from tests.ui.history.test_view import open_by_click

LONG_TITLE = " ".join(["A very long chat title that goes on and on"] * 3)  # 128 characters


def test_a_long_title_leaves_the_window_its_size(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    chats.create_chat(user, "short")
    long_chat = chats.create_chat(user, LONG_TITLE)
    main = desk.sign_in()
    main.resize(1200, 760)
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 2)
    open_by_click(desk, main, 0)  # the newest: the long title
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == long_chat.id)
    desk.qtbot.wait(50)
    assert main.width() == 1200
    assert main.minimumSizeHint().width() < 1000
    label = main.chat_title
    tip = QTextDocument()
    tip.setHtml(label.toolTip())  # a tooltip is rich text: the title escaped in it
    assert tip.toPlainText() == LONG_TITLE  # the whole title, on hover
    shown = label.grab()
    assert shown.width() <= main.width()

    open_by_click(desk, main, 1)  # and a short one after it: the window stays as it is
    desk.qtbot.waitUntil(lambda: label.full_text() == "short")
    assert main.width() == 1200 and label.text() == "short"


WIDE_LINE = "result = compute(" + ", ".join(f"argument_{n}" for n in range(12)) + ")  # end"


@pytest.mark.parametrize("line", [WIDE_LINE, "x" * 160], ids=["words", "one-token"])
def test_a_wide_code_line_wraps_inside_its_bubble(desk: Desk, line: str) -> None:
    assert len(line) > 150
    user = accounts.register("alice", "secret1")
    chat = chats.create_chat(user, "code")
    chats.add_message(user, chat.id, "assistant", f"Here:\n\n```python\n{line}\n```\n\nDone.")
    main = desk.sign_in()
    main.resize(1000, 700)
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 1)
    desk.qtbot.wait(50)
    # at 1000 px the thread keeps the largest share, not the prompt gallery
    assert main.history.width() > main.gallery.width()
    delegate = main.history.itemDelegate()
    assert isinstance(delegate, BubbleDelegate)
    width = delegate._text_width()
    doc = delegate._doc(main.messages.index(0), width)
    assert doc.size().width() <= width + 1  # wrapped: nothing runs out of the bubble
    assert line in doc.toPlainText().replace("\u2028", "").replace("\n", "")


def test_tables_have_grid_lines(qapp: object) -> None:
    doc = QTextDocument()
    doc.setHtml(to_html("| a | b |\n|---|---|\n| 1 | 2 |\n"))
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    assert len(tables) == 1
    table = tables[0]
    assert (table.rows(), table.columns()) == (2, 2)
    assert table.format().border() >= 1
    assert table.format().borderStyle() != QTextFrameFormat.BorderStyle.BorderStyle_None


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


@pytest.mark.parametrize("name", ["light", "dark"])
def test_check_boxes_can_be_seen_in_both_themes(qtbot: QtBot, name: str) -> None:
    theme.apply(name)
    try:
        box = QCheckBox("Favorites only")
        qtbot.addWidget(box)
        box.show()
        qtbot.waitExposed(box)
        option = QStyleOptionButton()
        option.initFrom(box)
        rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        image = box.grab().toImage()
        edge = QColor(image.pixel(rect.left(), rect.center().y()))
        window = box.palette().color(QPalette.ColorRole.Window)
        lighter, darker = sorted((_luminance(edge), _luminance(window)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 3.0  # WCAG: parts of a control
    finally:
        theme.apply("light")
