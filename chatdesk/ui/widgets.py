"""Small helpers for building widgets (typed, so the stubs need no property keywords)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, QTimer

T = TypeVar("T", bound=QObject)


def named(obj: T, name: str) -> T:
    """``obj`` with its object name set (SPEC §5 names are what tests drive the app by)."""
    obj.setObjectName(name)
    return obj


def single_shot_timer(parent: QObject, interval_ms: int) -> QTimer:
    """A restartable single-shot timer (debounce)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    return timer
