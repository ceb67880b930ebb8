"""The server object and the headless ``serve`` command."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from chatdesk.api.app import Api
from chatdesk.api.server import ApiServer, ServerThread
from chatdesk.cli import build_parser, serve_settings
from tests.api.conftest import Client

ROOT = Path(__file__).resolve().parents[2]


def test_thread_ready_port_and_clean_shutdown(sqlite_store: str) -> None:
    thread = ServerThread(ApiServer(Api(), "127.0.0.1", 0))
    thread.start_and_wait()
    port = thread.server.port
    assert port > 0 and thread.ready.is_set()
    client = Client(port)
    assert client.request("GET", "/myapp/health").status == 200
    thread.stop()
    client.close()
    assert not thread.is_alive()
    # the port is released: it can be bound again at once
    again = ServerThread(ApiServer(Api(), "127.0.0.1", port))
    again.start_and_wait()
    again.stop()


def test_port_taken_is_reported(sqlite_store: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        thread = ServerThread(ApiServer(Api(), "127.0.0.1", sock.getsockname()[1]))
        with pytest.raises(OSError):
            thread.start_and_wait()


def test_binding_beyond_loopback_forces_token_mode() -> None:
    parser = build_parser()
    local, local_min = serve_settings(parser.parse_args(["serve"]))
    remote, remote_min = serve_settings(parser.parse_args(["serve", "--host", "0.0.0.0"]))
    assert (local.require_token, local_min) == (False, 6)
    assert (remote.require_token, remote_min) == (True, 8)
    args = parser.parse_args(
        [
            "serve",
            "--require-token",
            "--allow-origin",
            "http://a:1",
            "--allowed-host",
            "Chat.Example.org",
            "--data-dir",
            "/x",
        ]
    )
    config, _ = serve_settings(args)
    assert config.require_token and config.allowed_origins == {"http://a:1"}
    assert config.allowed_hosts == {"chat.example.org"} and args.data_dir == "/x"


@contextmanager
def serve(
    *args: str, env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """Run ``python main.py serve --port 0 ARGS`` and yield it with the port it bound."""
    proc = subprocess.Popen(
        [sys.executable, "-X", "importtime", str(ROOT / "main.py"), "serve", "--port", "0", *args],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    assert proc.stderr is not None
    port = 0
    deadline = time.monotonic() + 30
    lines: list[str] = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if match := re.search(r"serving http://127\.0\.0\.1:(\d+)/myapp/", line):
            port = int(match.group(1))
            break
    assert port, "".join(lines[-20:])
    proc.lines = lines  # type: ignore[attr-defined]
    try:
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stderr.close()


def test_serve_headless_without_qt_logs_and_stops_on_sigterm(tmp_path: Path) -> None:
    with serve("--data-dir", str(tmp_path)) as (proc, port):
        client = Client(port)
        assert client.post("register", {"username": "u", "password": "123456"}).code == 0
        assert client.request("GET", "/myapp/health").status == 200
        client.close()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
        rest = proc.stderr.read()  # type: ignore[union-attr]
    output = "".join(proc.lines) + rest  # type: ignore[attr-defined]
    imported = re.findall(r"import time:.*\|\s+(\S+)$", output, re.MULTILINE)
    assert "chatdesk.api.server" in imported and "waitress" in imported
    assert not [m for m in imported if m.startswith("PySide6") or m.startswith("shiboken")]
    assert re.search(r'"POST /myapp/register/" 200', output)
    assert re.search(r'"GET /myapp/health" 200', output)
    assert "stopped" in output
    assert (tmp_path / "chatdesk.sqlite3").exists()


def test_serve_stops_on_ctrl_c(tmp_path: Path) -> None:
    with serve("--data-dir", str(tmp_path)) as (proc, _port):
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0


@pytest.mark.postgres
def test_two_processes_share_one_postgres_database(pg_database_url: str, tmp_path: Path) -> None:
    from tests.conftest import _fresh_postgres

    _fresh_postgres(pg_database_url)
    from chatdesk.store.db import close_database

    close_database()
    with (
        serve("--database", pg_database_url) as (_a, port_a),
        serve("--database", pg_database_url) as (_b, port_b),
    ):
        a, b = Client(port_a), Client(port_b)
        try:
            assert a.post("register", {"username": "u", "password": "123456"}).code == 0
            assert b.post("register", {"username": "U", "password": "123456"}).code == -1
            assert (
                b.post(
                    "add_chat",
                    {"username": "u", "chat_id": "1", "chat_title": "t", "chat_content": "from b"},
                ).code
                == 0
            )
            assert (
                a.post(
                    "add_chat",
                    {"username": "u", "chat_id": "1", "chat_title": "t", "chat_content": "from a"},
                ).json["msg"]
                == "消息加入成功"
            )
            history = b.post("get_history_chat", {"chat_title": "t"}).json["历史信息列表"]
            assert history == [["user", "from b"], ["user", "from a"]]
            # throttling is shared: 5 failures on A, the 6th try on B is refused
            for _ in range(5):
                assert a.post("login", {"username": "u", "password": "wrong!"}).code == -2
            assert b.post("login", {"username": "u", "password": "123456"}).status == 429
        finally:
            a.close()
            b.close()


def test_serve_on_a_busy_port_fails_with_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "CHATDESK_DATA_DIR": str(tmp_path)},
        )
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if " INFO " not in line]
    assert len(errors) == 1, done.stderr
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in errors[0]
    assert "--port" in errors[0] and "Traceback" not in done.stderr


@pytest.mark.parametrize("bad", ["70000", "-1", "http"])
def test_a_port_out_of_range_is_refused_before_anything_starts(
    bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["serve", "--port", bad], ["--port", bad]):
        with pytest.raises(SystemExit) as exit_info:
            build_parser().parse_args(argv)
        assert exit_info.value.code == 2
        assert "is not a port number" in capsys.readouterr().err


def test_an_acknowledged_write_survives_sigkill(tmp_path: Path) -> None:
    """No crash loses a committed write: what the API acknowledged is on disk when the process
    is killed without any chance to clean up (SIGKILL: no shutdown, no checkpoint)."""
    with serve("--data-dir", str(tmp_path)) as (proc, port):
        client = Client(port)
        assert client.post("register", {"username": "kim", "password": "123456"}).code == 0
        for n in range(20):
            fields = {"username": "kim", "chat_id": f"c{n % 3}", "chat_title": f"t{n % 3}"}
            reply = client.post("add_chat", {**fields, "chat_content": f"message {n}"})
            assert reply.code == 0
        client.close()
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=15) == -signal.SIGKILL
    assert (tmp_path / "chatdesk.sqlite3-wal").exists()  # the writes were in the WAL, unmerged
    with serve("--data-dir", str(tmp_path)) as (_again, port):
        client = Client(port)
        history = client.post("get_history_chat", {"username": "kim", "chat_id": "c1"}).json
        client.close()
    assert [text for _role, text in history["历史信息列表"]] == [
        f"message {n}" for n in range(20) if n % 3 == 1
    ]


def _hammer(port: int, stop: threading.Event) -> None:
    """add_chat on one keep-alive connection until ``stop`` (or the server goes away)."""
    n = 0
    while not stop.is_set():
        client = Client(port)
        try:
            while not stop.is_set():
                n += 1
                client.post("add_chat", {"username": "u", "chat_id": str(n % 7), "chat_title": "t"})
        except (OSError, http.client.HTTPException):
            return
        finally:
            client.close()


def test_sigterm_under_load_stops_cleanly(tmp_path: Path) -> None:
    """Issue 11 item 8: workers that finish a request during shutdown used to wake the serving
    loop through a trigger already closed (``OSError: [Errno 9] Bad file descriptor`` in
    ``trigger.pull_trigger``; with the descriptor reused, a write into someone else's file)."""
    failures = []
    for round_ in range(4):
        with serve("--data-dir", str(tmp_path), "--threads", "4") as (proc, port):
            if round_ == 0:
                first = Client(port)
                assert first.post("register", {"username": "u", "password": "123456"}).code == 0
                first.close()
            assert proc.stderr is not None
            output: list[str] = []
            reader = threading.Thread(target=output.extend, args=(proc.stderr,))
            reader.start()  # a full pipe would block the server's access log
            stop = threading.Event()
            workers = [threading.Thread(target=_hammer, args=(port, stop)) for _ in range(12)]
            for worker in workers:
                worker.start()
            time.sleep(1.0)
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=15)
            stop.set()
            for worker in workers:
                worker.join(10)
            reader.join(10)
        rest = "".join(output)
        if code != 0 or "Bad file descriptor" in rest or "Traceback" in rest:
            failures.append((code, rest[-3000:]))
    assert not failures, failures[0]
