"""Without token mode, the server serves loopback connections only from the OS user that runs
it (issue 20.5): another local account gets 403 / 9007, which says to turn token mode on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from chatdesk.api import security
from tests import IN_CI
from tests.api.conftest import ServerFactory

#: A client with the standard library only: it runs as another user, under another Python.
CLIENT = """
import http.client, json, sys
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
conn.request("POST", "/myapp/get_history_chat/", "username=alice&chat_id=c1",
             {"Host": "127.0.0.1", "Accept-Language": "en",
              "Content-Type": "application/x-www-form-urlencoded"})
reply = conn.getresponse()
print(reply.status, reply.read().decode("utf-8"))
"""

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's /proc")


def _seed(make_server: ServerFactory) -> int:
    running = make_server()
    client = running.client()
    assert client.post("register", {"username": "alice", "password": "123456"}).code == 0
    fields = {"username": "alice", "chat_id": "c1", "chat_title": "t", "chat_content": "secret"}
    assert client.post("add_chat", {**fields, "chat_tpye": "1"}).code == 0
    return running.port


def _python_for(user: str) -> str:
    """An interpreter ``user`` can run (ours may live under /root)."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        done = subprocess.run(
            ["runuser", "-u", user, "--", candidate, "-c", "pass"], capture_output=True
        )
        if done.returncode == 0:
            return candidate
    pytest.fail(f"no Python that {user} can run")


@linux_only
@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_another_os_user_is_refused_and_told_to_turn_token_mode_on(
    make_server: ServerFactory,
) -> None:
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        if IN_CI:
            pytest.fail("CI runs as root with runuser: this test must run there")
        pytest.skip("needs root (and runuser) to run a client as another user")
    port = _seed(make_server)
    python = _python_for("nobody")
    done = subprocess.run(
        ["runuser", "-u", "nobody", "--", python, "-c", CLIENT, str(port)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    status, _, body = done.stdout.partition(" ")
    assert status == "403", done.stdout + done.stderr
    assert '"code": 9007' in body and "token mode" in body
    assert "secret" not in body
    # the same user (root here, who runs the server) is served
    mine = subprocess.run(
        [python, "-c", CLIENT, str(port)], capture_output=True, text=True, timeout=30
    )
    assert mine.stdout.startswith("200 ") and "secret" in mine.stdout


@linux_only
@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_client_of_another_uid_is_refused_and_token_mode_lets_it_in(
    make_server: ServerFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same check without root: the server believes it runs as another uid."""
    port = _seed(make_server)
    ours = os.getuid()
    monkeypatch.setattr(security.os, "getuid", lambda: ours + 1)
    done = subprocess.run(
        [sys.executable, "-c", CLIENT, str(port)], capture_output=True, text=True, timeout=30
    )
    assert done.stdout.startswith("403 ") and '"code": 9007' in done.stdout
    token_mode = make_server(require_token=True)
    done = subprocess.run(
        [sys.executable, "-c", CLIENT, str(token_mode.port)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert '"code": 2004' in done.stdout  # token mode: the token decides, not the OS user


@linux_only
@pytest.mark.parametrize("family", ["127.0.0.1", "::1"])
def test_the_kernel_names_the_owner_of_a_loopback_client(family: str) -> None:
    """Both lookups, /proc/net/tcp{,6} and netlink, find the client's socket and its uid, and
    nothing for a port no socket has."""
    import socket

    kind = socket.AF_INET if ":" not in family else socket.AF_INET6
    with socket.socket(kind) as server:
        server.bind((family, 0))
        server.listen()
        here = server.getsockname()[:2]
        with socket.create_connection(here) as client:
            accepted, _ = server.accept()
            with accepted:
                host, port = client.getsockname()[:2]
                by_proc = security.socket_owner(host, port, here[1])
                by_netlink = security.socket_owner_netlink((host, port), here)
                missing = security.socket_owner_netlink((host, 1), here)
                missing_proc = security.socket_owner(host, 1, here[1])
    assert by_proc == by_netlink == os.getuid()
    assert missing is None and missing_proc is None
