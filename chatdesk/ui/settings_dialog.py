"""The settings dialog: API port and on/off, token mode, allowed origins, language, theme."""

from __future__ import annotations

import re

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chatdesk.api.security import OriginError, allowed_origin
from chatdesk.ui import theme
from chatdesk.ui.server_host import ServerOptions
from chatdesk.ui.settings import LANGUAGES, THEMES, AppSettings
from chatdesk.ui.widgets import fill, named, plain


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class SettingsDialog(QDialog):
    """Edits :class:`AppSettings`; the caller applies them when the dialog is accepted."""

    def __init__(
        self, settings: AppSettings, current: ServerOptions, parent: QWidget | None = None
    ) -> None:
        """``current``: the options the server runs with now (the command line may have set
        them for this run)."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        options = current
        self.server_enabled = named(
            QCheckBox(self.tr("Serve the /myapp/ API while ChatDesk runs")), "serverEnabledCheck"
        )
        self.server_enabled.setChecked(options.enabled)
        self.port = named(QSpinBox(), "portSpin")
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(self.tr("Any free port"))
        self.port.setValue(options.port)
        self.token = named(
            QCheckBox(self.tr("Require a token (log in first) for every call")), "tokenModeCheck"
        )
        self.token.setChecked(options.require_token)
        self.origins = named(QPlainTextEdit(), "originsEdit")
        self.origins.setPlaceholderText("https://example.org")
        self.origins.setPlainText("\n".join(options.allowed_origins))
        self.origins.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.origins.setTabChangesFocus(True)  # no keyboard trap: Tab goes on to Language
        self.origins_error = plain(named(QLabel(), "originsError"))
        self.origins_error.setWordWrap(True)
        self.origins_error.hide()
        self.language = named(QComboBox(), "languageCombo")
        names = {"system": self.tr("Follow the system"), "zh": "中文", "en": "English"}
        for code in LANGUAGES:
            self.language.addItem(names[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(settings.language))
        self.theme = named(QComboBox(), "themeCombo")
        themes = {
            "system": self.tr("Follow the system"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        for code in THEMES:
            self.theme.addItem(themes[code], code)
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        hint = QLabel(
            self.tr("Browser pages may call the API only from the origins listed, one per line.")
        )
        plain(hint).setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.server_enabled)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.token)
        form.addRow(self.tr("Allowed origins"), self.origins)
        form.addRow("", self.origins_error)
        form.addRow("", hint)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Theme"), self.theme)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _reason(self, reason: str) -> str:
        """The rule an origin broke (chatdesk.api.security's reasons, in the window's
        language)."""
        reasons = {
            "form": self.tr("an origin is scheme://host[:port], such as https://example.org"),
            "scheme": self.tr("the scheme must be http:// or https://"),
            "path": self.tr("an origin has nothing after the host and port (no path, query or #)"),
            "userinfo": self.tr("an origin has no user name or password"),
            "host": self.tr(
                "the host is not a name (letters, digits, - and dots), an IPv4 or an [IPv6] address"
            ),
            "port": self.tr("the port must be a number from 1 to 65535"),
            "default_port": self.tr(
                "browsers leave out the scheme's default port (80, 443): write it without"
            ),
        }
        return reasons.get(reason, reason)

    def _origins(self) -> list[str]:
        """The origins typed, one per line (or space), as browsers send them; raises
        :class:`OriginError` for the first that is not one."""
        return list(dict.fromkeys(allowed_origin(o) for o in self.origins.toPlainText().split()))

    def accept(self) -> None:
        """OK: only with every origin valid; else the first bad one is chosen, with why."""
        try:
            self._origins()
        except OriginError as error:
            self._refuse(error)
            return
        self.origins_error.hide()
        super().accept()

    def _refuse(self, error: OriginError) -> None:
        self.origins_error.setStyleSheet(f"color: {theme.current().error};")
        self.origins_error.setText(
            fill(self.tr("“%1” is not an origin: %2."), error.text, self._reason(error.reason))
        )
        self.origins_error.show()
        self._fit_height()
        typed = self.origins.toPlainText()
        at = next((m for m in re.finditer(r"\S+", typed) if m[0] == error.text), None)
        cursor = self.origins.textCursor()
        if at is not None:  # the bad one chosen, to be typed again (positions in UTF-16 units)
            cursor.setPosition(_utf16_len(typed[: at.start()]))
            cursor.setPosition(_utf16_len(typed[: at.end()]), QTextCursor.MoveMode.KeepAnchor)
        self.origins.setTextCursor(cursor)
        self.origins.setFocus()

    def _fit_height(self) -> None:
        """Grow (never shrink) to the height the shown reason needs at this width: a wrapped
        label's height depends on the width, which the layout does not grow a dialog for."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else 0
        need = max(need, self.sizeHint().height())
        if self.height() < need:
            self.resize(self.width(), need)

    def server_options(self) -> ServerOptions:
        """The options chosen (call after the dialog is accepted: the origins are valid)."""
        return ServerOptions.build(
            self.server_enabled.isChecked(),
            self.port.value(),
            self.token.isChecked(),
            self._origins(),
        )

    def save(self) -> None:
        self.settings.set_server_options(self.server_options())
        self.settings.language = str(self.language.currentData())
        self.settings.theme = str(self.theme.currentData())
        self.settings.sync()
