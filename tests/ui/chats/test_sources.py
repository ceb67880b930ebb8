"""Where chats came from, in the windows (issue 22): each imported chat's row names its source
before its time; the folder tree's Sources lists each source with its count, and choosing one
lists its chats."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QModelIndex

from chatdesk.importers import deepseek, grok
from chatdesk.services import chats
from chatdesk.services.importing import import_chats
from chatdesk.ui.chats.folders import SOURCE, SOURCES, FolderTreeModel, source_key
from chatdesk.ui.chats.model import ChatListModel
from chatdesk.ui.chats.row_delegate import source_mark
from tests.ui.chats.test_folders import row_texts
from tests.ui.helpers import Desk


def test_source_marks_and_the_sources_section(desk: Desk, tmp_path: Path) -> None:
    main = desk.register()
    user = main.session.user
    (tmp_path / "conversations.json").write_text(json.dumps(deepseek.EXAMPLE), "utf-8")
    (tmp_path / "prod-grok-backend.json").write_text(json.dumps(grok.EXAMPLE), "utf-8")
    import_chats(user, tmp_path / "conversations.json")
    import_chats(user, tmp_path / "prod-grok-backend.json")
    chats.create_chat(user, "mine")
    model = main.chat_list.model
    desk.qtbot.waitUntil(lambda: model.rowCount() == 3)
    desk.qtbot.waitUntil(
        lambda: (
            {model.index(r).data(ChatListModel.SourceRole) for r in range(3)}
            == {"deepseek", "grok", None}
        )
    )
    assert source_mark("deepseek") == "DeepSeek" and source_mark("gemini") == "Gemini"
    tree = main.folder_tree
    desk.qtbot.waitUntil(lambda: tree.tree.index_of((SOURCES, 0)).isValid())
    texts = row_texts(tree.tree)
    start = texts.index("Sources")
    assert texts[start + 1 : start + 4] == ["  DeepSeek 1", "  Grok 1", "  Made in ChatDesk 1"]
    tree.choose((SOURCE, source_key("grok")))
    desk.qtbot.waitUntil(lambda: model.rowCount() == 1)
    desk.qtbot.waitUntil(lambda: model.index(0).data() == "Tea")
    assert model.index(0).data(ChatListModel.SourceRole) == "grok"
    main.grab().save("/tmp/sources.png")


def test_no_sources_section_without_imports() -> None:
    model = FolderTreeModel()
    model.build([], [], 1, 1, 0, [("chatdesk", 1)])
    assert row_texts(model) == ["All chats 1", "No folder 1", "Archive 0"]
    assert not model.index_of((SOURCES, 0)).isValid() and isinstance(QModelIndex(), QModelIndex)
