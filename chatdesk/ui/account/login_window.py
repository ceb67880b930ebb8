"""The login window: sign in or register in one place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services import accounts
from chatdesk.services.accounts import Session
from chatdesk.services.errors import ServiceError
from chatdesk.ui import i18n, theme
from chatdesk.ui.settings import AppSettings
from chatdesk.ui.tasks import Tasks
from chatdesk.ui.widgets import named, plain


class LoginWindow(QWidget):
    """Username, password, Sign in and Register; Enter signs in. Hashing runs on the worker.

    Signals:
        signed_in(object): the :class:`~chatdesk.services.accounts.Session`.
        first_painted(): the window is on screen (the app then builds the main window).
    """

    signed_in = Signal(object)
    first_painted = Signal()

    def __init__(self, tasks: Tasks, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.settings = settings
        self.setObjectName("loginWindow")
        self._painted = False
        self.title = plain(QLabel())
        self.title.setObjectName("loginTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.logo = plain(QLabel())
        self.logo.setPixmap(QIcon(QApplication.windowIcon()).pixmap(40, 40))
        self.subtitle = plain(QLabel())
        self.subtitle.setWordWrap(True)
        self.username = named(QLineEdit(), "usernameEdit")
        self.username.setText(settings.last_username)
        self.username.setMaxLength(64)
        self.password = named(QLineEdit(), "passwordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.notice = plain(named(QLabel(), "crashNotice"))
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        self.crash_report: Path | None = None
        self.error = plain(named(QLabel(), "errorLabel"))
        self.error.setWordWrap(True)
        self.error.hide()
        self.busy = named(QProgressBar(), "busyIndicator")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedHeight(6)
        self.busy.setVisible(False)
        self.login_button = named(QPushButton(), "loginButton")
        self.login_button.setDefault(True)
        self.register_button = named(QPushButton(), "registerButton")

        self.username_label = plain(QLabel())
        self.username_label.setBuddy(self.username)
        self.password_label = plain(QLabel())
        self.password_label.setBuddy(self.password)
        self.form = QFormLayout()
        self.form.addRow(self.username_label, self.username)
        self.form.addRow(self.password_label, self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.login_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        heading = QHBoxLayout()
        heading.setSpacing(10)
        heading.addWidget(self.logo)
        heading.addWidget(self.title, 1)
        layout.addLayout(heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.notice)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.login_button.clicked.connect(self.sign_in)
        self.register_button.clicked.connect(self.register)
        self.username.returnPressed.connect(self.sign_in)
        self.password.returnPressed.connect(self.sign_in)
        self.retranslate()
        self.setMinimumWidth(420)
        if (geometry := settings.login_geometry) is not None:
            self.restoreGeometry(geometry)  # where it was last, and as wide
            # as tall as its content, as at its first showing: the saved height may hold an
            # error line or the busy bar shown while it was last open (an empty band now)
            self.resize(self.width(), self.sizeHint().height())
        (self.password if self.username.text() else self.username).setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ChatDesk — Sign in"))
        self.title.setText(self.tr("ChatDesk"))
        self.subtitle.setText(self.tr("Sign in, or create an account with a new name."))
        self.username_label.setText(self.tr("&Username"))
        self.password_label.setText(self.tr("&Password"))
        self.username.setPlaceholderText(self.tr("Your name"))
        self.password.setPlaceholderText(self.tr("At least 6 characters"))
        self.login_button.setText(self.tr("&Sign in"))
        self.register_button.setText(self.tr("&Register"))
        if self.crash_report is not None:
            self.notice.setText(
                self.tr(
                    "ChatDesk closed unexpectedly last time. What is known of the crash is in:\n%s"
                )
                % self.crash_report
            )

    @property
    def painted(self) -> bool:
        """Whether the window has painted itself once."""
        return self._painted

    def show_crash_notice(self, report: Path) -> None:
        """Say that the last run crashed, and where its crash file went."""
        self.crash_report = report
        self.retranslate()
        self.notice.setStyleSheet(f"color: {theme.current().error};")
        self.notice.show()
        self.adjustSize()  # room for the wrapped lines

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.login_geometry = self.saveGeometry()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- actions ----------------------------------------------------------------------------

    def _credentials(self) -> tuple[str, str]:
        return self.username.text().strip(), self.password.text()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.username, self.password, self.login_button, self.register_button):
            widget.setEnabled(not busy)
        if busy:
            self.error.hide()

    def sign_in(self) -> None:
        if self.busy.isVisible():
            return
        name, secret = self._credentials()
        if not name or not secret:
            self.show_error(self.tr("Enter a username and a password."))
            return
        self._set_busy(True)
        self.tasks.run(lambda: accounts.login(name, secret), self._done, self._failed, owner=self)

    def register(self) -> None:
        if self.busy.isVisible():
            return
        name, secret = self._credentials()

        def work() -> Session:
            accounts.register(name, secret)
            return accounts.login(name, secret)

        self._set_busy(True)
        self.tasks.run(work, self._done, self._failed, owner=self)

    def _done(self, session: Session) -> None:
        self._set_busy(False)
        self.settings.last_username = session.user.username
        self.settings.sync()
        self.password.clear()
        self.signed_in.emit(session)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ServiceError):
            self.show_error(error.message(i18n.current()))
        else:
            self.show_error(self.tr("Something went wrong: %s") % error)
        self.password.setFocus()
        self.password.selectAll()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setStyleSheet(f"color: {theme.current().error};")
        self.error.show()
