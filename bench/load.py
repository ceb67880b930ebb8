"""Load benchmark of the /myapp/ API: requests per second and latency from 8 keep-alive
connections, with wrk as the load generator (``apt-get install wrk``).

Each run starts, in fresh processes: a bare waitress "hello" app (the ceiling on this machine) and
``python main.py serve`` on a new SQLite database, then drives, round after round, the hello app,
the hello app making one trivial SQLite query per request (what touching SQLite at all costs
under waitress), ``add_chat`` and ``get_history_chat`` (an 80-message chat). The machine is
shared and noisy, so each figure is the median over the rounds, and "of ceiling" is the median
of each round's ratio to that round's hello.

    python bench/load.py [--seconds 10] [--rounds 3] [--connections 8] [--database URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
HELLO_APP = textwrap.dedent(
    """
    import sqlite3, sys, threading
    from waitress import serve

    QUERY = len(sys.argv) > 2  # one trivial SQLite query per request, on a per-thread connection
    local = threading.local()

    def app(environ, start_response):
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        if QUERY:
            if not hasattr(local, "db"):
                local.db = sqlite3.connect(":memory:")
            local.db.execute("SELECT 1").fetchone()
        body = b'{"code": 0}'
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=8, _quiet=True)
    """
)
ADD_CHAT_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local body = "username=bench&chat_id=c" .. (counter % 500) ..
    "&chat_title=%E5%8E%8B%E6%B5%8B&chat_tpye=1&chat_content=message+" .. counter
  return wrk.format("POST", "/myapp/add_chat/",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
"""
HISTORY_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "username=bench&chat_id=history80&chat_title="
"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(port: int, path: str, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until ``path`` answers on ``port`` (up to a minute), or ``proc`` (the server) exits."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server for port {port} exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on {port} did not come up")


def post(port: int, endpoint: str, fields: dict[str, str]) -> dict[str, object]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        "POST",
        f"/myapp/{endpoint}/",
        urlencode(fields),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    data = json.loads(conn.getresponse().read())
    conn.close()
    return data


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux /proc), robust to a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(
    port: int,
    path: str,
    script: str,
    seconds: int,
    connections: int,
    pid: int,
    threads: int = 2,
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    cpu_before = cpu_seconds(pid)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--latency",
                "-s",
                f.name,
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    result = parse_wrk(out)
    result["cpu_ms"] = (cpu_seconds(pid) - cpu_before) * 1000 / max(result["requests"], 1)
    return result


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(out: str) -> dict[str, float]:
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "90", "99"):
        result[f"p{pct}"] = _ms(re.search(rf"\s{pct}(?:\.000)?%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: .*", out)
    result["non2xx"] = float(errors.group(1)) if errors else 0.0
    result["socket_errors"] = 1.0 if sock else 0.0
    result["requests"] = float(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return result


def start_chatdesk(
    root: Path, data_dir: str, threads: int | None = None, database: str | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """``python main.py serve`` of the checkout at ``root`` on a free port, with a registered
    user ``bench`` and the 80-message chat ``history80``."""
    port = free_port()
    cmd = [sys.executable, str(root / "main.py"), "serve", "--port", str(port)]
    cmd += ["--data-dir", data_dir] + (["--threads", str(threads)] if threads else [])
    if database:
        cmd += ["--database", database]
    log = open(Path(data_dir) / "serve.log", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, stderr=log, cwd=root)
    wait_up(port, "/myapp/health")
    post(port, "register", {"username": "bench", "password": "bench-password"})
    for i in range(80):
        fields = {"username": "bench", "chat_id": "history80", "chat_title": "历史"}
        fields.update(chat_tpye=str(i % 2), chat_content=f"消息 {i} " + "内容" * 40)
        post(port, "add_chat", fields)
    return proc, port


CASES = (
    "waitress hello (ceiling)",
    "hello + one SQLite query",
    "add_chat",
    "get_history_chat (80 messages)",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per case and round")
    parser.add_argument("--rounds", type=int, default=3, help="hello, add, history; repeated")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--database", help="database URL (default: a new SQLite file)")
    parser.add_argument("--threads", type=int, help="ChatDesk's worker threads (its default)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    rounds: list[dict[str, dict[str, float]]] = []
    procs: list[subprocess.Popen[bytes]] = []
    tmp = tempfile.mkdtemp(prefix="chatdesk-bench-")
    try:
        hello_port, query_port = free_port(), free_port()
        procs.append(subprocess.Popen([sys.executable, "-c", HELLO_APP, str(hello_port)]))
        wait_up(hello_port, "/")
        hello_pid = procs[-1].pid
        procs.append(subprocess.Popen([sys.executable, "-c", HELLO_APP, str(query_port), "q"]))
        wait_up(query_port, "/")
        query_pid = procs[-1].pid
        proc, port = start_chatdesk(ROOT, tmp, args.threads, args.database)
        procs.append(proc)
        pid = proc.pid
        n, seconds = args.connections, args.seconds
        hello = 'wrk.method = "POST"\nwrk.body = "a=b"\n'
        for _ in range(args.rounds):  # interleaved, so that a noisy spell hits every case
            one = {
                CASES[0]: wrk(hello_port, "/", hello, seconds, n, hello_pid),
                CASES[1]: wrk(query_port, "/", hello, seconds, n, query_pid),
                CASES[2]: wrk(port, "/", ADD_CHAT_LUA, seconds, n, pid),
                CASES[3]: wrk(port, "/myapp/get_history_chat/", HISTORY_LUA, seconds, n, pid),
            }
            for case in CASES:
                one[case]["ratio"] = one[case]["rps"] / one[CASES[0]]["rps"]
            rounds.append(one)
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    report(rounds)
    return 0


def report(rounds: list[dict[str, dict[str, float]]]) -> None:
    """Per case, the median over rounds of each figure ("of ceiling": the median of each round's
    ratio to that round's hello), then every round's req/s."""
    print(
        f"{'case':34} {'req/s':>8} {'of ceiling':>10} {'p50 ms':>7} {'p90 ms':>7} "
        f"{'p99 ms':>7} {'non-2xx':>7} {'CPU ms/req':>10}   req/s by round"
    )
    for case in CASES:
        runs = [r[case] for r in rounds]

        def med(key: str, runs: list[dict[str, float]] = runs) -> float:
            return statistics.median(run[key] for run in runs)

        errors = sum(run["non2xx"] + run["socket_errors"] for run in runs)
        by_round = " ".join(f"{run['rps']:.0f}" for run in runs)
        print(
            f"{case:34} {med('rps'):8.0f} {med('ratio'):10.2f} {med('p50'):7.2f} "
            f"{med('p90'):7.2f} {med('p99'):7.2f} {errors:7.0f} {med('cpu_ms'):10.3f}   {by_round}"
        )


if __name__ == "__main__":
    sys.exit(main())
