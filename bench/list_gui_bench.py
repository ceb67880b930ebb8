"""Desktop chat list benchmark: sign in with N chats, time until the list is painted, then
go to its end three ways (the End key, the scroll bar dragged to the bottom, PageDown held)
and report the event loop's worst stall.

Not a test; run by hand (a fresh temp database; docs/benchmarks-list.md)::

    QT_QPA_PLATFORM=offscreen python bench/list_gui_bench.py [--chats 100000] [--runs 5]
    python bench/list_gui_bench.py --code /tmp/before-list2   # another checkout's chatdesk

"Shown" runs from the Sign in press to the first page painted in the list (a synchronous
repaint right after the rows arrive). A 5 ms timer records the longest gap between its ticks
(the worst freeze a person would see) while the list is driven:

- End: the End key pressed (again, while the list still grows as pages load) until the last
  chat is current and painted;
- drag: the scroll bar set to its maximum, again and again, until the last row is painted;
- PageDown: from the top, PageDown at 30 presses a second (a held key's repeat) for
  ``--hold`` seconds; "blank" counts the presses after which a row in view was still a
  placeholder 33 ms later (the next press).

Each way stops after ``--cap`` seconds if the end is not reached.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CHATDESK_BCRYPT_ROUNDS", "4")
ROOT = Path(__file__).resolve().parents[1]


def _code_root() -> Path:
    if "--code" in sys.argv:
        return Path(sys.argv[sys.argv.index("--code") + 1]).resolve()
    return ROOT


sys.path.insert(0, str(_code_root()))
sys.path.insert(1, str(ROOT))

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.find_gui_bench import launch_in, spin_until  # noqa: E402
from bench.list_bench import fill  # noqa: E402
from chatdesk.services import accounts  # noqa: E402

#: A message as people get them: a paragraph, a list and a code block (Markdown), some Chinese.
MESSAGE = (
    "Here is how the **index** works, step by step:\n\n1. the writer queues the id;\n"
    "2. the indexer takes the queue in batches;\n3. a search catches up first.\n\n"
    "```python\nfor row in rows:\n    index(row)\n```\n\n索引在提交之后建立，搜索前先补齐。"
)
#: The chats that get messages: the first ones listed (PageDown held 10 s reaches ~1,500).
WITH_MESSAGES = 3000


def add_messages(user_id: int, per_chat: int) -> None:
    """``per_chat`` messages in each of the first :data:`WITH_MESSAGES` chats listed, by one
    INSERT … SELECT (SQLite), indexed before the bench starts."""
    from chatdesk.store import database, indexer

    series = f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {per_chat})"
    with database.atomic():
        database.execute_sql(
            series + ' INSERT INTO "message" (chat_id, role, content, created_at) '
            "SELECT c.id, CASE s.i % 2 WHEN 1 THEN 'user' ELSE 'assistant' END, "
            "? || ' (' || s.i || ')', c.updated_at FROM s, (SELECT id, updated_at FROM \"chat\" "
            "WHERE user_id = ? ORDER BY pinned DESC, updated_at DESC, id DESC LIMIT ?) c",
            (MESSAGE, user_id, WITH_MESSAGES),
        )
    indexer.catch_up()


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

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.worst


def spin(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    end = time.perf_counter() + ms / 1000
    spin_until(lambda: time.perf_counter() >= end, ms + 1000)


def run_way(name: str, step: Callable[[], bool], cap: float) -> str:
    """Call ``step`` (one action, then True once at the end) with the loop running between."""
    stalls = Stalls()
    stalls.start()
    started = time.perf_counter()
    done = False
    while not done and time.perf_counter() - started < cap:
        done = step()
        if not done:
            spin(10)
    took = time.perf_counter() - started
    worst = stalls.stop() * 1000
    reached = f"end reached in {took:.1f} s" if done else f"end NOT reached in {cap:.0f} s"
    return f"  {name}: {reached}, worst stall {worst:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cap", type=float, default=120.0)
    parser.add_argument("--hold", type=float, default=10.0)
    parser.add_argument("--code", type=Path, help="a checkout whose chatdesk to measure")
    parser.add_argument("--grab", type=Path, help="save the list's window here at the end")
    parser.add_argument(
        "--messages",
        type=int,
        default=0,
        help="messages a chat (written by SQL), so that each "
        "chat a key lands on opens a thread to lay out",
    )
    args = parser.parse_args()
    QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        _login, app = launch_in(Path(tmp))
        user = accounts.register("bench", "secret1")
        fill(user, args.chats, 5000)
        if args.messages:
            add_messages(user.id, args.messages)
        shown: list[float] = []
        for _ in range(args.runs):
            spin_until(lambda: app.warm and app.login_window is not None, 30_000)
            login = app.login_window
            assert login is not None
            login.username.setText("bench")
            login.password.setText("secret1")
            settling = Stalls()
            settling.start()
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
        last = args.chats - 1
        placeholder = getattr(model, "PlaceholderRole", None)

        def loaded(row: int) -> bool:
            index = model.index(row)
            if not index.isValid():
                return False
            return bool(index.data()) and not (placeholder and index.data(placeholder))

        def painted_last() -> bool:
            view.viewport().repaint()
            rect = view.visualRect(model.index(last))
            inside = rect.top() >= 0 and rect.bottom() < view.viewport().height()
            return rect.isValid() and inside and loaded(last)

        ms = 1000
        print(
            f"{args.chats:,} chats: list shown {statistics.median(shown) * ms:.0f} ms after "
            f"Sign in (median of {args.runs}; min {min(shown) * ms:.0f}, max "
            f"{max(shown) * ms:.0f})"
        )
        # the rest of the list's keys arrive (the model of before: its first page alone)
        spin_until(lambda: getattr(model, "complete", True), 30_000)
        spin(300)
        print(f"  from Sign in to the list settled: worst stall {settling.stop() * ms:.0f} ms")
        view.setFocus()

        def end_key() -> bool:
            QTest.keyClick(view, Qt.Key.Key_End)
            return view.currentIndex().row() == last and painted_last()

        print(run_way("End key", end_key, args.cap))
        QTest.keyClick(view, Qt.Key.Key_Home)
        spin(200)

        def drag() -> bool:
            bar.setValue(bar.maximum())
            return painted_last()

        print(run_way("drag to the bottom", drag, args.cap))
        QTest.keyClick(view, Qt.Key.Key_Home)
        spin(200)
        blank = presses = 0
        stalls = Stalls()
        stalls.start()
        started = time.perf_counter()
        while time.perf_counter() - started < args.hold:
            QTest.keyClick(view, Qt.Key.Key_PageDown)
            presses += 1
            spin(33)
            view.viewport().repaint()
            top = view.indexAt(QPoint(1, 1)).row()
            rows = view.viewport().height() // max(1, view.sizeHintForRow(0))
            if top >= 0 and any(not loaded(r) for r in range(top, min(top + rows, last + 1))):
                blank += 1
        worst = stalls.stop() * ms
        print(
            f"  PageDown held {args.hold:.0f} s: {presses} presses, down to row "
            f"{view.currentIndex().row():,}, worst stall {worst:.0f} ms, "
            f"{blank} with a blank row in view"
        )
        if args.grab:
            main.grab().save(str(args.grab))
        app.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
