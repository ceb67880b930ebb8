"""The bridge from the services' change notifications to a Qt signal on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from chatdesk.services import events
from chatdesk.services.events import Change


class ChangeBridge(QObject):
    """Forwards every committed :class:`Change` (announced on the writer's thread: a worker, the
    API server's threads) to ``changed`` on the GUI thread.

    Signals:
        changed(object): a :class:`~chatdesk.services.events.Change`, queued to the GUI thread.
    """

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = events.subscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        self.changed.emit(change)  # queued: this object lives on the GUI thread

    def close(self) -> None:
        self._unsubscribe()
