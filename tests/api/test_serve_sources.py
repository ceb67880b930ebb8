"""``serve`` follows the coding agents' folders (issue 23): a source turned on by another
process (``chatdesk sources enable``) is imported, and a line an agent appends while ``serve``
runs is in the database within 2 seconds, once."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.api.conftest import Client
from tests.api.test_server import ROOT, serve

SESSION = "1af7fc5e-8455-4414-9ccd-011d40f70b2a"


def _texts(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        rows = conn.execute(
            'SELECT m.content FROM "message" m JOIN "chat" c ON c.id = m.chat_id '
            "WHERE c.source_id = ? ORDER BY m.id",
            (SESSION,),
        ).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


def _wait(condition, timeout: float = 10) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.05)
    return time.monotonic() - started


def test_serve_imports_and_follows_a_session(realdata: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    project = home / ".claude" / "projects" / "-home-me-demo"
    project.mkdir(parents=True)
    session = project / f"{SESSION}.jsonl"
    shutil.copy(realdata / f"claude-code/d-kimuson_claude-code-viewer__{SESSION}.jsonl", session)
    data = tmp_path / "data"
    db = data / "chatdesk.sqlite3"
    env = {"HOME": str(home)}
    with serve("--data-dir", str(data), env=env) as (proc, port):
        client = Client(port)
        assert client.post("register", {"username": "u", "password": "123456"}).code == 0
        client.close()
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "sources",
                "enable",
                "claude-code",
                "--user",
                "u",
                "--data-dir",
                str(data),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, **env},
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        _wait(lambda: len(_texts(db)) > 0)
        before = _texts(db)
        record = {
            "type": "user",
            "sessionId": SESSION,
            "uuid": "live-1",
            "isSidechain": False,
            "parentUuid": None,
            "timestamp": "2025-09-03T02:00:00.000Z",
            "message": {"role": "user", "content": "appended while serve runs"},
        }
        with session.open("ab") as out:
            out.write((json.dumps(record) + "\n").encode())
        took = _wait(lambda: _texts(db)[-1:] == ["appended while serve runs"])
        assert took < 2
        time.sleep(1.2)  # another poll or two: still once
        assert _texts(db) == [*before, "appended while serve runs"]
        proc.terminate()
        assert proc.wait(timeout=15) == 0
