"""File → Coding agents…: the agents' folders found on this computer (Claude Code, Codex CLI,
Gemini CLI, Cursor, Aider), each turned on or off, a folder added, the import's progress, and
the option that masks secrets; and, over an agent's session, the thread's bar with its
project folder, git branch and "Copy resume command" (issue 23).

The work is :mod:`chatdesk.services.agents` (Qt-free): the switches are kept in the database,
and one :class:`~chatdesk.services.agents.SourceWatcher` thread (started by :func:`install`)
imports and follows the turned-on folders for the signed-in person; what it writes reaches the
open windows as every change does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services import agents, secrets
from chatdesk.services.accounts import Account
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import fill, named


def _summary(found: agents.Found) -> str:
    """ "Claude Code: 412 sessions in 23 projects, 180 MB", in the window's language."""
    if not found.folders:
        return fill(QCoreApplication.translate("SourcesDialog", "%1: not found"), found.label)
    size = found.size / 1e6
    amount = f"{size:.0f} MB" if size >= 1 else f"{found.size / 1e3:.0f} kB"
    return fill(
        QCoreApplication.translate("SourcesDialog", "%1: %2 sessions in %3 projects, %4"),
        found.label,
        str(found.sessions),
        str(found.projects),
        amount,
    )


class SourcesDialog(QDialog):
    """The agents found, each with its switch; nothing of a folder is read until it is on."""

    def __init__(
        self,
        tasks: Tasks,
        user: Account,
        watcher: agents.SourceWatcher | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesDialog")
        self.tasks = tasks
        self.user = user
        self.watcher = watcher
        self.setWindowTitle(QCoreApplication.translate("SourcesDialog", "Coding agents"))
        intro = QLabel(
            QCoreApplication.translate(
                "SourcesDialog",
                "ChatDesk can import the sessions of coding agents from their folders on this "
                "computer and keep them up to date while the agents write. Nothing is read "
                "until you turn a source on; the agents' files are never changed.",
            )
        )
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        self.checks: dict[str, QCheckBox] = {}
        self.labels: dict[str, QLabel] = {}
        for row, (name, agent) in enumerate(agents.AGENTS.items()):
            check = named(QCheckBox(agent.label), f"source-{name}")
            check.setEnabled(False)  # until the states are read
            check.toggled.connect(lambda on, n=name: self._switch(n, on))
            label = named(
                QLabel(QCoreApplication.translate("SourcesDialog", "Looking…")), f"found-{name}"
            )
            label.setTextFormat(Qt.TextFormat.PlainText)  # folder names are the disk's
            label.setWordWrap(True)
            add = named(
                QPushButton(QCoreApplication.translate("SourcesDialog", "Add a folder…")),
                f"add-{name}",
            )
            add.clicked.connect(lambda _=False, n=name: self._add_folder(n))
            self.grid.addWidget(check, row, 0)
            self.grid.addWidget(label, row, 1)
            self.grid.addWidget(add, row, 2)
            self.checks[name], self.labels[name] = check, label
        self.grid.setColumnStretch(1, 1)
        self.progress = named(QProgressBar(), "sourcesProgress")
        self.progress.hide()
        self.mask_check = named(
            QCheckBox(
                QCoreApplication.translate("SourcesDialog", "Mask secrets in threads and exports")
            ),
            "maskSecretsCheck",
        )
        mask_hint = QLabel(
            QCoreApplication.translate(
                "SourcesDialog",
                "Agents often echo keys: lines with API_KEY=, Authorization: Bearer, AWS keys. "
                "They are kept as they are; with this on they are shown and exported as ••••••.",
            )
        )
        mask_hint.setWordWrap(True)
        self.mask_check.setEnabled(False)
        self.mask_check.toggled.connect(self._set_mask)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.grid)
        layout.addWidget(self.progress)
        layout.addWidget(self.mask_check)
        layout.addWidget(mask_hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._show_progress)
        self._timer.start(250)
        self.refresh()

    def refresh(self) -> None:
        """Read the switches and look at the folders (names and sizes), off the GUI thread."""
        user = self.user

        def work() -> tuple[dict[str, agents.SourceState], list[agents.Found], bool]:
            states = agents.states(user)
            extra = {n: [Path(f) for f in s.folders] for n, s in states.items()}
            return states, agents.discover(extra=extra), secrets.masking(user)

        self.tasks.run(work, self._show, owner=self)

    def _show(self, found: tuple[dict[str, agents.SourceState], list[agents.Found], bool]) -> None:
        states, folders, masking = found
        for item in folders:
            check = self.checks[item.name]
            check.blockSignals(True)
            check.setChecked(states[item.name].enabled)
            check.blockSignals(False)
            check.setEnabled(True)
            where = "\n".join(str(f) for f in item.folders)
            self.labels[item.name].setText(_summary(item) + (f"\n{where}" if where else ""))
        self.mask_check.blockSignals(True)
        self.mask_check.setChecked(masking)
        self.mask_check.blockSignals(False)
        self.mask_check.setEnabled(True)

    def _switch(self, name: str, on: bool) -> None:
        user = self.user
        self.tasks.run(lambda: agents.set_enabled(user, name, on), lambda _: None, owner=self)

    def _add_folder(self, name: str) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, QCoreApplication.translate("SourcesDialog", "A folder of this agent's sessions")
        )
        if not folder:
            return
        user = self.user
        self.tasks.run(
            lambda: agents.set_enabled(user, name, True, Path(folder)),
            lambda _: self.refresh(),
            owner=self,
        )

    def _set_mask(self, on: bool) -> None:
        user = self.user
        self.tasks.run(lambda: secrets.set_masking(user, on), lambda _: None, owner=self)

    def _show_progress(self) -> None:
        done, total = self.watcher.progress if self.watcher is not None else (0, 0)
        reading = total > 0 and done < total
        self.progress.setVisible(reading)
        if reading:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(
                fill(
                    QCoreApplication.translate("SourcesDialog", "Importing: %1 of %2 sessions"),
                    str(done),
                    str(total),
                )
            )


