"""ChatDesk's folders are 0700 and its files 0600 (issue 20.5): the data and log folders, the
database with its -wal and -shm, backups and the restore's copy of the old database, exports,
logs (rotated ones too) and crash files. Other local accounts read none of it."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from chatdesk import crashlog
from chatdesk.paths import data_dir
from chatdesk.services import accounts, exporting
from chatdesk.services.backup import backup, restore
from chatdesk.store import open_store
from chatdesk.store.db import close_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask() -> object:
    """The usual umask (022), under which files would be world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_data_folder_and_the_database_are_private(tmp_path: Path) -> None:
    folder = data_dir(tmp_path / "new" / "data")
    assert mode(folder) == 0o700
    open_store(f"sqlite:///{folder / 'chatdesk.sqlite3'}")
    accounts.register("alice", "secret1")  # writes: the -wal and -shm exist now
    files = {p.name: mode(p) for p in folder.iterdir()}
    close_database()
    assert files == {
        "chatdesk.sqlite3": 0o600,
        "chatdesk.sqlite3-wal": 0o600,
        "chatdesk.sqlite3-shm": 0o600,
    }


def test_a_database_made_world_readable_before_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "chatdesk.sqlite3"
    open_store(f"sqlite:///{path}")
    close_database()
    os.chmod(path, 0o644)
    open_store(f"sqlite:///{path}")
    close_database()
    assert mode(path) == 0o600


def test_backups_restores_and_exports_are_private(tmp_path: Path) -> None:
    open_store(f"sqlite:///{tmp_path / 'db' / 'chatdesk.sqlite3'}")
    user = accounts.register("alice", "secret1")
    copy = backup(tmp_path / "backups" / "b.sqlite3")
    assert mode(copy) == 0o600
    done = restore(copy)
    assert mode(done.previous) == 0o600 and mode(done.database) == 0o600
    target = tmp_path / "out.md"
    exporting.export_to_file(user, target, "md")
    assert mode(target) == 0o600
    close_database()


def test_logs_and_crash_files_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "logs"
    monkeypatch.setenv(crashlog.LOG_DIR_ENV, str(folder))
    monkeypatch.setattr(crashlog, "MAX_BYTES", 2000)
    installed = crashlog.install()
    try:
        for n in range(100):
            logging.getLogger("chatdesk.test").warning("line %d %s", n, "x" * 50)
    finally:
        installed.uninstall()
    assert mode(folder) == 0o700
    logs = sorted(folder.glob("chatdesk.log*"))
    assert len(logs) > 1  # rotated
    assert {p.name: mode(p) for p in logs} == {p.name: 0o600 for p in logs}
    installed = crashlog.install()
    try:
        assert mode(installed.crash_path) == 0o600
    finally:
        installed.uninstall()
