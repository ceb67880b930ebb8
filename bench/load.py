"""Load benchmark of the /myapp/ API: requests per second and latency from 8 keep-alive
connections, with wrk as the load generator (``apt-get install wrk``).

Each run starts, in fresh processes: a bare waitress "hello" app (the ceiling on this machine) and
``python main.py serve`` on a new SQLite database, then drives ``add_chat`` and
``get_history_chat`` (an 80-message chat). Figures of one run are compared as ratios, since the
machine is shared and noisy.

    python bench/load.py [--seconds 10] [--connections 8] [--database URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
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
    import sys
    from waitress import serve

    def app(environ, start_response):
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
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


def wait_up(port: int, path: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
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
    port: int, path: str, script: str, seconds: int, connections: int, pid: int
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    cpu_before = cpu_seconds(pid)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t",
                "2",
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--database", help="database URL (default: a new SQLite file)")
    parser.add_argument("--threads", type=int, default=8, help="ChatDesk's worker threads")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    results: dict[str, dict[str, float]] = {}
    procs: list[subprocess.Popen[bytes]] = []
    tmp = tempfile.mkdtemp(prefix="chatdesk-bench-")
    try:
        port = free_port()
        procs.append(subprocess.Popen([sys.executable, "-c", HELLO_APP, str(port)]))
        wait_up(port, "/")
        results["waitress hello (ceiling)"] = wrk(
            port,
            "/",
            'wrk.method = "POST"\nwrk.body = "a=b"\n',
            args.seconds,
            args.connections,
            procs[-1].pid,
        )
        port = free_port()
        cmd = [
            sys.executable,
            str(ROOT / "main.py"),
            "serve",
            "--port",
            str(port),
            "--data-dir",
            tmp,
            "--threads",
            str(args.threads),
        ]
        if args.database:
            cmd += ["--database", args.database]
        log = open(Path(tmp) / "serve.log", "wb")  # noqa: SIM115 - closed with the process
        procs.append(subprocess.Popen(cmd, stderr=log))
        wait_up(port, "/myapp/health")
        post(port, "register", {"username": "bench", "password": "bench-password"})
        for i in range(80):
            post(
                port,
                "add_chat",
                {
                    "username": "bench",
                    "chat_id": "history80",
                    "chat_title": "历史",
                    "chat_tpye": str(i % 2),
                    "chat_content": f"消息 {i} " + "内容" * 40,
                },
            )
        pid = procs[-1].pid
        results["add_chat"] = wrk(port, "/", ADD_CHAT_LUA, args.seconds, args.connections, pid)
        results["get_history_chat (80 messages)"] = wrk(
            port, "/myapp/get_history_chat/", HISTORY_LUA, args.seconds, args.connections, pid
        )
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    ceiling = results["waitress hello (ceiling)"]["rps"]
    print(
        f"{'case':34} {'req/s':>8} {'of ceiling':>10} {'p50 ms':>7} {'p90 ms':>7} "
        f"{'p99 ms':>7} {'non-2xx':>7} {'CPU ms/req':>10}"
    )
    for name, r in results.items():
        print(
            f"{name:34} {r['rps']:8.0f} {r['rps'] / ceiling:10.2f} {r['p50']:7.2f} "
            f"{r['p90']:7.2f} {r['p99']:7.2f} {r['non2xx']:7.0f} {r['cpu_ms']:10.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
