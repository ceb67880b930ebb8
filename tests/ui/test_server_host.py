"""The hosted API server: where it listens, a taken port, quitting releases the port."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chatdesk.startup import DesktopOptions
from chatdesk.ui.app import current_app
from chatdesk.ui.launch import launch
from chatdesk.ui.settings import AppSettings
from tests.ui.helpers import Desk


@pytest.fixture
def taken_port() -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock.getsockname()[1]
    sock.close()


def test_a_taken_port_is_reported_and_the_app_still_opens(
    qtbot: QtBot, sqlite_store: str, tmp_path: Path, taken_port: int
) -> None:
    window = launch(DesktopOptions(database=sqlite_store, port=taken_port))
    app = current_app()
    assert app is not None
    try:
        assert window.isVisible()
        desk = Desk(qtbot, window, app)  # type: ignore[arg-type]
        desk.wait_server()
        assert app.server.state[0] == "failed"
        main = desk.register()
        assert main.server_label.text().startswith("API not running:")
        assert "in use" in main.server_label.text()
    finally:
        app.shutdown()


def test_no_server_option(qtbot: QtBot, sqlite_store: str) -> None:
    launch(DesktopOptions(database=sqlite_store, no_server=True))
    app = current_app()
    assert app is not None
    try:
        assert app.server.state == ("off", "")
    finally:
        app.shutdown()


def test_quitting_stops_the_server_and_releases_the_port(desk: Desk) -> None:
    url = desk.wait_server()
    port = int(url.rsplit(":", 1)[1])
    assert desk.post("register", username="zoe", password="secret1")["code"] == 0
    desk.app.shutdown()
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))  # free again
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_the_window_layout_is_remembered(
    desk: Desk, settings_file: Path, sqlite_store: str, qtbot: QtBot
) -> None:
    main = desk.register()
    main.resize(main.width(), 520)  # the offscreen screen is 800 px wide: restoring
    # clamps widths to it, so the height tells whether the geometry came back
    desk.app.shutdown()
    geometry, panels = AppSettings(str(settings_file)).layout()
    assert geometry is not None and panels is not None
    assert "secret1" not in settings_file.read_text(encoding="utf-8")

    window = launch(DesktopOptions(database=sqlite_store, port=0))
    app = current_app()
    assert app is not None and app is not desk.app
    try:
        again = Desk(qtbot, window, app)  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: app.warm)
        assert again.login.username.text() == "alice"  # remembered
        qtbot.keyClicks(again.login.password, "secret1")
        qtbot.keyClick(again.login.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: app.main_window is not None)
        assert again.main.height() == 520  # 760 by default
    finally:
        app.shutdown()


def test_the_login_window_comes_back_where_it_was(
    desk: Desk, settings_file: Path, sqlite_store: str, qtbot: QtBot
) -> None:
    desk.login.move(123, 87)
    qtbot.waitUntil(lambda: desk.login.pos().x() == 123)
    desk.app.shutdown()  # closes the login window: its place is saved
    assert AppSettings(str(settings_file)).login_geometry is not None
    window = launch(DesktopOptions(database=sqlite_store, port=0))
    app = current_app()
    assert app is not None and app is not desk.app
    try:
        qtbot.waitUntil(window.isVisible)
        assert (window.pos().x(), window.pos().y()) == (123, 87)
    finally:
        app.shutdown()
