"""Issue 21 item 2: the Undo offer names the one chat (elided) or the tag it is about, and says
"%n chats" only for several, in English and in Chinese."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from chatdesk.services import chats, tags
from chatdesk.ui.chats.folders import ARCHIVE, FOLDER, NONE, TAG
from chatdesk.ui.chats.mime import chat_ids_mime
from chatdesk.ui.main_window import MainWindow
from chatdesk.ui.widgets import MENU_NAME_MAX
from tests.ui.chats.test_folders import library, shown
from tests.ui.helpers import Desk, find_visible

LONG = "A chat about the migration of the billing service to the new cluster, part two"


def undo_text(desk: Desk, main: MainWindow, before: str) -> str:
    """The Undo button's text once it changed from ``before``."""
    desk.qtbot.waitUntil(lambda: main.undo_button.isVisible() and main.undo_button.text() != before)
    desk.idle()
    return main.undo_button.text()


def drop(main: MainWindow, chat_ids: list[int], key: tuple[str, int]) -> None:
    tree = main.folder_tree.tree
    tree.dropMimeData(chat_ids_mime(chat_ids), Qt.DropAction.MoveAction, -1, -1, tree.index_of(key))


def test_undo_names_the_one_chat_moved_archived_or_tagged(desk: Desk) -> None:
    main = desk.register()
    user = main.session.user
    ids = library(user)
    long_id = chats.create_chat(user, LONG).id
    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: len(tree.tree.folders) == 2)
    tree.choose((NONE, 0))  # "loose" and the long one: a move takes them out of this list
    desk.qtbot.waitUntil(lambda: shown(main) == sorted([LONG, "loose"]))

    drop(main, [ids["loose"]], (FOLDER, ids["work"]))
    text = undo_text(desk, main, "")
    assert text == "Undo: move “loose” back"

    drop(main, [long_id], (FOLDER, ids["work"]))
    text = undo_text(desk, main, text)
    elided = LONG[: MENU_NAME_MAX - 1].rstrip() + "…"
    assert text == f"Undo: move “{elided}” back"

    tree.choose(("all", 0))
    desk.qtbot.waitUntil(lambda: "r1" in shown(main))
    drop(main, [ids["r1"]], (ARCHIVE, 0))
    text = undo_text(desk, main, text)
    assert text == "Undo: unarchive “r1”"

    drop(main, [ids["r1"], ids["w1"]], (ARCHIVE, 0))  # r1 is archived already: w1 alone
    text = undo_text(desk, main, text)
    assert text == "Undo: unarchive “w1”"

    drop(main, [ids["loose"]], (TAG, ids["red"]))  # carries it already: nothing to undo
    drop(main, [long_id], (TAG, ids["red"]))
    text = undo_text(desk, main, text)
    assert text == f"Undo: take the tag “red” off “{elided}”"


def test_a_new_tag_on_one_chat_is_named(desk: Desk) -> None:
    """A tag made from the chat menu's New tag… is not in the tree yet when the Undo is offered."""
    main = desk.register()
    user = main.session.user
    one = chats.create_chat(user, "solo").id
    panel = main.chat_list
    desk.qtbot.waitUntil(lambda: shown(main) == ["solo"])
    panel.new_tag([one], "fresh")
    text = undo_text(desk, main, "")
    assert text == "Undo: take the tag “fresh” off “solo”"
    assert [t.name for t in tags.tags_of([one])[one]] == ["fresh"]


def test_several_chats_are_counted_in_both_languages(desk: Desk, settings_file: Path) -> None:
    main = desk.register()
    user = main.session.user
    ids = library(user)
    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: len(tree.tree.folders) == 2)
    desk.qtbot.waitUntil(lambda: shown(main) == ["loose", "r1", "w1"])
    drop(main, [ids["loose"], ids["r1"]], (FOLDER, ids["work"]))
    text = undo_text(desk, main, "")
    assert text == "Undo: move 2 chats back"
    drop(main, [ids["loose"], ids["r1"]], (TAG, ids["red"]))  # loose has it: r1 alone
    text = undo_text(desk, main, text)
    assert text == "Undo: take the tag “red” off “r1”"

    from chatdesk.ui import i18n

    i18n.apply("zh")
    try:
        drop(main, [ids["loose"], ids["r1"], ids["w1"]], (ARCHIVE, 0))
        text = undo_text(desk, main, text)
        assert text == "撤销：取消归档 3 个对话"
        tree.choose((ARCHIVE, 0))
        desk.qtbot.waitUntil(lambda: shown(main) == ["loose", "old", "r1", "w1"])
        main.chat_list.unarchive([ids["old"]])
        text = undo_text(desk, main, text)
        assert text == "撤销：重新归档“old”"
        tree.choose((TAG, ids["red"]))
        main.chat_list.set_tag([ids["r1"], ids["w1"]], ids["red"], False)
        text = undo_text(desk, main, text)
        assert text == "撤销：把标签“red”放回 2 个对话上"
    finally:
        i18n.apply("en")


def test_undo_of_a_delete_names_the_chat_elided(desk: Desk) -> None:
    """The delete's Undo cuts a long title as the other Undo offers do (and keeps its ``&``)."""
    main = desk.register()
    title = "R&D: " + LONG
    chats.create_chat(main.session.user, title)
    desk.qtbot.waitUntil(lambda: shown(main) == [title])
    main.chat_list.view.setCurrentIndex(main.chat_list.model.index(0))
    desk.qtbot.mouseClick(main.chat_list.delete_button, Qt.MouseButton.LeftButton)
    box = find_visible(QMessageBox, "deleteConfirm")
    assert isinstance(box, QMessageBox)
    confirm = box.findChild(QPushButton, "confirmDeleteButton")
    desk.qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    text = undo_text(desk, main, "")
    elided = title[: MENU_NAME_MAX - 1].rstrip() + "…"
    assert text == f"Undo: restore “{elided.replace('&', '&&')}”"
