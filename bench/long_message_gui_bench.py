"""Desktop benchmark: opening a chat whose message is very long, and reading it whole.

Not a test; run by hand (offscreen, a fresh temp database)::

    QT_QPA_PLATFORM=offscreen python bench/long_message_gui_bench.py [--sizes 10000 100000 1000000]

For each kind of text (prose lines, one code block, one paragraph of words) and size, a chat of
that one message is opened twice in one run: as the app shows it (a bubble holds the first
``BUBBLE_MAX`` characters) and whole (``BUBBLE_MAX`` raised past the message, as before that
limit). Printed: the GUI thread's longest run without returning to the event loop (its CPU time,
from a 5 ms timer's gaps), then the same for the window a double-click opens.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CHATDESK_BCRYPT_ROUNDS", "4")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from find_gui_bench import launch_in, signed_in, spin_until  # noqa: E402
from PySide6.QtCore import QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from chatdesk.services import accounts, chats  # noqa: E402
from chatdesk.ui.history import model as history_model  # noqa: E402
from chatdesk.ui.history.message_dialog import MessageDialog  # noqa: E402

LINE = "Traceback line with some words 中文 and `code` and **bold** text, number {n}.\n"


def text_of(kind: str, size: int) -> str:
    if kind == "prose":
        return "".join(LINE.format(n=n) for n in range(size // len(LINE) + 1))[:size]
    if kind == "code":
        body = "".join(f"    x_{n} = compute({n}, 'value')\n" for n in range(size // 30 + 1))
        return "```python\n" + body[: size - 16] + "\n```"
    return ("word " * (size // 5 + 1))[:size]


class Stalls(QObject):
    """The longest gap of GUI-thread CPU time between two ticks of a 5 ms timer."""

    def __init__(self) -> None:
        super().__init__()
        self.worst = 0.0
        self._last = time.thread_time()
        self._timer = QTimer(self, interval=5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.thread_time()
        self.worst, self._last = max(self.worst, now - self._last), now

    def start(self) -> None:
        self.worst, self._last = 0.0, time.thread_time()
        self._timer.start()

    def stop(self) -> float:
        self._tick()
        self._timer.stop()
        return self.worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    QApplication.instance() or QApplication(sys.argv[:1])
    shown_max = history_model.BUBBLE_MAX
    with tempfile.TemporaryDirectory() as tmp:
        window, app = launch_in(Path(tmp))
        user = accounts.register("bench", "secret1")
        main = signed_in(window, app)
        empty = chats.create_chat(user, "Empty").id
        stalls = Stalls()
        print(f"BUBBLE_MAX {shown_max:,}; GUI thread's longest stall (CPU), open / read whole")
        for kind in ("prose", "code", "words"):
            for size in args.sizes:
                chat = chats.create_chat(user, f"{kind} {size}").id
                chats.add_message(user, chat, "assistant", text_of(kind, size))
                row: list[str] = []
                for label, limit in (("shortened", shown_max), ("whole", size + 1)):
                    history_model.BUBBLE_MAX = limit
                    main.open_chat(empty)
                    spin_until(lambda: main.messages.chat_id == empty)
                    QApplication.processEvents()
                    stalls.start()
                    main.open_chat(chat)
                    spin_until(
                        lambda c=chat: (
                            main.messages.chat_id == c  # type: ignore[misc]
                            and main.messages.rowCount() == 1
                        ),
                        120_000,
                    )
                    main.history.viewport().repaint()
                    opened = stalls.stop()
                    stalls.start()
                    main.history.show_message(0)
                    dialog = main.history.findChild(MessageDialog, "messageDialog")
                    assert dialog is not None
                    dialog.browser.viewport().repaint()
                    QApplication.processEvents()
                    read = stalls.stop()
                    dialog.reject()
                    dialog.deleteLater()
                    row.append(f"{label} {opened * 1000:6.0f} / {read * 1000:5.0f} ms")
                print(f"{kind:6s} {size:>9,} chars: " + "   ".join(row), flush=True)
        history_model.BUBBLE_MAX = shown_max
        app.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
