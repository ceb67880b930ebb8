"""Coding agents' folders (issue 23): the first import of N generated Claude Code sessions, the
cost of one idle poll and the watcher's CPU while nothing changes, and the time for one line an
agent appends to appear in the database.

    .venv/bin/python bench/agents_bench.py [--sessions 500] [--mb 200] [--idle 30]

The sessions are written under a fake home (``<tmp>/home/.claude/projects/<project>/``), 25
projects, each session a run of turns as Claude Code writes them: a prompt, a thinking block, a
text answer and a Bash tool call whose result is a few kB (as ``ls``/``cat`` outputs are), each
block its own line sharing ``message.id``. Results: docs/benchmarks-import.md.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from chatdesk.services import accounts, agents
from chatdesk.store import open_store

SENTENCE = (
    "the import reads each line once and keeps the offset so that an append costs only the "
    "new bytes while the folder is watched by one thread polling sizes and times"
)
WORDS = SENTENCE.split()


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def session_lines(rng: random.Random, sid: str, cwd: str, size: int) -> list[str]:
    lines: list[str] = []
    total = 0
    turn = 0
    parent = None
    while total < size:
        turn += 1
        u = str(uuid.uuid4())
        records = [
            {
                "type": "user",
                "uuid": u,
                "parentUuid": parent,
                "sessionId": sid,
                "cwd": cwd,
                "gitBranch": "main",
                "isSidechain": False,
                "timestamp": "2025-09-03T00:00:00Z",
                "message": {"role": "user", "content": _text(rng, 30)},
            },
        ]
        mid = f"msg_{uuid.uuid4().hex}"
        tool = f"toolu_{uuid.uuid4().hex}"
        for block in (
            {"type": "thinking", "thinking": _text(rng, 60), "signature": "x" * 40},
            {"type": "text", "text": _text(rng, 80)},
            {"type": "tool_use", "id": tool, "name": "Bash", "input": {"command": "ls -la"}},
        ):
            records.append(
                {
                    "type": "assistant",
                    "uuid": str(uuid.uuid4()),
                    "parentUuid": u,
                    "sessionId": sid,
                    "cwd": cwd,
                    "isSidechain": False,
                    "timestamp": "2025-09-03T00:00:01Z",
                    "message": {
                        "id": mid,
                        "role": "assistant",
                        "model": "claude-sonnet-4",
                        "content": [block],
                    },
                }
            )
        records.append(
            {
                "type": "user",
                "uuid": str(uuid.uuid4()),
                "parentUuid": u,
                "sessionId": sid,
                "cwd": cwd,
                "isSidechain": False,
                "timestamp": "2025-09-03T00:00:02Z",
                "message": {
                    "role": "user",
                    "content": [
                        {"type": "tool_result", "tool_use_id": tool, "content": _text(rng, 400)}
                    ],
                },
            }
        )
        for record in records:
            line = json.dumps(record)
            lines.append(line)
            total += len(line) + 1
        parent = u
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--mb", type=float, default=200)
    parser.add_argument("--idle", type=float, default=30, help="seconds of idle watching")
    args = parser.parse_args()
    rng = random.Random(23)
    root = Path(tempfile.mkdtemp(prefix="agents-bench-"))
    home = root / "home"
    per = int(args.mb * 1e6 / args.sessions)
    started = time.monotonic()
    files = []
    for n in range(args.sessions):
        project = home / ".claude" / "projects" / f"-home-me-project{n % 25}"
        project.mkdir(parents=True, exist_ok=True)
        sid = str(uuid.UUID(int=rng.getrandbits(128)))
        path = project / f"{sid}.jsonl"
        lines = session_lines(rng, sid, f"/home/me/project{n % 25}", per)
        path.write_text("\n".join(lines) + "\n")
        files.append((path, sid))
    size = sum(p.stat().st_size for p, _ in files)
    took = time.monotonic() - started
    print(f"generated {len(files)} sessions, {size / 1e6:.0f} MB in {took:.0f} s")

    db = root / "chatdesk.sqlite3"
    open_store(f"sqlite:///{db}")
    user = accounts.register("bench", "secret1")
    agents.set_enabled(user, "claude-code", True)
    found = {f.name: f for f in agents.discover(home, environ={})}
    print(found["claude-code"].summary())
    cpu, wall = time.process_time(), time.monotonic()
    report = agents.sync(user, home=home, environ={})
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"first import: {report.files} files, {report.chats_added} chats, "
        f"{report.messages_added} messages in {wall:.1f} s (CPU {cpu:.1f} s), "
        f"{report.messages_added / wall:,.0f} messages/s, {size / 1e6 / wall:.1f} MB/s, "
        f"peak RSS {peak:.0f} MB"
    )
    syncer = agents.Syncer(user, home, {})
    syncer.sync()
    t = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        syncer.sync()
    each = (time.perf_counter() - t) / rounds * 1000
    print(f"one idle poll over {len(files)} sessions: {each:.1f} ms")

    watcher = agents.SourceWatcher(agents.users_with_sources, home=home, environ={})
    watcher.start()
    watcher.ready.wait(60)
    time.sleep(1)
    cpu = time.process_time()
    time.sleep(args.idle)
    idle = (time.process_time() - cpu) / args.idle * 100
    every, seconds = watcher.interval, args.idle
    print(f"idle watch (poll every {every} s): {idle:.1f}% of one core over {seconds:.0f} s")

    path, sid = files[len(files) // 2]
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    waits = []
    for n in range(5):
        marker = f"appended line {n} {uuid.uuid4().hex}"
        record = {
            "type": "user",
            "uuid": str(uuid.uuid4()),
            "parentUuid": None,
            "sessionId": sid,
            "isSidechain": False,
            "timestamp": "2025-09-03T01:00:00Z",
            "message": {"role": "user", "content": marker},
        }
        t = time.monotonic()
        with path.open("a") as out:
            out.write(json.dumps(record) + "\n")
        while not reader.execute('SELECT 1 FROM "message" WHERE content = ?', (marker,)).fetchone():
            time.sleep(0.005)
        waits.append(time.monotonic() - t)
        time.sleep(rng.random())
    watcher.stop()
    print("appended line in the database after: " + ", ".join(f"{w:.2f} s" for w in waits))


if __name__ == "__main__":
    main()
