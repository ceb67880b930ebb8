"""``chatdesk sources list|enable|disable|sync`` through chatdesk.cli.main (issue 23)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chatdesk.cli import main
from chatdesk.services import accounts
from chatdesk.store.models import Chat

SESSION = "1af7fc5e-8455-4414-9ccd-011d40f70b2a"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_sources_from_the_command_line(
    sqlite_store: str,
    realdata: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    project = home / ".claude" / "projects" / "-home-me-demo"
    project.mkdir(parents=True)
    shutil.copy(
        realdata / f"claude-code/d-kimuson_claude-code-viewer__{SESSION}.jsonl",
        project / f"{SESSION}.jsonl",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    accounts.register("alice", "secret1")
    db = ["--database", sqlite_store]
    code, out, _ = run(capsys, "sources", "list", "--user", "alice", *db)
    assert code == 0
    assert "claude-code off Claude Code: 1 sessions in 1 projects" in out
    code, _, err = run(capsys, "sources", "enable", "nonsense", "--user", "alice", *db)
    assert code == 2 and "one of claude-code, codex" in err
    code, _, err = run(capsys, "sources", "enable", "claude-code", *db)
    assert code == 2 and "--user" in err
    assert run(capsys, "sources", "enable", "claude-code", "--user", "alice", *db)[0] == 0
    assert "claude-code on " in run(capsys, "sources", "list", "--user", "alice", *db)[1]
    code, out, _ = run(capsys, "sources", "sync", "--user", "alice", *db)
    assert code == 0 and "1 new chats" in out and Chat.select().count() == 1
    code, out, _ = run(capsys, "sources", "sync", "--user", "alice", *db)
    assert "0 read: 0 new chats, 0 messages added" in out
    assert run(capsys, "sources", "disable", "claude-code", *db)[0] == 0
    code, out, _ = run(capsys, "sources", "sync", "--user", "alice", *db)
    assert out.startswith("0 session files") and Chat.select().count() == 1
