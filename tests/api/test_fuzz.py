"""Schemathesis against the live server (issue 11 item 10): every check on, a fixed seed,
bounded in time; fails on any 5xx, any answer the document does not describe, schema-violating
data answered code 0, or an operation whose success path was never reached (tests/api/fuzz/)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatdesk.api.app import Api
from chatdesk.api.server import ApiServer, ServerThread
from chatdesk.services import accounts, chats, folders, prompts, tags

FUZZ = Path(__file__).with_name("fuzz")
#: Examples per operation and phase: about 50 s here (150: 95 s); the run is cut at 5 minutes.
MAX_EXAMPLES = 100


@pytest.fixture
def seeded_server(sqlite_store: str) -> Iterator[ServerThread]:
    """The server with what the document's examples name: user jiuhua (password 123456) with
    chat 1, folders 1 (工作) and 2 (可删), tags 重要 and 可删, and prompts 可改 and 可删."""
    prompts.load_defaults()
    user = accounts.register("jiuhua", "123456")
    chats.add_chat(user, "1", "标题", "你好", "user")
    assert [folders.create_folder(user, n).id for n in ("工作", "可删")] == [1, 2]
    tags.create_tag(user, "重要", "#ff0000")
    tags.create_tag(user, "可删")
    prompts.add_prompt("可改", "一个可以改的 prompt")
    prompts.add_prompt("可删", "一个可以删的 prompt")
    thread = ServerThread(ApiServer(Api(), "127.0.0.1", 0, threads=4))
    thread.start_and_wait()
    yield thread
    thread.stop()


def test_schemathesis_finds_nothing(seeded_server: ServerThread) -> None:
    st = Path(sys.executable).with_name("st")
    url = f"http://127.0.0.1:{seeded_server.server.port}/myapp/openapi.json"
    command = [str(st), "run", url, "--checks", "all", "--seed", "1"]
    command += ["--max-examples", str(MAX_EXAMPLES), "--phases", "examples,coverage,fuzzing"]
    # jiuhua's token, so that logout/ too has a success path (it revokes it, once)
    token = accounts.login("jiuhua", "123456").token
    command += ["--request-timeout", "10", "--no-color", "-H", f"Authorization: Bearer {token}"]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "st_hooks", "PYTHONPATH": str(FUZZ)}
    run = subprocess.run(
        command, cwd=FUZZ, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-8000:]
    assert "Tested: 26" in output and "Examples" in output and "Fuzzing" in output, output
