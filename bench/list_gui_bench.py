"""Desktop chat list benchmark: sign in with N chats, time until the list is painted, then
scroll to its end and report the event loop's worst stall.

Not a test; run by hand (offscreen, a fresh temp database; docs/benchmarks-list.md)::

    QT_QPA_PLATFORM=offscreen python bench/list_gui_bench.py [--chats 100000] [--runs 5]

"Shown" runs from the Sign in press to the first page painted in the list (a synchronous
repaint right after the rows arrive). The scroll drags the scroll bar to the bottom, again and
again, as pages load (one page per fetch, as a person dragging it would); a 5 ms timer records
the longest gap between its ticks: the worst freeze a person would see.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CHATDESK_BCRYPT_ROUNDS", "4")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.find_gui_bench import launch_in, spin_until  # noqa: E402
from bench.list_bench import fill  # noqa: E402
from chatdesk.services import accounts  # noqa: E402


class Stalls:
    """The longest gap between ticks of a 5 ms timer."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last)
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self.worst = 0.0
        self.timer.start()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        _login, app = launch_in(Path(tmp))
        fill(accounts.register("bench", "secret1"), args.chats, 5000)
        shown: list[float] = []
        for _ in range(args.runs):
            spin_until(lambda: app.warm and app.login_window is not None, 30_000)
            login = app.login_window
            assert login is not None
            login.username.setText("bench")
            login.password.setText("secret1")
            started = time.perf_counter()
            login.sign_in()
            spin_until(lambda: app.main_window is not None and app.main_window.isVisible())
            main = app.main_window
            assert main is not None
            spin_until(lambda: main.chat_list.model.rowCount() > 0)  # noqa: B023
            main.chat_list.view.viewport().repaint()
            shown.append(time.perf_counter() - started)
            if len(shown) < args.runs:
                main.sign_out_requested.emit()  # and sign in again, a fresh main window
        main = app.main_window
        assert main is not None
        model, view = main.chat_list.model, main.chat_list.view
        bar = view.verticalScrollBar()
        stalls = Stalls()
        stalls.start()
        started = time.perf_counter()
        while model.canFetchMore() or model.rowCount() < args.chats:
            bar.setValue(bar.maximum())
            spin_until(lambda: not model._loading, 30_000)
        scrolled = time.perf_counter() - started
        stalls.timer.stop()
        ms = 1000
        print(
            f"{args.chats:,} chats: list shown {statistics.median(shown) * ms:.0f} ms after "
            f"Sign in (median of {args.runs}; min {min(shown) * ms:.0f}, max "
            f"{max(shown) * ms:.0f}); scrolled to the end ({model.rowCount():,} rows) in "
            f"{scrolled:.1f} s, worst stall {stalls.worst * ms:.0f} ms"
        )
        app.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
