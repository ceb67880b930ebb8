"""Desktop find benchmark: from choosing a search hit far back in a long chat to that message
shown, highlighted, in the history view.

Not a test; run by hand (offscreen, a fresh temp database)::

    QT_QPA_PLATFORM=offscreen python bench/find_gui_bench.py [--messages 5000] [--runs 15]

Builds a chat of N messages (Markdown, code blocks, Chinese, as in tests/ui/history/test_view.py)
with one findable message near its start, launches the app as ``main.py`` does, searches inside
messages, then clicks the hit repeatedly, each time after opening another chat first. A run ends
when the view has scrolled to the message and painted it (timed right after that synchronous
repaint); "worker" is the part spent before the window loaded on the worker thread (query and
Markdown rendering), "GUI" the rest (layout of the page, scrolling, painting).
"""

from __future__ import annotations

import argparse
import datetime as dt
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

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from chatdesk.services import accounts, chats  # noqa: E402
from chatdesk.startup import DesktopOptions  # noqa: E402
from chatdesk.store import write_transaction  # noqa: E402
from chatdesk.ui.account.login_window import LoginWindow  # noqa: E402
from chatdesk.ui.app import ChatDeskApp, current_app  # noqa: E402
from chatdesk.ui.launch import launch  # noqa: E402
from chatdesk.ui.main_window import MainWindow  # noqa: E402
from chatdesk.ui.settings import SETTINGS_FILE_ENV  # noqa: E402

SAMPLE = [
    "How do I read a file in Python?",
    "Use `open`:\n\n```python\nwith open('notes.txt', encoding='utf-8') as f:\n"
    "    text = f.read()\n```\n\nThe **with** block closes the file.",
    "And in Rust? 用中文解释一下。",
    '```rust\nlet text = std::fs::read_to_string("notes.txt")?;\n```\n\n'
    "- 读取整个文件\n- 返回 `Result`",
]
NEEDLE = "the purple zebra"


def spin_until(predicate: object, timeout_ms: int = 10_000) -> None:
    """Run the event loop until ``predicate()`` holds (a timer, not a processEvents loop)."""
    loop = QEventLoop()
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: loop.quit() if predicate() else None)  # type: ignore[operator]
    QTimer.singleShot(timeout_ms, loop.quit)
    timer.start()
    if not predicate():  # type: ignore[operator]
        loop.exec()
    timer.stop()
    if not predicate():  # type: ignore[operator]
        raise TimeoutError("condition not met")


def launch_in(work: Path) -> tuple[LoginWindow, ChatDeskApp]:
    """The app launched as ``main.py`` does, on a fresh database in ``work``, English and light,
    no API server; returns the login window and the app."""
    (work / "s.ini").write_text("[ui]\nlanguage=en\ntheme=light\n", encoding="utf-8")
    os.environ[SETTINGS_FILE_ENV] = str(work / "s.ini")
    database = f"sqlite:///{work / 'bench.sqlite3'}"
    window = launch(DesktopOptions(database=database, data_dir=str(work), no_server=True))
    app = current_app()
    assert isinstance(window, LoginWindow) and isinstance(app, ChatDeskApp)
    return window, app


def signed_in(window: LoginWindow, app: ChatDeskApp) -> MainWindow:
    """Sign in as "bench" (already registered) once the app is warm; the main window, shown."""
    spin_until(lambda: app.warm)
    window.username.setText("bench")
    window.password.setText("secret1")
    window.sign_in()
    spin_until(lambda: app.main_window is not None)
    main = app.main_window
    assert main is not None
    main.show()
    return main


def seed(count: int, far: int) -> None:
    user = accounts.register("bench", "secret1")
    chat = chats.create_chat(user, "Long chat")
    start = dt.datetime(2026, 1, 1, 9, 0)
    rows = [
        (
            "user" if n % 2 == 0 else "assistant",
            f"#{n} " + (NEEDLE if n == far else SAMPLE[n % len(SAMPLE)]),
            start + dt.timedelta(seconds=n),
            None,
        )
        for n in range(count)
    ]
    with write_transaction():
        chats.append_messages(chat.id, rows, start + dt.timedelta(seconds=count))
    other = chats.create_chat(user, "Short chat")
    chats.add_message(user, other.id, "user", "nothing to find here")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--far", type=int, default=50, help="the hit's position in the chat")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        window, app = launch_in(Path(tmp))
        seed(args.messages, args.far)
        main = signed_in(window, app)
        panel, model, view = main.chat_list, main.messages, main.history
        spin_until(lambda: panel.model.rowCount() == 2)
        panel.find_in_messages()
        panel.search.setText(NEEDLE)
        spin_until(lambda: panel.hits.rowCount() == 1 and not panel.hits.loading)
        hit = panel.hits_view.visualRect(panel.hits.index(0)).center()
        short = panel.model.index(0)  # the short chat is the newest

        marks: dict[str, float] = {}
        delivered = model._first_page

        def first_page(*a: object) -> None:
            marks.setdefault("delivered", time.perf_counter())
            delivered(*a)  # type: ignore[arg-type]

        model._first_page = first_page  # type: ignore[method-assign]

        def painted() -> bool:
            row = model.row_of_id(model.highlight_id)
            if model.highlight_id == 0 or row < 0:
                return False
            rect = view.visualRect(model.index(row))
            if not view.viewport().rect().intersects(rect):
                return False
            view.viewport().repaint()
            marks.setdefault("shown", time.perf_counter())
            return True

        totals, workers = [], []
        for _ in range(args.runs + 1):  # the first run warms caches up and is left out
            panel.view.setCurrentIndex(short)  # another chat first: the hit's chat reloads
            spin_until(lambda: model.rowCount() == 1 and app.tasks.pending == 0)
            marks.clear()
            started = time.perf_counter()
            QTest.mouseClick(panel.hits_view.viewport(), Qt.MouseButton.LeftButton, pos=hit)
            spin_until(painted)
            totals.append(marks["shown"] - started)
            workers.append(marks["delivered"] - started)
        totals, workers = totals[1:], workers[1:]
        row = model.row_of_id(model.highlight_id)
        assert str(model.index(row).data()).startswith(f"#{args.far} ")
        gui = [t - w for t, w in zip(totals, workers, strict=True)]
        ms = 1000
        print(
            f"{args.messages} messages, hit at #{args.far}, {model.rowCount()} loaded; "
            f"{args.runs} runs: median {statistics.median(totals) * ms:.0f} ms "
            f"(min {min(totals) * ms:.0f}, max {max(totals) * ms:.0f}); "
            f"worker {statistics.median(workers) * ms:.0f} ms, "
            f"GUI {statistics.median(gui) * ms:.0f} ms (medians; the 5 ms poll included)"
        )
        app.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
