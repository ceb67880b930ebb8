"""The chat list: paged model, search as you type, new, rename, delete with Undo, keyboard;
multi-selection (delete with one Undo, pin, the selection's ids, Ctrl+A)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from chatdesk.services import accounts, chats
from chatdesk.services.chat_filter import ChatFilter
from chatdesk.ui.chats.model import ChatListModel
from chatdesk.ui.chats.row_delegate import plain_preview
from chatdesk.ui.chats.search_model import SearchHitsModel
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import HintedListView
from tests import seeding
from tests.ui.helpers import Desk, find_visible

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
#: The offscreen platform cannot raise a popup menu or grab the keyboard for it: not our warning.
POPUP_WARNINGS = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


def editor_of(view: QAbstractItemView) -> QLineEdit | None:
    """The title editor open in the list, if any."""
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    return editors[0] if editors else None


def titles(main: MainWindow) -> list[str]:
    model = main.chat_list.model
    return [model.index(r).data() for r in range(model.rowCount())]


def click_row(
    desk: Desk,
    view: QListView,
    row: int,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    center = view.visualRect(view.model().index(row, 0)).center()
    desk.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, center)


def test_chat_list_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_store: str
) -> None:
    user = accounts.register("mia", "secret1")
    for n in range(130):
        chats.create_chat(user, f"chat {n}")
    tasks = Tasks()
    model = ChatListModel(tasks)
    try:
        model.set_user(user)
        qtbot.waitUntil(lambda: model.rowCount() == 130)  # every row, the first page loaded
        assert model.index(0).data() == "chat 129"
        qtmodeltester.check(model, force_py=True)
        qtbot.waitUntil(lambda: model.complete)
        model.ensure_loaded(0, 129)
        qtbot.waitUntil(lambda: model.index(129).data() == "chat 0")
        qtmodeltester.check(model, force_py=True)
    finally:
        tasks.shutdown()


def test_rows_load_as_the_person_scrolls_newest_first(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    for n in range(230):
        chats.create_chat(user, f"chat {n:03}")
    login = desk.login
    desk.qtbot.keyClicks(login.username, "alice")
    desk.qtbot.keyClicks(login.password, "secret1")
    desk.qtbot.keyClick(login.password, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: desk.app.main_window is not None)
    main = desk.main
    view, model = main.chat_list.view, main.chat_list.model
    desk.qtbot.waitUntil(lambda: model.rowCount() == 230)
    assert titles(main)[:3] == ["chat 229", "chat 228", "chat 227"]
    desk.qtbot.waitUntil(lambda: model.complete)
    assert model.summary(model.id_at(229)) is None  # not shown yet: not loaded
    view.scrollToBottom()
    desk.qtbot.waitUntil(lambda: model.index(229).data() == "chat 000")


def test_search_filters_as_you_type(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    for title in ("Rust lifetimes", "Python asyncio", "Trip to Kyoto", "python packaging"):
        chats.create_chat(user, title)
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 4)
    desk.qtbot.keyClicks(main.chat_list.search, "pyth")
    desk.qtbot.waitUntil(lambda: sorted(titles(main)) == ["Python asyncio", "python packaging"])
    main.chat_list.search.clear()
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 4)


def test_new_chat_then_rename_with_f2(desk: Desk) -> None:
    main = desk.register()
    desk.qtbot.mouseClick(main.chat_list.new_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: titles(main) == ["New chat"])
    view = main.chat_list.view
    desk.qtbot.waitUntil(lambda: editor_of(view) is not None)
    editor_widget = editor_of(view)
    assert isinstance(editor_widget, QLineEdit)
    assert editor_widget.text() == "New chat"
    editor_widget.selectAll()
    desk.qtbot.keyClicks(editor_widget, "Groceries")
    desk.qtbot.keyClick(editor_widget, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: titles(main) == ["Groceries"])
    assert [c.title for c in chats.chats_after(main.session.user)] == ["Groceries"]

    desk.qtbot.waitUntil(lambda: editor_of(view) is None)
    view.setFocus()
    desk.qtbot.keyClick(view, Qt.Key.Key_F2)
    editor_widget = editor_of(view)
    assert isinstance(editor_widget, QLineEdit)
    editor_widget.selectAll()
    desk.qtbot.keyClicks(editor_widget, "Shopping list")
    desk.qtbot.keyClick(editor_widget, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: titles(main) == ["Shopping list"])
    assert main.chat_title.text() == "Shopping list"


def test_rename_twice_keeps_the_one_editor_without_a_warning(desk: Desk, qtlog) -> None:  # type: ignore[no-untyped-def]
    main = desk.register()
    chats.create_chat(main.session.user, "only")
    desk.qtbot.waitUntil(lambda: titles(main) == ["only"])
    view = main.chat_list.view
    view.setCurrentIndex(main.chat_list.model.index(0))
    main.chat_list.rename_current()
    first = editor_of(view)
    main.chat_list.rename_current()  # the menu's Rename again, or F2 pressed twice
    assert first is not None and editor_of(view) is first
    assert not [r for r in qtlog.records if "editing failed" in r.message]


def test_delete_asks_then_undo_restores(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    for title in ("keep me", "delete me"):
        chats.create_chat(user, title)
    desk.qtbot.waitUntil(lambda: titles(main) == ["delete me", "keep me"])
    view = main.chat_list.view
    view.setFocus()
    desk.qtbot.keyClick(view, Qt.Key.Key_Home)
    desk.qtbot.waitUntil(lambda: main.chat_list.current_chat_id() != 0)
    assert view.currentIndex().data() == "delete me"
    desk.qtbot.keyClick(view, Qt.Key.Key_Delete)
    box = find_visible(QMessageBox, "deleteConfirm")
    assert isinstance(box, QMessageBox)
    assert "delete me" in box.text()
    confirm = box.findChild(QPushButton, "confirmDeleteButton")
    desk.qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: titles(main) == ["keep me"])
    assert [c.title for c in chats.chats_after(user)] == ["keep me"]
    undo = main.undo_button
    assert undo.isVisible() and "delete me" in undo.text()
    desk.qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: titles(main) == ["delete me", "keep me"])
    assert not undo.isVisible()
    assert [c.title for c in chats.chats_after(user)] == ["delete me", "keep me"]


def test_cancel_keeps_the_chat(desk: Desk) -> None:
    main = desk.register()
    chats.create_chat(main.session.user, "precious")
    desk.qtbot.waitUntil(lambda: titles(main) == ["precious"])
    main.chat_list.view.setCurrentIndex(main.chat_list.model.index(0))
    desk.qtbot.mouseClick(main.chat_list.delete_button, Qt.MouseButton.LeftButton)
    box = find_visible(QMessageBox, "deleteConfirm")
    assert isinstance(box, QMessageBox)
    desk.qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    desk.idle()
    assert titles(main) == ["precious"]
    assert not main.undo_button.isVisible()


def test_keyboard_moves_through_chats_and_opens_them(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    ids = [chats.create_chat(user, f"c{n}").id for n in range(3)]
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 3)
    view = main.chat_list.view
    view.setFocus()
    desk.qtbot.keyClick(view, Qt.Key.Key_Home)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids[2])
    desk.qtbot.keyClick(view, Qt.Key.Key_Down)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids[1])
    desk.qtbot.keyClick(view, Qt.Key.Key_End)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids[0])
    assert main.chat_title.text() == "c0"


def test_a_held_key_opens_the_chat_where_it_stops(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Presses closer than SETTLE_MS (a held key's repeat) open no chat on the way: only the
    one the keys stop on, once they rest; a single press opens at once."""
    from chatdesk.ui.chats import list as chat_list

    SETTLE_MS = 600  # slack for a slow machine: the presses below come every 30 ms
    monkeypatch.setattr(chat_list, "SETTLE_MS", SETTLE_MS)
    main = desk.register()
    user = main.session.user
    ids = [chats.create_chat(user, f"c{n}").id for n in range(12)][::-1]  # as listed
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 12)
    view = main.chat_list.view
    view.setFocus()
    opened: list[int] = []
    main.chat_list.chat_selected.connect(opened.append)
    desk.qtbot.keyClick(view, Qt.Key.Key_End)
    desk.qtbot.wait(SETTLE_MS + 50)
    desk.qtbot.keyClick(view, Qt.Key.Key_Home)
    assert opened == [ids[-1], ids[0]]  # each at once
    desk.qtbot.wait(SETTLE_MS + 50)
    del opened[0]
    for _ in range(5):  # a repeat every 30 ms
        desk.qtbot.keyClick(view, Qt.Key.Key_Down)
        desk.qtbot.wait(30)
    assert opened == [ids[0], ids[1]]  # the first of the run opens, the others wait
    desk.qtbot.waitUntil(lambda: opened == [ids[0], ids[1], ids[5]])
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == ids[5])
    desk.qtbot.wait(SETTLE_MS + 50)
    desk.qtbot.keyClick(view, Qt.Key.Key_Up)
    assert opened[-1] == ids[4] and main.chat_title.text() == "c7"


