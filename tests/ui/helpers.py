"""Helpers for driving the desktop app in tests: the launched app, a stall meter."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from chatdesk.ui.account.login_window import LoginWindow
from chatdesk.ui.app import ChatDeskApp
from chatdesk.ui.main_window import MainWindow


class Desk:
    """The launched app and the helpers a test uses to drive it."""

    def __init__(self, qtbot: QtBot, login: LoginWindow, app: ChatDeskApp) -> None:
        self.qtbot = qtbot
        self.login = login
        self.app = app

    @property
    def main(self) -> MainWindow:
        assert self.app.main_window is not None
        return self.app.main_window

    def wait_server(self) -> str:
        self.qtbot.waitUntil(lambda: self.app.server.state[0] in ("listening", "failed"))
        return self.app.server.url or ""

    def register(self, name: str = "alice", password: str = "secret1") -> MainWindow:
        login = self.login
        login.username.clear()
        self.qtbot.keyClicks(login.username, name)
        self.qtbot.keyClicks(login.password, password)
        self.qtbot.mouseClick(login.register_button, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: self.app.main_window is not None, timeout=5000)
        main = self.main
        self.qtbot.waitUntil(lambda: main.gallery.shown_ids() != [])
        return main

    def sign_in(self, name: str = "alice", password: str = "secret1") -> MainWindow:
        """Sign in an account that exists (by keyboard: the name, the password, Return)."""
        login = self.login
        self.qtbot.keyClicks(login.username, name)
        self.qtbot.keyClicks(login.password, password)
        self.qtbot.keyClick(login.password, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: self.app.main_window is not None)
        return self.main

    def post(self, endpoint: str, **fields: Any) -> dict[str, Any]:
        """A real HTTP call to the hosted server, as an outside client makes it."""
        url = self.wait_server()
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(f"{url}/myapp/{endpoint}/", data=body, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:  # 401, 429…: the body still says why
            with error:
                raw = error.read()
        result: dict[str, Any] = json.loads(raw.decode("utf-8"))
        return result

    def idle(self) -> None:
        """Wait until the worker has nothing queued and its results are delivered."""
        self.qtbot.waitUntil(lambda: self.app.tasks.pending == 0, timeout=10_000)


class StallMeter(QObject):
    """A 10 ms timer recording the longest gap between its ticks: the event loop's worst stall.

    ``cpu_worst`` counts only the GUI thread's own CPU time within a gap (the work the app did
    without returning to the loop); ``wall_worst`` also counts time the operating system gave to
    other processes, which on a loaded test machine alone reaches tens of milliseconds.
    """

    def __init__(self) -> None:
        super().__init__()
        self.wall_worst = 0.0
        self.cpu_worst = 0.0
        self._wall = 0.0
        self._cpu = 0.0
        self._timer = QTimer(self, interval=10)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        self.wall_worst = max(self.wall_worst, wall - self._wall)
        self.cpu_worst = max(self.cpu_worst, cpu - self._cpu)
        self._wall, self._cpu = wall, cpu

    def __enter__(self) -> StallMeter:
        self._timer.start()
        self.reset()
        return self

    def reset(self) -> None:
        """Forget what was measured so far (start measuring now)."""
        self._wall, self._cpu = time.perf_counter(), time.thread_time()
        self.wall_worst = self.cpu_worst = 0.0

    def __exit__(self, *exc: object) -> None:
        self._timer.stop()
        self._tick()

    def check(self, limit: float = 0.1, wall_limit: float = 0.5) -> None:
        assert self.cpu_worst < limit, f"GUI thread busy {self.cpu_worst * 1000:.0f} ms at once"
        assert self.wall_worst < wall_limit, f"event loop stalled {self.wall_worst * 1000:.0f} ms"


def find_visible(cls: type[QWidget], name: str) -> QWidget | None:
    """A visible widget of that class and object name, in any top-level window."""
    for widget in QApplication.topLevelWidgets():
        if not shiboken6.isValid(widget):
            continue
        found = widget if widget.objectName() == name else widget.findChild(cls, name)
        if isinstance(found, cls) and found.isVisible():
            return found
    return None
