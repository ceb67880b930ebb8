"""Help → Connect an AI app…: the MCP server's URL, app tokens (made, listed, revoked), the
"Let AI apps save to my library" option, ready-to-paste configuration for Claude Desktop,
Cherry Studio, Chatbox, LM Studio and Cursor, and a Test that lists the tools through the SDK's
own client (off the GUI thread). :func:`install` adds the menu entry and the status bar note
saying when an AI app called."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services import ai_apps
from chatdesk.services.accounts import Session
from chatdesk.ui.tasks import Tasks, error_text
from chatdesk.ui.widgets import named, plain

#: How long the status bar says an AI app is connected after its last call (ms).
CONNECTED_NOTE_MS = 60_000
APPS = ("Claude Desktop", "Cherry Studio", "Chatbox", "LM Studio", "Cursor")


def stdio_command() -> str:
    """This install's ``chatdesk`` command: the bundle's ``chatdesk-cli`` beside the app, else
    the virtual environment's ``chatdesk`` script (else the one on PATH)."""
    exe = Path(sys.executable)
    if getattr(sys, "frozen", False):
        cli = exe.with_name("chatdesk-cli.exe" if sys.platform == "win32" else "chatdesk-cli")
        return str(cli)
    beside = exe.with_name("chatdesk.exe" if sys.platform == "win32" else "chatdesk")
    if beside.exists():
        return str(beside)
    return shutil.which("chatdesk") or "chatdesk"


def configurations(url: str, token: str, username: str, database: str | None) -> dict[str, str]:
    """Each app's configuration, as its settings take it (JSON to paste)."""
    args = ["mcp", "--user", username]
    if database:
        args += ["--database", database]
    auth = {"Authorization": f"Bearer {token}"}
    claude = {"mcpServers": {"chatdesk": {"command": stdio_command(), "args": args}}}
    cherry = {
        "mcpServers": {
            "chatdesk": {
                "type": "streamableHttp",
                "name": "ChatDesk",
                "baseUrl": url,
                "headers": auth,
                "isActive": True,
            }
        }
    }
    chatbox = {"mcpServers": {"chatdesk": {"url": url, "headers": auth}}}
    lm_studio = {"mcpServers": {"chatdesk": {"url": url, "headers": auth}}}
    cursor = {"mcpServers": {"chatdesk": {"url": url, "headers": auth}}}
    found = [claude, cherry, chatbox, lm_studio, cursor]
    return {
        app: json.dumps(conf, indent=2, ensure_ascii=False)
        for app, conf in zip(APPS, found, strict=True)
    }


