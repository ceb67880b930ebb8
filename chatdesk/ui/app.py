"""The application: settings, theme, language, the API server, the worker, and the windows."""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from chatdesk.services import connections, events
from chatdesk.services.accounts import Session
from chatdesk.startup import DesktopOptions
from chatdesk.ui import i18n, resources, theme
from chatdesk.ui.account.login_window import LoginWindow
from chatdesk.ui.server_host import ServerHost, ServerOptions
from chatdesk.ui.settings import AppSettings
from chatdesk.ui.tasks import ChangeBridge, Tasks

if TYPE_CHECKING:  # imported when first needed: the login window shows sooner
    from chatdesk.ui.main_window import MainWindow
    from chatdesk.ui.settings_dialog import SettingsDialog
    from chatdesk.ui.transfers.restore import Restorer

log = logging.getLogger(__name__)
_current: ChatDeskApp | None = None


def current_app() -> ChatDeskApp | None:
    """The running app (the last one launched), for tests and scripts."""
    return _current


def app_icon() -> QIcon:
    pixmap = QPixmap()
    pixmap.loadFromData(resources.read_bytes("icons", "chatdesk.svg"))
    return QIcon(pixmap)


def _import_qt_free_modules() -> None:
    """Runs on the worker: the Qt-free modules the main window needs (Markdown, Pygments) and
    one render, which loads the lexers. Modules that define Qt classes load on the GUI thread."""
    from chatdesk.ui.history.markdown import to_html

    to_html("`warm` **up**\n\n```python\nx = 1\n```")


#: The main window's Qt modules, imported one per event-loop turn before it is built.
MAIN_MODULES = (
    "chatdesk.ui.chats.list",
    "chatdesk.ui.history.view",
    "chatdesk.ui.history.composer",
    "chatdesk.ui.prompts.gallery",
    "chatdesk.ui.main_window",
    "chatdesk.ui.settings_dialog",
)


def _revoke(token: str) -> None:
    """Revoke a signed-out session's token (already gone is fine: it expired)."""
    from chatdesk.services import accounts
    from chatdesk.services.errors import ServiceError

    with contextlib.suppress(ServiceError):
        accounts.logout(token)


