"""Run by test_layout.py in a process of its own, under a real X server (xcb): sign in, open a
chat of long messages, size the main window from its smallest to a large size, and print what
each size gave the thread and its bubbles, as JSON; with OUT_DIR, a screenshot of each size.

    python -m tests.ui.fit_probe DATABASE_URL [OUT_DIR]

:func:`measure` is also what the in-process tests (test_window_fit.py) check.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from chatdesk.services import accounts, chats
from chatdesk.ui.history.bubble_delegate import BubbleDelegate
from chatdesk.ui.main_window import MainWindow
from tests.ui.layout_probe import sign_in, start, wait

SIZES = [(576, 458), (640, 480), (800, 600), (999, 700), (1000, 700), (1280, 800), (1600, 1000)]

#: Messages that fill a bubble's width every way: prose, one long token, code, Chinese, a table.
LONG_MESSAGES = [
    ("user", "How do I read a whole file at once, and what happens when it is missing? " * 3),
    ("assistant", "Here is the token: " + "0123456789abcdef" * 24),
    ("user", '{"data":' + '{"key":"value","list":[1,2,3],"nested":{"deep":true}},' * 8 + "0}"),
    ("assistant", "```python\nx = compute(" + ", ".join(f"a{n}" for n in range(40)) + ")\n```"),
    ("user", "用中文解释一下这个函数在文件不存在的时候会发生什么，以及如何处理这个错误。" * 4),
    ("assistant", "| a | b |\n|---|---|\n| " + "w" * 120 + " | 2 |\n"),
    ("user", "Short."),
]


def seed_chat(user: accounts.Account) -> int:
    chat = chats.create_chat(user, "Fitting the window")
    for role, content in LONG_MESSAGES * 2:
        chats.add_message(user, chat.id, role, content)
    return chat.id


def measure(main: MainWindow) -> dict[str, Any]:
    """The window's width, the thread's, whether the gallery is folded, and for every bubble on
    screen its left edge, right edge and its text's right edge, in viewport pixels."""
    view = main.history
    delegate = view.itemDelegate()
    assert isinstance(delegate, BubbleDelegate)
    viewport = view.viewport().rect()
    bubbles = []
    for row in range(main.messages.rowCount()):
        index = main.messages.index(row)
        rect = view.visualRect(index)
        if not rect.intersects(viewport):
            continue
        bubble = delegate.bubble_rect(rect, index)
        doc = delegate._doc(index, delegate._text_width())
        text_right = bubble.left() + delegate.PAD + doc.size().width()
        bubbles.append([bubble.left(), bubble.right(), text_right])
    return {
        "window": [main.width(), main.height()],
        "thread": view.width(),
        "viewport": viewport.width(),
        "scroll_bar": view.verticalScrollBar().isVisible(),
        "folded": main.folded,
        "gallery_shown": main.gallery.isVisible(),
        "panels": main.splitter.sizes(),
        "bubbles": bubbles,
    }


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def main(url: str, out: Path | None) -> int:
    user = accounts.register("alice", "secret1")
    chat_id = seed_chat(user)
    app, login = start(url)
    sign_in(app, login)
    window = app.main_window
    assert window is not None
    window.chat_list.select_chat(chat_id)
    wait(lambda: window.messages.rowCount() == 2 * len(LONG_MESSAGES))
    results = []
    for width, height in SIZES:
        window.resize(width, height)
        with contextlib.suppress(SystemExit):  # measured as it is: the test says what it got
            wait(lambda w=width: window.width() == w, timeout=5)  # type: ignore[misc]
        settle()
        for place in ("bottom", "top"):
            bar = window.history.verticalScrollBar()
            bar.setValue(bar.maximum() if place == "bottom" else 0)
            settle(0.1)
            results.append({"asked": [width, height], "at": place, **measure(window)})
        if out is not None:
            window.grab().save(str(out / f"fit-{width}x{height}.png"))
    app.shutdown()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    from chatdesk.store import open_store

    QApplication([sys.argv[0]])
    open_store(sys.argv[1])
    sys.exit(main(sys.argv[1], Path(sys.argv[2]) if len(sys.argv) > 2 else None))
