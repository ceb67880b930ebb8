"""The guard against PySide6 6.12's emit dropping a reference to True (chatdesk.ui.pyside_fix)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from chatdesk.ui import pyside_fix


class Pinger(QObject):
    ping = Signal(str)


def test_emitting_many_signals_keeps_python_alive() -> None:
    # an import of a few thousand conversations emits this many; unguarded, 6.12 on Python 3.11
    # aborted the process with "bool_dealloc" at about 2,500
    pinger = Pinger()
    received: list[str] = []
    pinger.ping.connect(received.append)
    for _ in range(20_000):
        pinger.ping.emit("x")
    assert len(received) == 20_000
    assert sys.getrefcount(True) > 1000 and sys.getrefcount(False) > 1000


def test_the_guard_is_in_place_exactly_when_needed() -> None:
    needed = sys.version_info < (3, 12) and pyside_fix.emit_loses_references()
    assert pyside_fix.apply() is (needed or pyside_fix._applied)
    if needed:
        assert sys.getrefcount(True) > pyside_fix.RESERVE // 2
