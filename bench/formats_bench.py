"""Import throughput of every chat format of issue 22 against ChatGPT's, in one run (a script,
not a test): the same conversations (count, turns, words) written in each format, each imported
into a fresh SQLite database through the service the CLI and the GUI call.

    .venv/bin/python bench/formats_bench.py --size-mb 40
    .venv/bin/python bench/formats_bench.py --size-mb 40 --only deepseek,grok

Prints each format's messages/s and its ratio to ChatGPT's (issue 22 asks for >= 0.5), and the
peak resident memory of the process (getrusage: the peak over the whole run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("CHATDESK_BCRYPT_ROUNDS", "4")

from bench.import_bench import generate, peak_rss_mb, sentence

Turns = list[tuple[str, str]]  # (role, text)


def texts(count: int, turns: int, words: int, seed: int = 1) -> Iterator[Turns]:
    rng = random.Random(seed)
    for _ in range(count):
        yield [
            ("user" if t % 2 == 0 else "assistant", sentence(rng, 12 if t % 2 == 0 else words))
            for t in range(turns)
        ]


def _iso(n: int, t: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(1_600_000_000 + n * 600 + t)) + "Z"


def _array(path: Path, items: Iterator[Any]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for i, item in enumerate(items):
            out.write(("," if i else "") + json.dumps(item, ensure_ascii=False))
        out.write("]")


def deepseek(path: Path, convs: Iterator[Turns]) -> Path:
    def one(n: int, turns: Turns) -> dict[str, Any]:
        mapping: dict[str, Any] = {"root": {"id": "root", "parent": None, "children": ["0"]}}
        for t, (role, text) in enumerate(turns):
            kind = "REQUEST" if role == "user" else "RESPONSE"
            mapping[str(t)] = {
                "id": str(t),
                "parent": "root" if t == 0 else str(t - 1),
                "children": [str(t + 1)] if t + 1 < len(turns) else [],
                "message": {
                    "model": "deepseek-chat",
                    "inserted_at": _iso(n, t),
                    "files": [],
                    "fragments": [{"type": kind, "content": text}],
                },
            }
        return {
            "id": f"d{n}",
            "title": f"c{n}",
            "inserted_at": _iso(n, 0),
            "updated_at": _iso(n, 99),
            "mapping": mapping,
        }

    target = path / "conversations.json"
    _array(target, (one(n, c) for n, c in enumerate(convs)))
    return target


def grok(path: Path, convs: Iterator[Turns]) -> Path:
    target = path / "prod-grok-backend.json"
    with target.open("w", encoding="utf-8") as out:
        out.write('{"conversations": [')
        for n, turns in enumerate(convs):
            responses = [
                {
                    "response": {
                        "response_id": f"g{n}-{t}",
                        "message": text,
                        "sender": "human" if role == "user" else "ASSISTANT",
                        "create_time": _iso(n, t),
                        "parent_response_id": f"g{n}-{t - 1}" if t else None,
                    }
                }
                for t, (role, text) in enumerate(turns)
            ]
            item = {
                "conversation": {
                    "conversation_id": f"g{n}",
                    "title": f"c{n}",
                    "create_time": _iso(n, 0),
                },
                "responses": responses,
            }
            out.write(("," if n else "") + json.dumps(item, ensure_ascii=False))
        out.write("]}")
    return target


def openwebui(path: Path, convs: Iterator[Turns]) -> Path:
    def one(n: int, turns: Turns) -> dict[str, Any]:
        messages = {
            f"w{n}-{t}": {
                "id": f"w{n}-{t}",
                "parentId": f"w{n}-{t - 1}" if t else None,
                "childrenIds": [],
                "role": role,
                "content": text,
                "timestamp": 1_600_000_000 + n * 600 + t,
            }
            for t, (role, text) in enumerate(turns)
        }
        return {
            "id": f"w{n}",
            "user_id": "u",
            "title": f"c{n}",
            "created_at": 1_600_000_000,
            "updated_at": 1_600_000_000,
            "chat": {"history": {"messages": messages, "currentId": f"w{n}-{len(turns) - 1}"}},
        }

    target = path / "chat-export.json"
    _array(target, (one(n, c) for n, c in enumerate(convs)))
    return target


def gemini(path: Path, convs: Iterator[Turns]) -> Path:
    def rows() -> Iterator[dict[str, Any]]:
        for n, turns in enumerate(convs):
            pairs = [(turns[t][1], turns[t + 1][1]) for t in range(0, len(turns) - 1, 2)]
            for p, (prompt, answer) in enumerate(pairs):
                # each conversation a day apart, its prompts a minute apart (the 30-minute gap)
                stamp = time.gmtime(1_600_000_000 + n * 86_400 + p * 60)
                yield {
                    "header": "Gemini Apps",
                    "title": "Prompted " + prompt,
                    "time": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", stamp),
                    "products": ["Gemini Apps"],
                    "safeHtmlItem": [{"html": f"<p>{answer}</p>"}],
                }

    target = path / "MyActivity.json"
    _array(target, rows())  # oldest first: grouped all the same (the gap is both ways)
    return target


def lechat(path: Path, convs: Iterator[Turns]) -> Path:
    target = path / "lechat.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, turns in enumerate(convs):
            chat = f"00000000-0000-4000-8000-{n:012d}"
            items = [
                {
                    "id": f"m{t}",
                    "chatId": chat,
                    "role": role,
                    "content": text,
                    "contentChunks": None,
                    "createdAt": _iso(n, t),
                }
                for t, (role, text) in enumerate(turns)
            ]
            archive.writestr(f"chat-{chat}.json", json.dumps(items, ensure_ascii=False))
    return target


def nextchat(path: Path, convs: Iterator[Turns]) -> Path:
    target = path / "Backup.json"
    with target.open("w", encoding="utf-8") as out:
        out.write('{"chat-next-web-store": {"sessions": [')
        for n, turns in enumerate(convs):
            item = {
                "id": f"n{n}",
                "topic": f"c{n}",
                "messages": [
                    {"id": f"{t}", "role": r, "content": x, "date": _iso(n, t)}
                    for t, (r, x) in enumerate(turns)
                ],
            }
            out.write(("," if n else "") + json.dumps(item, ensure_ascii=False))
        out.write("]}}")
    return target


def chatbox(path: Path, convs: Iterator[Turns]) -> Path:
    target = path / "chatbox-exported-data.json"
    with target.open("w", encoding="utf-8") as out:
        out.write('{"__exported_items": ["conversations"]')
        for n, turns in enumerate(convs):
            item = {
                "id": f"b{n}",
                "name": f"c{n}",
                "messages": [
                    {
                        "id": f"{t}",
                        "role": r,
                        "content": x,
                        "timestamp": (1_600_000_000 + n * 600 + t) * 1000,
                    }
                    for t, (r, x) in enumerate(turns)
                ],
            }
            out.write(f', "session:b{n}": ' + json.dumps(item, ensure_ascii=False))
        out.write("}")
    return target


def cherry(path: Path, convs: Iterator[Turns]) -> Path:
    target = path / "cherry-studio.json"
    with target.open("w", encoding="utf-8") as out:
        out.write(
            '{"time": 1, "version": 3, "localStorage": {"persist:cherry-studio": "{}"}, '
            '"indexedDB": {"topics": ['
        )
        for n, turns in enumerate(convs):
            item = {
                "id": f"t{n}",
                "messages": [
                    {"id": f"t{n}-{t}", "role": r, "content": x, "createdAt": _iso(n, t)}
                    for t, (r, x) in enumerate(turns)
                ],
            }
            out.write(("," if n else "") + json.dumps(item, ensure_ascii=False))
        out.write("]}}")
    return target


def lobechat(path: Path, convs: Iterator[Turns]) -> Path:
    target = path / "LobeChat.json"
    with target.open("w", encoding="utf-8") as out:
        out.write(
            '{"exportType": "sessions", "version": 7, "state": {"topics": [], '
            '"sessions": [], "messages": ['
        )
        first = True
        for n, turns in enumerate(convs):
            for t, (r, x) in enumerate(turns):
                item = {
                    "id": f"l{n}-{t}",
                    "role": r,
                    "content": x,
                    "topicId": f"t{n}",
                    "sessionId": "inbox",
                    "createdAt": (1_600_000_000 + n * 600 + t) * 1000,
                }
                out.write(("" if first else ",") + json.dumps(item, ensure_ascii=False))
                first = False
        out.write("]}}")
    return target


def lobechat_data(path: Path, convs: Iterator[Turns]) -> Path:
    """LobeChat 1.x's data export: one key a table, messages chained by ``parentId``."""
    target = path / "LobeChat-data.json"
    with target.open("w", encoding="utf-8") as out:
        out.write('{"data": {"userSettings": [], "agents": [], "messagePlugins": [], "messages": [')
        first = True
        for n, turns in enumerate(convs):
            for t, (r, x) in enumerate(turns):
                item = {
                    "id": f"msg_{n}_{t}",
                    "role": r,
                    "content": x,
                    "model": "gpt-4o" if r == "assistant" else None,
                    "topicId": f"tpc_{n}",
                    "sessionId": "ssn_1",
                    "threadId": None,
                    "parentId": f"msg_{n}_{t - 1}" if t else None,
                    "createdAt": _iso(n, t),
                }
                out.write(("" if first else ",") + json.dumps(item, ensure_ascii=False))
                first = False
        out.write('], "topics": [], "sessions": []}, "mode": "pglite", "schemaHash": "x"}')
    return target


