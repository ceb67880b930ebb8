"""Run by test_layout.py in a process of its own, on an offscreen screen large enough for the main
window (the suite's is 800 x 600, smaller than its minimum): sign in, move and size the windows
and the panels, quit, start again and print what came back, as JSON.

    python -m tests.ui.layout_probe DATABASE_URL
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from chatdesk.services import accounts
from chatdesk.startup import DesktopOptions
from chatdesk.ui.app import ChatDeskApp, current_app
from chatdesk.ui.launch import launch


def wait(condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out at line {sys._getframe(1).f_lineno}")
        QApplication.processEvents()
        time.sleep(0.005)


def start(url: str) -> tuple[ChatDeskApp, QWidget]:
    login = launch(DesktopOptions(database=url, no_server=True))
    app = current_app()
    assert app is not None
    wait(lambda: app.warm)
    return app, login


def sign_in(app: ChatDeskApp, login: QWidget) -> None:
    username = login.findChild(QLineEdit, "usernameEdit")
    if not username.text():  # the second time it is remembered
        QTest.keyClicks(username, "alice")
    password = login.findChild(QLineEdit, "passwordEdit")
    QTest.keyClicks(password, "secret1")
    QTest.keyClick(password, Qt.Key.Key_Return)
    wait(lambda: app.main_window is not None and app.main_window.isVisible())


def state(app: ChatDeskApp, login: QWidget) -> dict[str, object]:
    main = app.main_window
    assert main is not None
    return {
        "login": [login.x(), login.y()],
        "main": [main.x(), main.y(), main.width(), main.height()],
        "panels": main.splitter.sizes(),
    }


def main(url: str) -> int:
    accounts.register("alice", "secret1")
    app, login = start(url)
    login.move(300, 200)
    wait(lambda: login.x() == 300)
    before_login = [login.x(), login.y()]
    sign_in(app, login)
    main_window = app.main_window
    assert main_window is not None
    main_window.resize(1300, 820)
    main_window.move(90, 70)
    sizes = main_window.splitter.sizes()
    main_window.splitter.setSizes([sizes[0] + 80, sizes[1] - 120, sizes[2] + 40])
    wait(lambda: main_window.x() == 90 and main_window.width() == 1300)
    before = state(app, login) | {"login": before_login}
    app.shutdown()
    app, login = start(url)
    after_login = [login.x(), login.y()]
    sign_in(app, login)
    after = state(app, login) | {"login": after_login}
    app.shutdown()
    print(json.dumps({"before": before, "after": after}))
    return 0


if __name__ == "__main__":
    from chatdesk.store import open_store

    QApplication([sys.argv[0]])
    open_store(sys.argv[1])
    sys.exit(main(sys.argv[1]))
