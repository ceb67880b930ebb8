"""Issue 21 item 3: Settings → Allowed origins is no keyboard trap (Tab moves on), and only
origins a browser can send are saved; a bad one is refused in the dialog with the reason."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from chatdesk.ui import i18n
from chatdesk.ui.settings import AppSettings
from tests.ui.helpers import Desk
from tests.ui.test_settings import open_settings, press_ok


def test_tab_moves_from_the_origins_to_the_next_field(desk: Desk) -> None:
    main = desk.register()
    dialog = open_settings(desk, main)
    dialog.activateWindow()
    dialog.origins.setFocus()
    desk.qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.origins)
    desk.qtbot.keyClicks(dialog.origins, "Q")
    desk.qtbot.keyClick(dialog.origins, Qt.Key.Key_Tab)
    assert "\t" not in dialog.origins.toPlainText()
    assert QApplication.focusWidget() is dialog.language
    desk.qtbot.keyClick(dialog.language, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is dialog.origins
    dialog.reject()


def test_a_bad_origin_is_refused_with_the_reason_and_nothing_is_saved(desk: Desk) -> None:
    main = desk.register()
    before = desk.app.settings.server_options()
    dialog = open_settings(desk, main)
    dialog.activateWindow()
    dialog.theme.setFocus()
    desk.qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.theme)
    for line in ("https://ok.example", "Q", "Z"):
        desk.qtbot.keyClicks(dialog.origins, line)
        desk.qtbot.keyClick(dialog.origins, Qt.Key.Key_Return)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    press_ok(desk, dialog)
    assert dialog.isVisible()  # refused: the dialog stays, saying why
    assert dialog.origins_error.isVisible()
    assert "“Q” is not an origin" in dialog.origins_error.text()
    assert "scheme://host[:port]" in dialog.origins_error.text()
    assert dialog.origins.textCursor().selectedText() == "Q"  # the bad one, chosen to retype
    assert dialog.origins.hasFocus()
    assert desk.app.settings.server_options() == before
    assert desk.app.settings.theme == "light"

    dialog.origins.setPlainText("https://ok.example\nhttp://localhost:80")
    press_ok(desk, dialog)
    assert dialog.isVisible()
    assert "default port" in dialog.origins_error.text()

    dialog.origins.setPlainText("HTTPS://OK.example/\n\n  http://[::1]:5173 ")
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    press_ok(desk, dialog)
    desk.qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = desk.app.settings.server_options().allowed_origins
    assert saved == ("https://ok.example", "http://[::1]:5173")


def test_the_reason_is_in_chinese_in_the_chinese_window(desk: Desk) -> None:
    main = desk.register()
    i18n.apply("zh")
    try:
        dialog = open_settings(desk, main)
        dialog.origins.setPlainText("ftp://files.example")
        press_ok(desk, dialog)
        assert dialog.isVisible()
        assert "“ftp://files.example”不是来源" in dialog.origins_error.text()
        assert "http:// 或 https://" in dialog.origins_error.text()
        dialog.reject()
    finally:
        i18n.apply("en")


def test_origins_saved_before_the_rule_are_checked_when_read(settings_file: Path) -> None:
    """What an older version saved ("Q⇥Z" became Q and Z) is not served as allowed."""
    settings_file.write_text(
        "[server]\nallowed_origins=Q Z https://ok.example/ HTTP://A.example:8080\n",
        encoding="utf-8",
    )
    options = AppSettings().server_options()
    assert options.allowed_origins == ("https://ok.example", "http://a.example:8080")
