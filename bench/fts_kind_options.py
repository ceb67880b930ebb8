"""Where a message's kind goes in SQLite's full-text indexes (schema v22): two ways, same library.

* ``token``: one ``message_fts`` / ``message_grams`` pair; a reasoning or tool row is indexed
  under its owner and kind (``<1:tool>``, ``@@1:tool``), a visible turn under its owner alone
  (``<1>``, ``@@1``): what ChatDesk builds;
* ``split``: the visible turns in ``message_fts`` / ``message_grams``, the other rows in a pair
  of indexes of their own.

Builds each in a scratch SQLite file from the same generated library (``--texts`` messages of
5-40 words drawn from ``mcp_bench.WORDS``, ``--tools`` tool results of 25 lines of 12 such
words and code tokens, ~2 KB, so that tool output is most of the text), then times, median of
7, the capped count (``LIMIT 1001``), the full count, and a page of 10 read and sorted newest
first, for a default search and an ``in:tools`` one::

    .venv/bin/python bench/fts_kind_options.py --texts 100000 --tools 100000
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mcp_bench import WORDS

from chatdesk.store.fts import GRAMS_TOKENIZER, grams

QUERIES = ["python", "quantum", "kubernetes docker", "数据库 索引", "北京", "zz"]
CODE = ["def", "return", "self", "x = 1", "{", "}", "import"]


def _library(texts: int, tools: int) -> list[tuple[int, str, str, str]]:
    rng = random.Random(7)
    rows = []
    for i in range(texts):
        content = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40)))
        rows.append((i + 1, content, f"2025-01-01 00:00:{i % 60:02d}.{i:06d}", "text"))
    for i in range(tools):
        lines = (" ".join(rng.choice(WORDS + CODE) for _ in range(12)) for _ in range(25))
        at = texts + i + 1
        rows.append((at, "\n".join(lines), f"2025-01-01 00:00:{i % 60:02d}.{at:06d}", "tool"))
    rng.shuffle(rows)  # kinds interleaved in id order, as an agent's session writes them
    return rows


#: Where each way indexes which rows: (index pair, condition on the row).
WAYS = {
    "token": [("message", "1")],
    "split": [("message", "kind = 'text'"), ("folded", "kind <> 'text'")],
}
_KIND = "CASE kind WHEN 'text' THEN '' ELSE ':' || kind END"


def _build(path: Path, way: str, rows: list[tuple[int, str, str, str]]) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.create_function("chatdesk_grams", 1, grams, deterministic=True)
    db.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, content TEXT, created_at TEXT, kind TEXT)")
    db.executemany("INSERT INTO m VALUES (?, ?, ?, ?)", rows)
    for t, where in WAYS[way]:
        fts, grams_table = f"{t}_fts", f"{t}_grams"
        db.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5(content, scope, content='', tokenize='trigram')"
        )
        db.execute(
            f"CREATE VIRTUAL TABLE {grams_table} USING fts5(grams, content='', detail='none', "
            f'tokenize="{GRAMS_TOKENIZER}")'
        )
        db.execute(
            f"INSERT INTO {fts}(rowid, content, scope) "
            f"SELECT id, content, '<1' || {_KIND} || '>' FROM m WHERE {where}"
        )
        db.execute(
            f"INSERT INTO {grams_table}(rowid, grams) "
            f"SELECT id, chatdesk_grams(content) || ' @@1' || {_KIND} FROM m WHERE {where}"
        )
    db.commit()
    return db


def _time(db: sqlite3.Connection, sql: str, params: list[str]) -> tuple[float, int]:
    times, rows = [], []
    for _ in range(7):
        started = time.perf_counter()
        rows = db.execute(sql, params).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(rows) if len(rows) != 1 else rows[0][0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--tools", type=int, default=100_000)
    args = parser.parse_args()
    rows = _library(args.texts, args.tools)
    tmp = Path(tempfile.mkdtemp(prefix="chatdesk-fts-kinds-"))
    print("| way | search | query | count to 1,001 | count all (hits) | page of 10 |")
    print("|---|---|---|---:|---:|---:|")
    for way in ("token", "split"):
        started = time.perf_counter()
        db = _build(tmp / f"{way}.sqlite3", way, rows)
        print(f"<!-- {way}: built in {time.perf_counter() - started:.0f} s -->")
        for search, kind in (("default", ""), ("in:tools", ":tool")):
            table = "message" if way == "token" or not kind else "folded"
            for q in QUERIES:
                short = len(q) < 3
                idx = f"{table}_grams" if short else f"{table}_fts"
                match = (
                    f'"@@1{kind}" AND "{q}"'
                    if short
                    else f'scope : "<1{kind}>" AND content : "{q}"'
                )
                capped, _ = _time(
                    db,
                    f"SELECT count(*) FROM (SELECT 1 FROM {idx} WHERE {idx} MATCH ? LIMIT 1001)",
                    [match],
                )
                full, hits = _time(db, f"SELECT count(*) FROM {idx} WHERE {idx} MATCH ?", [match])
                page, _ = _time(
                    db,
                    f"SELECT m.id, m.content FROM {idx} CROSS JOIN m ON m.id = {idx}.rowid "
                    f"WHERE {idx} MATCH ? ORDER BY m.created_at DESC, m.id DESC LIMIT 10",
                    [match],
                )
                cells = f"{capped:.2f} | {full:.1f} ({hits:,}) | {page:.1f}"
                print(f"| {way} | {search} | {q} | {cells} |")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