def cherry_blocks(path: Path, convs: Iterator[Turns]) -> Path:
    """Cherry Studio's backup of format 5: the text in ``message_blocks``, after the topics."""
    target = path / "data.json"
    blocks: list[str] = []
    with target.open("w", encoding="utf-8") as out:
        out.write(
            '{"time": 1, "version": 5, "localStorage": {"persist:cherry-studio": "{}"}, '
            '"indexedDB": {"topics": ['
        )
        for n, turns in enumerate(convs):
            messages = []
            for t, (r, x) in enumerate(turns):
                ident = f"t{n}-{t}"
                messages.append(
                    {"id": ident, "role": r, "createdAt": _iso(n, t), "blocks": [f"b{ident}"]}
                )
                block = {"id": f"b{ident}", "messageId": ident, "type": "main_text", "content": x}
                blocks.append(json.dumps(block, ensure_ascii=False))
            item = {"id": f"t{n}", "messages": messages}
            out.write(("," if n else "") + json.dumps(item, ensure_ascii=False))
        out.write('], "message_blocks": [' + ",".join(blocks) + "]}}")
    return target


def jan(path: Path, convs: Iterator[Turns]) -> Path:
    root = path / "jan"
    for n, turns in enumerate(convs):
        folder = root / "threads" / f"t{n}"
        folder.mkdir(parents=True)
        (folder / "thread.json").write_text(
            json.dumps({"id": f"t{n}", "object": "thread", "title": f"c{n}"}), "utf-8"
        )
        with (folder / "messages.jsonl").open("w", encoding="utf-8") as out:
            for t, (r, x) in enumerate(turns):
                out.write(
                    json.dumps(
                        {
                            "id": f"{t}",
                            "object": "thread.message",
                            "role": r,
                            "content": [{"type": "text", "text": {"value": x}}],
                            "created": (1_600_000_000 + t) * 1000,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    return root


def sillytavern(path: Path, convs: Iterator[Turns]) -> Path:
    root = path / "data" / "user"
    folder = root / "chats" / "Bench"
    folder.mkdir(parents=True)
    for n, turns in enumerate(convs):
        with (folder / f"Bench - {n}.jsonl").open("w", encoding="utf-8") as out:
            out.write(
                json.dumps(
                    {
                        "user_name": "You",
                        "character_name": "Bench",
                        "create_date": f"2025-01-01@{n}",
                    }
                )
                + "\n"
            )
            for t, (r, x) in enumerate(turns):
                out.write(
                    json.dumps(
                        {"name": r, "is_user": r == "user", "mes": x, "send_date": _iso(n, t)},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    return root


WRITERS: dict[str, Callable[[Path, Iterator[Turns]], Path]] = {
    "deepseek": deepseek,
    "grok": grok,
    "gemini": gemini,
    "openwebui": openwebui,
    "lechat": lechat,
    "nextchat": nextchat,
    "chatbox": chatbox,
    "cherry-studio": cherry,
    "lobechat": lobechat,
    "lobechat-data": lobechat_data,
    "cherry-blocks": cherry_blocks,
    "jan": jan,
    "sillytavern": sillytavern,
}


def run(source: Path, work: Path) -> tuple[int, float]:
    """(messages imported, seconds) into a fresh SQLite database."""
    from chatdesk.services import accounts
    from chatdesk.services.importing import import_chats
    from chatdesk.store import open_store
    from chatdesk.store.db import close_database

    db = work / f"{source.name}.sqlite3"
    open_store(f"sqlite:///{db}")
    user = accounts.register("bench", "benchmark")
    t0 = time.perf_counter()
    report = import_chats(user, source)
    seconds = time.perf_counter() - t0
    close_database()
    db.unlink()
    assert not report.skipped, report.skipped[:3]
    return report.messages_added, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=40.0, help="ChatGPT export size")
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--words", type=int, default=120)
    parser.add_argument("--only", default="", help="comma-separated formats (default: all)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="chatdesk-formats-"))
    try:
        gpt = work / "chatgpt"
        gpt.mkdir()
        count = generate(gpt / "conversations.json", args.size_mb, args.turns, args.words)
        messages, seconds = run(gpt / "conversations.json", work)
        base = messages / seconds
        print(f"{count} conversations of {args.turns} turns, {args.words} words an answer")
        print(f"{'chatgpt':14} {messages:8} messages {seconds:6.1f} s {base:8.0f} msg/s  1.00")
        chosen = [f for f in args.only.split(",") if f] or list(WRITERS)
        for name in chosen:
            folder = work / name
            folder.mkdir()
            source = WRITERS[name](folder, texts(count, args.turns, args.words))
            messages, seconds = run(source, work)
            rate = messages / seconds
            print(
                f"{name:14} {messages:8} messages {seconds:6.1f} s {rate:8.0f} msg/s "
                f"{rate / base:5.2f}"
            )
            shutil.rmtree(folder)
        print(f"peak RSS {peak_rss_mb():.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
