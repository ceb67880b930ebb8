"""``import``, ``export``, ``backup`` and ``restore`` end to end through chatdesk.cli.main."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from chatdesk.api.app import Api
from chatdesk.api.security import SecurityConfig
from chatdesk.api.server import ApiServer, ServerThread
from chatdesk.cli import main
from chatdesk.cli_transfer import ProgressBar
from chatdesk.paths import database_url
from chatdesk.services import accounts
from chatdesk.store import open_store
from chatdesk.store.db import close_database
from chatdesk.store.models import Chat, Message, Prompt
from tests.api.conftest import Client

GPT = "chatgpt/yetanotherchris_openwebui-importer__gpt_example.json"
CLAUDE = "claude/yetanotherchris_openwebui-importer__claude_example.json"
CLASSIC = "prompts/f_awesome-chatgpt-prompts__prompts.csv"
ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_export_round_trip(
    store: str, realdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts.register("alice", "secret1")
    code, out, _ = run(
        capsys, "import", realdata / GPT, realdata / CLAUDE, "--user", "alice", "--database", store
    )
    assert code == 0
    assert "1 new chats" in out and "85 new chats" in out and "557 messages added" in out
    code, out, _ = run(capsys, "--database", store, "import", realdata / GPT, "--user", "ALICE")
    assert (code, "0 new chats, 0 updated, 1 unchanged" in out) == (0, True)
    chat = Chat.get(Chat.source == "chatgpt")
    for fmt in ("md", "html", "json"):
        target = tmp_path / f"one.{fmt}"
        code, out, _ = run(
            capsys,
            "export",
            "--user",
            "alice",
            "--chat",
            chat.id,
            "-o",
            target,
            "--database",
            store,
        )
        assert (code, out.strip()) == (0, f"exported 1 chats to {target}")
        assert "Are ponds sentient?" in target.read_text(encoding="utf-8")
    two = [c.id for c in Chat.select().where(Chat.source == "claude").order_by(Chat.id).limit(2)]
    code, out, _ = run(
        capsys,
        "export",
        "--user",
        "alice",
        "--chat",
        *two,
        "-o",
        "-",
        "--format",
        "md",
        "--database",
        store,
    )
    assert code == 0 and out.count("\n---\n") == 1  # two chats, one separator
    code, out, _ = run(
        capsys, "export", "--user", "alice", "--format", "json", "-o", "-", "--database", store
    )
    exported = json.loads(out)
    assert code == 0 and len(exported["chats"]) == 86
    assert sum(len(c["messages"]) for c in exported["chats"]) == 567


def test_usage_and_failures(
    store: str, realdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts.register("alice", "secret1")
    db = ("--database", store)
    code, _, err = run(capsys, "import", realdata / GPT, *db)
    assert code == 2 and "--user NAME" in err
    code, _, err = run(capsys, "import", realdata / GPT, "--user", "nobody", *db)
    assert code == 1 and "No such user: nobody" in err
    code, _, err = run(capsys, "import", tmp_path / "missing.json", "--user", "alice", *db)
    assert code == 1 and "no such file" in err
    code, _, err = run(capsys, "export", "--user", "alice", "-o", tmp_path / "x.pdf", *db)
    assert code == 2 and "--format md|json|html" in err
    code, _, err = run(capsys, "export", "--user", "alice", "--chat", "999", "-o", "x.md", *db)
    assert code == 1 and "no such chat" in err
    assert not (Path.cwd() / "x.md").exists()
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--user", "alice"])  # -o is required
    assert exit_.value.code == 2
    capsys.readouterr()
    if store.startswith("postgres"):
        code, _, err = run(capsys, "backup", tmp_path / "b.sqlite3", *db)
        assert code == 1 and "pg_dump" in err


def test_malformed_conversation_is_named_on_stderr(
    sqlite_store: str, realdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((realdata / CLAUDE).read_text(encoding="utf-8"))
    data[0]["chat_messages"] = {"oops": True}
    data[0]["name"] = "Broken"
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    accounts.register("alice", "secret1")
    code, out, err = run(capsys, "import", path, "--user", "alice", "--database", sqlite_store)
    assert code == 0 and "84 new chats" in out and "1 skipped" in out
    assert f"skipped 'Broken' ({data[0]['uuid']}): 'chat_messages' is not a list" in err


def test_prompt_collections(
    store: str, realdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "import", realdata / CLASSIC, "--database", store)  # detected
    assert code == 0 and "211 prompts: 206 added, 5 duplicates skipped, 0 refused" in out
    assert Prompt.get(Prompt.title == "Virtual Event Planner")
    code, out, _ = run(capsys, "import", "--prompts", realdata / CLASSIC, "--database", store)
    assert code == 0 and "0 added, 211 duplicates skipped" in out
    target = tmp_path / "gallery.csv"
    code, out, _ = run(capsys, "export", "--prompts", "-o", target, "--database", store)
    assert code == 0 and out.strip() == f"exported {Prompt.select().count()} prompts to {target}"
    assert target.read_text(encoding="utf-8").startswith("act,prompt,favorite")


def test_backup_and_restore(
    tmp_path: Path, realdata: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--data-dir", tmp_path / "data")
    assert main(["backup", str(tmp_path / "empty.sqlite3"), *map(str, db)]) == 0
    accounts.register("alice", "secret1")
    run(capsys, "import", realdata / GPT, "--user", "alice", *db)
    code, out, _ = run(capsys, "backup", tmp_path / "full.sqlite3", *db)
    assert code == 0 and out.strip() == f"backed up to {tmp_path / 'full.sqlite3'}"
    code, out, _ = run(capsys, "restore", tmp_path / "empty.sqlite3", *db)
    assert code == 0 and "the previous database is at" in out
    assert Chat.select().count() == 0
    code, _, _ = run(capsys, "restore", tmp_path / "full.sqlite3", *db)
    assert code == 0 and Message.select().count() == 10
    (tmp_path / "junk").write_text("junk", encoding="utf-8")
    code, _, err = run(capsys, "restore", tmp_path / "junk", *db)
    assert code == 1 and "not a SQLite database" in err
    close_database()


def test_the_commands_import_no_qt(tmp_path: Path, realdata: Path) -> None:
    backup_args = ["backup", str(tmp_path / "b.sqlite3"), "--data-dir", str(tmp_path)]
    import_args = ["import", str(realdata / GPT), "--user", "alice", "--data-dir", str(tmp_path)]
    script = (
        "import sys\n"
        "from chatdesk.cli import main\n"
        "from chatdesk.services import accounts\n"
        f"assert main({backup_args!r}) == 0\n"
        "accounts.register('alice', 'secret1')\n"
        f"assert main({import_args!r}) == 0\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"CHATDESK_BCRYPT_ROUNDS": "4", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr


def test_progress_bar() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, force=True, width=10)
    bar.update(0, 2_000_000, "0 conversations")
    bar.update(1_000_000, 2_000_000, "5 conversations")  # within 0.1 s: not redrawn
    bar.update(2_000_000, 2_000_000, "9 conversations", final=True)
    bar.close()
    assert out.getvalue() == (
        "\r[..........]   0%  0.0/2.0 MB  0 conversations\x1b[K"
        "\r[##########] 100%  2.0/2.0 MB  9 conversations\x1b[K\n"
    )
    quiet = io.StringIO()  # not a terminal: nothing
    ProgressBar(quiet).update(1, 2, final=True)
    assert quiet.getvalue() == ""


def _serve(data_dir: Path) -> tuple[ServerThread, Client]:
    open_store(database_url(None, data_dir))
    thread = ServerThread(ApiServer(Api(SecurityConfig.build()), "127.0.0.1", 0))
    thread.start_and_wait()
    return thread, Client(thread.server.port)


def test_export_then_import_into_a_fresh_folder_keeps_the_api_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 9 item 4, as reported: add_chat chat_id=native1, export, import into a new folder."""
    first, second = tmp_path / "first", tmp_path / "second"
    thread, client = _serve(first)
    try:
        assert client.post("register", {"username": "alice", "password": "secret1"}).code == 0
        fields = {"username": "alice", "chat_id": "native1", "chat_title": "Native"}
        assert client.post("add_chat", {**fields, "chat_content": "q"}).code == 0
        assert client.post("add_chat", {**fields, "chat_content": "a", "chat_tpye": "0"}).code == 0
    finally:
        client.close()
        thread.stop()
        close_database()
    out = tmp_path / "all.json"
    assert run(capsys, "export", "--data-dir", first, "--user", "alice", "-o", out)[0] == 0
    open_store(database_url(None, second))
    accounts.register("alice", "secret1")
    close_database()
    code, stdout, _ = run(capsys, "import", out, "--user", "alice", "--data-dir", second)
    assert code == 0 and "1 new chats" in stdout
    code, stdout, _ = run(capsys, "import", out, "--user", "alice", "--data-dir", second)
    assert code == 0 and "0 new chats, 0 updated, 1 unchanged" in stdout
    thread, client = _serve(second)
    try:
        reply = client.post("get_history_chat", {"chat_title": "", "chat_id": "native1"})
        assert reply.json == {"code": 0, "历史信息列表": [["user", "q"], ["chatcar", "a"]]}
        fields = {"username": "alice", "chat_id": "native1", "chat_title": "Native"}
        reply = client.post("add_chat", {**fields, "chat_content": "more"})
        assert reply.json == {"code": 0, "msg": "消息加入成功"}  # the imported chat, not a new one
        assert [c.chat_key for c in Chat.select()] == ["native1"]
    finally:
        client.close()
        thread.stop()
        close_database()
