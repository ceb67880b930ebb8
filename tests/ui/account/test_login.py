"""The login window: register, sign in, inline errors, Enter submits, the name remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatdesk.services import accounts
from chatdesk.startup import DesktopOptions
from chatdesk.ui.app import current_app
from chatdesk.ui.launch import launch
from chatdesk.ui.settings import AppSettings
from tests.ui.helpers import Desk, StallMeter


def test_launch_shows_the_login_window_with_spec_names(desk: Desk) -> None:
    login = desk.login
    assert login.isVisible()
    assert login.objectName() == "loginWindow"
    for name in ("usernameEdit", "passwordEdit", "loginButton", "registerButton", "errorLabel"):
        assert login.findChild(object, name) is not None, name
    assert not login.error.isVisible()


def test_register_then_main_window_with_server_status(desk: Desk) -> None:
    main = desk.register("alice", "secret1")
    assert main.objectName() == "mainWindow" and main.isVisible()
    assert desk.app.login_window is None
    url = desk.wait_server()
    desk.qtbot.waitUntil(lambda: url in main.server_label.text())
    assert main.server_label.objectName() == "serverStatusLabel"


def test_sign_in_with_enter_and_the_name_is_remembered(desk: Desk, settings_file: Path) -> None:
    accounts.register("bob", "hunter22")
    login = desk.login
    desk.qtbot.keyClicks(login.username, "bob")
    desk.qtbot.keyClicks(login.password, "hunter22")
    with StallMeter() as meter:
        desk.qtbot.keyClick(login.password, Qt.Key.Key_Return)
        desk.qtbot.waitUntil(lambda: desk.app.main_window is not None, timeout=5000)
    meter.check()
    print(
        f"sign-in worst stall {meter.wall_worst * 1000:.0f} ms wall, "
        f"{meter.cpu_worst * 1000:.0f} ms GUI CPU"
    )
    assert desk.main.session.user.username == "bob"
    saved = AppSettings(str(settings_file))
    assert saved.last_username == "bob"
    assert "hunter22" not in settings_file.read_text(encoding="utf-8")


def test_alt_r_registers_from_the_keyboard(desk: Desk) -> None:
    login = desk.login
    login.activateWindow()
    desk.qtbot.keyClicks(login.username, "frank")
    desk.qtbot.keyClicks(login.password, "secret1")
    desk.qtbot.keyClick(login.password, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    desk.qtbot.waitUntil(lambda: desk.app.main_window is not None, timeout=5000)
    assert desk.main.session.user.username == "frank"
    assert accounts.login("frank", "secret1") is not None


def test_wrong_password_is_shown_inline(desk: Desk) -> None:
    accounts.register("carol", "right-one")
    login = desk.login
    desk.qtbot.keyClicks(login.username, "carol")
    desk.qtbot.keyClicks(login.password, "wrong-one")
    desk.qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: login.error.isVisible())
    assert login.error.text() == "Wrong username or password"
    assert desk.app.main_window is None
    assert login.login_button.isEnabled()


def test_taken_name_and_short_password_are_shown_inline(desk: Desk) -> None:
    accounts.register("dave", "secret1")
    login = desk.login
    desk.qtbot.keyClicks(login.username, "dave")
    desk.qtbot.keyClicks(login.password, "secret1")
    desk.qtbot.mouseClick(login.register_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: login.error.isVisible())
    assert login.error.text() == "Username already taken"
    login.username.clear()
    login.password.clear()
    desk.qtbot.keyClicks(login.username, "erin")
    desk.qtbot.keyClicks(login.password, "abc")
    desk.qtbot.mouseClick(login.register_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: "too short" in login.error.text())
    assert desk.app.main_window is None


def test_the_busy_indicator_shows_while_hashing(desk: Desk) -> None:
    login = desk.login
    desk.qtbot.keyClicks(login.username, "frank")
    desk.qtbot.keyClicks(login.password, "secret1")
    desk.qtbot.mouseClick(login.register_button, Qt.MouseButton.LeftButton)
    assert login.busy.isVisible() and not login.register_button.isEnabled()
    desk.qtbot.waitUntil(lambda: desk.app.main_window is not None, timeout=5000)


def test_the_login_window_stays_responsive_while_the_main_window_is_prepared(
    qtbot: QtBot, sqlite_store: str
) -> None:
    app = None
    try:
        with StallMeter() as meter:
            window = launch(DesktopOptions(database=sqlite_store, port=0))
            app = current_app()
            assert app is not None
            meter.reset()  # from the moment the login window is shown
            qtbot.waitUntil(lambda: app is not None and app.warm, timeout=10_000)
    finally:
        if app is not None:
            app.shutdown()  # not measured: stopping the server is not the login window's work
    meter.check()
    print(
        f"after the login window shows: worst stall {meter.wall_worst * 1000:.0f} ms wall, "
        f"{meter.cpu_worst * 1000:.0f} ms GUI CPU"
    )
    assert window.objectName() == "loginWindow"
