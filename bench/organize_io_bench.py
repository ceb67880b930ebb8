"""What filing costs an import and an export (issue 13 item 6); a script, not a test.

It writes two ChatDesk JSON exports of the same chats: one filed (version 2: four chats in five
in one of F nested folders, a tenth archived, up to three of T tags) and one without any filing
(as version 1 files are). After an untimed warm-up import, each round imports both into a store
made anew (SQLite) or emptied (PostgreSQL), in alternating order, then imports the filed one
again (adds nothing) and exports the library to JSON. It prints the medians and the ratios
filed / unfiled, measured in the same run (the machine is shared: only ratios compare)::

    python bench/organize_io_bench.py --db /tmp/organize-io.sqlite3
    python bench/organize_io_bench.py --url postgresql://postgres@127.0.0.1/organizeio
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from list_bench import database_arguments, fresh_user

from chatdesk.services.exporting import export_to_file
from chatdesk.services.importing import import_chats
from chatdesk.store.models import Chat, ChatTag, Folder


def write_exports(folder: Path, n: int, per_chat: int, n_folders: int, n_tags: int) -> Path:
    """``filed.json`` and ``plain.json`` in ``folder``: the same ``n`` chats."""
    rng = random.Random(13)
    tops = [f"Area {i} 区" for i in range(max(1, n_folders // 10))]
    paths = [[t] for t in tops] + [
        [rng.choice(tops), f"Sub {i}"] for i in range(n_folders - len(tops))
    ]
    tags = [{"name": f"tag{i}", "color": f"#{rng.randrange(1 << 24):06x}"} for i in range(n_tags)]
    chats: list[dict[str, Any]] = []
    for c in range(n):
        day = f"2026-{1 + c % 12:02d}-{1 + c % 28:02d}"
        chats.append(
            {
                "title": f"Chat {c} 对话",
                "source": "chatdesk",
                "source_id": f"bench-{c}",
                "chat_key": f"bench-{c}",
                "created_at": f"{day}T10:00:00.000000Z",
                "updated_at": f"{day}T11:00:00.000000Z",
                "pinned": c % 50 == 0,
                "archived_at": f"{day}T12:00:00.000000Z" if c % 10 == 0 else None,
                "folder": rng.choice(paths) if c % 5 else [],
                "tags": rng.sample(tags, rng.randrange(4)),
                "messages": [
                    {
                        "role": "user" if m % 2 == 0 else "assistant",
                        "content": f"message {m} of chat {c}: some words to index",
                        "created_at": f"{day}T10:{m % 60:02d}:00.000000Z",
                        "source_id": f"m{m}",
                    }
                    for m in range(per_chat)
                ],
            }
        )
    head = {"format": "chatdesk-chats", "version": 2}
    filed = {
        **head,
        "folders": [{"path": p, "position": i} for i, p in enumerate(paths)],
        "tags": tags,
        "chats": chats,
    }
    (folder / "filed.json").write_text(json.dumps(filed, ensure_ascii=False), "utf-8")
    bare = [
        {k: v for k, v in c.items() if k not in ("archived_at", "folder", "tags")} for c in chats
    ]
    plain = {**head, "version": 1, "chats": bare}
    (folder / "plain.json").write_text(json.dumps(plain, ensure_ascii=False), "utf-8")
    return folder


#: The CPU time of each timed call, beside its wall time (this process's: with SQLite all the
#: work; with PostgreSQL the client's share only, the server's is not counted).
CPU: dict[str, list[float]] = {}


def timed(fn: Any, kind: str = "") -> float:
    started, cpu = time.perf_counter(), time.process_time()
    fn()
    CPU.setdefault(kind, []).append(time.process_time() - cpu)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=4, help="per chat")
    parser.add_argument("--folders", type=int, default=200)
    parser.add_argument("--tags", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=1, help="untimed imports first")
    database_arguments(parser)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="organize-io-"))
    write_exports(work, args.chats, args.messages, args.folders, args.tags)
    shape = f"{args.folders} folders, {args.tags} tags"
    print(f"{args.chats:,} chats of {args.messages} messages, {shape}")
    times: dict[str, list[float]] = {"plain": [], "filed": [], "again": [], "export": []}
    for _ in range(args.warmup):  # the first import of a run is slower whichever it is
        import_chats(fresh_user(args), work / "plain.json")
    for round_ in range(args.rounds):
        order = ["plain", "filed"] if round_ % 2 == 0 else ["filed", "plain"]
        for kind in order:
            user = fresh_user(args)
            run = timed(lambda u=user, k=kind: import_chats(u, work / f"{k}.json"), kind)
            times[kind].append(run)
            if kind == "filed":
                assert Folder.select().count() == args.folders
                filed = Chat.select().where(Chat.folder_id.is_null(False)).count()
                assert filed == args.chats - len(range(0, args.chats, 5)), filed
                assert ChatTag.select().exists()
                times["again"].append(timed(lambda u=user: import_chats(u, work / "filed.json")))
                out = work / "out.json"
                times["export"].append(timed(lambda u=user, o=out: export_to_file(u, o, "json")))
        print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()))
    med = {k: statistics.median(v) for k, v in times.items()}
    ratios = [f / p for f, p in zip(times["filed"], times["plain"], strict=True)]
    print(f"median import, unfiled:          {med['plain']:.2f} s")
    print(f"median import, filed:            {med['filed']:.2f} s")
    print(f"filed / unfiled, of the medians: {med['filed'] / med['plain']:.3f}")
    rounds = ", ".join(f"{r:.2f}" for r in ratios)
    print(f"filed / unfiled, per round:      {rounds}; geometric mean ", end="")
    print(f"{statistics.geometric_mean(ratios):.3f}")
    cpu = [f / p for f, p in zip(CPU["filed"], CPU["plain"], strict=True)]
    print(
        f"CPU time of this process, median: unfiled {statistics.median(CPU['plain']):.2f} s, ",
        end="",
    )
    print(f"filed {statistics.median(CPU['filed']):.2f} s; filed / unfiled per round ", end="")
    print(
        ", ".join(f"{r:.2f}" for r in cpu)
        + f"; geometric mean {statistics.geometric_mean(cpu):.3f}"
    )
    print(f"median second import (no change): {med['again']:.2f} s")
    print(f"median export of the filed library to JSON: {med['export']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
