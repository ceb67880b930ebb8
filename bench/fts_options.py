"""What SQLite's FTS5 indexes cost a message on their own, and what their options would save.

Builds each variant of ``message_fts`` (trigram) and ``message_grams`` (1-2 character grams) in
a scratch SQLite file from the same N generated messages (the import bench's ShareGPT text,
about 200 characters, English and Chinese), 5,000 rows a transaction, and prints the CPU time
a message and the index's size. ``full`` and ``grams`` are what ChatDesk builds (schema v2);
the others are options that were considered (docs/benchmarks-import.md):

    .venv/bin/python bench/fts_options.py 50000
    .venv/bin/python bench/fts_options.py 50000 full none grams
    .venv/bin/python bench/fts_options.py --module pysqlite3.dbapi2 50000 full grams

``--module`` builds with another DB-API SQLite module (``pip install pysqlite3-binary`` brings
a newer SQLite than Python's own) to see what a newer FTS5 would save.

``none`` and ``column`` cannot answer ChatDesk's substring queries on a contentless table alone
(a trigram phrase needs the positions that only ``detail=full`` keeps); they are here to show
what the positions cost.
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from import_bench import sharegpt_turn

from chatdesk.store.fts import GRAMS_TOKENIZER, grams

TRIGRAM = "CREATE VIRTUAL TABLE f USING fts5(content, scope, content='', tokenize='trigram'{})"
GRAMS = (
    "CREATE VIRTUAL TABLE f USING fts5(grams, content='', detail=none{}, "
    f'tokenize="{GRAMS_TOKENIZER}")'
)
VARIANTS = {
    "full": (TRIGRAM.format(""), "trigram"),
    "column": (TRIGRAM.format(", detail=column"), "trigram"),
    "none": (TRIGRAM.format(", detail=none"), "trigram"),
    "full_columnsize0": (TRIGRAM.format(", columnsize=0"), "trigram"),
    "grams": (GRAMS.format(""), "grams"),
    "grams_columnsize0": (GRAMS.format(", columnsize=0"), "grams"),
    # The ascii tokenizer splits at spaces only, all else is a token character; it folds ASCII
    # case only, so its grams come from the lower-cased text ("grams_lower").
    "grams_ascii": (
        "CREATE VIRTUAL TABLE f USING fts5(grams, content='', detail=none, "
        "tokenize=\"ascii separators ' '\")",
        "grams_lower",
    ),
    "plain_table": ("CREATE TABLE f(id INTEGER PRIMARY KEY, content, scope)", "plain"),
}


def build(
    folder: Path, name: str, ddl: str, rows: list[tuple[object, ...]], module: ModuleType
) -> None:
    path = folder / f"{name}.sqlite3"
    db = module.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(ddl)
    insert = f"INSERT INTO f VALUES ({', '.join('?' * len(rows[0]))})"
    if ddl.startswith("CREATE VIRTUAL"):
        columns = "rowid, content, scope" if len(rows[0]) == 3 else "rowid, grams"
        insert = f"INSERT INTO f({columns}) VALUES ({', '.join('?' * len(rows[0]))})"
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, len(rows), 5000):
        with db:
            db.executemany(insert, rows[start : start + 5000])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    db.close()
    size = os.path.getsize(path) / 1e6
    print(
        f"{name:18s} {cpu / len(rows) * 1e6:6.1f} µs a message (CPU), {wall:5.1f} s, {size:4.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=50_000)
    parser.add_argument("variants", nargs="*", help=f"of {', '.join(VARIANTS)} (all)")
    parser.add_argument("--module", default="sqlite3", help="the DB-API module (sqlite3)")
    args = parser.parse_args()
    count, wanted = args.count, args.variants or list(VARIANTS)
    if unknown := set(wanted) - set(VARIANTS):
        parser.error(f"no such variant: {', '.join(sorted(unknown))}")
    module = importlib.import_module(args.module)
    print(f"{args.module}: SQLite {module.sqlite_version}")
    rng = random.Random(1)
    texts = [sharegpt_turn(rng, 350) for _ in range(count)]
    print(f"{count} messages, {sum(map(len, texts)) / count:.0f} characters on average")
    cpu = time.process_time()
    gram_texts = [grams(text) + " @@1" for text in texts]
    print(f"grams() alone      {(time.process_time() - cpu) / count * 1e6:6.1f} µs a message (CPU)")
    cpu = time.process_time()
    lower_texts = [grams(text.lower()) + " @@1" for text in texts]
    print(f"grams(lower())     {(time.process_time() - cpu) / count * 1e6:6.1f} µs a message (CPU)")
    rows = {
        "trigram": [(i + 1, t, "<1>") for i, t in enumerate(texts)],
        "grams": [(i + 1, g) for i, g in enumerate(gram_texts)],
        "grams_lower": [(i + 1, g) for i, g in enumerate(lower_texts)],
        "plain": [(i + 1, t, "<1>") for i, t in enumerate(texts)],
    }
    with tempfile.TemporaryDirectory(prefix="chatdesk-fts-") as folder:
        for name in wanted:
            ddl, kind = VARIANTS[name]
            build(Path(folder), name, ddl, rows[kind], module)
    return 0


if __name__ == "__main__":
    sys.exit(main())
