"""The status bar's word on the meaning index (issue 25): "Meaning index: 63 %" while chats wait
to be embedded, "paused" when the settings pause it, why it is off when the model cannot load;
nothing once every chat is embedded. Read every :data:`POLL_MS` through the task worker (two
counts), never on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from chatdesk.services import meaning
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import named, plain

POLL_MS = 2000


class MeaningStatus(QLabel):
    def __init__(self, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        plain(named(self, "meaningStatusLabel"))
        self.setContentsMargins(8, 0, 8, 0)
        self.tasks = tasks
        self.state: meaning.Status | None = None
        self.hide()
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def poll(self) -> None:
        if self._busy or meaning.running() is None:
            self.hide()
            return
        self._busy = True
        self.tasks.run(meaning.status, self.show_state, lambda _e: self._done(), owner=self)

    def _done(self) -> None:
        self._busy = False

    def show_state(self, state: meaning.Status) -> None:
        self._busy = False
        self.state = state
        if state.error:
            self.setText(self.tr("Search by meaning is off"))
            self.setToolTip(state.error)
        elif state.pending == 0:
            self.hide()
            return
        elif state.paused:
            self.setText(self.tr("Meaning index: %d %% (paused)") % state.percent)
            self.setToolTip(self.tr("Paused in the settings"))
        else:
            self.setText(self.tr("Meaning index: %d %%") % state.percent)
            self.setToolTip(
                self.tr("%d chats to embed for search by meaning (model %s)")
                % (state.pending, state.model)
            )
        self.show()
