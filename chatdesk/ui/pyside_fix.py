"""A guard against a reference-counting bug of PySide6 6.12 under Python 3.11.

There, ``SignalInstance.emit`` returns ``True`` without taking a reference to it, so every emit
from Python code drops one of ``True``'s references. The app emits once per background task and
once per change (an import announces every conversation), so after a few thousand emits Python
aborts with "Fatal Python error: bool_dealloc: deallocating True or False". Python 3.12 and later
make ``True`` and ``False`` immortal; :func:`apply` does the same by hand when it sees an emit
lose a reference, giving both a reference count no run can use up.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

#: Added to the reference counts: at one lost reference per emit, more than any run emits.
RESERVE = 1 << 40
PROBES = 16

_applied = False


class _Probe(QObject):
    ping = Signal()


def emit_loses_references() -> bool:
    """Whether emitting a signal from Python drops a reference to ``True`` (the bug)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBES):
        probe.ping.emit()
    return before - sys.getrefcount(True) >= PROBES


def apply() -> bool:
    """Make ``True`` and ``False`` effectively immortal if this PySide6 needs it; idempotent.
    Returns whether the guard is in place."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # immortal already (or not reference counted this way)
    if not emit_loses_references():
        return False
    for value in (True, False):
        # ob_refcnt is a PyObject's first field in CPython's (non-debug) object layout
        ctypes.c_ssize_t.from_address(id(value)).value += RESERVE
    _applied = True
    return True
