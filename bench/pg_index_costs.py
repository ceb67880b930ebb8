"""What each PostgreSQL search index costs a message on its own (the server's CPU).

Inserts N generated messages (the import bench's ShareGPT text) into a scratch table of a
scratch database on the server, 1,000 rows a statement and a transaction, once per variant,
and reads the CPU time of the server process from its /proc entry (so the server must run on
this machine):

    .venv/bin/python bench/pg_index_costs.py 10000 [--url postgresql://postgres@127.0.0.1:5432/postgres]

Variants: ``none`` (the table alone), ``func`` (``chatdesk_grams`` called on every text, no
table), ``trgm`` (the pg_trgm GIN index over the text: 3+ character search), ``grams`` (the GIN
index over ``chatdesk_grams(content)``: 1-2 characters), ``both`` (what ChatDesk keeps).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import psycopg2
from psycopg2.extras import execute_values

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from import_bench import sharegpt_turn

from chatdesk.store.migrations.v13_postgres_grams import _V12_POSTGRES as GRAMS_FUNCTION_SQL

SCRATCH = "chatdesk_pg_index_costs"
VARIANTS = ("none", "func", "trgm", "grams", "both")


def server_cpu(cur: psycopg2.extensions.cursor) -> float:
    cur.execute("SELECT pg_backend_pid()")
    pid = cur.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 1/100 s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("messages", type=int, nargs="?", default=10_000)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=VARIANTS)
    args = parser.parse_args()
    rng = random.Random(1)
    texts = [sharegpt_turn(rng, 350) for _ in range(args.messages)]
    admin = psycopg2.connect(args.url)
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
    admin.cursor().execute(f"CREATE DATABASE {SCRATCH}")
    try:
        db = psycopg2.connect(args.url.rsplit("/", 1)[0] + "/" + SCRATCH)
        cur = db.cursor()
        cur.execute("CREATE EXTENSION pg_trgm")
        cur.execute(GRAMS_FUNCTION_SQL)
        db.commit()
        for variant in args.variants:
            cur.execute("DROP TABLE IF EXISTS m")
            cur.execute("CREATE TABLE m (id serial PRIMARY KEY, content text)")
            if variant in ("trgm", "both"):
                cur.execute("CREATE INDEX ON m USING gin (content gin_trgm_ops)")
            if variant in ("grams", "both"):
                cur.execute("CREATE INDEX ON m USING gin (chatdesk_grams(content))")
            db.commit()
            cpu, wall = server_cpu(cur), time.perf_counter()
            for start in range(0, len(texts), 1000):
                page = texts[start : start + 1000]
                if variant == "func":
                    sql = "SELECT sum(cardinality(chatdesk_grams(t))) FROM unnest(%s::text[]) t"
                    cur.execute(sql, (page,))
                else:
                    execute_values(cur, "INSERT INTO m (content) VALUES %s", [(t,) for t in page])
                db.commit()
            cpu, wall = server_cpu(cur) - cpu, time.perf_counter() - wall
            each = cpu / len(texts) * 1e6
            print(f"{variant:6s} {each:6.0f} µs a message of server CPU, {wall:.1f} s")
        db.close()
    finally:
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