def test_the_heading_names_a_chat_the_list_does_not_hold(desk: Desk) -> None:
    """A chat opened while the list leaves it out (a filter; a search hit far down; a chat
    started by writing with the list filtered) is named in the heading, not the one before,
    nor "No chat open"."""
    main = desk.register()
    user = main.session.user
    chats.create_chat(user, "Cooking")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 1)
    main.chat_list.search.setText("cook")
    desk.qtbot.waitUntil(lambda: titles(main) == ["Cooking"])
    trip = chats.create_chat(user, "Trip to Kyoto")  # never loaded in the list
    desk.qtbot.wait(300)
    assert titles(main) == ["Cooking"]
    main.open_chat(trip.id)  # as a search hit does
    desk.qtbot.waitUntil(lambda: main.chat_title.text() == "Trip to Kyoto")
    chats.rename_chat(user, trip.id, "Trip to Nara")  # a change to it: read again
    desk.qtbot.waitUntil(lambda: main.chat_title.text() == "Trip to Nara")
    main.open_chat(0)
    assert main.chat_title.text().startswith("No chat open")
    main.composer.edit.setPlainText("a new start")  # writing with no chat open
    desk.qtbot.mouseClick(main.composer.send, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: main.messages.chat_id not in (0, trip.id))
    desk.qtbot.waitUntil(lambda: main.chat_title.text() == "a new start")


