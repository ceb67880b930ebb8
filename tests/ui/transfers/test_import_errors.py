"""An import's errors and report lines in the window (issue 21, items 10 and 13): in the
window's language, a file that is not text named for what it is, logged as one line at INFO,
and repeats inside the file counted apart."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from chatdesk.importers import InputError
from chatdesk.importers.sources import CODES
from chatdesk.ui.transfers.import_errors import _kinds, _templates, import_error_text
from tests.ui.helpers import Desk
from tests.ui.transfers.test_transfers import finished

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture
def chinese(settings_file: Path) -> Path:
    settings_file.write_text("[ui]\nlanguage=zh\ntheme=light\n", encoding="utf-8")
    return settings_file


def test_every_importer_error_code_has_a_sentence() -> None:
    """A code added to the importers without its sentence here would be shown in English."""
    assert set(CODES) - {"other"} <= set(_templates())
    for code, params in CODES.items():
        if code == "other":
            continue
        error = InputError("English", code, **{p: f"<{p}>" for p in params})
        assert import_error_text(error) != "English", code


def test_a_picture_in_the_chinese_window_is_named_in_chinese(
    chinese: Path, desk: Desk, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    main = desk.register()
    picture = tmp_path / "picture.png"
    picture.write_bytes(PNG)
    with caplog.at_level(logging.INFO):
        dialog = main.transfers.import_file(picture)
        assert dialog is not None
        text = finished(desk, dialog)
    assert "picture.png 是一张图片，不是聊天导出文件" in text
    assert "JSON" not in text
    failures = [r for r in caplog.records if "failed" in r.getMessage()]
    assert failures and all(r.levelno == logging.INFO and r.exc_info is None for r in failures)
    assert "picture.png is an image, not a chat export" in failures[0].getMessage()


def test_not_utf8_in_the_chinese_window_is_chinese(
    chinese: Path, desk: Desk, tmp_path: Path
) -> None:
    main = desk.register()
    path = tmp_path / "latin1.json"
    path.write_bytes('[{"title": "café"}]'.encode("latin-1"))
    dialog = main.transfers.import_file(path)
    assert dialog is not None
    text = finished(desk, dialog)
    assert "latin1.json 不是有效的 JSON：第 1 行，第 " in text and "不是 UTF-8 文本" in text


def test_repeats_inside_the_file_are_reported_apart(desk: Desk, tmp_path: Path) -> None:
    main = desk.register()
    one = {"conversations": [{"from": "human", "value": "hi"}], "id": "s1"}
    path = tmp_path / "share.json"
    path.write_text(json.dumps([one, one, one]), encoding="utf-8")
    dialog = main.transfers.import_file(path)
    assert dialog is not None
    text = finished(desk, dialog)
    assert "New chats: 1" in text and "Repeated in the file: 2" in text
    assert "Already imported, unchanged: 0" in text


def test_every_kind_of_file_has_a_name() -> None:
    from chatdesk.importers.sources import MAGIC

    assert {kind for _, _, kind in MAGIC} <= set(_kinds())
