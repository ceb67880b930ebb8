"""The window while the meaning index is built (issue 25): the GUI thread's worst stall and the
app's memory while the worker embeds a library in the background.

Not a test; run by hand (offscreen, a fresh temp database)::

    QT_QPA_PLATFORM=offscreen python bench/meaning_gui_bench.py [--chats 400] [--seconds 60]

Seeds chats of real text (bench/meaning_bench.py's), launches the app as ``main.py`` does (it
starts the worker), signs in, and for ``--seconds`` (or until the queue is empty) scrolls the
chat list and types in the find box every 200 ms while a 10 ms timer records the longest gap
between its ticks (wall: what a person sees; CPU: the GUI thread's own work within it). Memory
is the process's resident size (VmRSS, sampled) and its peak (VmHWM).
"""

from __future__ import annotations

import argparse
import contextlib
import os
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

from bench.find_gui_bench import launch_in, signed_in, spin_until  # noqa: E402
from bench.meaning_bench import real_texts  # noqa: E402
from chatdesk.services import accounts, meaning  # noqa: E402
from chatdesk.store import open_store  # noqa: E402
from chatdesk.store.db import close_database  # noqa: E402
from tests.seeding import chat_with  # noqa: E402


def vm(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--off", action="store_true", help="no worker: the same run's stalls without embedding"
    )
    args = parser.parse_args()
    if args.off:
        os.environ[meaning.OFF_ENV] = "1"
    work = Path(tempfile.mkdtemp(prefix="meaning-gui-"))
    open_store(f"sqlite:///{work / 'bench.sqlite3'}")
    user = accounts.register("bench", "secret1")
    texts = real_texts()
    for n in range(args.chats):
        picked = [texts[(n * 4 + i) % len(texts)] for i in range(4)]
        chat_with(user, picked[0][:40], list(zip(["user", "assistant"] * 2, picked, strict=True)))
    close_database()
    app_qt = QApplication.instance() or QApplication([])
    window, app = launch_in(work)
    main_window = signed_in(window, app)
    start_rss = vm("VmRSS")
    if not args.off:
        spin_until(lambda: (w := meaning.running()) is not None and w.embedder is not None, 60_000)
    waiting = meaning.pending()
    print(
        f"{args.chats} chats ({waiting} queued); RSS with the model loaded {vm('VmRSS'):.0f} MB "
        f"(before it was {start_rss:.0f} MB)"
    )
    worst = {"wall": 0.0, "cpu": 0.0}
    last = [time.perf_counter(), time.thread_time()]

    def tick() -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        worst["wall"] = max(worst["wall"], wall - last[0])
        worst["cpu"] = max(worst["cpu"], cpu - last[1])
        last[0], last[1] = wall, cpu

    panel = main_window.chat_list
    step = [0]

    def act() -> None:  # what a person does meanwhile
        step[0] += 1
        bar = panel.view.verticalScrollBar()
        bar.setValue((bar.value() + 40) % max(1, bar.maximum()))
        panel.search.setText("abc"[: step[0] % 4])

    meter = QTimer(interval=10)
    meter.timeout.connect(tick)
    person = QTimer(interval=200)
    person.timeout.connect(act)
    rss = []
    sampler = QTimer(interval=500)
    sampler.timeout.connect(lambda: rss.append(vm("VmRSS")))
    started = time.perf_counter()
    for timer in (meter, person, sampler):
        timer.start()
    last[0], last[1] = time.perf_counter(), time.thread_time()
    with contextlib.suppress(TimeoutError):
        done = (lambda: False) if args.off else (lambda: meaning.status().pending == 0)
        spin_until(done, int(args.seconds * 1000))
    took = time.perf_counter() - started
    for timer in (meter, person, sampler):
        timer.stop()
    left = meaning.status().pending
    print(
        f"embedded {waiting - left} chats in {took:.0f} s ({left} left); "
        f"worst GUI stall {worst['wall'] * 1000:.0f} ms wall, {worst['cpu'] * 1000:.0f} ms CPU; "
        f"RSS while embedding max {max(rss):.0f} MB, peak (VmHWM) {vm('VmHWM'):.0f} MB"
    )
    app.shutdown()
    del app_qt
    return 0


if __name__ == "__main__":
    sys.exit(main())