class AgentBar(QWidget):
    """Over an agent's session: its project folder, git branch and "Copy resume command"."""

    def __init__(self, tasks: Tasks, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("agentBar")
        self.tasks = tasks
        self.window_ = window
        self.where = named(QLabel(), "agentWhere")
        self.where.setTextFormat(Qt.TextFormat.PlainText)  # a path from an agent's file
        self.where.setWordWrap(True)
        self.copy = named(QPushButton(), "copyResumeButton")
        self.copy.clicked.connect(self._copy)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 2)
        layout.addWidget(self.where, 1)
        layout.addWidget(self.copy)
        self.info: agents.SessionInfo | None = None
        self.chat_id = 0
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.copy.setText(QCoreApplication.translate("SourcesDialog", "Copy resume command"))
        self._fill()

    def show_chat(self, chat_id: int) -> None:
        """Show ``chat_id``'s project and branch, if it is an agent's session."""
        self.chat_id = chat_id
        session = getattr(self.window_, "session", None)
        if not chat_id or session is None:
            self.info = None
            self.hide()
            return
        user = session.user

        def done(info: agents.SessionInfo | None) -> None:
            if chat_id == self.chat_id:
                self.info = info
                self._fill()

        self.tasks.run(lambda: agents.session_info(user, chat_id), done, owner=self)

    def _fill(self) -> None:
        info = self.info
        if info is None:
            self.hide()
            return
        parts = [info.label]
        if info.workdir:
            parts.append(
                QCoreApplication.translate("SourcesDialog", "Project: %1").replace(
                    "%1", info.workdir
                )
            )
        if info.branch:
            parts.append(
                fill(QCoreApplication.translate("SourcesDialog", "Branch: %1"), info.branch)
            )
        self.where.setText(" · ".join(parts))
        self.copy.setVisible(info.resume is not None)
        self.copy.setToolTip(info.resume or "")
        self.show()

    def _copy(self) -> None:
        if self.info is not None and self.info.resume:
            QGuiApplication.clipboard().setText(self.info.resume)
            bar = self.window_.statusBar()
            bar.showMessage(
                QCoreApplication.translate("SourcesDialog", "Copied: %1").replace(
                    "%1", self.info.resume
                ),
                5000,
            )


class _Retranslate(QObject):
    def __init__(self, parent: QObject, apply: Any) -> None:
        super().__init__(parent)
        self.apply = apply
        apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.apply()
        return False


def install(window: QMainWindow, menu: Any, before: QAction | None, tasks: Tasks) -> AgentBar:
    """Add File → Coding agents…, start the watcher of the signed-in person's turned-on
    sources, and give the thread's bar (the caller places it and calls ``show_chat``)."""
    action = named(QAction(window), "sourcesAction")
    bar = AgentBar(tasks, window)

    def texts() -> None:
        action.setText(QCoreApplication.translate("SourcesDialog", "Coding &agents…"))
        bar.retranslate()

    window.installEventFilter(_Retranslate(window, texts))

    def signed_in() -> list[Account]:
        session = getattr(window, "session", None)
        return [session.user] if session is not None else []

    watcher = agents.SourceWatcher(signed_in)
    watcher.start()
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(lambda: watcher.stop(5))
    window.destroyed.connect(lambda *_: watcher.stop(5))
    window.agent_watcher = watcher  # type: ignore[attr-defined]

    def open_dialog() -> None:
        session = getattr(window, "session", None)
        if session is None:
            return
        dialog = SourcesDialog(tasks, session.user, watcher, window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    action.triggered.connect(open_dialog)
    menu.insertAction(before, action)
    return bar
