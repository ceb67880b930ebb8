"""The prompt gallery: 8 cards, Shuffle shows 8 others, search, add, click to use."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from chatdesk.services import accounts, chats, prompts
from chatdesk.store.models import User
from chatdesk.ui.prompts.card import PromptCard
from chatdesk.ui.prompts.dialog import AddPromptDialog
from chatdesk.ui.prompts.gallery import PromptGallery
from chatdesk.ui.prompts.models import PromptListModel
from chatdesk.ui.tasks import ChangeBridge, Tasks
from tests.ui.helpers import Desk, StallMeter, find_visible


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


# --- favourites, Favorites only, collections (a gallery on its own, with known prompts) ---------

CLASSIC = "prompts/f_awesome-chatgpt-prompts__prompts.csv"
ZH_JSON = "prompts/PlexPt_awesome-chatgpt-prompts-zh__prompts-zh.json"
ZH_TW_JSON = "prompts/PlexPt_awesome-chatgpt-prompts-zh__prompts-zh-TW.json"
ZH_CSV = "prompts/PlexPt_awesome-chatgpt-prompts-zh__prompts-zh.csv"


OWNER = "mia"  # the gallery's signed-in person: favourites are theirs


def owner() -> User:
    return User.get(User.username == OWNER)


@pytest.fixture
def gallery(qtbot: QtBot, sqlite_store: str) -> Iterator[PromptGallery]:
    """A gallery of its own over an empty database, told of changes as the main window tells it."""
    tasks = Tasks()
    bridge = ChangeBridge()
    widget = PromptGallery(tasks)
    widget.set_user(accounts.register(OWNER, "secret1"))
    bridge.changed.connect(widget.on_change)
    qtbot.addWidget(widget)
    widget.resize(420, 720)
    widget.show()
    yield widget
    bridge.close()
    tasks.shutdown()


def add(n: int, prefix: str = "Tea haiku", favorites: int = 0) -> list[int]:
    ids = [
        prompts.add_prompt(f"{prefix} {i:02}", f"Write haiku {i} about tea.").id for i in range(n)
    ]
    for prompt_id in ids[:favorites]:
        prompts.set_favorite(owner(), prompt_id, True)
    return ids


def favorite_ids() -> set[int]:
    return {p.id for p in prompts.list_prompts(user=owner(), limit=1000) if p.favorite}


def visible_cards(gallery: PromptGallery) -> list[PromptCard]:
    return [card for card in gallery.cards if card.isVisible()]


def draw(qtbot: QtBot, gallery: PromptGallery, action: Callable[[], object]) -> list[int]:
    """Do ``action`` (a shuffle, a toggle) and wait for the cards it draws."""
    with qtbot.waitSignal(gallery.tasks.busy_changed, check_params_cb=lambda busy: not busy):
        action()
    return gallery.shown_ids()


def test_star_a_card_persists_and_lists_it_first(qtbot: QtBot, gallery: PromptGallery) -> None:
    ids = add(8)
    draw(qtbot, gallery, gallery.shuffle)
    card = gallery.cards[5]
    assert card.prompt is not None and not card.star.isChecked()
    starred = card.prompt.id
    assert card.star.accessibleName() == "Favorite"
    assert card.star.toolTip() == "Add to favorites (F)"
    used: list[str] = []
    gallery.chosen.connect(used.append)
    qtbot.mouseClick(card.star, Qt.MouseButton.LeftButton)
    assert card.star.isChecked() and card.star.toolTip() == "Remove from favorites (F)"
    qtbot.waitUntil(lambda: favorite_ids() == {starred})
    assert used == []  # the star marks; it does not use the prompt
    # the next draw (all 8 prompts: there are only 8) shows the favourite first
    assert sorted(draw(qtbot, gallery, gallery.shuffle)) == sorted(ids)
    assert gallery.cards[0].prompt is not None and gallery.cards[0].prompt.id == starred
    assert gallery.cards[0].star.isChecked() and not gallery.cards[1].star.isChecked()
    # and the search lists it first, with a gold star
    qtbot.keyClicks(gallery.search, "haiku")
    qtbot.waitUntil(lambda: gallery.results_model.rowCount() == 8)
    first = gallery.results_model.index(0)
    assert first.data(PromptListModel.IdRole) == starred
    assert first.data(PromptListModel.FavoriteRole) is True
    assert first.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "Favorite"
    assert gallery.results_model.index(1).data(PromptListModel.FavoriteRole) is False


def test_star_keys_on_a_focused_card(qtbot: QtBot, gallery: PromptGallery) -> None:
    add(8)
    draw(qtbot, gallery, gallery.shuffle)
    card = gallery.cards[2]
    assert card.prompt is not None
    prompt_id = card.prompt.id
    card.setFocus()
    qtbot.waitUntil(card.hasFocus)
    qtbot.keyClick(card, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: favorite_ids() == {prompt_id})
    assert card.star.isChecked() and card.accessibleDescription() == "Favorite"
    qtbot.keyClick(card, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: favorite_ids() == set())
    assert not card.star.isChecked()


def test_star_a_search_result(qtbot: QtBot, gallery: PromptGallery) -> None:
    add(5)
    qtbot.keyClicks(gallery.search, "haiku")
    qtbot.waitUntil(lambda: gallery.results_model.rowCount() == 5)
    used: list[str] = []
    gallery.chosen.connect(used.append)
    last = gallery.results_model.index(4)
    last_id = last.data(PromptListModel.IdRole)
    pos = gallery.star_rect(last).center()
    qtbot.mouseClick(gallery.results.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: favorite_ids() == {last_id})
    assert used == []
    # shown in place: the rows keep their order (and the cursor its row) until the next search
    model = gallery.results_model
    assert model.index(4).data(PromptListModel.FavoriteRole) is True
    assert model.index(4).data(PromptListModel.IdRole) == last_id
    gallery.results.setCurrentIndex(model.index(4))
    qtbot.keyClick(gallery.results, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: favorite_ids() == set())
    assert not model.index(4).data(model.FavoriteRole)
    gallery.search.clear()
    qtbot.keyClicks(gallery.search, "haiku")  # a new search: favourites first again
    gallery.set_favorite(last_id, True)
    qtbot.waitUntil(lambda: favorite_ids() == {last_id})
    gallery.results_model.set_query("haiku")
    qtbot.waitUntil(lambda: model.rowCount() == 5 and model.index(0).data(model.IdRole) == last_id)


def test_f_then_down_stars_ten_results_in_a_row(qtbot: QtBot, gallery: PromptGallery) -> None:
    ids = add(12)
    qtbot.keyClicks(gallery.search, "haiku")
    model = gallery.results_model
    qtbot.waitUntil(lambda: model.rowCount() == 12)
    gallery.results.setFocus()
    gallery.results.setCurrentIndex(model.index(0))
    for _ in range(10):
        qtbot.keyClick(gallery.results, Qt.Key.Key_F)
        qtbot.keyClick(gallery.results, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: len(favorite_ids()) == 10)
    assert favorite_ids() == set(ids[:10])  # each of the ten, not 4 of them


def test_favorites_only_draws_favorites_and_off_draws_from_all(
    qtbot: QtBot, gallery: PromptGallery
) -> None:
    ids = add(40, favorites=2)
    draw(qtbot, gallery, gallery.shuffle)
    assert len(visible_cards(gallery)) == 8
    assert gallery.favorites_only.objectName() == "favoritesOnlyCheck"
    shown = draw(
        qtbot, gallery, lambda: qtbot.mouseClick(gallery.favorites_only, Qt.MouseButton.LeftButton)
    )
    assert gallery.favorites_only.isChecked()
    # fewer favourites than cards: only those, the other cards hidden rather than blank
    assert sorted(shown) == sorted(ids[:2])
    assert len(visible_cards(gallery)) == 2
    assert all(card.star.isChecked() for card in visible_cards(gallery))
    assert gallery.stack.currentIndex() == gallery.GRID
    again = draw(
        qtbot, gallery, lambda: qtbot.mouseClick(gallery.shuffle_button, Qt.MouseButton.LeftButton)
    )
    assert sorted(again) == sorted(ids[:2])
    # off: Shuffle draws from every prompt again
    everything = draw(
        qtbot, gallery, lambda: qtbot.mouseClick(gallery.favorites_only, Qt.MouseButton.LeftButton)
    )
    assert len(everything) == 8 and set(everything) - set(ids[:2])
    assert len(visible_cards(gallery)) == 8


def test_favorites_only_shuffle_shows_eight_other_favorites(
    qtbot: QtBot, gallery: PromptGallery
) -> None:
    ids = add(40, favorites=20)
    first = draw(qtbot, gallery, lambda: gallery.favorites_only.setChecked(True))
    assert len(first) == 8 and set(first) <= set(ids[:20])
    for _ in range(3):
        previous = set(gallery.shown_ids())
        shown = draw(
            qtbot,
            gallery,
            lambda: qtbot.mouseClick(gallery.shuffle_button, Qt.MouseButton.LeftButton),
        )
        assert len(set(shown)) == 8 and set(shown) <= set(ids[:20])
        assert not set(shown) & previous  # 8 others, while 12 others exist


def test_favorites_only_with_none_says_so(qtbot: QtBot, gallery: PromptGallery) -> None:
    add(12)
    draw(qtbot, gallery, gallery.shuffle)
    draw(qtbot, gallery, lambda: gallery.favorites_only.setChecked(True))
    assert gallery.shown_ids() == [] and visible_cards(gallery) == []
    assert gallery.stack.currentIndex() == gallery.EMPTY
    assert gallery.empty_label.isVisible()
    assert gallery.empty_label.text().startswith("No favorites yet — star a prompt")
    assert gallery.show_all_button.isVisible()
    shown = draw(
        qtbot, gallery, lambda: qtbot.mouseClick(gallery.show_all_button, Qt.MouseButton.LeftButton)
    )
    assert not gallery.favorites_only.isChecked()
    assert len(shown) == 8 and gallery.stack.currentIndex() == gallery.GRID
    assert not gallery.empty_label.isVisible()


def test_empty_gallery_says_how_to_fill_it(qtbot: QtBot, gallery: PromptGallery) -> None:
    draw(qtbot, gallery, gallery.shuffle)
    assert gallery.stack.currentIndex() == gallery.EMPTY
    assert gallery.empty_label.text() == "No prompts yet — add one or import a collection"
    assert not gallery.show_all_button.isVisible()


def import_through_gallery(qtbot: QtBot, gallery: PromptGallery, path: Path) -> str:
    """Import as the menu does once a file is chosen; returns the summary shown, then closes it."""
    menu = gallery.collections
    with qtbot.waitSignal(menu.imported, timeout=20_000):
        menu.import_from(path)
    box = find_visible(QMessageBox, "promptSummaryBox")
    assert isinstance(box, QMessageBox)
    text = box.text()
    box.close()
    return text


def test_import_the_real_collections_from_the_gallery(desk: Desk, realdata: Path) -> None:
    main = desk.register()
    gallery, qtbot = main.gallery, desk.qtbot
    before = prompts.count()  # the shipped defaults
    menu = gallery.collections
    assert gallery.collections_button.menu() is menu
    assert [a.objectName() for a in menu.actions()] == [
        "importPromptsAction",
        "exportPromptsAction",
    ]
    assert menu.import_action.text() == "Import prompts…"
    with StallMeter() as meter:  # the import runs on the worker: the window stays responsive
        text = import_through_gallery(qtbot, gallery, realdata / CLASSIC)
    meter.check()
    # 211 rows; five titles come twice (any case)
    assert text == f"{Path(CLASSIC).name}: 206 added, 5 skipped as duplicates, 0 with errors."
    assert import_through_gallery(qtbot, gallery, realdata / ZH_JSON).endswith(
        ": 124 added, 0 skipped as duplicates, 0 with errors."
    )
    # 擔任人生教練 comes twice; 下棋 and 好耶！魅魔！ read the same in both scripts
    assert import_through_gallery(qtbot, gallery, realdata / ZH_TW_JSON).endswith(
        ": 121 added, 3 skipped as duplicates, 0 with errors."
    )
    assert import_through_gallery(qtbot, gallery, realdata / ZH_CSV).endswith(
        ": 0 added, 124 skipped as duplicates, 0 with errors."
    )
    assert prompts.count() == before + 206 + 124 + 121
    # a second import adds nothing
    assert import_through_gallery(qtbot, gallery, realdata / CLASSIC).endswith(
        ": 0 added, 211 skipped as duplicates, 0 with errors."
    )
    assert prompts.count() == before + 451
    # the imported prompts are in the search
    gallery.search.setText("雅思写作考官")  # QTest types ASCII only; this is what an IME commits
    qtbot.waitUntil(lambda: gallery.results_model.rowCount() == 1)


def test_import_reports_refused_rows_and_unreadable_files(
    qtbot: QtBot, gallery: PromptGallery, tmp_path: Path
) -> None:
    path = tmp_path / "mine.csv"
    path.write_text('act,prompt\nGood,"A fine prompt"\nShort row\n', encoding="utf-8")
    menu = gallery.collections
    with qtbot.waitSignal(menu.imported):
        menu.import_from(path)
    box = find_visible(QMessageBox, "promptSummaryBox")
    assert isinstance(box, QMessageBox)
    assert box.text() == "mine.csv: 1 added, 0 skipped as duplicates, 1 with errors."
    assert "line 3" in box.detailedText() and box.icon() == QMessageBox.Icon.Warning
    box.close()
    # the empty gallery drew the new prompt
    qtbot.waitUntil(lambda: len(gallery.shown_ids()) == 1)
    bad = tmp_path / "chats.json"
    bad.write_text('[{"conversations": []}]', encoding="utf-8")
    menu.import_from(bad)
    qtbot.waitUntil(lambda: find_visible(QMessageBox, "promptSummaryBox") is not None)
    box = find_visible(QMessageBox, "promptSummaryBox")
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Could not import chats.json"
    assert "not a prompt collection" in box.text()
    assert menu.import_action.isEnabled()
    box.close()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_round_trips(
    qtbot: QtBot, gallery: PromptGallery, realdata: Path, tmp_path: Path, fmt: str
) -> None:
    import_through_gallery(qtbot, gallery, realdata / ZH_JSON)
    starred = prompts.list_prompts("雅思")[0]
    prompts.set_favorite(owner(), starred.id, True)
    before = {(p.title, p.text, p.favorite) for p in prompts.list_prompts(user=owner(), limit=1000)}
    assert len(before) == 124
    menu = gallery.collections
    target = tmp_path / "gallery"  # no suffix: the format adds it
    with qtbot.waitSignal(menu.exported) as exported:
        menu.export_to(target, fmt)
    assert exported.args == [124]
    assert gallery.notice.isVisible()
    assert gallery.notice.text() == f"Exported 124 prompts to gallery.{fmt}"
    written = tmp_path / f"gallery.{fmt}"
    assert written.read_text(encoding="utf-8").startswith("[" if fmt == "json" else "act,prompt")
    for p in prompts.list_prompts(limit=1000):
        prompts.delete_prompt(p.id)
    assert prompts.count() == 0
    assert import_through_gallery(qtbot, gallery, written) == (
        f"gallery.{fmt}: 124 added, 0 skipped as duplicates, 0 with errors."
    )
    assert {
        (p.title, p.text, p.favorite) for p in prompts.list_prompts(user=owner(), limit=1000)
    } == before
    assert prompts.list_prompts(user=owner())[0].title == starred.title  # the favourite first


def test_menu_actions_choose_a_file_then_import_or_export(
    qtbot: QtBot, gallery: PromptGallery, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The save dialog's filter picks the format; the open dialog's file is imported."""
    add(3, favorites=1)
    menu = gallery.collections
    csv_filter = "CSV act,prompt (*.csv)"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "mine.json"), csv_filter)
    )
    with qtbot.waitSignal(menu.exported):
        menu.export_action.trigger()
    written = tmp_path / "mine.csv"  # the filter chose CSV: the suffix follows
    assert not (tmp_path / "mine.json").exists()
    assert written.read_text(encoding="utf-8").splitlines()[:2] == [
        "act,prompt,favorite",
        "Tea haiku 00,Write haiku 0 about tea.,true",
    ]
    for p in prompts.list_prompts():
        prompts.delete_prompt(p.id)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(written), ""))
    with qtbot.waitSignal(menu.imported):
        menu.import_action.trigger()
    assert prompts.count() == 3 and favorite_ids() == {prompts.list_prompts(user=owner())[0].id}
    box = find_visible(QMessageBox, "promptSummaryBox")
    assert isinstance(box, QMessageBox)
    assert box.text() == "mine.csv: 3 added, 0 skipped as duplicates, 0 with errors."
    box.close()
    # a cancelled dialog does nothing
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    menu.import_action.trigger()
    assert not menu.running and menu.import_action.isEnabled()


