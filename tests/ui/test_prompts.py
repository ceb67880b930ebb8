"""The prompt gallery: 8 cards, Shuffle shows 8 others, search, add, click to use."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from chatdesk.services import prompts
from chatdesk.ui.prompt_dialog import AddPromptDialog
from chatdesk.ui.prompt_models import PromptListModel
from chatdesk.ui.tasks import Tasks
from tests.ui.helpers import Desk, find_visible


def test_eight_cards_and_shuffle_shows_eight_others(desk: Desk) -> None:
    main = desk.register()
    gallery = main.gallery
    assert gallery.objectName() == "promptGallery"
    cards = gallery.findChildren(QWidget, "promptCard")
    assert len(cards) == 8 and all(card.isVisible() for card in cards)
    first = set(gallery.shown_ids())
    assert len(first) == 8
    assert gallery.shuffle_button.objectName() == "shuffleButton"
    desk.qtbot.mouseClick(gallery.shuffle_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: set(gallery.shown_ids()) != first)
    second = set(gallery.shown_ids())
    assert len(second) == 8 and not first & second


def test_clicking_a_card_puts_its_text_in_the_composer(desk: Desk) -> None:
    main = desk.register()
    card = main.gallery.cards[3]
    assert card.prompt is not None
    desk.qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert main.composer.edit.toPlainText() == card.prompt.text


def test_search_over_all_prompts_and_pick_a_result(desk: Desk) -> None:
    main = desk.register()
    prompts.add_prompt("Haiku about tea", "Write a haiku about green tea.")
    gallery = main.gallery
    desk.qtbot.keyClicks(gallery.search, "haiku")
    desk.qtbot.waitUntil(lambda: gallery.results_model.rowCount() >= 1)
    assert gallery.results.isVisible()
    index = gallery.results_model.index(0)
    assert index.data() == "Haiku about tea"
    rect = gallery.results.visualRect(index)
    desk.qtbot.mouseClick(gallery.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main.composer.edit.toPlainText() == "Write a haiku about green tea."
    gallery.search.clear()
    desk.qtbot.waitUntil(lambda: not gallery.results.isVisible())


def test_add_prompt_dialog_with_inline_error(desk: Desk) -> None:
    main = desk.register()
    gallery = main.gallery
    assert gallery.add_button.objectName() == "addPromptButton"
    desk.qtbot.mouseClick(gallery.add_button, Qt.MouseButton.LeftButton)
    dialog = find_visible(AddPromptDialog, "addPromptDialog")
    assert isinstance(dialog, AddPromptDialog)
    existing = prompts.list_prompts()[0].title
    desk.qtbot.keyClicks(dialog.title, existing)
    desk.qtbot.keyClicks(dialog.text, "anything")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    desk.qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert existing in dialog.error.text()
    dialog.title.clear()
    desk.qtbot.keyClicks(dialog.title, "Unit test names")
    with desk.qtbot.waitSignal(dialog.added, timeout=5000):
        desk.qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: find_visible(AddPromptDialog, "addPromptDialog") is None)
    assert gallery.cards[0].prompt is not None
    assert gallery.cards[0].prompt.title == "Unit test names"
    assert "Unit test names" in [p.title for p in prompts.list_prompts("Unit test")]


def test_prompt_list_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_store: str
) -> None:
    for n in range(130):
        prompts.add_prompt(f"p{n:03}", f"text {n}")
    tasks = Tasks()
    model = PromptListModel(tasks)
    try:
        model.set_query("p")
        qtbot.waitUntil(lambda: model.rowCount() == PromptListModel.PAGE)
        qtmodeltester.check(model, force_py=True)
        model.fetchMore()
        qtbot.waitUntil(lambda: model.rowCount() == 130)
        assert model.index(0).data() == "p000"
        qtmodeltester.check(model, force_py=True)
    finally:
        tasks.shutdown()
