"""The Account menu's dialogs: change the password, delete the account (with every chat).

Both check the current password on the worker (bcrypt is slow) and show a refusal inline, so
the person can correct it without the dialog closing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chatdesk.services import accounts
from chatdesk.services.accounts import Session
from chatdesk.ui import theme
from chatdesk.ui.tasks import Tasks, error_text
from chatdesk.ui.widgets import named, plain


def _password_edit(name: str) -> QLineEdit:
    edit = named(QLineEdit(), name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _AccountDialog(QDialog):
    """A form of password fields, an inline error and OK/Cancel; OK runs :meth:`work` on the
    worker and closes when it succeeds."""

    done_ok = Signal(object)

    def __init__(self, tasks: Tasks, session: Session, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.session = session
        self.intro = plain(QLabel())
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.error = plain(named(QLabel(), "accountErrorLabel"))
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

    @property
    def ok_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def work(self) -> Callable[[], object] | None:
        """The job to run, or ``None`` after showing why the form cannot be sent."""
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setStyleSheet(f"color: {theme.current().error};")
        self.error.show()

    def _submit(self) -> None:
        job = self.work()
        if job is None:
            return
        self.buttons.setEnabled(False)
        self.tasks.run(job, self._succeeded, self._failed, owner=self)

    def _succeeded(self, result: object) -> None:
        self.done_ok.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.show_error(error_text(error))


class ChangePasswordDialog(_AccountDialog):
    """Current password, new password twice. Signals ``done_ok(None)`` once changed."""

    def __init__(self, tasks: Tasks, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(tasks, session, parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Change password"))
        self.intro.setText(
            self.tr("API clients signed in as %s will have to sign in again.")
            % session.user.username
        )
        self.current = _password_edit("currentPasswordEdit")
        self.new = _password_edit("newPasswordEdit")
        self.repeat = _password_edit("repeatPasswordEdit")
        self.form.addRow(self.tr("Current password"), self.current)
        self.form.addRow(self.tr("New password"), self.new)
        self.form.addRow(self.tr("New password again"), self.repeat)
        self.setMinimumWidth(420)

    def work(self) -> Callable[[], object] | None:
        current, new = self.current.text(), self.new.text()
        if new != self.repeat.text():
            self.show_error(self.tr("The two new passwords differ."))
            return None
        user = self.session.user
        return lambda: accounts.change_password(user, current, new)


class DeleteAccountDialog(_AccountDialog):
    """The password, to confirm. Signals ``done_ok(chats deleted)`` once the account is gone."""

    def __init__(self, tasks: Tasks, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(tasks, session, parent)
        self.setObjectName("deleteAccountDialog")
        self.setWindowTitle(self.tr("Delete account"))
        self.intro.setText(
            self.tr(
                "Delete the account %s with all of its chats and messages? This cannot be "
                "undone. Export your chats first if you want to keep them."
            )
            % session.user.username
        )
        self.password = _password_edit("deletePasswordEdit")
        self.form.addRow(self.tr("Password"), self.password)
        self.ok_button.setText(self.tr("Delete account"))
        self.setMinimumWidth(460)

    def work(self) -> Callable[[], object] | None:
        password, user = self.password.text(), self.session.user
        return lambda: accounts.delete_account(user, password)