def test_edit_a_card_with_f2(qtbot: QtBot, gallery: PromptGallery) -> None:
    add(3)
    draw(qtbot, gallery, gallery.shuffle)
    card = gallery.cards[1]
    assert card.prompt is not None
    prompt_id = card.prompt.id
    card.setFocus()
    qtbot.waitUntil(card.hasFocus)
    qtbot.keyClick(card, Qt.Key.Key_F2)
    dialog = find_visible(AddPromptDialog, "editPromptDialog")
    assert isinstance(dialog, AddPromptDialog)
    assert dialog.windowTitle() == "Edit prompt" and dialog.title.text() == card.prompt.title
    other = next(p.title for p in prompts.list_prompts() if p.id != prompt_id)
    dialog.title.setText(other)  # another prompt's title: refused inline
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "already exists" in dialog.error.text()
    dialog.title.setText("Green tea haiku")
    dialog.text.setPlainText("Write a haiku about green tea.")
    with qtbot.waitSignal(dialog.added):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert card.prompt is not None and card.prompt.title == "Green tea haiku"
    row = prompts.list_prompts("green tea")[0]
    assert (row.id, row.text) == (prompt_id, "Write a haiku about green tea.")


def test_delete_a_card_then_undo(qtbot: QtBot, gallery: PromptGallery) -> None:
    add(8, favorites=1)  # all 8 are drawn, the favourite first
    draw(qtbot, gallery, gallery.shuffle)
    card = gallery.cards[0]
    assert card.prompt is not None and card.prompt.favorite
    doomed = card.prompt
    card.setFocus()
    qtbot.waitUntil(card.hasFocus)
    qtbot.keyClick(card, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: gallery.undo_button.isVisible())
    assert prompts.count() == 7 and doomed.id not in gallery.shown_ids()
    assert gallery.notice.text() == f"Deleted “{doomed.title}”"
    with qtbot.waitSignal(gallery.tasks.busy_changed, check_params_cb=lambda busy: not busy):
        qtbot.mouseClick(gallery.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: prompts.count() == 8)
    assert not gallery.undo_button.isVisible()
    assert favorite_ids() == {doomed.id}  # back with its id and its star


