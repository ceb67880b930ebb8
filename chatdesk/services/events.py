"""Change notification: the services announce what changed once it is committed.

Qt-free. The GUI subscribes and forwards to a signal (queued to the GUI thread); the server
thread publishes through the same services, so a chat added over HTTP reaches the open window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from chatdesk.store import database


@dataclass(frozen=True)
class Change:
    """What changed: ``kind`` is "chat" (created, renamed, pinned, deleted or restored),
    "message" (added) or "prompt"; ids are database ids (0 where not applicable)."""

    kind: str
    user_id: int = 0
    chat_id: int = 0


Listener = Callable[[Change], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def subscribe(listener: Listener) -> Callable[[], None]:
    """Call ``listener`` for every committed change; returns a function that unsubscribes."""
    with _lock:
        _listeners.append(listener)

    def unsubscribe() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return unsubscribe


def publish(change: Change) -> None:
    """Announce ``change`` when the current transaction commits (now, outside one)."""

    def deliver() -> None:
        with _lock:
            targets = list(_listeners)
        for listener in targets:
            listener(change)

    if _listeners:
        database.after_commit(deliver)
