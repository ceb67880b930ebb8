"""A chunked body is measured by its bytes, not its chunk framing (issue 20.10): exactly the
limit (4 MiB) is accepted, as with Content-Length (SPEC §1, 9003); one byte more is 413."""

from __future__ import annotations

import socket
from urllib.parse import quote

import pytest

from tests.api.conftest import ServerFactory

LIMIT = 4 * 1024 * 1024
CHUNK = 64 * 1024


def _chunked_post(port: int, body: bytes) -> int:
    head = (
        b"POST /myapp/get_chat_list/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    framed = bytearray(head)
    for start in range(0, len(body), CHUNK):
        piece = body[start : start + CHUNK]
        framed += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    framed += b"0\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(framed)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def _body(size: int) -> bytes:
    start = f"username=alice&query={quote('x')}".encode()
    return start + b"x" * (size - len(start))


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_chunked_body_of_exactly_the_limit_is_accepted(make_server: ServerFactory) -> None:
    running = make_server()
    running.client().post("register", {"username": "alice", "password": "123456"})
    assert _chunked_post(running.port, _body(LIMIT)) == 200  # 1002 (query too long), not 413
    assert _chunked_post(running.port, _body(LIMIT + 1)) == 413
    assert _chunked_post(running.port, _body(1000)) == 200
