"""Soak of ``main.py serve`` under mixed load and hostile clients, reporting every 10 s.

Not a test; run by hand (docs/benchmarks.md has a run)::

    python bench/soak.py [--seconds 180] [--threads 4] [--slowloris 200] [--idle 300]

Starts the server on a free loopback port with a fresh data folder, then for ``--seconds``:
normal clients (add_chat, get_history_chat, get_chat_list on keep-alive connections), slowloris
connections (a header byte a second), idle keep-alive connections (one request, then silence),
and a login flood with random names. Every 10 s it prints the normal requests' count, error rate
and p99 latency in that window, and the server's RSS and open descriptors. Every connection goes
to 127.0.0.1 only; everything stops by itself at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors = 0

    def add(self, latency: float | None) -> None:
        with self.lock:
            if latency is None:
                self.errors += 1
            else:
                self.latencies.append(latency)

    def take(self) -> tuple[list[float], int]:
        with self.lock:
            taken, errors = self.latencies, self.errors
            self.latencies, self.errors = [], 0
        return taken, errors


def post(conn: http.client.HTTPConnection, endpoint: str, fields: dict[str, str]) -> int:
    body = urllib.parse.urlencode(fields)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", f"/myapp/{endpoint}/", body, headers)
    response = conn.getresponse()
    response.read()
    return response.status


def normal_client(port: int, n: int, stop: threading.Event, stats: Stats) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    i = 0
    while not stop.is_set():
        i += 1
        chat = f"soak{n}-{i % 20}"
        calls = [
            (
                "add_chat",
                {
                    "username": "soak",
                    "chat_id": chat,
                    "chat_title": chat,
                    "chat_content": f"message {i} 你好",
                },
            ),
            ("get_history_chat", {"username": "soak", "chat_id": chat}),
            ("get_chat_list", {"username": "soak", "limit": "20"}),
        ]
        endpoint, fields = calls[i % 3]
        started = time.perf_counter()
        try:
            status = post(conn, endpoint, fields)
            stats.add(time.perf_counter() - started if status == 200 else None)
        except (OSError, http.client.HTTPException):
            stats.add(None)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.close()


def slowloris(port: int, count: int, stop: threading.Event) -> None:
    socks: list[socket.socket] = []
    while not stop.is_set():
        while len(socks) < count and not stop.is_set():
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=2)
                s.sendall(b"POST /myapp/add_chat/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ")
                socks.append(s)
            except OSError:
                break
        for s in list(socks):
            try:
                if not is_open(s):
                    raise ConnectionResetError
                s.sendall(b"a")
            except OSError:
                socks.remove(s)  # closed by the server: open another next round
                s.close()
        stop.wait(1.0)
    for s in socks:
        s.close()


def idle_keepalive(port: int, count: int, stop: threading.Event) -> None:
    conns: list[http.client.HTTPConnection] = []
    while not stop.is_set():
        while len(conns) < count and not stop.is_set():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                conn.request("GET", "/myapp/health")
                conn.getresponse().read()
                conns.append(conn)  # and then silence
            except (OSError, http.client.HTTPException):
                conn.close()
                break
        stop.wait(2.0)
        alive = []
        for conn in conns:
            if is_open(conn.sock):
                alive.append(conn)
            else:
                conn.close()  # the server closed it: open another next round
        conns = alive
    for conn in conns:
        conn.close()


def is_open(sock: socket.socket | None) -> bool:
    """Whether the server has left ``sock`` open (nothing to read, no end of file)."""
    if sock is None:
        return False
    ready, _, _ = select.select([sock], [], [], 0)
    if not ready:
        return True
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except OSError:
        return False


def login_flood(port: int, stop: threading.Event) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while not stop.is_set():
        name = f"nobody{random.randrange(10**9)}"
        try:
            post(conn, "login", {"username": name, "password": "wrong-password"})
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.close()


def rss_and_fds(pid: int) -> tuple[float, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    rss_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
    return rss_kb / 1024, len(os.listdir(f"/proc/{pid}/fd"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--threads", type=int, default=4, help="the server's worker threads")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--slowloris", type=int, default=200)
    parser.add_argument("--idle", type=int, default=300)
    parser.add_argument("--flooders", type=int, default=10)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "serve",
                "--port",
                str(port),
                "--threads",
                str(args.threads),
                "--data-dir",
                data,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    post(conn, "register", {"username": "soak", "password": "secret12"})
                    conn.close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            stop, stats = threading.Event(), Stats()
            workers = [
                *(
                    threading.Thread(target=normal_client, args=(port, n, stop, stats))
                    for n in range(args.clients)
                ),
                threading.Thread(target=slowloris, args=(port, args.slowloris, stop)),
                threading.Thread(target=idle_keepalive, args=(port, args.idle, stop)),
                *(
                    threading.Thread(target=login_flood, args=(port, stop))
                    for _ in range(args.flooders)
                ),
            ]
            for worker in workers:
                worker.start()
            print(
                f"serve on port {port}, {args.threads} threads; {args.clients} clients, "
                f"{args.slowloris} slowloris, {args.idle} idle keep-alive, "
                f"{args.flooders} login flooders"
            )
            print("   t  requests  errors  p50 ms  p99 ms  RSS MiB  fds")
            started = time.monotonic()
            while (elapsed := time.monotonic() - started) < args.seconds:
                time.sleep(min(10.0, args.seconds - elapsed))
                latencies, errors = stats.take()
                total = len(latencies) + errors
                rss, fds = rss_and_fds(server.pid)
                if latencies:
                    cut = statistics.quantiles(latencies, n=100)
                    p50, p99 = statistics.median(latencies) * 1000, cut[98] * 1000
                else:
                    p50 = p99 = float("nan")
                rate = errors / total if total else 0.0
                print(
                    f"{time.monotonic() - started:4.0f}  {total:8d}  {rate:6.2%}  {p50:6.1f}  "
                    f"{p99:6.1f}  {rss:7.1f}  {fds:4d}"
                )
            stop.set()
            for worker in workers:
                worker.join(15)
        finally:
            server.terminate()
            code = server.wait(15)
            print(f"server stopped with exit code {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