class ChatDeskApp(QObject):
    """Owns everything that lives as long as the app: one per QApplication.

    Args:
        options: how it was started (a port or ``--no-server`` given there wins over the saved
            settings until the settings are changed).
    """

    #: the database became unreachable (False) or answers again (True); queued to this thread
    database_state = Signal(bool)

    def __init__(self, options: DesktopOptions, settings: AppSettings) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        super().__init__(app)
        self.app = app
        self.settings = settings
        self.options = options
        self.tasks = Tasks(self)
        self.bridge = ChangeBridge(self)
        self.server = ServerHost(parent=self)
        self.login_window: LoginWindow | None = None
        self.main_window: MainWindow | None = None
        self._settings_dialog: SettingsDialog | None = None
        self._closed = False
        self._prepared: MainWindow | None = None
        self.restorer: Restorer | None = None
        self.warm = False
        i18n.apply(settings.language)
        self.apply_theme()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        app.setWindowIcon(app_icon())
        app.aboutToQuit.connect(self.shutdown)
        self.database_state.connect(self._database_state)
        # called on the thread that noticed (a worker, the change watcher): re-emitted, queued
        self._unfollow_database = connections.follow_availability(self.database_state.emit)

    def server_options(self) -> ServerOptions:
        saved = self.settings.server_options()
        port = saved.port if self.options.port is None else self.options.port
        enabled = saved.enabled and not self.options.no_server
        return ServerOptions(enabled, port, saved.require_token, saved.allowed_origins)

    def start(self, start_server: bool = True) -> LoginWindow:
        global _current
        _current = self
        self.login_window = LoginWindow(self.tasks, self.settings)
        self.login_window.signed_in.connect(self.open_main)
        self.login_window.first_painted.connect(lambda: self._on_screen(start_server))
        self.login_window.first_painted.connect(self._preload)
        self.login_window.show()
        return self.login_window

    def _on_screen(self, start_server: bool) -> None:
        """Once the login window is on screen: start the API server (loading Werkzeug and
        waitress takes about a tenth of a second that the window need not wait for) unless it
        runs on (a sign-out), and follow what other processes write."""
        if self._closed:
            return
        if start_server:
            self.server.start(self.server_options())
        events.start_watching()

    @property
    def prepared(self) -> MainWindow | None:
        """The main window built ahead of sign-in, if it is ready."""
        return self._prepared

    def _preload(self) -> None:
        """Get the main window ready in small steps while the login window waits for a password:
        Markdown and Pygments load on the worker (~0.15 s), the window's own modules one per
        event-loop turn, then the window is built and pre-rendered."""
        self.tasks.run(_import_qt_free_modules, lambda _: self._import_next(0), owner=self)

    def _import_next(self, step: int) -> None:
        if self._closed:
            return
        if step < len(MAIN_MODULES):
            importlib.import_module(MAIN_MODULES[step])
            QTimer.singleShot(0, lambda: self._import_next(step + 1))
        else:
            self.prepare_main()

    def prepare_main(self) -> None:
        """Build and pre-render the main window (hidden) while the person types their password,
        so that signing in only has to show it."""
        if self._prepared is not None or self._closed:
            return
        from chatdesk.ui.main_window import MainWindow

        window = MainWindow(self.tasks, self.bridge, self.server)
        window.settings_requested.connect(self.show_settings)
        window.sign_out_requested.connect(self.sign_out)
        window.transfers.restore_requested.connect(self.restore_backup)
        self._prepared = window
        QTimer.singleShot(0, lambda: self._warm_up(window))

    def _warm_up(self, window: MainWindow) -> None:
        """Render the hidden window once: polish, layout and glyph caches are then warm."""
        if self._prepared is window and not window.isVisible():
            window.grab()
        self.warm = True

    def _database_state(self, available: bool) -> None:
        """Say in the main window's status bar that the database is unreachable (until it
        answers again; PostgreSQL restarting), or that it is back."""
        window = self.main_window
        if window is None:
            return
        if available:
            window.statusBar().showMessage(self.tr("Database reachable again"), 6000)
        else:
            window.statusBar().showMessage(self.tr("Database unreachable, retrying…"))

    def open_main(self, session: Session) -> None:
        self.prepare_main()
        window = self._prepared
        assert window is not None
        self.main_window = window
        window.restore_layout(*self.settings.layout())
        window.start(session)
        window.show()
        if self.login_window is not None:
            self.login_window.close()
            self.login_window.deleteLater()
            self.login_window = None

    def bring_forward(self) -> str:
        """Show the window in use (the login or the main window) in front, un-minimised and
        active, as a second launch asks; returns its object name ("" if none is open)."""
        window = self.main_window or self.login_window
        if window is None:
            return ""
        if window.isMinimized():
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        return window.objectName()

    def apply_theme(self) -> None:
        colors = theme.apply(self.settings.theme)
        for window in (self.main_window, self._prepared):
            if window is not None:
                window.gallery.restyle()
                window.messages.set_dark(colors.dark)
                window.history.bubbles.restyle()
                window.history.viewport().update()

    def _system_scheme_changed(self) -> None:
        if self.settings.theme == "system":
            self.apply_theme()

    def show_settings(self) -> None:
        from chatdesk.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.server.options, self.main_window)
        dialog.accepted.connect(lambda: self._apply_settings(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self._settings_dialog = dialog
        dialog.open()

    def _apply_settings(self, dialog: SettingsDialog) -> None:
        before = self.server.options
        dialog.save()
        self.options.port, self.options.no_server = None, False  # the settings now say
        i18n.apply(self.settings.language)
        self.apply_theme()
        options = self.server_options()
        if options != before:
            self.server.start(options)

    def restore_backup(self, source: Path) -> None:
        """Replace all data with the backup at ``source``, then start again at sign-in."""
        from chatdesk.ui.transfers.restore import Restorer

        if not self._closed:
            self.restorer = Restorer(source, self._release_database, self.reopen, self)
            self.restorer.start()

    def _release_database(self, status: str) -> None:
        """Stop all that holds the database (transfers, the API server and its workers, the
        task worker) and close the GUI thread's connection: a restore needs the only one."""
        window = self.main_window
        if window is not None:
            window.transfers.stop()  # an import stops after its current conversation
            window.setEnabled(False)
            window.statusBar().showMessage(status)
        self.server.stop()  # returns once its worker threads ended
        self.tasks.shutdown()
        connections.close_this_threads()
        gc.collect()  # here, on the GUI thread (the garbage may hold Qt objects): a connection
        # caught in a reference cycle stays open until it is collected

    def reopen(self) -> LoginWindow:
        """Start over at the sign-in window, with a new worker and the server started again
        (after a restore, which stops both: the accounts may have changed)."""
        return self._back_to_login(restart_server=True)

    def sign_out(self) -> LoginWindow | None:
        """Revoke the session's token and start over at the sign-in window with a new main
        window, so nothing of this person's stays on screen for the next; the API keeps
        serving."""
        window = self.main_window
        if window is None or self._closed:
            return None
        session, old_tasks = window.session, self.tasks
        if session is not None:
            old_tasks.run(lambda: _revoke(session.token))
        login = self._back_to_login(restart_server=False)
        old_tasks.shutdown()  # after the token is revoked (queued first)
        return login

    def _back_to_login(self, *, restart_server: bool) -> LoginWindow:
        if self.main_window is not None:
            self.settings.set_layout(*self.main_window.save_layout())
        old = {w for w in (self.main_window, self._prepared, self.login_window) if w is not None}
        self.main_window = self._prepared = self.login_window = None
        self.tasks = Tasks(self)
        self.warm = False
        login = self.start(restart_server)  # shown before the old windows close: no quit
        for window in old:
            window.close()
            window.deleteLater()
        return login

    def shutdown(self) -> None:
        """Stop the server (releasing the port), the worker and the change bridge."""
        if self._closed:
            return
        self._closed = True
        self._unfollow_database()
        if self.main_window is not None:
            self.settings.set_layout(*self.main_window.save_layout())
        self.settings.sync()  # also the login window's place, saved as it closed
        self.bridge.close()
        events.stop_watching()
        self.server.stop()
        self.tasks.shutdown()
        for window in (self.main_window, self.login_window, self._prepared):
            if window is not None:
                window.close()
                window.deleteLater()
        self.main_window = self.login_window = self._prepared = None
