"""Find (Ctrl+F, inside messages, hits with marks, opening a chat at a hit far back). The chat
list's multi-selection and pins are tested in test_list.py."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from chatdesk.services import accounts, chats, search
from chatdesk.services.accounts import AccountRef
from chatdesk.ui import resources
from chatdesk.ui.chats.row_delegate import fit_match, plain_snippet
from chatdesk.ui.chats.search_model import SearchHitsModel
from chatdesk.ui.history.bubble_delegate import mark_matches
from chatdesk.ui.history.model import MessageModel
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.tasks import Tasks
from tests import seeding
from tests.ui.chats.test_list import click_row, titles
from tests.ui.helpers import Desk

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def long_chat(
    user: AccountRef, count: int, special: dict[int, str], title: str = "Long chat"
) -> int:
    """A chat of ``count`` messages "message n …", with ``special`` texts at some positions."""
    return seeding.chat_with(
        user,
        title,
        [
            (
                "user" if n % 2 == 0 else "assistant",
                f"message {n} " + special.get(n, "about nothing in particular"),
            )
            for n in range(count)
        ],
    )


def number(index_data: object) -> int:
    return int(str(index_data).split()[1])


def shown_numbers(main: MainWindow) -> list[int]:
    model = main.messages
    return [number(model.index(r).data()) for r in range(model.rowCount())]


def search_messages(desk: Desk, main: MainWindow, query: str) -> None:
    panel = main.chat_list
    if not panel.in_messages.isChecked():
        desk.qtbot.mouseClick(panel.in_messages, Qt.MouseButton.LeftButton)
    panel.search.clear()
    if query.isascii():
        desk.qtbot.keyClicks(panel.search, query)
    else:  # QTest types ASCII only: what an input method commits
        panel.search.insert(query)
    desk.qtbot.waitUntil(lambda: panel.hits.query == query and not panel.hits.loading)


def in_viewport(main: MainWindow, row: int) -> bool:
    view = main.history
    rect = view.visualRect(main.messages.index(row))
    return rect.isValid() and view.viewport().rect().intersects(rect)


# --- find ------------------------------------------------------------------------------------


def test_ctrl_f_focuses_the_search_box_and_again_searches_inside_messages(desk: Desk) -> None:
    main = desk.register()
    panel = main.chat_list
    chats.create_chat(main.session.user, "Kyoto trip")
    desk.qtbot.waitUntil(lambda: titles(main) == ["Kyoto trip"])
    main.activateWindow()
    desk.qtbot.keyClicks(panel.search, "kyo")
    main.history.setFocus()
    desk.qtbot.waitUntil(lambda: not panel.search.hasFocus())
    desk.qtbot.keyClick(main.history, Qt.Key.Key_F, CTRL)
    desk.qtbot.waitUntil(panel.search.hasFocus)
    assert panel.search.selectedText() == "kyo"
    assert not panel.in_messages.isChecked()
    assert "Ctrl+F" in panel.search.toolTip()
    desk.qtbot.keyClick(panel.search, Qt.Key.Key_F, CTRL)  # again: inside messages
    assert panel.in_messages.isChecked()
    assert panel.search.hasFocus() and panel.search.selectedText() == "kyo"
    desk.qtbot.waitUntil(lambda: panel.hits_view.isVisible())
    desk.qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and not panel.in_messages.isChecked()
    assert panel.view.isVisible() and panel.view.hasFocus()
    desk.qtbot.keyClick(panel.view, Qt.Key.Key_F, CTRL | SHIFT)  # straight to messages
    assert panel.in_messages.isChecked() and panel.search.hasFocus()


def test_a_title_filter_says_how_many_chats_it_lists_and_follows_changes(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    for title in ("Kyoto trip", "Kyoto food", "Osaka"):
        chats.create_chat(user, title)
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 3)
    panel = main.chat_list
    assert not panel.count_label.isVisible()
    desk.qtbot.keyClicks(panel.search, "kyoto")
    desk.qtbot.waitUntil(lambda: panel.count_label.text() == "Chats found: 2")
    assert panel.count_label.isVisible() and not panel.order.isVisible()
    chats.create_chat(user, "Kyoto hotels")  # made elsewhere: the list and its count follow
    desk.qtbot.waitUntil(lambda: panel.count_label.text() == "Chats found: 3")
    assert len(titles(main)) == 3
    panel.search.clear()
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 4)
    assert not panel.count_label.isVisible()


def test_message_hits_from_several_chats_with_the_matches_marked(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    trip = chats.create_chat(user, "Trip")
    chats.add_message(user, trip.id, "user", "Kyoto kyoto KYOTO: three days")
    food = chats.create_chat(user, "Food")
    chats.add_message(user, food.id, "assistant", "In Kyoto, try the tofu. " + "x" * 300)
    chats.create_chat(user, "Kyoto hotels")  # a title hit, listed first
    chats.create_chat(user, "Nothing here")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 4)
    panel = main.chat_list
    search_messages(desk, main, "kyoto")
    hits = panel.hits
    assert hits.rowCount() == 3 and hits.total == 3
    rows = [hits.index(r) for r in range(3)]
    assert [i.data() for i in rows] == ["Kyoto hotels", "Food", "Trip"]  # newest first
    assert rows[0].data(SearchHitsModel.MessageIdRole) is None
    for index in rows:
        snippet = index.data(SearchHitsModel.PreviewRole)
        marks = index.data(SearchHitsModel.HighlightsRole)
        assert marks and all(snippet[a:b].casefold() == "kyoto" for a, b in marks)
    assert len(rows[2].data(SearchHitsModel.HighlightsRole)) == 3
    assert panel.count_label.isVisible() and "3" in panel.count_label.text()
    assert panel.order.isVisible()
    panel.order.setCurrentIndex(panel.order.findData("relevance"))
    desk.qtbot.waitUntil(lambda: hits.order == "relevance" and hits.rowCount() == 3)
    assert [hits.index(r).data() for r in range(3)] == ["Kyoto hotels", "Trip", "Food"]
    panel.hits_view.viewport().repaint()  # the delegate draws marked snippets


def test_hits_page_in_as_the_list_scrolls(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    long_chat(user, 130, {n: "needle" for n in range(130)}, title="haystack")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 1)
    search_messages(desk, main, "needle")
    panel = main.chat_list
    assert panel.hits.rowCount() == SearchHitsModel.PAGE and panel.hits.total == 130
    for _ in range(50):
        if panel.hits.rowCount() == 130:
            break
        panel.hits_view.scrollToBottom()
        desk.qtbot.wait(20)
    assert panel.hits.rowCount() == 130
    numbers = [number(panel.hits.index(r).data(SearchHitsModel.PreviewRole)) for r in range(130)]
    assert numbers == list(range(129, -1, -1))  # newest first, none twice


def test_past_the_cap_the_count_says_more_and_paging_goes_on(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10: the service counts hits up to a cap; the window says "60+" and still pages on
    to the last hit, when it shows the exact number."""
    monkeypatch.setattr(search, "COUNT_CAP", 60)
    main = desk.register()
    user = main.session.user
    long_chat(user, 130, {n: "needle" for n in range(130)}, title="haystack")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 1)
    search_messages(desk, main, "needle")
    panel = main.chat_list
    assert panel.hits.rowCount() == SearchHitsModel.PAGE
    assert (panel.hits.total, panel.hits.exact) == (60, False)
    assert panel.count_label.text() == "Found: 60+"
    for _ in range(50):
        if panel.hits.rowCount() == 130 and not panel.hits.loading:
            break
        panel.hits_view.scrollToBottom()
        desk.qtbot.wait(20)
    assert panel.hits.rowCount() == 130
    assert (panel.hits.total, panel.hits.exact) == (130, True)
    assert panel.count_label.text() == "Found: 130"
    numbers = [number(panel.hits.index(r).data(SearchHitsModel.PreviewRole)) for r in range(130)]
    assert numbers == list(range(129, -1, -1))  # newest first, none twice
    translator = QTranslator()
    with resources.as_file("translations", "chatdesk_zh_CN.qm") as path:
        assert translator.load(str(path))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("ChatFinder", "Found: %d+") % 60 == "找到 60+ 条"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_short_chinese_queries_find_hits(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    a = chats.create_chat(user, "旅行")
    chats.add_message(user, a.id, "user", "我想去北京看故宫，顺便吃烤鸭。")
    b = chats.create_chat(user, "天气")
    chats.add_message(user, b.id, "assistant", "东京的天气怎么样？")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 2)
    hits = main.chat_list.hits
    search_messages(desk, main, "京")
    assert sorted(hits.index(r).data() for r in range(hits.rowCount())) == ["天气", "旅行"]
    search_messages(desk, main, "故宫")
    assert hits.rowCount() == 1 and hits.index(0).data() == "旅行"
    snippet = hits.index(0).data(SearchHitsModel.PreviewRole)
    ((start, end),) = hits.index(0).data(SearchHitsModel.HighlightsRole)
    assert snippet[start:end] == "故宫"


