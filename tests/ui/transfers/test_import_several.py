"""Issue 21 item 8: an import takes several files (typed or picked together in the file dialog)
and a folder, imports each and reports each: what it added, or why it was not imported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from chatdesk.services import accounts, prompts
from chatdesk.store.models import Chat
from chatdesk.ui import i18n
from chatdesk.ui.transfers.controller import import_inputs
from chatdesk.ui.transfers.import_dialog import ImportDialog
from tests.ui.helpers import Desk
from tests.ui.transfers import test_transfers
from tests.ui.transfers.test_transfers import finished

#: Holds the import inside a conversation until released (test_transfers' fixture).
held = pytest.fixture(test_transfers.gate.__wrapped__, name="held")  # type: ignore[attr-defined]


def sharegpt(path: Path, tag: str, count: int) -> Path:
    records = [
        {
            "id": f"{tag}{n}",
            "conversations": [
                {"from": "human", "value": f"{tag} question {n}"},
                {"from": "gpt", "value": f"{tag} answer {n}"},
            ],
        }
        for n in range(count)
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def prompt_csv(path: Path) -> Path:
    path.write_text('"act","prompt"\n"Poet","Write a poem."\n"Cook","Plan a meal."\n', "utf-8")
    return path


def rows(dialog: ImportDialog) -> list[str]:
    return [dialog.skipped.item(i).text() for i in range(dialog.skipped.count())]


def chat_count() -> int:
    return Chat.select().where(Chat.user == accounts.find_user("alice").id).count()


def file_dialog(desk: Desk) -> QFileDialog:
    desk.qtbot.waitUntil(
        lambda: any(
            d.isVisible() for d in QApplication.topLevelWidgets() if isinstance(d, QFileDialog)
        )
    )
    return next(
        d for d in QApplication.topLevelWidgets() if isinstance(d, QFileDialog) and d.isVisible()
    )


@pytest.mark.qt_log_ignore(".*")
def test_two_names_typed_in_the_file_dialog_import_both(desk: Desk, tmp_path: Path) -> None:
    main = desk.register()
    sharegpt(tmp_path / "first.json", "a", 3)
    sharegpt(tmp_path / "second.json", "b", 2)
    typed: list[str] = []

    def type_two_names() -> None:  # as a person does, whether the dialog blocks or not
        chooser = file_dialog(desk)
        chooser.setDirectory(str(tmp_path))
        name = chooser.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        chooser.activateWindow()
        name.setFocus()
        desk.qtbot.waitUntil(lambda: QApplication.focusWidget() is name)
        desk.qtbot.keyClicks(name, '"first.json" "second.json"')
        desk.qtbot.keyClick(name, Qt.Key.Key_Return)
        typed.append(chooser.objectName())

    QTimer.singleShot(0, type_two_names)
    main.transfers.import_action.trigger()
    desk.qtbot.waitUntil(lambda: typed != [] and main.transfers.import_dialog is not None)
    dialog = main.transfers.import_dialog
    assert dialog is not None
    text = finished(desk, dialog)
    assert chat_count() == 5  # not 3: the second file is not dropped
    assert dialog.heading.text() == "Imported 2 files"
    assert "New chats: 5" in text
    assert rows(dialog) == [
        "first.json — new chats: 3, updated: 0, unchanged: 0, left out: 0, messages added: 6",
        "second.json — new chats: 2, updated: 0, unchanged: 0, left out: 0, messages added: 4",
    ]
    assert "New chats: 5" in main.statusBar().currentMessage()
    assert typed == ["importFileDialog"]


def test_each_file_is_reported_and_a_bad_one_does_not_stop_the_rest(
    desk: Desk, tmp_path: Path
) -> None:
    main = desk.register()
    picture = tmp_path / "picture.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    paths = [
        sharegpt(tmp_path / "chats.json", "c", 2),
        picture,
        prompt_csv(tmp_path / "prompts.csv"),
    ]
    dialog = main.transfers.import_files(paths)
    assert dialog is not None and dialog.heading.text() == "Importing 3 files…"
    text = finished(desk, dialog)
    assert dialog.heading.text() == "Imported 2 of 3 files"
    assert "Files not imported: 1" in text and "Prompts added to the gallery: 2" in text
    listed = rows(dialog)
    assert listed[0].startswith("chats.json — new chats: 2,")
    assert listed[1].startswith("picture.png — not imported: ")
    assert listed[2] == (
        "prompts.csv — prompts added to the gallery: 2, already there: 0, left out: 0"
    )
    assert chat_count() == 2
    assert {"Poet", "Cook"} <= {p.title for p in prompts.list_prompts(limit=100)}


def test_a_folder_of_exports_is_imported_file_by_file(desk: Desk, tmp_path: Path) -> None:
    main = desk.register()
    folder = tmp_path / "exports"
    folder.mkdir()
    sharegpt(folder / "b.json", "b", 2)
    sharegpt(folder / "A.json", "a", 1)
    (folder / ".hidden.json").write_text("[]", "utf-8")
    (folder / "notes.txt").write_text("not an export", "utf-8")
    (folder / "inner").mkdir()
    sharegpt(folder / "inner" / "deeper.json", "d", 4)
    assert import_inputs([folder]) == [folder / "A.json", folder / "b.json"]

    main.transfers.import_folder_action.trigger()
    chooser = file_dialog(desk)
    assert chooser.objectName() == "importFileDialog"
    assert chooser.fileMode() == QFileDialog.FileMode.Directory
    chooser.filesSelected.emit([str(folder)])  # what choosing it and pressing Choose sends
    chooser.close()
    desk.qtbot.waitUntil(lambda: main.transfers.import_dialog is not None)
    dialog = main.transfers.import_dialog
    assert dialog is not None
    finished(desk, dialog)
    assert [r.split(" — ")[0] for r in rows(dialog)] == ["A.json", "b.json"]
    assert chat_count() == 3


def test_an_unpacked_export_folder_is_one_input(tmp_path: Path) -> None:
    export = tmp_path / "chatgpt-export"
    export.mkdir()
    (export / "conversations.json").write_text("[]", "utf-8")
    (export / "user.json").write_text("{}", "utf-8")
    loose = sharegpt(tmp_path / "loose.json", "l", 1)
    assert import_inputs([export, loose, loose]) == [export, loose]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert import_inputs([empty]) == []


def test_the_report_of_several_in_chinese(desk: Desk, tmp_path: Path) -> None:
    main = desk.register()
    i18n.apply("zh")
    try:
        paths = [sharegpt(tmp_path / "one.json", "o", 1), sharegpt(tmp_path / "two.json", "t", 1)]
        dialog = main.transfers.import_files(paths)
        assert dialog is not None
        text = finished(desk, dialog)
        assert dialog.heading.text() == "已导入 2 个文件"
        assert "逐个文件" in text
        assert rows(dialog)[0].startswith("one.json — 新建对话：1，")
    finally:
        i18n.apply("en")


def test_cancel_during_several_keeps_what_was_read_and_names_the_files_not_reached(
    desk: Desk, tmp_path: Path, held: dict[str, Any]
) -> None:
    main = desk.register()
    gate = held
    gate["at"] = 2  # held inside the first file's second conversation
    paths = [sharegpt(tmp_path / "first.json", "a", 3), sharegpt(tmp_path / "second.json", "b", 2)]
    dialog = main.transfers.import_files(paths)
    assert dialog is not None
    assert gate["reached"].wait(10)
    desk.qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate["release"].set()
    text = finished(desk, dialog)
    assert dialog.heading.text() == "Import cancelled"
    assert "What was imported is kept" in text
    first, second = rows(dialog)
    assert first.startswith("first.json — new chats: 2,")
    assert first.endswith("(cancelled part way: what was read before is kept)")
    assert second == "second.json — not imported: the import was cancelled before it"
    assert chat_count() == 2