def test_previews_drop_markdown_marks() -> None:
    assert plain_preview("```rust let x = 1; ``` **bold** # Title") == "let x = 1; bold Title"


def test_search_inside_messages_and_open_a_hit(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    kyoto = chats.create_chat(user, "Trip")
    chats.add_message(user, kyoto.id, "user", "Three days in Kyoto in April")
    other = chats.create_chat(user, "Cooking")
    chats.add_message(user, other.id, "user", "A recipe for miso soup")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 2)
    panel = main.chat_list
    desk.qtbot.mouseClick(panel.in_messages, Qt.MouseButton.LeftButton)
    desk.qtbot.keyClicks(panel.search, "kyoto")
    desk.qtbot.waitUntil(lambda: panel.hits.rowCount() == 1)
    assert panel.hits_view.isVisible() and not panel.view.isVisible()
    hit = panel.hits.index(0)
    assert hit.data() == "Trip"
    assert "Kyoto" in hit.data(panel.hits.PreviewRole)
    desk.qtbot.mouseClick(
        panel.hits_view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.hits_view.visualRect(hit).center(),
    )
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == kyoto.id)
    desk.qtbot.waitUntil(lambda: main.messages.rowCount() == 1)
    desk.qtbot.mouseClick(panel.in_messages, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: panel.view.isVisible())
    assert titles(main) == []  # back to titles: none contains "kyoto"
    panel.search.clear()
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 2)
    assert panel.current_chat_id() == kyoto.id


def test_search_hits_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_store: str
) -> None:
    user = accounts.register("mia", "secret1")
    chat = chats.create_chat(user, "many")
    for n in range(70):
        chats.add_message(user, chat.id, "user", f"needle {n}")
    tasks = Tasks()
    model = SearchHitsModel(tasks)
    try:
        model.set_query(user, "needle")
        qtbot.waitUntil(lambda: model.rowCount() == SearchHitsModel.PAGE)
        assert model.total == 70 and model.canFetchMore()
        qtmodeltester.check(model, force_py=True)
        model.fetchMore()
        qtbot.waitUntil(lambda: model.rowCount() == 70)
        assert not model.canFetchMore()
        qtmodeltester.check(model, force_py=True)
    finally:
        tasks.shutdown()


