"""Issue 21 item 14: the export dialog's title says how many chats it writes ("Export 2 chats"
with two selected, not "Export chat"), in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

from chatdesk.services import chats
from chatdesk.ui import i18n
from tests.ui.helpers import Desk
from tests.ui.transfers.test_export_view import exported, save_as
from tests.ui.transfers.test_transfers import titles


def test_the_export_title_counts_the_chats(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = desk.register()
    for title in ("one", "two", "three"):
        chats.create_chat(main.session.user, title)
    desk.qtbot.waitUntil(lambda: len(titles(main)) == 3)
    view, model = main.chat_list.view, main.chat_list.model
    asked = save_as(monkeypatch, tmp_path / "out.md", "Markdown (*.md)")

    view.setCurrentIndex(model.index(0))
    main.transfers.export_action.trigger()
    exported(desk, main, 1)
    view.selectionModel().select(model.index(2), QItemSelectionModel.SelectionFlag.Select)
    main.transfers.export_action.trigger()
    exported(desk, main, 2)
    main.transfers.export_all_action.trigger()
    exported(desk, main, 3)
    i18n.apply("zh")
    try:
        main.transfers.export_action.trigger()
        desk.qtbot.waitUntil(lambda: len(asked) == 4)
    finally:
        i18n.apply("en")
    assert asked == ["Export chat", "Export 2 chats", "Export all chats", "导出 2 个对话"]
