"""Search by meaning (issue 25): the model's speed and memory, the chunk size, and the index at
100,000 and 1,000,000 chunks on SQLite. Results: docs/benchmarks-search.md.

    python bench/meaning_bench.py model          # chunks/s, 100,000 messages, memory, chunk size
    python bench/meaning_bench.py index 100000   # the index: load, memory, query, recall
    python bench/meaning_bench.py index 1000000
    python bench/meaning_bench.py usearch 20000  # usearch's HNSW instead (pip install usearch)

Real text comes from ../shared/realdata (every string of 40+ characters in its JSON files) and
the quality set (tests/data/meaning_set.json). The index runs over vectors of real passages and,
for the rest, random vectors near them (each a real one plus noise), so the bit codes' recall is
measured on a realistic spread, not on uniform noise, which is the easy case for no index.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chatdesk.services import accounts, embedder, meaning  # noqa: E402
from chatdesk.store import database, open_store, write_transaction  # noqa: E402
from chatdesk.store.db import close_database  # noqa: E402

REALDATA = ROOT.parent / "shared" / "realdata"
SET = json.loads((ROOT / "tests" / "data" / "meaning_set.json").read_text("utf-8"))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def real_texts(minimum: int = 40) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            if len(value) >= minimum and not value.startswith(("http", "data:")):
                found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in sorted(REALDATA.rglob("*.json")):
        try:
            walk(json.loads(path.read_text("utf-8")))
        except (ValueError, UnicodeDecodeError):
            continue
    for chat in SET["chats"]:
        found += chat["messages"]
    return list(dict.fromkeys(found))


def bench_model() -> None:
    start = time.perf_counter()
    model = embedder.load()
    print(
        f"model {model.model}: loaded in {time.perf_counter() - start:.2f} s, "
        f"peak RSS {rss_mb():.0f} MB"
    )
    texts = real_texts()
    chunks = [" ".join(t[a:b].split()) for t in texts for a, b in meaning.passages(t)]
    per_message = len(chunks) / len(texts)
    print(
        f"{len(texts)} real messages -> {len(chunks)} chunks ({per_message:.2f} a message, "
        f"mean {statistics.mean(map(len, chunks)):.0f} characters)"
    )
    sample = chunks[:1500]
    start = time.perf_counter()
    for at in range(0, len(sample), meaning.BATCH):
        model.embed(sample[at : at + meaning.BATCH])
    took = time.perf_counter() - start
    rate = len(sample) / took
    print(
        f"embedding: {rate:.0f} chunks/s ({len(sample)} chunks in batches of "
        f"{meaning.BATCH}); 100,000 messages = {100_000 * per_message:.0f} chunks "
        f"= {100_000 * per_message / rate / 60:.1f} min; peak RSS {rss_mb():.0f} MB"
    )
    for size in (100, 200, 400, 800):
        short = [
            s
            for t in texts[:300]
            for s in (" ".join(t[a:b].split()) for a, b in meaning.passages(t, size))
        ]
        start = time.perf_counter()
        for at in range(0, len(short), meaning.BATCH):
            model.embed(short[at : at + meaning.BATCH])
        took = time.perf_counter() - start
        chars = sum(map(len, short))
        print(f"  chunks of {size}: {len(short)} chunks, {chars / took:.0f} characters/s")
    chunk_size_recall(model)


def chunk_size_recall(model: embedder.Embedder) -> None:
    """Long messages: five of the set's chats (both messages each) written as one message, and
    each of their queries asked; recall@1 of the right part per chunk size."""
    chats = {c["key"]: c for c in SET["chats"]}
    queries = SET["queries"]
    keys = [q["chat"] for q in queries]
    groups = [keys[i : i + 5] for i in range(0, len(keys), 5)]
    for size in (200, 400, 800, 1600):
        hit = total = 0
        for group in groups:
            parts, spans, at = [], [], 0
            for key in dict.fromkeys(group):
                text = "\n\n".join(chats[key]["messages"])
                parts.append(text)
                spans.append((key, at, at + len(text)))
                at += len(text) + 2
            long = "\n\n".join(parts)
            cut = meaning.passages(long, size)
            vectors = model.embed([" ".join(long[a:b].split()) for a, b in cut])
            for q in queries:
                if q["chat"] not in group:
                    continue
                qv = model.embed([q["q"]])[0]
                a, b = cut[int(np.argmax(vectors @ qv))]
                owner = max(spans, key=lambda sp: min(b, sp[2]) - max(a, sp[1]))[0]
                hit += owner == q["chat"]
                total += 1
        print(
            f"  chunk size {size}: the right topic's passage first for {hit}/{total} queries "
            "in 5-topic messages"
        )


def bench_index(n: int) -> None:
    model = embedder.load()
    folder = Path(tempfile.mkdtemp(prefix="meaning-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    open_store(url)
    user = accounts.register("bench", "secret1")
    texts = real_texts()
    real = model.embed(texts[:2000])
    rng = np.random.default_rng(7)
    chats = max(1, n // 10)
    with write_transaction():
        database.execute_sql("DELETE FROM meaning_queue")
        for at in range(0, chats, 5000):
            rows = ", ".join(
                f"({user.id}, 'k{i}', 't{i}', '2026-01-01', '2026-01-01', 0, '', 0)"
                for i in range(at, min(chats, at + 5000))
            )
            database.execute_sql(
                "INSERT INTO chat (user_id, chat_key, title, created_at, updated_at, "
                f"message_count, last_preview, pinned) VALUES {rows}"
            )
        database.execute_sql("DELETE FROM meaning_queue")
    first = int(database.execute_sql("SELECT min(id) FROM chat").fetchone()[0])
    start = time.perf_counter()
    made = np.zeros((0, real.shape[1]), dtype=np.float32)
    at = 0
    while at < n:
        count = min(20_000, n - at)
        if at == 0:  # the real vectors themselves first
            vecs = real[:count]
            count = len(vecs)
        else:
            base = real[rng.integers(0, len(real), count)]
            vecs = base + rng.standard_normal(base.shape).astype(np.float32) * 0.045
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        if len(made) < 200_000:
            made = np.concatenate([made, vecs])
        packed = meaning.pack(vecs)
        with write_transaction():
            cursor = database.cursor()
            cursor.executemany(
                "INSERT INTO meaning_chunk (chat_id, message_id, part, start, stop, digest, "
                "model, vector, code) VALUES (?, NULL, 0, 0, 1, 'x', ?, ?, ?)",
                [(first + (at + i) % chats, model.model, v, c) for i, (v, c) in enumerate(packed)],
            )
        at += count
    print(
        f"{n:,} chunks written in {time.perf_counter() - start:.0f} s; "
        f"file {os.path.getsize(folder / 'bench.sqlite3') / 1e6:.0f} MB"
    )
    before = rss_mb()
    start = time.perf_counter()
    index = meaning.index_for(model.model)
    index.refresh()
    print(
        f"index loaded in {time.perf_counter() - start:.2f} s; arrays "
        f"{index.nbytes / 1e6:.0f}"
        " MB; "
        f"peak RSS {before:.0f} -> {rss_mb():.0f} MB"
    )
    queries = model.embed([q["q"] for q in SET["queries"]] + texts[2000:2060])
    times = []
    for q in queries:
        start = time.perf_counter()
        meaning.nearest(user.id, q, model.model, 20)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"meaning query (bits, re-rank {meaning.CANDIDATES}, SQL): median "
        f"{statistics.median(times):.1f} ms, p90 {times[int(len(times) * 0.9)]:.1f} ms"
    )
    start = time.perf_counter()
    for q in queries[:20]:
        index.candidates(user.id, q, meaning.CANDIDATES)
    print(f"  of which the bit-code pass: {(time.perf_counter() - start) / 20 * 1000:.1f} ms")
    # recall of bit codes + exact re-ranking against an exact scan, where the exact scan fits
    if len(made) == n:
        exact_hits = recall = 0
        for q in queries:
            exact = set(np.argsort(-(made @ q))[:10] + 1)  # chunk ids start at 1
            got = {x.chunk_id for x in meaning.nearest(user.id, q, model.model, 10)}
            ids = set(int(i) for i in exact)
            recall += len(ids & got)
            exact_hits += len(ids)
        print(f"recall@10 of bits + re-rank against an exact float scan: {recall / exact_hits:.3f}")
        for candidates in (400, 1000, 2000):
            meaning.CANDIDATES = candidates
            found = total = 0
            took = []
            for q in queries:
                best = {int(i) + 1 for i in np.argsort(-(made @ q))[:10]}
                start = time.perf_counter()
                got = {x.chunk_id for x in meaning.nearest(user.id, q, model.model, 10)}
                took.append((time.perf_counter() - start) * 1000)
                found += len(best & got)
                total += len(best)
            print(
                f"  re-ranking {candidates}: recall@10 {found / total:.3f}, "
                f"median {statistics.median(took):.1f} ms"
            )
        start = time.perf_counter()
        as_int8 = np.rint(made * 127).astype(np.int8)
        for q in queries[:20]:
            np.argpartition(-(as_int8 @ q), 10)[:10]
        print(
            f"an exact int8 scan in memory instead: "
            f"{(time.perf_counter() - start) / 20 * 1000:.1f} ms a query, "
            f"{as_int8.nbytes / 1e6:.0f} MB held"
        )
    close_database()


def bench_usearch(n: int = 20_000) -> None:
    """usearch's HNSW (int8) over ``n`` random vectors: its build time, query time, memory."""
    from usearch.index import Index as USearch

    x = np.random.default_rng(0).standard_normal((n, 512)).astype(np.float32)
    index = USearch(ndim=512, metric="cos", dtype="i8")
    start = time.perf_counter()
    index.add(np.arange(n), x)
    built = time.perf_counter() - start
    start = time.perf_counter()
    for q in x[:50]:
        index.search(q, 10)
    print(
        f"usearch HNSW i8, {n:,} vectors: built in {built:.1f} s, "
        f"{(time.perf_counter() - start) / 50 * 1000:.2f} ms a query, "
        f"{index.memory_usage / 1e6:.0f} MB"
    )


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "model"
    if what == "model":
        bench_model()
    elif what == "usearch":
        bench_usearch(int(sys.argv[2]) if len(sys.argv) > 2 else 20_000)
    else:
        bench_index(int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