def test_keyboard_from_the_search_box_into_the_hits_and_back(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    ids = []
    for n in range(3):
        ids.append(chats.create_chat(user, f"chat {n}").id)
        chats.add_message(user, ids[-1], "user", f"the word banana, {n}")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 3)
    panel = main.chat_list
    desk.qtbot.keyClick(main.history, Qt.Key.Key_F, CTRL | SHIFT)
    desk.qtbot.keyClicks(panel.search, "banana")
    desk.qtbot.keyClick(panel.search, Qt.Key.Key_Return)  # before the delay: searched at once
    desk.qtbot.waitUntil(lambda: panel.hits_view.currentIndex().row() == 0)
    assert panel.hits_view.hasFocus()
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids[2])
    desk.qtbot.keyClick(panel.hits_view, Qt.Key.Key_Up)  # from the first hit: the query again
    assert panel.search.hasFocus()
    desk.qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.hits_view.hasFocus() and panel.hits_view.currentIndex().row() == 0
    desk.qtbot.keyClick(panel.hits_view, Qt.Key.Key_Down)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids[1])
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 1)
    assert main.messages.index(0).data(MessageModel.HighlightRole)
    desk.qtbot.keyClick(panel.hits_view, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and panel.view.hasFocus()
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 3)
    assert panel.current_chat_id() == ids[1]  # the chat opened from the hit stays current
    panel.search.setFocus()
    desk.qtbot.keyClicks(panel.search, "chat 0")
    desk.qtbot.waitUntil(lambda: titles(main) == ["chat 0"])
    desk.qtbot.keyClick(panel.search, Qt.Key.Key_Down)  # Down works as Enter does
    assert panel.view.hasFocus()
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids[0])


