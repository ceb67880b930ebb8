"""What every command does before its own work, and what the desktop app is started with.

Qt-free: the command line (:mod:`chatdesk.cli`) parses the arguments once and hands plain values
here and to the desktop app (:mod:`chatdesk.ui.launch`); nothing imports the command line back.
"""

from __future__ import annotations

import errno
import sqlite3
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


def _chain(error: BaseException) -> list[BaseException]:
    """``error`` and what it was raised from or during, innermost last."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def failure_line(error: BaseException, where: str | None = None) -> str | None:
    """One line saying why a command could not use the store or write its files, or None for
    an error that is a bug (its traceback is wanted).

    The database's own words are kept but put in a sentence: a full disk (SQLite ends the
    transaction itself, and the failed rollback that follows is not the news), a read-only
    folder or file, a file that is not a database, a server that cannot be reached.
    """
    import peewee

    from chatdesk.store.db import StoreError

    chain = _chain(error)
    for item in chain:
        if isinstance(item, StoreError):
            return str(item)
    place = f" ({where})" if where else ""
    for item in chain:
        text = str(item).lower()
        if (isinstance(item, OSError) and item.errno == errno.ENOSPC) or "disk is full" in text:
            return f"the disk is full{place}; nothing was changed"
        if isinstance(item, OSError) and item.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            name = item.filename or where or ""
            return f"{name}: {item.strerror} (a read-only folder or file?); nothing was changed"
        if "readonly database" in text or "read-only" in text:
            return f"the database{place} is read-only (its folder or file cannot be written)"
        if "unable to open database file" in text:
            return f"cannot open the database{place}: its folder is missing or cannot be written"
        if "file is not a database" in text or "malformed" in text:
            return f"the database{place} is damaged or not a database; nothing was changed"
        if "disk i/o error" in text:
            return f"a disk error while using the database{place}; nothing was changed"
    if isinstance(error, (sqlite3.Error, peewee.DatabaseError, peewee.InterfaceError)):
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return f"the database failed{place}: {first}"
    return None


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
