"""Paired comparison of two checkouts' API speed: both servers are loaded at the same time, so a
noisy spell on the shared machine hits both alike and their ratio stays meaningful.

    git worktree add --detach /tmp/chatdesk-old <commit>
    python bench/ab.py /tmp/chatdesk-old [--rounds 3] [--seconds 6]

Each round drives ``add_chat``, then ``get_history_chat`` (80 messages), with one wrk (one
thread, 8 connections) per server, both at once; it prints each server's req/s and new/old.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from load import ADD_CHAT_LUA, HISTORY_LUA, ROOT, start_chatdesk, wrk

CASES = {
    "add_chat": ("/", ADD_CHAT_LUA),
    "get_history_chat": ("/myapp/get_history_chat/", HISTORY_LUA),
}


def _load(path: str, script: str, seconds: int, server: tuple[Any, int]) -> dict[str, float]:
    proc, port = server
    return wrk(port, path, script, seconds, 8, proc.pid, threads=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the other checkout (the base of the ratio)")
    parser.add_argument("--new", type=Path, default=ROOT, help="default: this checkout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=6)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="chatdesk-ab-"))
    servers = []
    ratios: dict[str, list[float]] = {case: [] for case in CASES}
    try:
        for name, root in (("old", args.old), ("new", args.new)):
            (tmp / name).mkdir()
            servers.append(start_chatdesk(root.resolve(), str(tmp / name)))
        for _ in range(args.rounds):
            for case, (path, script) in CASES.items():
                run = functools.partial(_load, path, script, args.seconds)
                with ThreadPoolExecutor(2) as pool:  # both servers at once
                    results = list(pool.map(run, servers))
                old, new = results[0]["rps"], results[1]["rps"]
                ratios[case].append(new / old)
                print(f"{case:18} old {old:7.0f}/s  new {new:7.0f}/s  new/old {new / old:.2f}")
    finally:
        for proc, _ in servers:
            proc.terminate()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    for case, values in ratios.items():
        print(f"median new/old, {case}: {statistics.median(values):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
