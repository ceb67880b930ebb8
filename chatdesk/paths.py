"""Where ChatDesk keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ChatDesk"
DATA_DIR_ENV = "CHATDESK_DATA_DIR"
DATABASE_URL_ENV = "CHATDESK_DATABASE_URL"
DATABASE_FILE = "chatdesk.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``override``, else ``$CHATDESK_DATA_DIR``, else the user data folder."""
    chosen = override or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, False)
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(
    url: str | None = None, data_dir_override: str | os.PathLike[str] | None = None
) -> str:
    """The database URL: ``url``, else ``$CHATDESK_DATABASE_URL``, else SQLite in the data dir."""
    chosen = url or os.environ.get(DATABASE_URL_ENV)
    if chosen:
        return chosen
    return "sqlite:///" + str(data_dir(data_dir_override) / DATABASE_FILE)
