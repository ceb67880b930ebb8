"""Faults of the machine, through the command line in a subprocess (issue 20.8): a full disk,
a read-only data folder (also for export and backup), a damaged database file and an
unreachable PostgreSQL server each give one clear line on stderr, exit code 1, and change
nothing.

A full disk is SQLite's own SQLITE_FULL ("database or disk is full"), reached through
``PRAGMA max_page_count`` in the subprocess (mounting a small tmpfs needs privileges CI may not
have); a read-only folder is a folder chmod'ed 0555: as root (CI), where chmod does not stop
writes, the command runs as root without the capabilities that override file modes
(``setpriv --bounding-set -dac_override,…``), so the modes hold for it as for anyone else."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatdesk.services import accounts
from chatdesk.store import open_store
from chatdesk.store.db import close_database
from tests import IN_CI

ROOT = Path(__file__).resolve().parents[1]
#: Runs chatdesk.cli.main with SQLite's file size capped at argv[1] pages.
CAPPED = """
import sys
from chatdesk.store import db
db.SQLITE_PRAGMAS["max_page_count"] = int(sys.argv[1])
from chatdesk.cli import main
sys.exit(main(sys.argv[2:]))
"""


#: As root: the capabilities that let root write where the modes say no, dropped.
UNPRIVILEGED = ["--bounding-set", "-dac_override,-dac_read_search,-fowner"]


def _as_anyone() -> list[str]:
    """The prefix that makes a command obey file modes: setpriv as root, nothing else."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        if IN_CI:
            pytest.fail("setpriv (util-linux) is missing in CI")
        pytest.skip("setpriv (util-linux) is not installed")
    return [setpriv, *UNPRIVILEGED]


def cli(*argv: object, modes_hold: bool = False, capped: int | None = None) -> tuple[int, str]:
    """Run the command line (obeying file modes even as root when ``modes_hold``); returns its
    exit code and stderr."""
    args = [str(a) for a in argv]
    prefix = _as_anyone() if modes_hold else []
    if capped is not None:
        command = [*prefix, sys.executable, "-c", CAPPED, str(capped), *args]
    else:
        command = [*prefix, sys.executable, str(ROOT / "main.py"), *args]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATDESK_")}
    env["CHATDESK_LOG_DIR"] = tempfile.gettempdir()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    return done.returncode, done.stderr


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("chatdesk: "), stderr
    return lines[0]


def digest(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` and a hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    """A data folder with a ChatDesk database and a user alice (closed: the CLI opens it)."""
    folder = tmp_path / "data"
    open_store(f"sqlite:///{folder / 'chatdesk.sqlite3'}")
    accounts.register("alice", "secret1")
    close_database()
    yield folder


def _sharegpt(path: Path, conversations: int, size: int) -> Path:
    items = [
        {
            "id": f"c{n}",
            "conversations": [
                {"from": "human", "value": f"question {n} " + "x" * size},
                {"from": "gpt", "value": f"answer {n} " + "y" * size},
            ],
        }
        for n in range(conversations)
    ]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def _pages(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()


def _chats(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM chat").fetchone()[0])
    finally:
        conn.close()


def test_a_full_disk_is_one_line_and_changes_nothing(data: Path, tmp_path: Path) -> None:
    db = data / "chatdesk.sqlite3"
    export = _sharegpt(tmp_path / "big.json", 40, 20_000)
    before = _chats(db)
    code, err = cli("import", export, "--user", "alice", "--data-dir", data, capped=_pages(db) + 8)
    assert code == 1
    line = one_line(err)
    assert "disk is full" in line, line
    assert "cannot rollback" not in err
    assert _chats(db) == before


def test_a_damaged_database_file_is_one_line_and_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "chatdesk.sqlite3").write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    before = digest(folder)
    code, err = cli("export", "--user", "alice", "-o", tmp_path / "x.md", "--data-dir", folder)
    assert code == 1
    assert "damaged" in one_line(err) or "not a" in one_line(err)
    assert digest(folder) == before
    assert not (tmp_path / "x.md").exists()


def test_garbage_at_the_database_path_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "chatdesk.sqlite3").write_text("not a database at all\n" * 50)
    before = digest(folder)
    code, err = cli("backup", tmp_path / "b.sqlite3", "--data-dir", folder)
    assert code == 1
    assert "not a SQLite database" in one_line(err)
    assert digest(folder) == before


def test_an_unreachable_postgresql_server_is_one_line(tmp_path: Path) -> None:
    url = "postgresql://postgres@127.0.0.1:1/chatdesk"
    code, err = cli("export", "--user", "alice", "-o", tmp_path / "x.md", "--database", url)
    assert code == 1
    line = one_line(err)
    assert "unreachable" in line and "127.0.0.1:1" in line, line


@pytest.fixture
def read_only(data: Path) -> Iterator[Path]:
    """``data`` and its files read-only (0555, 0444)."""
    for path in data.iterdir():
        os.chmod(path, 0o444)
    os.chmod(data, 0o555)
    try:
        yield data
    finally:
        os.chmod(data, 0o755)


def test_a_read_only_data_folder_is_one_line(read_only: Path, tmp_path: Path) -> None:
    before = digest(read_only)
    export = _sharegpt(tmp_path / "small.json", 2, 10)
    code, err = cli("import", export, "--user", "alice", "--data-dir", read_only, modes_hold=True)
    assert code == 1
    line = one_line(err)
    assert "read-only" in line or "cannot be written" in line, line
    assert digest(read_only) == before


@pytest.mark.parametrize("command", ["export", "backup"])
def test_export_and_backup_into_a_read_only_folder_are_one_line(
    data: Path, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "out"
    target.mkdir(mode=0o555)
    name = target / ("a.md" if command == "export" else "b.sqlite3")
    args = ["export", "--user", "alice", "-o", name] if command == "export" else ["backup", name]
    try:
        code, err = cli(*args, "--data-dir", data, modes_hold=True)
        assert code == 1
        assert str(target) in one_line(err)
        assert list(target.iterdir()) == []
    finally:
        os.chmod(target, 0o755)