# --- opening a chat at a hit ----------------------------------------------------------------


def test_a_hit_far_back_opens_its_chat_there_highlighted(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    far = 150
    chat_id = long_chat(user, 5000, {far: "the purple zebra"})
    other = chats.create_chat(user, "Other")
    chats.add_message(user, other.id, "user", "a purple zebra elsewhere")
    main = desk.sign_in()
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 2)
    search_messages(desk, main, "purple zebra")
    panel = main.chat_list
    assert [panel.hits.index(r).data() for r in range(2)] == ["Other", "Long chat"]
    desk.idle()
    started = time.perf_counter()
    click_row(desk, panel.hits_view, 1)
    model = main.messages

    def shown() -> bool:
        row = model.row_of_id(model.highlight_id)
        return model.chat_id == chat_id and row >= 0 and in_viewport(main, row)

    desk.qtbot.waitUntil(shown, timeout=5000)
    main.history.viewport().repaint()
    elapsed = time.perf_counter() - started
    print(f"\nfar-back hit (message {far} of 5,000) shown after {elapsed * 1000:.0f} ms")
    row = model.row_of_id(model.highlight_id)
    assert number(model.index(row).data()) == far
    assert model.index(row).data(MessageModel.HighlightRole)
    assert not model.index(row + 1).data(MessageModel.HighlightRole)
    assert shown_numbers(main) == list(range(far - 50, far + 51))
    assert main.chat_title.text() == "Long chat" and panel.current_chat_id() == chat_id

    bar = main.history.verticalScrollBar()
    for _ in range(20):  # up: older pages, the reading position held
        if not model.has_older:
            break
        bar.setValue(0)
        top = main.history.indexAt(QPoint(40, 4)).data()  # stays on top as pages come
        desk.qtbot.waitUntil(lambda: not model.loading)
        desk.qtbot.waitUntil(
            lambda top=top: main.history.indexAt(QPoint(40, 4)).data() == top  # type: ignore[misc]
        )
    assert shown_numbers(main)[: far + 51] == list(range(far + 51))
    for _ in range(3):  # down: newer pages
        count = model.rowCount()
        bar.setValue(bar.maximum())
        desk.qtbot.waitUntil(lambda count=count: model.rowCount() > count)  # type: ignore[misc]
    assert shown_numbers(main) == list(range(model.rowCount()))  # in order, no gap or repeat
    assert model.has_newer
    assert model.index(far).data(MessageModel.HighlightRole)  # all older loaded: row = number

    bar.setValue(0)  # away from the hit; choosing it again scrolls back, loading nothing
    assert not in_viewport(main, far)
    count = model.rowCount()
    click_row(desk, panel.hits_view, 1)
    desk.qtbot.waitUntil(lambda: in_viewport(main, far))
    assert model.rowCount() == count

    desk.qtbot.keyClick(panel.hits_view, Qt.Key.Key_Escape)
    click_row(desk, panel.view, 0)  # another chat: no highlight any more
    desk.qtbot.waitUntil(lambda: model.chat_id == other.id and model.rowCount() == 1)
    assert model.highlight_id == 0 and not model.index(0).data(MessageModel.HighlightRole)