class ConnectDialog(QDialog):
    """The dialog; every database call goes through ``tasks``."""

    def __init__(
        self, tasks: Tasks, session: Session, server_url: str | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.tasks = tasks
        self.session = session
        self.url = f"{server_url}/mcp" if server_url else ""
        self.token = ""  # the token just made (shown once), else the sign-in's for the Test
        self.database: str | None = None
        self.setWindowTitle(self.tr("Connect an AI app"))
        self.resize(640, 600)

        intro = plain(
            QLabel(
                self.tr(
                    "AI apps that speak the Model Context Protocol can search and read your chats "
                    "and use your prompt gallery. Make a token for each app, then paste its "
                    "configuration below into the app's MCP settings."
                )
            )
        )
        intro.setWordWrap(True)
        self.url_edit = named(QLineEdit(self.url or self.tr("The local server is off")), "urlEdit")
        self.url_edit.setReadOnly(True)
        url_copy = self._copy_button(lambda: self.url)

        self.name_edit = named(QLineEdit(), "appNameEdit")
        self.name_edit.setPlaceholderText(self.tr("The app's name, e.g. Claude Desktop"))
        self.make_button = named(QPushButton(self.tr("Make a token")), "makeTokenButton")
        self.make_button.clicked.connect(self.make_token)
        self.token_edit = named(QLineEdit(), "tokenEdit")
        self.token_edit.setReadOnly(True)
        self.token_edit.setPlaceholderText(self.tr("Shown once, when made"))
        token_copy = self._copy_button(lambda: self.token_edit.text())
        self.tokens = named(QListWidget(), "tokenList")
        self.tokens.setMaximumHeight(96)
        self.revoke_button = named(QPushButton(self.tr("Revoke")), "revokeButton")
        self.revoke_button.clicked.connect(self.revoke)
        self.writes_box = named(QCheckBox(self.tr("Let AI apps save to my library")), "writesCheck")
        self.writes_box.setToolTip(
            self.tr("Adds the tools save_message, tag_chats and move_chats; off: read only.")
        )
        self.writes_box.toggled.connect(self.set_writes)

        self.tabs = named(QTabWidget(), "configTabs")
        self.texts: dict[str, QPlainTextEdit] = {}
        for app in APPS:
            page = QWidget()
            box = QVBoxLayout(page)
            text = QPlainTextEdit()
            text.setReadOnly(True)
            text.setObjectName(f"config{app.replace(' ', '')}")
            self.texts[app] = text
            copy = self._copy_button(text.toPlainText)
            copy.setObjectName(f"copy{app.replace(' ', '')}")
            box.addWidget(text)
            box.addWidget(copy)
            self.tabs.addTab(page, app)

        self.test_button = named(QPushButton(self.tr("Test")), "testButton")
        self.test_button.clicked.connect(self.test)
        self.test_label = plain(named(QLabel(), "testLabel"))
        self.test_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Address:"), _row(self.url_edit, url_copy))
        form.addRow(self.tr("New token:"), _row(self.name_edit, self.make_button))
        form.addRow("", _row(self.token_edit, token_copy))
        form.addRow(self.tr("Tokens:"), _row(self.tokens, self.revoke_button))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.writes_box)
        layout.addWidget(self.tabs, 1)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_label, 1)
        layout.addLayout(test_row)
        layout.addWidget(buttons)
        self._fill()
        self._load()

    def _copy_button(self, text: Any) -> QPushButton:
        button = QPushButton(self.tr("Copy"))
        button.clicked.connect(lambda: QGuiApplication.clipboard().setText(text()))
        return button

    # --- loading and filling -----------------------------------------------------------------

    def _load(self) -> None:
        user = self.session.user

        def read() -> tuple[list[ai_apps.AppTokenInfo], bool, str | None]:
            return (
                ai_apps.list_app_tokens(user),
                ai_apps.writes_allowed(user),
                (ai_apps.stdio_database()),
            )

        self.tasks.run(read, self._loaded, owner=self)

    def _loaded(self, found: tuple[list[ai_apps.AppTokenInfo], bool, str | None]) -> None:
        tokens, writes, database = found
        self.database = database
        self.tokens.clear()
        for info in tokens:
            used = (
                self.tr("last used %s") % info.last_used_at.strftime("%Y-%m-%d %H:%M")
                if info.last_used_at
                else self.tr("never used")
            )
            item = QListWidgetItem(f"{info.name} — {used}")
            item.setData(256, info.id)
            self.tokens.addItem(item)
        self.revoke_button.setEnabled(bool(tokens))
        self.writes_box.blockSignals(True)
        self.writes_box.setChecked(writes)
        self.writes_box.blockSignals(False)
        self._fill()

    def _fill(self) -> None:
        token = self.token_edit.text() or self.tr("PASTE-A-TOKEN-MADE-ABOVE")
        confs = configurations(
            self.url or "http://127.0.0.1:8000/mcp",
            token,
            self.session.user.username,
            self.database,
        )
        for app, text in confs.items():
            self.texts[app].setPlainText(text)

    # --- actions -----------------------------------------------------------------------------

    def make_token(self) -> None:
        user, name = self.session.user, self.name_edit.text()
        self.make_button.setEnabled(False)
        self.tasks.run(
            lambda: ai_apps.create_app_token(user, name)[1],
            self._made,
            self._failed_make,
            owner=self,
        )

    def _made(self, token: str) -> None:
        self.make_button.setEnabled(True)
        self.token = token
        self.token_edit.setText(token)
        self.name_edit.clear()
        self._fill()
        self._load()

    def _failed_make(self, error: BaseException) -> None:
        self.make_button.setEnabled(True)
        self.test_label.setText(error_text(error))

    def revoke(self) -> None:
        item = self.tokens.currentItem() or self.tokens.item(0)
        if item is None:
            return
        user, token_id = self.session.user, int(item.data(256))
        self.tasks.run(lambda: ai_apps.revoke_app_token(user, token_id), lambda _: self._load())

    def set_writes(self, on: bool) -> None:
        user = self.session.user
        self.tasks.run(lambda: ai_apps.set_writes_allowed(user, on))

    def test(self) -> None:
        """List the tools over HTTP with the SDK's client, on a worker thread."""
        if not self.url:
            self.test_label.setText(self.tr("The local server is off: turn it on in Settings."))
            return
        from chatdesk.mcp_server.probe import list_tools

        url, token = self.url, self.token or self.session.token
        self.test_button.setEnabled(False)
        self.test_label.setText(self.tr("Testing…"))
        self.tasks.run(lambda: list_tools(url, token), self._tested, self._test_failed, self)

    def _tested(self, names: list[str]) -> None:
        self.test_button.setEnabled(True)
        self.test_label.setText(self.tr("Works. Tools: %s") % ", ".join(sorted(names)))

    def _test_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.test_label.setText(self.tr("Failed: %s") % (str(error) or type(error).__name__))


def _row_layout(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for n, widget in enumerate(widgets):
        row.addWidget(widget, 1 if n == 0 else 0)
    return row


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    holder.setLayout(_row_layout(*widgets))
    return holder


class _Retranslate(QObject):
    """Calls ``apply`` now and whenever the language changes (the menu entry's text)."""

    def __init__(self, parent: QObject, apply: Callable[[], object]) -> None:
        super().__init__(parent)
        self.apply = apply
        apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.apply()
        return False


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConnectDialog", text)


def install(window: QMainWindow, menu: Any, tasks: Tasks, server: Any) -> QAction:
    """Add "Connect an AI app…" to ``menu`` and the status bar's note that an AI app called
    (``server``: the window's :class:`chatdesk.ui.server_host.ServerHost`)."""
    action = named(QAction(window), "connectAiAction")
    retranslate = _Retranslate(window, lambda: action.setText(_tr("Connect an &AI app…")))
    window.installEventFilter(retranslate)

    def open_dialog() -> None:
        session = getattr(window, "session", None)
        if session is None:
            return
        dialog = ConnectDialog(tasks, session, server.url, window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    action.triggered.connect(open_dialog)
    menu.insertAction(menu.actions()[0] if menu.actions() else None, action)
    note = plain(named(QLabel(), "aiAppLabel"))
    note.setContentsMargins(8, 0, 8, 0)
    note.hide()
    window.statusBar().addPermanentWidget(note)
    timer = QTimer(note)
    timer.setSingleShot(True)
    timer.timeout.connect(note.hide)

    def called(app: str) -> None:
        name = app or _tr("an AI app")
        note.setText(_tr("AI app connected: %s") % name)
        note.show()
        timer.start(CONNECTED_NOTE_MS)

    server.ai_app_called.connect(called)
    return action
