"""``--smoke-test PNG``: prove that the app can show its login window on this display, then quit.

Built for checking an installed or bundled app on a real X server (Xvfb) or offscreen: the app
starts as usual, and once the login window is exposed (the platform says it is on screen) and
has painted, a grab of it is saved to PNG and the app quits with exit code 0. If the window is
not shown within the time limit, or the PNG cannot be written, it says so on stderr and quits
with 1.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from chatdesk.ui.account.login_window import LoginWindow

#: How long the login window has to appear.
TIMEOUT_S = 10.0
POLL_MS = 20


class SmokeTest(QObject):
    """Watches ``window`` and, once it is exposed and painted, saves it to ``png``.

    Args:
        window: the login window, shown.
        png: where the screenshot goes (the folder must exist).
        timeout_s: how long to wait for the window before failing.

    Signals:
        finished(int): the exit code: 0 once the PNG is saved, 1 on failure (said on stderr).
    """

    finished = Signal(int)

    def __init__(self, window: LoginWindow, png: Path, timeout_s: float = TIMEOUT_S) -> None:
        super().__init__(window)
        self.window = window
        self.png = png
        self.timeout_s = timeout_s
        self.deadline = time.monotonic() + timeout_s
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._check)

    def start(self) -> None:
        self._timer.start()

    def _exposed_and_painted(self) -> bool:
        handle = self.window.windowHandle()
        return handle is not None and handle.isExposed() and self.window.painted

    def _check(self) -> None:
        if self._exposed_and_painted():
            self._timer.stop()
            self.finished.emit(self._save())
        elif time.monotonic() > self.deadline:
            self._timer.stop()
            print(
                "chatdesk: smoke test failed: the login window was not shown within "
                f"{self.timeout_s:g} s",
                file=sys.stderr,
            )
            self.finished.emit(1)

    def _save(self) -> int:
        if not self.window.grab().save(str(self.png), "PNG"):
            print(f"chatdesk: smoke test failed: cannot write {self.png}", file=sys.stderr)
            return 1
        return 0
