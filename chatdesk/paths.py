"""Where ChatDesk keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ChatDesk"
DATA_DIR_ENV = "CHATDESK_DATA_DIR"
DATABASE_URL_ENV = "CHATDESK_DATABASE_URL"
DATABASE_FILE = "chatdesk.sqlite3"


#: Folders ChatDesk creates (data, logs) and files it writes (the database, backups, exports,
#: logs) are its user's alone: chats are private, and other local accounts share the machine.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Create ``path`` (and its missing parents) as 0700. An existing folder is left as it is
    unless ``tighten`` (ChatDesk's own default folders, which earlier versions made 0755) and
    this user owns it: a folder the person chose may be shared on purpose."""
    if not path.is_dir():
        path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        os.chmod(path, PRIVATE_DIR)  # mkdir's mode is masked by the umask
    elif tighten and hasattr(os, "getuid"):
        info = path.stat()
        if info.st_uid == os.getuid() and info.st_mode & 0o077:
            os.chmod(path, PRIVATE_DIR)
    return path


def new_private_file(path: Path) -> None:
    """Create the empty file ``path``, readable and writable by its owner only (0600); it must
    not exist (a temporary file of a unique name)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


def make_private(path: Path) -> None:
    """Make the file ``path`` 0600 if this user owns it (creating it empty if missing)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        info = path.stat()
        if hasattr(os, "getuid") and info.st_uid == os.getuid() and info.st_mode & 0o077:
            os.chmod(path, PRIVATE_FILE)
        return
    os.close(fd)


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``override``, else ``$CHATDESK_DATA_DIR``, else the user data folder
    (created 0700)."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return private_dir(Path(chosen).expanduser())
    return private_dir(Path(platformdirs.user_data_dir(APP_NAME, False)), tighten=True)


def database_url(
    url: str | None = None, data_dir_override: str | os.PathLike[str] | None = None
) -> str:
    """The database URL: ``url``, else ``$CHATDESK_DATABASE_URL``, else SQLite in the data dir."""
    chosen = url or os.environ.get(DATABASE_URL_ENV)
    if chosen:
        return chosen
    return "sqlite:///" + str(data_dir(data_dir_override) / DATABASE_FILE)