def test_delete_a_search_result_from_its_menu_key(qtbot: QtBot, gallery: PromptGallery) -> None:
    ids = add(4)
    qtbot.keyClicks(gallery.search, "haiku")
    model = gallery.results_model
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    gallery.results.setCurrentIndex(model.index(2))
    qtbot.keyClick(gallery.results, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: model.rowCount() == 3)  # the list is searched again
    assert {p.id for p in prompts.list_prompts("haiku")} == set(ids) - {ids[2]}
    assert gallery.undo_button.isVisible()


def test_f2_on_a_card_edits_it_in_the_main_window(desk: Desk) -> None:
    """The window's F2 renames the open chat; on a focused card F2 edits the prompt instead."""
    main = desk.register()
    chats.create_chat(main.session.user, "keep this title")  # type: ignore[union-attr]
    desk.qtbot.waitUntil(lambda: main.chat_list.model.rowCount() == 1)
    main.chat_list.view.setCurrentIndex(main.chat_list.model.index(0))  # Rename has a target
    card = main.gallery.cards[0]
    card.setFocus()
    desk.qtbot.waitUntil(card.hasFocus)
    desk.qtbot.keyClick(card, Qt.Key.Key_F2)
    dialog = find_visible(AddPromptDialog, "editPromptDialog")
    assert isinstance(dialog, AddPromptDialog)
    assert card.prompt is not None and dialog.title.text() == card.prompt.title
    assert main.chat_list.view.state() != QAbstractItemView.State.EditingState
    dialog.reject()
