"""The settings dialog: API port and on/off, token mode, allowed origins, language, theme."""

from __future__ import annotations

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

from chatdesk.services.embedder import DEFAULT_MODEL, MODELS
from chatdesk.ui.server_host import ServerOptions
from chatdesk.ui.settings import LANGUAGES, THEMES, AppSettings
from chatdesk.ui.widgets import named


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
        self.meaning_paused = named(
            QCheckBox(self.tr("Pause building the meaning index")), "meaningPausedCheck"
        )
        self.meaning_paused.setToolTip(
            self.tr("Search by meaning finds what is already embedded; the rest waits")
        )
        self.meaning_paused.setChecked(settings.meaning_paused)
        self.meaning_model = named(QComboBox(), "meaningModelCombo")
        for model in MODELS:
            self.meaning_model.addItem(model, model)
        chosen = self.meaning_model.findData(settings.meaning_model or DEFAULT_MODEL)
        self.meaning_model.setCurrentIndex(max(0, chosen))
        hint = QLabel(
            self.tr("Browser pages may call the API only from the origins listed, one per line.")
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.server_enabled)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.token)
        form.addRow(self.tr("Allowed origins"), self.origins)
        form.addRow("", hint)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Meaning model"), self.meaning_model)
        form.addRow(self.meaning_paused)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def server_options(self) -> ServerOptions:
        return ServerOptions.build(
            self.server_enabled.isChecked(),
            self.port.value(),
            self.token.isChecked(),
            self.origins.toPlainText().split(),
        )

    def save(self) -> None:
        self.settings.set_server_options(self.server_options())
        self.settings.language = str(self.language.currentData())
        self.settings.theme = str(self.theme.currentData())
        self.settings.meaning_paused = self.meaning_paused.isChecked()
        self.settings.meaning_model = str(self.meaning_model.currentData())
        self.settings.sync()