def test_a_title_hit_opens_the_chat_at_its_newest(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    chat_id = long_chat(user, 120, {}, title="Zebra facts")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 1)
    search_messages(desk, main, "zebra")
    panel = main.chat_list
    assert panel.hits.rowCount() == 1
    click_row(desk, panel.hits_view, 0)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == chat_id)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() > 0)
    assert shown_numbers(main)[-1] == 119 and main.messages.highlight_id == 0


def test_writing_while_reading_far_back_goes_to_the_end(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    chat_id = long_chat(user, 400, {100: "the purple zebra"})
    main = desk.sign_in()
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 1)
    search_messages(desk, main, "zebra")
    click_row(desk, main.chat_list.hits_view, 0)
    model = main.messages
    desk.qtbot.waitUntil(lambda: model.chat_id == chat_id and model.rowCount() > 0)
    assert model.has_newer
    chats.add_message(user, chat_id, "assistant", "message 400 from outside")  # live: later
    desk.idle()
    assert shown_numbers(main)[-1] == 150
    main.composer.edit.setPlainText("message 401 written here")
    desk.qtbot.keyClick(main.composer.edit, Qt.Key.Key_Return, CTRL)
    desk.qtbot.waitUntil(lambda: model.rowCount() > 0 and shown_numbers(main)[-1] == 401)
    assert shown_numbers(main)[-2] == 400 and not model.has_newer and model.highlight_id == 0
    bar = main.history.verticalScrollBar()
    desk.qtbot.waitUntil(lambda: bar.value() == bar.maximum())


def test_message_model_opened_around_a_message_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_store: str
) -> None:
    user = accounts.register("mia", "secret1")
    chat_id = long_chat(user, 300, {})
    target = chats.messages_before(chat_id, None, 300)[200].id
    tasks = Tasks()
    model = MessageModel(tasks)
    try:
        model.open_chat(chat_id, around=target)
        qtbot.waitUntil(lambda: model.rowCount() == 2 * MessageModel.PAGE + 1)
        assert model.has_older and model.has_newer and model.highlight_id == target
        qtmodeltester.check(model, force_py=True)
        model.fetch_newer_page()
        model.fetch_newer_page()  # ignored: a page is on its way
        qtbot.waitUntil(lambda: model.rowCount() == 2 * MessageModel.PAGE + 1 + 49)
        assert not model.has_newer
        model.fetch_older()
        qtbot.waitUntil(lambda: not model.loading)
        qtmodeltester.check(model, force_py=True)
        ids = [model.index(r).data(MessageModel.IdRole) for r in range(model.rowCount())]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
    finally:
        tasks.shutdown()


def test_snippets_drop_markdown_marks_and_keep_the_match_in_sight(qtbot: QtBot) -> None:
    text, spans = plain_snippet("Use **vector** and `open`", ((6, 12), (20, 24)))
    assert text == "Use vector and open" and [text[a:b] for a, b in spans] == ["vector", "open"]
    kept, spans = plain_snippet("find `x` here", ((5, 8),))  # marks inside the match stay
    assert kept == "find `x` here" and spans == ((5, 8),)
    font = QApplication.font()
    metrics, bold = QFontMetrics(font), QFontMetrics(QFont(font.family(), -1, QFont.Weight.Bold))
    snippet = "…" + "words before the match " * 4 + "NEEDLE and after"
    at = snippet.index("NEEDLE")
    fitted, marks = fit_match(snippet, ((at, at + 6),), 200, metrics, bold)
    ((a, b),) = marks
    assert fitted.startswith("…") and fitted[a:b] == "NEEDLE"
    assert metrics.horizontalAdvance(fitted[:b]) <= 200  # the match is within the row
    assert fit_match("short NEEDLE", ((6, 12),), 200, metrics, bold)[0] == "short NEEDLE"


def test_the_query_is_marked_inside_the_found_message(qtbot: QtBot) -> None:
    doc = QTextDocument()
    doc.setHtml("<p>A Purple\n zebra, <code>purple zebra</code> and purple zebras</p>")
    assert mark_matches(doc, "purple  zebra", QColor("#1f6feb")) == 3
    cursor = doc.find("zebra")
    assert cursor.charFormat().background().color().alpha() > 0
    assert mark_matches(doc, "   ", QColor("#1f6feb")) == 0
