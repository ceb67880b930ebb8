"""Before and after of ``bench/mcp_bench.py`` in one run: two checkouts' ChatDesk on copies of one
library, in turns, so that a noisy spell on the shared machine falls on both.

    git -C /work/main archive main | (mkdir -p /tmp/chatdesk-old && tar -x -C /tmp/chatdesk-old)
    python bench/mcp_ab.py /tmp/chatdesk-old --chats 100000 --rounds 3 --calls 10
    python bench/mcp_ab.py /tmp/chatdesk-old --pg postgresql://postgres@127.0.0.1:5432/postgres

The library is built once by the old checkout (at its schema) and copied (SQLite: the online
backup; PostgreSQL: ``CREATE DATABASE … TEMPLATE``); the new checkout opens its copy first,
which migrates it (the time is printed). Then each round runs ``mcp_bench.py`` once per checkout,
old then new, each timing ``--calls`` calls of every query after two warm-up calls. Every call's
time is kept; the table gives each query's median and 90th percentile over all rounds, for
``search.find`` alone and for ``tools/call`` through ``/mcp`` (a2wsgi on waitress).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from mcp_bench import QUERIES, p90  # noqa: E402

KINDS = ("service", "a2wsgi")


def _bench(code: Path | None, where: list[str], *extra: str) -> None:
    cmd = [sys.executable, str(HERE / "mcp_bench.py"), *where, *extra]
    if code is not None:
        cmd += ["--code", str(code)]
    subprocess.run(cmd, check=True)


def _pg_databases(url: str) -> tuple[str, str]:
    """Two fresh database URLs beside ``url``'s: the old library's and its copy's."""
    import psycopg2

    base = url.rsplit("/", 1)[0]
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cur:
        for name in ("chatdesk_mcp_ab_new", "chatdesk_mcp_ab_old"):
            cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cur.execute("CREATE DATABASE chatdesk_mcp_ab_old ENCODING 'UTF8' TEMPLATE template0")
    admin.close()
    return f"{base}/chatdesk_mcp_ab_old", f"{base}/chatdesk_mcp_ab_new"


def _pg_copy(url: str) -> None:
    import psycopg2

    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("CREATE DATABASE chatdesk_mcp_ab_new TEMPLATE chatdesk_mcp_ab_old")
    admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the other checkout (before)")
    parser.add_argument("--new", type=Path, default=ROOT, help="default: this checkout")
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=10, help="timed calls a query a round")
    parser.add_argument("--pg", help="a PostgreSQL URL: the libraries go to databases beside it")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="chatdesk-mcp-ab-"))
    if args.pg:
        old_url, new_url = _pg_databases(args.pg)
        places = {"old": ["--url", old_url], "new": ["--url", new_url]}
    else:
        places = {name: ["--db", str(tmp / f"{name}.sqlite3")] for name in ("old", "new")}
    codes = {"old": args.old.resolve(), "new": args.new.resolve()}
    size = ["--chats", str(args.chats)]
    print(f"building {args.chats} chats with the old checkout", flush=True)
    _bench(codes["old"], places["old"], *size, "--build-only")
    if args.pg:
        _pg_copy(args.pg)
    else:
        source = sqlite3.connect(places["old"][1])
        target = sqlite3.connect(places["new"][1])
        source.backup(target)
        target.close()
        source.close()
    print("the new checkout opens its copy (migrates it):", flush=True)
    _bench(codes["new"], places["new"], *size, "--build-only")
    times = {side: {kind: {q: [] for q in QUERIES} for kind in KINDS} for side in codes}
    for round_ in range(args.rounds):
        for side, code in codes.items():
            out = tmp / f"{side}-{round_}.json"
            calls = ["--rounds", str(args.calls), "--no-uvicorn", "--json", str(out)]
            _bench(code, places[side], *size, *calls)
            for kind, timed in json.loads(out.read_text()).items():
                for query, values in timed.items():
                    times[side][kind][query] += values
    engine = "PostgreSQL" if args.pg else "SQLite"
    print(f"\n{engine}, {args.chats} chats, {args.rounds} rounds x {args.calls} calls, ms")
    print("| query | " + " | ".join(f"{k} {s} p50 / p90" for k in KINDS for s in codes) + " |")
    print("|---|" + "---:|" * (len(KINDS) * len(codes)))
    for query in QUERIES:
        cells = [
            f"{statistics.median(v):.1f} / {p90(v):.1f}"
            for kind in KINDS
            for v in (times[side][kind][query] for side in codes)
        ]
        print(f"| {query} | " + " | ".join(cells) + " |")
    medians = [
        f"{statistics.median(statistics.median(v) for v in times[side][kind].values()):.1f}"
        for kind in KINDS
        for side in codes
    ]
    print("| median of the medians | " + " | ".join(medians) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
