"""PostgreSQL restarts and outages (issue 20.4): the server reconnects and retries the read once,
health says when the database is unreachable, the log says so in one line instead of
tracebacks, and the change watcher follows again. On a throwaway cluster the test starts and
restarts itself (tests/pg_cluster.py), never the system's server."""

from __future__ import annotations

import contextlib
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chatdesk.api.app import Api
from chatdesk.api.security import SecurityConfig
from chatdesk.api.server import ApiServer, ServerThread
from chatdesk.services import events
from chatdesk.store import open_store
from chatdesk.store.db import close_database
from tests.api.conftest import Client
from tests.pg_cluster import Cluster, pg_cluster  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def served(pg_cluster: Cluster) -> Iterator[tuple[Cluster, Client]]:  # noqa: F811
    open_store(pg_cluster.url)
    thread = ServerThread(ApiServer(Api(SecurityConfig()), "127.0.0.1", 0, threads=4))
    thread.start_and_wait()
    client = Client(thread.server.port)
    try:
        yield pg_cluster, client
    finally:
        client.close()
        thread.stop()
        events.stop_watching()
        close_database()


class _Fresh:
    """One request on a connection of its own (so that any worker thread may serve it)."""

    def __init__(self, port: int) -> None:
        self.port = port

    def __getattr__(self, name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            client = Client(self.port)
            try:
                return getattr(client, name)(*args, **kwargs)
            finally:
                client.close()

        return call


def _fresh(port: int) -> Any:
    return _Fresh(port)


def _history(client: Any) -> tuple[int, int]:
    reply = client.post("get_history_chat", {"username": "alice", "chat_id": "c1"})
    return reply.status, reply.code


def test_requests_survive_a_restart_and_health_reports_an_outage(
    served: tuple[Cluster, Client], caplog: pytest.LogCaptureFixture
) -> None:
    cluster, client = served
    port = client.port
    assert client.post("register", {"username": "alice", "password": "123456"}).code == 0
    fields = {"username": "alice", "chat_id": "c1", "chat_title": "t", "chat_content": "hi"}
    assert client.post("add_chat", {**fields, "chat_tpye": "1"}).code == 0
    # warm every worker thread's connection, so that each holds one the restart breaks
    for _ in range(12):
        assert _history(_fresh(port)) == (200, 0)

    cluster.restart()
    results = [_history(_fresh(port)) for _ in range(12)]
    assert results == [(200, 0)] * 12  # every thread reconnected and retried its read
    assert client.post("add_chat", {**fields, "chat_tpye": "0"}).code == 0  # and writes
    health = client.request("GET", "/myapp/health")
    assert health.status == 200 and health.json["code"] == 0

    caplog.clear()
    with caplog.at_level(logging.INFO):
        cluster.stop()
        cluster.wait_down()
        health = _fresh(port).request("GET", "/myapp/health")
        assert health.status == 503, health.body
        assert health.json["code"] == 5001 and health.json["database"] == "unreachable"
        for _ in range(6):
            status, code = _history(_fresh(port))
            assert (status, code) == (503, 5001)
        assert _fresh(port).post("add_chat", {**fields, "chat_tpye": "1"}).code == 5001
    lines = [r.getMessage() for r in caplog.records]
    assert sum("database unreachable, retrying" in line for line in lines) == 1, lines
    assert not [r for r in caplog.records if r.exc_info], "no traceback while it is down"

    cluster.start()
    assert _fresh(port).request("GET", "/myapp/health").json["code"] == 0
    assert [_history(_fresh(port)) for _ in range(8)] == [(200, 0)] * 8
    reply = _fresh(port).post("get_history_chat", {"username": "alice", "chat_id": "c1"})
    assert len(reply.json["历史信息列表"]) == 2  # the message sent while it was down is not in


def test_the_change_watcher_follows_again_after_a_restart(pg_cluster: Cluster) -> None:  # noqa: F811
    import psycopg2

    open_store(pg_cluster.url)
    seen: list[events.Change] = []
    got = threading.Event()

    def listener(change: events.Change) -> None:
        seen.append(change)
        got.set()

    unsubscribe = events.subscribe(listener)
    try:
        watcher = events.start_watching()
        pg_cluster.restart()

        def other_process_writes(chat_id: int) -> None:
            conn = psycopg2.connect(pg_cluster.url)
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(
                    "INSERT INTO change_log (kind, user_id, chat_id, origin) "
                    "VALUES ('chat', 1, %s, 'elsewhere')",
                    (chat_id,),
                )
                cur.execute("SELECT pg_notify(%s, 'elsewhere')", (events.CHANNEL,))
            conn.close()

        deadline = time.monotonic() + 20
        while not got.is_set() and time.monotonic() < deadline:
            with contextlib.suppress(psycopg2.OperationalError):  # still starting
                other_process_writes(7)
            got.wait(2)
        assert watcher.is_alive(), "the watcher died with the connection"
        assert events.Change("chat", 1, 7) in seen
    finally:
        unsubscribe()
        events.stop_watching()
        close_database()


def test_serve_says_one_line_while_the_database_is_down(
    pg_cluster: Cluster,  # noqa: F811
    tmp_path: Path,
) -> None:
    from tests.api.test_server import serve

    with serve("--database", pg_cluster.url, env={"CHATDESK_LOG_DIR": str(tmp_path)}) as (
        proc,
        port,
    ):
        client = _fresh(port)
        assert client.post("register", {"username": "alice", "password": "123456"}).code == 0
        pg_cluster.restart()
        body = {"username": "alice"}
        assert _fresh(port).post("get_chat_list", body).code == 0
        pg_cluster.stop()
        pg_cluster.wait_down()
        for _ in range(5):
            assert _fresh(port).post("get_chat_list", body).code == 5001
        pg_cluster.start()
        assert _fresh(port).post("get_chat_list", body).code == 0
        proc.terminate()
        assert proc.wait(timeout=15) == 0
        rest = proc.stderr.read()  # type: ignore[union-attr]
    output = "".join(proc.lines) + rest  # type: ignore[attr-defined]
    assert output.count("database unreachable, retrying") == 1, output
    assert "Traceback" not in output and "InterfaceError" not in output, output


def test_serve_on_an_unreachable_database_fails_with_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "serve", "--port", "0", "--database",
         "postgresql://postgres@127.0.0.1:1/none"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={"CHATDESK_LOG_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "database" in lines[0] and "unreachable" in lines[0], lines
