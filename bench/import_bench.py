"""Import throughput and peak memory for a large ChatGPT-style export (a script, not a test).

It writes a synthetic ``conversations.json`` (streamed to disk, so the generator stays small),
imports it into a fresh database through the same service the CLI and the GUI call, and prints
conversations/s, messages/s, MB/s and the process's peak resident memory (getrusage). Bounded
memory is the point: the peak must not grow with the file.

    .venv/bin/python bench/import_bench.py --size-mb 200
    .venv/bin/python bench/import_bench.py --input conversations.json --database postgresql://…
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("CHATDESK_BCRYPT_ROUNDS", "4")

WORDS = [
    "photosynthesis",
    "light",
    "energy",
    "glucose",
    "oxygen",
    "carbon",
    "dioxide",
    "chlorophyll",
    "leaf",
    "forest",
    "pond",
    "ecosystem",
    "river",
    "cloud",
    "function",
    "variable",
    "database",
    "index",
    "query",
    "python",
    "sqlite",
    "streaming",
    "北京",
    "上海",
    "光合作用",
    "数据库",
    "索引",
    "查询",
    "流式",
    "导入",
    "对话",
    "历史",
    "搜索",
    "中文",
    "测试",
]


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def conversation(rng: random.Random, index: int, turns: int, words: int) -> dict[str, object]:
    """One conversation shaped like the real export: root, hidden system message, u/a turns."""
    start = 1_600_000_000 + index * 600.0
    conv_id = f"bench-{index:08d}"
    mapping: dict[str, object] = {
        "client-created-root": {
            "id": "client-created-root",
            "message": None,
            "parent": None,
            "children": [f"{conv_id}-s"],
        }
    }
    system = {
        "id": f"{conv_id}-s",
        "author": {"role": "system", "name": None, "metadata": {}},
        "create_time": None,
        "content": {"content_type": "text", "parts": [""]},
        "weight": 0.0,
        "metadata": {"is_visually_hidden_from_conversation": True},
        "recipient": "all",
    }
    mapping[f"{conv_id}-s"] = {
        "id": f"{conv_id}-s",
        "message": system,
        "parent": "client-created-root",
        "children": [],
    }
    parent = f"{conv_id}-s"
    for turn in range(turns):
        node_id = f"{conv_id}-{turn}"
        role = "user" if turn % 2 == 0 else "assistant"
        size = words // 4 if role == "user" else words
        message = {
            "id": node_id,
            "author": {"role": role, "name": None, "metadata": {}},
            "create_time": start + turn * 7.5,
            "update_time": None,
            "content": {"content_type": "text", "parts": [sentence(rng, size)]},
            "status": "finished_successfully",
            "end_turn": role == "assistant",
            "weight": 1.0,
            "metadata": {"model_slug": "gpt-4o", "request_id": f"req-{index}-{turn}"},
            "recipient": "all",
            "channel": None,
        }
        mapping[node_id] = {"id": node_id, "message": message, "parent": parent, "children": []}
        mapping[parent]["children"].append(node_id)  # type: ignore[index]
        parent = node_id
    return {
        "title": sentence(rng, 5),
        "create_time": start,
        "update_time": start + turns * 7.5,
        "mapping": mapping,
        "current_node": parent,
        "conversation_id": conv_id,
        "id": conv_id,
        "is_archived": False,
        "default_model_slug": "gpt-4o",
    }


def generate(path: Path, size_mb: float, turns: int, words: int, seed: int = 1) -> int:
    """Write conversations to ``path`` until it holds ``size_mb`` MB; returns how many."""
    rng = random.Random(seed)
    limit = size_mb * 1e6
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        written = 1
        while written < limit:
            blob = json.dumps(conversation(rng, count, turns, words), ensure_ascii=False)
            out.write(("," if count else "") + "\n" + blob)
            written += len(blob.encode("utf-8")) + 2
            count += 1
        out.write("\n]\n")
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=200.0, help="export size (default 200)")
    parser.add_argument("--turns", type=int, default=12, help="visible turns per conversation")
    parser.add_argument("--words", type=int, default=120, help="words per assistant answer")
    parser.add_argument("--input", type=Path, help="import this export instead of generating")
    parser.add_argument("--keep", type=Path, help="also keep the generated export here")
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()

    from chatdesk.services import accounts
    from chatdesk.services.importing import import_chats
    from chatdesk.store import open_store
    from chatdesk.store.db import close_database
    from chatdesk.store.models import Message

    work = Path(tempfile.mkdtemp(prefix="chatdesk-bench-"))
    source = args.input or args.keep or work / "conversations.json"
    if args.input is None:
        t0 = time.perf_counter()
        made = generate(source, args.size_mb, args.turns, args.words)
        print(f"generated {made} conversations in {time.perf_counter() - t0:.1f} s")
    size = source.stat().st_size
    url = args.database or f"sqlite:///{work / 'bench.sqlite3'}"
    open_store(url)
    user = accounts.register(f"bench{time.time_ns() % 10**9}", "benchmark")
    rss_before = peak_rss_mb()
    messages_before = Message.select().count()
    t0, cpu0 = time.perf_counter(), time.process_time()
    report = import_chats(user, source)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    messages = Message.select().count() - messages_before
    print(f"database        {url.split('@')[-1]}")
    print(f"input           {size / 1e6:.1f} MB, {report.conversations} conversations")
    print(
        f"imported        {report.chats_added} chats, {messages} messages in {seconds:.1f} s "
        f"({cpu:.1f} s CPU)"
    )
    print(
        f"throughput      {report.conversations / seconds:.0f} conversations/s, "
        f"{messages / seconds:.0f} messages/s, {size / 1e6 / seconds:.2f} MB/s"
    )
    print(f"peak RSS        {peak_rss_mb():.0f} MB (before the import: {rss_before:.0f} MB)")
    t0 = time.perf_counter()
    again = import_chats(user, source)
    print(
        f"second import   {again.unchanged} unchanged, {again.messages_added} added, "
        f"{time.perf_counter() - t0:.1f} s"
    )
    print(f"peak RSS        {peak_rss_mb():.0f} MB after both")
    close_database()
    shutil.rmtree(work)  # the database and, unless kept, the generated export
    return 0


if __name__ == "__main__":
    sys.exit(main())
