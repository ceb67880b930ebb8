"""Fixtures for the desktop app: settings in a temp INI file, the app launched as ``main.py``
would launch it (API on a free port), and a private X server."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chatdesk.services.meaning import OFF_ENV
from chatdesk.startup import DesktopOptions
from chatdesk.ui.account.login_window import LoginWindow
from chatdesk.ui.app import current_app
from chatdesk.ui.launch import launch
from chatdesk.ui.settings import SETTINGS_FILE_ENV
from tests import IN_CI
from tests.ui.helpers import Desk


@pytest.fixture(autouse=True)
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """QSettings in a temp INI file, English and light unless a test says otherwise."""
    path = tmp_path / "settings.ini"
    path.write_text("[ui]\nlanguage=en\ntheme=light\n", encoding="utf-8")
    monkeypatch.setenv(SETTINGS_FILE_ENV, str(path))
    monkeypatch.setenv(OFF_ENV, "1")  # no embedding beside every window test
    return path


@pytest.fixture
def desk(qtbot: QtBot, sqlite_store: str, tmp_path: Path) -> Iterator[Desk]:
    window = launch(DesktopOptions(database=sqlite_store, data_dir=str(tmp_path), port=0))
    assert isinstance(window, LoginWindow)
    app = current_app()
    assert app is not None
    qtbot.waitUntil(lambda: app.warm)  # the main window is built while the person types
    yield Desk(qtbot, window, app)
    app.shutdown()
    app.deleteLater()
    QApplication.sendPostedEvents(None, 0)


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A private Xvfb server's DISPLAY (skips where Xvfb is not installed, except in CI)."""
    binary = shutil.which("Xvfb")
    if binary is None:
        if IN_CI:
            pytest.fail("Xvfb is not installed in CI (.ci/run installs it)")
        pytest.skip("Xvfb is not installed")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        server.wait()
        pytest.fail("Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)
