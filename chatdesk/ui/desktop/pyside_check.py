"""Refuse to start on a PySide6 that loses references to Python's constants.

PySide6 6.12.0 under Python 3.11 drops one reference to ``None`` on every call of a Python slot
or override (a click, a delegate's ``paint``) and one to ``True`` on every ``emit``. Before 3.12
these objects are reference counted like any other, so after a minute of use Python aborts with
"Fatal Python error: none_dealloc" (or "bool_dealloc"). pyproject.toml excludes that release
where it is broken; :func:`lost_references` finds it (or a later one like it) if it is installed
anyway, by doing a few of each and counting, and :func:`refusal` says what to do instead.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

PROBES = 16  # a few of each: well inside the references True and None start with


class _Probe(QObject):
    ping = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def slot(self) -> None:
        self.calls += 1


def lost_references() -> dict[str, int]:
    """How many references to ``None`` and ``True`` :data:`PROBES` slot calls and emits lost;
    zeros on a sound PySide6. Needs a ``QCoreApplication`` (for the timers' slot calls)."""
    probe = _Probe()
    none_before = sys.getrefcount(None)
    for _ in range(PROBES):
        QTimer.singleShot(0, probe.slot)
    while probe.calls < PROBES:
        QCoreApplication.processEvents()
    none_lost = none_before - sys.getrefcount(None)
    true_before = sys.getrefcount(True)
    for _ in range(PROBES):
        probe.ping.emit()
    true_lost = true_before - sys.getrefcount(True)
    # other code may drop a reference or two meanwhile; the bug drops one per call
    return {
        "None": none_lost if none_lost >= PROBES // 2 else 0,
        "True": true_lost if true_lost >= PROBES // 2 else 0,
    }


def refusal() -> str | None:
    """The message to show instead of starting, or ``None`` when this PySide6 is sound."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return None  # None and True are immortal there: nothing to lose
    lost = lost_references()
    if not any(lost.values()):
        return None
    python = ".".join(map(str, sys.version_info[:3]))
    return (
        f"ChatDesk cannot run on PySide6 {PySide6.__version__} with Python {python}: this "
        "PySide6 loses a reference to None or True on every click and repaint, and Python "
        "aborts after a minute of use.\n"
        "Install another release (6.11.3 works): "
        "pip install 'PySide6-Essentials!=6.12.0'\n"
        "or run ChatDesk on Python 3.12 or newer."
    )
