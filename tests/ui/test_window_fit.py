"""The main window fits the screen whatever it shows (long titles are elided, wide code lines
wrap inside their bubble), and its controls can be seen in both themes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette, QTextDocument, QTextFrameFormat, QTextTable
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from chatdesk.services import accounts, chats
from chatdesk.ui import theme
from chatdesk.ui.history.bubble_delegate import BubbleDelegate
from chatdesk.ui.history.markdown import to_html
from chatdesk.ui.main_window import MainWindow
from tests.ui.fit_probe import LONG_MESSAGES, SIZES, measure, seed_chat
from tests.ui.helpers import Desk
from tests.ui.history.test_view import open_by_click
from tests.ui.test_layout import check_fit

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


def contrast(one: QColor, two: QColor) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def focus_pixels(before: QImage, after: QImage, background: QColor) -> int:
    """How many pixels the focus changed to a colour 3:1 or more against what they were and
    against ``background`` (WCAG's minimum for a focus indicator)."""
    found = 0
    for y in range(after.height()):
        for x in range(after.width()):
            now, was = after.pixel(x, y), before.pixel(x, y)
            if now != was:
                colour = QColor(now)
                if contrast(colour, QColor(was)) >= 3 and contrast(colour, background) >= 3:
                    found += 1
    return found


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_focus_frame_can_be_seen_in_both_themes(qtbot: QtBot, name: str) -> None:
    theme.apply(name)
    try:
        window = QWidget()
        qtbot.addWidget(window)
        layout = QVBoxLayout(window)
        start = QLineEdit("start")
        tool = QToolButton()
        tool.setText("Collections ▾")
        tool.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        combo = QComboBox()
        combo.addItems(["one", "two"])
        rows = QListWidget()
        rows.addItems(["first row", "second row"])
        rows.setCurrentRow(0)
        controls = [QPushButton("Shuffle"), QLineEdit("field"), QCheckBox("Favorites only")]
        controls += [combo, tool, rows]
        for widget in [start, *controls]:
            layout.addWidget(widget)
        window.show()
        with qtbot.waitActive(window):
            window.activateWindow()
        start.setFocus()
        palette = window.palette()
        for widget in controls:
            area = widget.geometry().adjusted(-3, -3, 3, 3)
            before = window.grab(area).toImage()
            qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)  # by keyboard: a frame is drawn
            assert widget.hasFocus()
            after = window.grab(area).toImage()
            # the list's frame is drawn on its current row, selected: on the highlight
            role = QPalette.ColorRole.Highlight if widget is rows else QPalette.ColorRole.Window
            seen = focus_pixels(before, after, palette.color(role))
            assert seen >= 100, f"{type(widget).__name__}: {seen} pixels of a clear focus frame"
    finally:
        theme.apply("light")


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


def open_long_chat(desk: Desk) -> MainWindow:
    """Alice's chat of long messages (fit_probe's), open in the main window."""
    user = accounts.register("alice", "secret1")
    chat_id = seed_chat(user)
    main = desk.sign_in()
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    open_by_click(desk, main)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == chat_id)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 2 * len(LONG_MESSAGES))
    return main


def sized(desk: Desk, main: MainWindow, width: int, height: int) -> dict[str, Any]:
    main.resize(width, height)
    desk.qtbot.waitUntil(lambda: main.width() == width)
    desk.qtbot.wait(50)
    bar = main.history.verticalScrollBar()
    bar.setValue(bar.maximum())
    desk.qtbot.wait(20)
    return {"asked": [width, height], "at": "bottom", **measure(main)}


def test_a_narrow_window_folds_the_gallery_into_a_toggle(desk: Desk) -> None:
    main = open_long_chat(desk)
    check_fit([sized(desk, main, w, h) for w, h in SIZES])  # from the smallest up
    check_fit([sized(desk, main, w, h) for w, h in reversed(SIZES)])  # and down again
    assert main.width() == 576 and main.folded
    toggle = main.prompts_toggle
    assert toggle.isVisible() and toggle.text() == "Prompts"
    assert not main.gallery.isVisible()
    desk.qtbot.waitUntil(lambda: bool(main.gallery.shown_ids()))

    desk.qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)  # the gallery in the thread's place
    desk.qtbot.waitUntil(main.gallery.isVisible)
    assert not main.history.isVisible()
    assert toggle.text() == "Back to the chat"
    assert main.gallery.width() >= 0.6 * main.width()
    card = main.gallery.cards[0]
    assert card.prompt is not None
    desk.qtbot.mouseClick(card, Qt.MouseButton.LeftButton)  # used: back to the thread
    assert main.composer.edit.toPlainText() == card.prompt.text
    assert not toggle.isChecked() and toggle.text() == "Prompts"
    desk.qtbot.waitUntil(main.history.isVisible)
    assert not main.gallery.isVisible()

    toggle.setChecked(True)
    main.resize(1200, 760)  # wide again: the gallery back in its panel, the toggle gone
    desk.qtbot.waitUntil(lambda: not main.folded)
    desk.qtbot.waitUntil(lambda: main.gallery.isVisible() and main.history.isVisible())
    assert not toggle.isVisible()
    assert main.gallery.parentWidget() is main.gallery_dock


def test_the_panels_saved_while_folded_are_the_wide_ones(desk: Desk) -> None:
    main = open_long_chat(desk)
    main.resize(1200, 760)
    desk.qtbot.waitUntil(lambda: main.width() == 1200)
    main.splitter.setSizes([300, 520, 360])
    wide = main.splitter.sizes()
    main.resize(700, 600)
    desk.qtbot.waitUntil(lambda: main.folded)
    _geometry, panels = main.save_layout()
    main.resize(1200, 760)
    desk.qtbot.waitUntil(lambda: not main.folded)
    main.splitter.setSizes([200, 700, 280])
    main.restore_layout(None, panels)
    desk.qtbot.waitUntil(lambda: main.splitter.sizes() == wide)


def test_bubbles_stay_left_of_the_scroll_bar_however_narrow_the_thread(desk: Desk) -> None:
    main = open_long_chat(desk)
    sized(desk, main, 576, 458)
    main.splitter.setSizes([500, 10, 0])  # the chat list dragged wide: the thread at its least
    desk.qtbot.wait(50)
    result = {"asked": [576, 458], "at": "bottom", **measure(main)}
    assert main.history.verticalScrollBar().isVisible()
    assert result["viewport"] < 300
    for left_edge, right_edge, text_right in result["bubbles"]:
        assert left_edge >= 0 and right_edge < result["viewport"]
        assert text_right <= result["viewport"]
