"""Import throughput and peak memory for a large ChatGPT-style export (a script, not a test).

It writes a synthetic ``conversations.json`` (streamed to disk, so the generator stays small),
imports it into a fresh database through the same service the CLI and the GUI call, and prints
conversations/s, messages/s, MB/s and the process's peak resident memory (getrusage). Bounded
memory is the point: the peak must not grow with the file.

    .venv/bin/python bench/import_bench.py --size-mb 200
    .venv/bin/python bench/import_bench.py --sharegpt 1000000 --delete-chats 10000
    .venv/bin/python bench/import_bench.py --input conversations.json --database postgresql://…
    .venv/bin/python bench/import_bench.py --input conversations.json --database postgresql://… \
        --drop message_content_trgm --drop message_chat_id_fkey   # the share of each
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


ZH = (
    "数据库索引查询导入对话历史搜索中文测试北京上海光合作用流式"
    "的是了在有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
)


def sharegpt_turn(rng: random.Random, chars: int) -> str:
    """About ``chars`` bytes of text: English words and Chinese phrases, mixed."""
    out: list[str] = []
    size = 0
    while size < chars:
        if rng.random() < 0.3:
            piece = "".join(rng.choice(ZH) for _ in range(rng.randint(2, 8))) + "，"
            size += 3 * len(piece)
        else:
            piece = rng.choice(WORDS) + " "
            size += len(piece.encode("utf-8"))
        out.append(piece)
    return "".join(out).strip()


def generate_sharegpt(path: Path, messages: int, turns: int = 10, seed: int = 1) -> int:
    """A ShareGPT file of ``messages`` turns, ``turns`` a conversation, ~350 bytes a turn."""
    rng = random.Random(seed)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        while count * turns < messages:
            record = {
                "id": f"sg-{count:08d}",
                "conversations": [
                    {"from": "human" if t % 2 == 0 else "gpt", "value": sharegpt_turn(rng, 350)}
                    for t in range(turns)
                ],
            }
            out.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
            count += 1
        out.write("\n]\n")
    return count


def server_cpu() -> float | None:
    """PostgreSQL on this machine: the CPU seconds this connection's server process has used
    (its /proc entry), or None (SQLite, or a server elsewhere)."""
    from chatdesk.store.db import database, is_postgres

    if not is_postgres():
        return None
    pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drop(names: list[str]) -> None:
    """Drop each index or table constraint ``names`` holds (PostgreSQL): what an import costs
    without it, for the breakdown in docs/benchmarks-import.md. Never on a real database."""
    from chatdesk.store.db import database, is_postgres

    if names and not is_postgres():
        raise SystemExit("--drop is for PostgreSQL only")
    for name in names:
        owner = database.execute_sql(
            "SELECT conrelid::regclass::text FROM pg_constraint WHERE conname = %s", (name,)
        ).fetchone()
        if owner is not None:
            database.execute_sql(f'ALTER TABLE {owner[0]} DROP CONSTRAINT "{name}"')
        else:
            database.execute_sql(f'DROP INDEX "{name}"')


def bulk_delete(user: object, chats: int) -> None:
    """Time deleting ``chats`` of the user's chats at once (the list's multi-select) and Undo."""
    from chatdesk.services import chats as chat_service
    from chatdesk.services import search
    from chatdesk.store.models import Chat, Message

    ids = [c.id for c in Chat.select(Chat.id).where(Chat.user == user).limit(chats)]  # type: ignore[attr-defined]
    messages = Message.select().where(Message.chat.in_(ids)).count()
    before = search.search(user, "数据库", limit=1)[1]  # type: ignore[arg-type]
    t0 = time.perf_counter()
    deleted = chat_service.delete_chats(user, ids)  # type: ignore[arg-type]
    t1 = time.perf_counter()
    during = search.search(user, "数据库", limit=1)[1]  # type: ignore[arg-type]
    t2 = time.perf_counter()
    chat_service.restore_chats(user, deleted)  # type: ignore[arg-type]
    t3 = time.perf_counter()
    after = search.search(user, "数据库", limit=1)[1]  # type: ignore[arg-type]
    print(
        f"bulk delete     {len(deleted)} chats ({messages} messages) in {t1 - t0:.2f} s, "
        f"undo in {t3 - t2:.2f} s; hits for 数据库 {before} -> {during} -> {after}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=200.0, help="export size (default 200)")
    parser.add_argument("--turns", type=int, default=12, help="visible turns per conversation")
    parser.add_argument("--words", type=int, default=120, help="words per assistant answer")
    parser.add_argument(
        "--sharegpt", type=int, metavar="N", help="generate a ShareGPT file of N messages instead"
    )
    parser.add_argument(
        "--delete-chats", type=int, default=0, metavar="N", help="time a bulk delete"
    )
    parser.add_argument("--no-second", action="store_true", help="skip the second import")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the first import here")
    parser.add_argument("--input", type=Path, help="import this export instead of generating")
    parser.add_argument("--keep", type=Path, help="also keep the generated export here")
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file)")
    parser.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="NAME",
        help="PostgreSQL: drop this index or constraint of the fresh schema first, to measure "
        "its share of the import (repeatable)",
    )
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
        if args.sharegpt:
            made = generate_sharegpt(source, args.sharegpt)
        else:
            made = generate(source, args.size_mb, args.turns, args.words)
        print(f"generated {made} conversations in {time.perf_counter() - t0:.1f} s")
    size = source.stat().st_size
    url = args.database or f"sqlite:///{work / 'bench.sqlite3'}"
    open_store(url)
    drop(args.drop)
    user = accounts.register(f"bench{time.time_ns() % 10**9}", "benchmark")
    rss_before = peak_rss_mb()
    messages_before = Message.select().count()
    server0 = server_cpu()
    t0, cpu0 = time.perf_counter(), time.process_time()
    if args.profile:
        import cProfile

        with cProfile.Profile() as prof:
            report = import_chats(user, source)
        prof.dump_stats(str(args.profile))
    else:
        report = import_chats(user, source)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    server = server_cpu()
    messages = Message.select().count() - messages_before
    print(f"database        {url.split('@')[-1]}")
    print(f"input           {size / 1e6:.1f} MB, {report.conversations} conversations")
    print(
        f"imported        {report.chats_added} chats, {messages} messages in {seconds:.1f} s "
        f"({cpu:.1f} s CPU"
        + (
            f", server {server - server0:.1f} s CPU"
            if server is not None and server0 is not None
            else ""
        )
        + ")"
    )
    print(
        f"throughput      {report.conversations / seconds:.0f} conversations/s, "
        f"{messages / seconds:.0f} messages/s, {size / 1e6 / seconds:.2f} MB/s"
    )
    print(f"peak RSS        {peak_rss_mb():.0f} MB (before the import: {rss_before:.0f} MB)")
    if not args.no_second:
        t0, cpu0 = time.perf_counter(), time.process_time()
        again = import_chats(user, source)
        second, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        print(
            f"second import   {again.unchanged} unchanged, {again.messages_added} added, "
            f"{second:.1f} s ({cpu:.1f} s CPU; {seconds / second:.1f}x faster than the first)"
        )
        print(f"peak RSS        {peak_rss_mb():.0f} MB after both")
    if args.delete_chats:
        bulk_delete(user, args.delete_chats)
    close_database()
    shutil.rmtree(work)  # the database and, unless kept, the generated export
    return 0


if __name__ == "__main__":
    sys.exit(main())