def test_a_refused_rename_says_why(desk: Desk) -> None:
    main = desk.register()
    chats.create_chat(main.session.user, "short")
    desk.qtbot.waitUntil(lambda: titles(main) == ["short"])
    index = main.chat_list.model.index(0)
    assert main.chat_list.model.setData(index, "x" * 1000)
    desk.qtbot.waitUntil(lambda: "chat_title" in main.statusBar().currentMessage())
    assert titles(main) == ["short"]


# --- multi-selection -------------------------------------------------------------------------


def test_several_chats_deleted_after_one_question_and_one_undo_restores_them(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    for n in range(5):
        chats.create_chat(user, f"chat {n}")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 5)
    panel, view = main.chat_list, main.chat_list.view
    click_row(desk, view, 0)
    click_row(desk, view, 2, SHIFT)
    click_row(desk, view, 4, CTRL)
    assert [panel.model.summary(i).title for i in panel.selected_chat_ids()] == [
        "chat 4",
        "chat 3",
        "chat 2",
        "chat 0",
    ]
    desk.qtbot.keyClick(view, Qt.Key.Key_Delete)
    box = find_visible(QMessageBox, "deleteConfirm")
    assert isinstance(box, QMessageBox) and "4 chats" in box.text()
    desk.qtbot.mouseClick(
        box.findChild(QPushButton, "confirmDeleteButton"), Qt.MouseButton.LeftButton
    )
    desk.qtbot.waitUntil(lambda: titles(main) == ["chat 1"])
    assert [c.title for c in chats.chats_after(user)] == ["chat 1"]
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == panel.current_chat_id() != 0)
    undo = main.undo_button
    assert undo.isVisible() and "4 chats" in undo.text()
    assert find_visible(QMessageBox, "deleteConfirm") is None  # asked once
    desk.qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 5)
    assert titles(main) == [f"chat {n}" for n in range(4, -1, -1)]
    assert len(chats.chats_after(user)) == 5
    desk.qtbot.waitUntil(lambda: len(panel.selected_chat_ids()) == 4)  # selected again


def context_menu(desk: Desk, main: MainWindow, row: int) -> QMenu:
    """The chat list's context menu, as a right-click on ``row`` opens it."""
    view = main.chat_list.view
    view.customContextMenuRequested.emit(view.visualRect(main.chat_list.model.index(row)).center())
    desk.qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


@POPUP_WARNINGS
def test_pinned_chats_go_to_the_top_with_a_mark_and_stay_there(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    for n in range(5):
        chats.create_chat(user, f"chat {n}")
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 5)
    panel, view = main.chat_list, main.chat_list.view
    click_row(desk, view, 2)
    click_row(desk, view, 4, CTRL)
    desk.qtbot.keyClick(view, Qt.Key.Key_P, CTRL | SHIFT)
    pinned_order = ["chat 2", "chat 0", "chat 4", "chat 3", "chat 1"]
    desk.qtbot.waitUntil(lambda: titles(main) == pinned_order)
    marks = [bool(panel.model.index(r).data(ChatListModel.PinnedRole)) for r in range(5)]
    assert marks == [True, True, False, False, False]
    assert [panel.model.summary(i).title for i in panel.selected_chat_ids()] == pinned_order[:2]
    view.viewport().repaint()  # the delegate draws the pin

    panel.model.set_query("")  # loaded again from the database
    desk.qtbot.waitUntil(lambda: titles(main) == pinned_order)
    assert [c.title for c in chats.chats_after(user)] == pinned_order

    menu = context_menu(desk, main, 0)  # a pinned row: the menu offers to unpin it
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Rename\tF2",
        "Unpin",
        "Move to folder",
        "Tags",
        "Archive",
        "Export…",
        "Related chats",
        "Delete…",
    ]
    pin = next(a for a in menu.actions() if a.text() == "Unpin")
    assert pin.shortcut().toString() == "Ctrl+Shift+P"
    pin.trigger()
    menu.close()
    desk.qtbot.waitUntil(lambda: titles(main)[:2] == ["chat 0", "chat 4"])
    assert chats.chats_after(user)[0].title == "chat 0"


