"""The app's preferences, kept with QSettings (never a password)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QSettings

from chatdesk.api.security import OriginError, allowed_origin
from chatdesk.ui.server_host import ServerOptions

log = logging.getLogger(__name__)

#: Points QSettings at an INI file (tests, portable installs).
SETTINGS_FILE_ENV = "CHATDESK_SETTINGS_FILE"
#: The find box's modes (chatdesk.services.search.MODES).
SEARCH_MODES = ("text", "meaning", "hybrid")
LANGUAGES = ("system", "zh", "en")
THEMES = ("system", "light", "dark")


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def _valid_origins(saved: Iterable[str]) -> list[str]:
    """The saved origins a browser can send (as it sends them); others, saved before the
    dialog checked them, are left out (logged): never served as allowed."""
    origins: list[str] = []
    for text in saved:
        try:
            origins.append(allowed_origin(text))
        except OriginError as error:
            log.info("allowed origin setting ignored: %s", error)
    return list(dict.fromkeys(origins))


class AppSettings:
    """Typed access to the stored preferences."""

    def __init__(self, path: str | None = None) -> None:
        path = path or os.environ.get(SETTINGS_FILE_ENV)
        if path:
            self.qsettings = QSettings(path, QSettings.Format.IniFormat)
        else:
            self.qsettings = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ChatDesk", "ChatDesk"
            )

    def _get(self, key: str, default: object) -> object:
        return self.qsettings.value(key, default)

    @property
    def last_username(self) -> str:
        return str(self._get("login/last_username", "") or "")

    @last_username.setter
    def last_username(self, value: str) -> None:
        self.qsettings.setValue("login/last_username", value)

    @property
    def language(self) -> str:
        value = str(self._get("ui/language", "system"))
        return value if value in LANGUAGES else "system"

    @language.setter
    def language(self, value: str) -> None:
        self.qsettings.setValue("ui/language", value)

    @property
    def theme(self) -> str:
        value = str(self._get("ui/theme", "system"))
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.qsettings.setValue("ui/theme", value)

    def server_options(self) -> ServerOptions:
        origins = str(self._get("server/allowed_origins", "") or "")
        try:
            port = int(str(self._get("server/port", 8000)))
        except ValueError:
            port = 8000
        return ServerOptions.build(
            _as_bool(self._get("server/enabled", True)),
            port,
            _as_bool(self._get("server/require_token", False)),
            _valid_origins(origins.split()),
        )

    def set_server_options(self, options: ServerOptions) -> None:
        self.qsettings.setValue("server/enabled", options.enabled)
        self.qsettings.setValue("server/port", options.port)
        self.qsettings.setValue("server/require_token", options.require_token)
        self.qsettings.setValue("server/allowed_origins", " ".join(options.allowed_origins))

    def layout(self) -> tuple[QByteArray | None, QByteArray | None]:
        """The main window's saved geometry and panel sizes (None when never saved)."""
        geometry = self._get("window/geometry", None)
        panels = self._get("window/panels", None)
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            panels if isinstance(panels, QByteArray) else None,
        )

    def set_layout(self, geometry: QByteArray, panels: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/panels", panels)

    @property
    def login_geometry(self) -> QByteArray | None:
        """Where the login window was last (None when never saved)."""
        geometry = self._get("login/geometry", None)
        return geometry if isinstance(geometry, QByteArray) else None

    @login_geometry.setter
    def login_geometry(self, value: QByteArray) -> None:
        self.qsettings.setValue("login/geometry", value)

    @property
    def search_mode(self) -> str:
        """The find box's last mode: "text" (words), "meaning" or "hybrid" (both)."""
        value = str(self._get("search/mode", "text"))
        return value if value in SEARCH_MODES else "text"

    @search_mode.setter
    def search_mode(self, value: str) -> None:
        self.qsettings.setValue("search/mode", value if value in SEARCH_MODES else "text")

    @property
    def meaning_paused(self) -> bool:
        """Whether building the meaning index is paused (search by meaning keeps working)."""
        return _as_bool(self._get("meaning/paused", False))

    @meaning_paused.setter
    def meaning_paused(self, value: bool) -> None:
        self.qsettings.setValue("meaning/paused", bool(value))

    @property
    def meaning_model(self) -> str:
        """The embedding model's name (chatdesk.services.embedder.MODELS); "" for the default."""
        return str(self._get("meaning/model", "") or "")

    @meaning_model.setter
    def meaning_model(self, value: str) -> None:
        self.qsettings.setValue("meaning/model", value)

    def sync(self) -> None:
        self.qsettings.sync()
