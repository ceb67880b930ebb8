"""Embedded WSGI server candidates on the real app, in one run: throughput, and a normal
request's latency beside hostile connections.

Each candidate hosts ``chatdesk.api.app.Api`` in a thread of its own fresh process, on its own
new SQLite database holding the same data (user ``bench``, the 80-message chat ``history80``).
Rounds interleave the candidates (a noisy spell hits them all), wrk drives 8 keep-alive
connections at ``add_chat`` and ``get_history_chat``; figures are medians over the rounds, and
"x waitress" is the median of each round's ratio to waitress in that round. Then, per candidate,
200 slowloris connections (a header byte a second) and 500 idle keep-alives are opened and five
``health`` requests on new connections are timed (5 s cap). Only 127.0.0.1; bounded in time.

    python bench/servers.py [--seconds 8] [--rounds 3] [--threads 4]

Needs wrk (``apt-get install wrk``) and, for that candidate, cheroot (``pip install cheroot``).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import ADD_CHAT_LUA, HISTORY_LUA, free_port, post, wait_up, wrk

ROOT = Path(__file__).resolve().parents[1]
HOST = textwrap.dedent(
    """
    import sys, threading
    sys.path.insert(0, sys.argv[5])
    from chatdesk.api.app import Api
    from chatdesk.services import prompts
    from chatdesk.store import open_store

    kind, port, threads, url = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    open_store(url)
    prompts.load_defaults()
    app = Api()
    if kind == "waitress":  # ChatDesk's server as shipped (chatdesk.api.server)
        from chatdesk.api.server import ApiServer, ServerThread

        thread = ServerThread(ApiServer(app, "127.0.0.1", port, threads=threads))
        thread.start_and_wait()
        thread.join()
    else:  # cheroot, in a thread as the desktop app would host it
        from cheroot import wsgi

        app.configure_threads(threads)
        server = wsgi.Server(
            ("127.0.0.1", port), app, numthreads=threads, request_queue_size=1024, timeout=5
        )
        server.max_request_body_size = 4 * 1024 * 1024
        thread = threading.Thread(target=server.safe_start, daemon=True)
        thread.start()
        thread.join()
    """
)
CANDIDATES = ("waitress", "cheroot")


def start(kind: str, threads: int, folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    url = f"sqlite:///{folder / kind / 'chatdesk.sqlite3'}"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOST, kind, str(port), str(threads), url, str(ROOT)],
        stderr=open(folder / f"{kind}.log", "wb"),  # noqa: SIM115 - closed with the process
    )
    wait_up(port, "/myapp/health")
    post(port, "register", {"username": "bench", "password": "bench-password"})
    for i in range(80):
        fields = {"username": "bench", "chat_id": "history80", "chat_title": "历史"}
        fields.update(chat_tpye=str(i % 2), chat_content=f"消息 {i} " + "内容" * 40)
        post(port, "add_chat", fields)
    return proc, port


def hostile_latency(port: int) -> list[float]:
    """Seconds for five health requests on new connections while 200 slowloris connections and
    500 idle keep-alives are open (5.0: no answer within the cap)."""
    idle: list[socket.socket] = []
    slow: list[socket.socket] = []
    stop = threading.Event()

    def drip() -> None:
        while not stop.wait(1.0):
            for sock in slow:
                with contextlib.suppress(OSError):
                    sock.send(b"a")

    try:
        for _ in range(500):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /myapp/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            idle.append(sock)
        for sock in idle:
            with contextlib.suppress(OSError):
                sock.recv(65536)
        for _ in range(200):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"POST /myapp/add_chat/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ")
            slow.append(sock)
        dripper = threading.Thread(target=drip, daemon=True)
        dripper.start()
        time.sleep(0.5)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                    sock.sendall(b"GET /myapp/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    if not sock.recv(65536):
                        raise OSError("closed")
                times.append(time.perf_counter() - started)
            except OSError:
                times.append(5.0)
        return times
    finally:
        stop.set()
        for sock in idle + slow:
            sock.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="per case and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="worker threads of each server")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="chatdesk-servers-"))
    servers: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    rounds: list[dict[str, dict[str, dict[str, float]]]] = []
    hostile: dict[str, list[float]] = {}
    try:
        for kind in CANDIDATES:
            (folder / kind).mkdir()
            servers[kind] = start(kind, args.threads, folder)
        for _ in range(args.rounds):
            one: dict[str, dict[str, dict[str, float]]] = {}
            for kind, (proc, port) in servers.items():
                n, s = args.connections, args.seconds
                one[kind] = {
                    "add_chat": wrk(port, "/", ADD_CHAT_LUA, s, n, proc.pid),
                    "get_history_chat": wrk(
                        port, "/myapp/get_history_chat/", HISTORY_LUA, s, n, proc.pid
                    ),
                }
            rounds.append(one)
        for kind, (_proc, port) in servers.items():
            hostile[kind] = hostile_latency(port)
    finally:
        for proc, _port in servers.values():
            proc.terminate()
            proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{args.threads} threads each, {args.connections} connections, {args.rounds} rounds")
    print(
        f"{'server':10} {'case':18} {'req/s':>7} {'x waitress':>10} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6}   req/s by round"
    )
    for kind in CANDIDATES:
        for case in ("add_chat", "get_history_chat"):
            runs = [r[kind][case] for r in rounds]
            ratio = statistics.median(
                r[kind][case]["rps"] / r["waitress"][case]["rps"] for r in rounds
            )
            errors = sum(run["non2xx"] + run["socket_errors"] for run in runs)
            print(
                f"{kind:10} {case:18} {statistics.median(r['rps'] for r in runs):7.0f} "
                f"{ratio:10.2f} {statistics.median(r['p50'] for r in runs):7.2f} "
                f"{statistics.median(r['p99'] for r in runs):7.2f} {errors:6.0f}   "
                + " ".join(f"{r['rps']:.0f}" for r in runs)
            )
    for kind, times in hostile.items():
        shown = " ".join(f"{t * 1000:.0f}" for t in times)
        print(f"{kind}: health beside 200 slowloris + 500 idle keep-alives, ms: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
