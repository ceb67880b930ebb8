"""Search by meaning in the window (issue 25): the find box's Words / Meaning / Both (remembered),
meaning hits showing the passage, "Related chats" on a chat's menu, the status bar's progress,
and the pause in the settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from chatdesk.services import accounts, embedder, meaning
from chatdesk.ui.meaning_status import MeaningStatus
from chatdesk.ui.settings import AppSettings
from tests import seeding
from tests.ui.chats.test_list import titles
from tests.ui.helpers import Desk


@pytest.fixture(scope="module")
def model() -> embedder.Embedder:
    return embedder.load()


def _library(user: accounts.AccountRef, model: embedder.Embedder) -> None:
    seeding.chat_with(
        user, "退租押金不退", [("user", "房东说墙上有划痕，两个月的押金一分钱都不退。")]
    )
    seeding.chat_with(
        user, "红烧肉", [("user", "五花肉焯水，炒糖色，加生抽老抽，小火炖一个小时。")]
    )
    seeding.chat_with(
        user, "Braised beef", [("user", "How long to stew beef brisket in soy sauce?")]
    )
    while meaning.embed_queued(model, budget=1000):
        pass


def test_meaning_mode_finds_the_chinese_chat_and_is_remembered(
    desk: Desk, model: embedder.Embedder
) -> None:
    main = desk.register()
    assert main.session is not None
    _library(main.session.user, model)
    panel = main.chat_list
    combo = panel.finder.mode
    assert [combo.itemText(i) for i in range(combo.count())] == ["Words", "Meaning", "Both"]
    combo.setCurrentIndex(1)  # Meaning: searches inside messages
    assert panel.in_messages.isChecked()
    desk.qtbot.keyClicks(panel.search, "landlord keeps my security deposit")
    query = "landlord keeps my security deposit"
    desk.qtbot.waitUntil(lambda: panel.hits.query == query and not panel.hits.loading)
    desk.qtbot.waitUntil(lambda: panel.hits.rowCount() > 0)
    first = panel.hits.index(0, 0)
    assert first.data() == "退租押金不退"
    assert "押金" in first.data(panel.hits.PreviewRole)  # the passage that matched
    assert not panel.order.isVisible()  # "newest first" means nothing by meaning
    assert AppSettings().search_mode == "meaning"
    main.grab().save("/tmp/meaning-window.png")

    combo.setCurrentIndex(0)  # Words: the same question finds nothing
    desk.qtbot.waitUntil(lambda: panel.hits.mode == "text" and not panel.hits.loading)
    assert panel.hits.rowCount() == 0
    assert AppSettings().search_mode == "text"


def test_related_chats_on_a_chats_menu(desk: Desk, model: embedder.Embedder) -> None:
    main = desk.register()
    assert main.session is not None
    _library(main.session.user, model)
    panel = main.chat_list
    desk.qtbot.waitUntil(lambda: "红烧肉" in titles(main))
    row = titles(main).index("红烧肉")
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    panel.show_related()
    desk.qtbot.waitUntil(lambda: panel.hits.related_to == "红烧肉" and not panel.hits.loading)
    desk.qtbot.waitUntil(lambda: panel.hits.rowCount() > 0)
    assert panel.hits.index(0, 0).data() == "Braised beef"
    assert "红烧肉" not in [panel.hits.index(r, 0).data() for r in range(panel.hits.rowCount())]
    assert panel.count_label.text().startswith("Related to “红烧肉”")


def test_the_status_bar_says_how_far_the_index_is(desk: Desk) -> None:
    main = desk.register()
    label = main.findChild(MeaningStatus, "meaningStatusLabel")
    assert label is not None
    label.show_state(meaning.Status(False, 37, "use-multilingual-v3@0.2.1", 63))
    assert label.text() == "Meaning index: 63 %" and label.isVisible()
    label.show_state(meaning.Status(False, 37, "m", 63, paused=True))
    assert label.text() == "Meaning index: 63 % (paused)"
    label.show_state(meaning.Status(True, 0, "m", 100))
    assert not label.isVisible()


def test_pausing_in_the_settings(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(meaning.OFF_ENV)
    desk.register()
    desk.app.show_settings()
    dialog = desk.app._settings_dialog
    assert dialog is not None
    desk.qtbot.waitExposed(dialog)
    dialog.meaning_paused.setFocus()
    desk.qtbot.keyClick(dialog.meaning_paused, Qt.Key.Key_Space)
    assert dialog.meaning_paused.isChecked()
    dialog.accept()
    worker = meaning.running()
    assert worker is not None and worker.paused
    assert AppSettings().meaning_paused