@POPUP_WARNINGS
def test_selection_ids_keyboard_and_export(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    main = desk.register()
    user = main.session.user
    ids = [chats.create_chat(user, f"chat {n}").id for n in range(4)]
    listed = ids[::-1]
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 4)
    panel, view = main.chat_list, main.chat_list.view
    assert panel.selected_chat_ids() == []
    view.setFocus()
    desk.qtbot.keyClick(view, Qt.Key.Key_Home)
    desk.qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    desk.qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    assert panel.selected_chat_ids() == listed[:3]
    desk.qtbot.waitUntil(lambda: main.messages.chat_id == listed[2])  # the current one shows
    desk.qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    assert panel.selected_chat_ids() == listed
    assert main.messages.chat_id == listed[2]
    exported: list[list[int]] = []  # File → Export's dialog, with what it would export
    monkeypatch.setattr(
        main.transfers, "choose_export", lambda: exported.append(panel.selected_chat_ids())
    )
    with desk.qtbot.waitSignal(panel.export_requested) as signal:
        context_menu(desk, main, 3)  # a row in the selection: the selection stays
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        export = next(a for a in menu.actions() if a.text() == "Export…")
        rename = next(a for a in menu.actions() if a.text() == "Rename\tF2")
        assert not rename.isEnabled()  # several selected
        export.trigger()
        menu.close()
    assert signal.args == [listed] and exported == [listed]
    click_row(desk, view, 1, CTRL)  # Ctrl-click takes one out
    assert panel.selected_chat_ids() == [listed[0], listed[2], listed[3]]
    view.selectionModel().clearSelection()
    assert panel.selected_chat_ids() == [panel.current_chat_id()]


def test_ctrl_a_selects_chats_not_loaded_yet_too(desk: Desk) -> None:
    user = accounts.register("alice", "secret1")
    seeding.fill_chats(user, 230)
    main = desk.sign_in()
    panel = main.chat_list
    desk.qtbot.waitUntil(lambda: panel.model.rowCount() == 230)
    panel.view.setFocus()
    desk.qtbot.keyClick(panel.view, Qt.Key.Key_A, CTRL)
    desk.qtbot.waitUntil(lambda: len(panel.selected_chat_ids()) == 230)
    assert panel.model.complete and panel.model.summary(panel.model.id_at(200)) is None
    desk.qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    box = find_visible(QMessageBox, "deleteConfirm")
    assert isinstance(box, QMessageBox) and "230 chats" in box.text()
    box.reject()


def test_an_empty_list_says_why_once_its_rows_have_come(desk: Desk) -> None:
    main = desk.register()
    panel = main.chat_list
    desk.qtbot.waitUntil(lambda: panel.model.settled)
    assert panel.model.rowCount() == 0
    assert panel.empty_hint().startswith("No chats yet.")
    assert "Import chats" in panel.empty_hint()

    panel.model.set_query("zebra")  # while the answer is on its way the list says nothing
    assert panel.empty_hint() == ""
    desk.qtbot.waitUntil(lambda: panel.model.settled)
    assert panel.empty_hint().startswith("No chat title contains “zebra”.")

    panel.model.set_query("")
    panel.show_list(ChatFilter(archived=True))
    desk.qtbot.waitUntil(lambda: panel.model.settled)
    assert panel.empty_hint() == "No archived chats."
    panel.show_list(ChatFilter(pinned=True))
    desk.qtbot.waitUntil(lambda: panel.model.settled)
    assert panel.empty_hint() == "No chats here."


def test_the_hint_is_painted_only_while_the_list_is_empty(qtbot: QtBot) -> None:
    hint = ["No chats here."]
    view = HintedListView(lambda: hint[0])
    qtbot.addWidget(view)
    model = QStringListModel()
    view.setModel(model)
    view.resize(300, 200)

    def inked() -> int:
        """How many pixels of the viewport's middle band differ from its corner's colour."""
        image = view.viewport().grab().toImage()
        background = image.pixel(2, 2)
        middle = image.height() // 2
        return sum(
            image.pixel(x, y) != background
            for y in range(middle - 10, middle + 10)
            for x in range(image.width())
        )

    assert inked() > 20  # the hint's text
    hint[0] = ""
    assert inked() == 0  # nothing to say (still loading)
    hint[0] = "No chats here."
    model.setStringList([""])  # a row (painted empty here, at the top): no hint
    assert inked() == 0
