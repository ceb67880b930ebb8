"""What every command does before its own work, and what the desktop app is started with.

Qt-free: the command line (:mod:`chatdesk.cli`) parses the arguments once and hands plain values
here and to the desktop app (:mod:`chatdesk.ui.launch`); nothing imports the command line back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def open_store(database: str | None = None, data_dir: str | None = None) -> str:
    """Open (and migrate) the store that ``database`` (a URL) or ``data_dir`` names, or the
    default one; load the default prompts; purge chats deleted long enough ago. Returns the
    store's URL."""
    from chatdesk.paths import database_url
    from chatdesk.services import chats, prompts
    from chatdesk.store import open_store as open_url

    url = database_url(database, data_dir)
    open_url(url)
    prompts.load_defaults()
    chats.purge_deleted()  # chats deleted over a day ago (kept that long for Undo)
    chats.refresh_previews()  # once, after the preview rules change
    return url


@dataclass
class DesktopOptions:
    """How the desktop app was asked to start.

    Attributes:
        database: a store URL, else the one in ``data_dir`` (or the default data folder).
        data_dir: where ChatDesk keeps its data.
        port: the API port the command line set; None: the one saved in the settings.
        no_server: do not serve the API this time (the settings can turn it on again).
        smoke_test: show the login window, save a screenshot there and quit.
    """

    database: str | None = None
    data_dir: str | None = None
    port: int | None = None
    no_server: bool = False
    smoke_test: Path | None = None
