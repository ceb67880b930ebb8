"""Chat list benchmark: one user with N chats (some pinned), then time the list's pages.

Not a test; run by hand (docs/benchmarks-list.md has the command and the figures)::

    python bench/list_bench.py --chats 100000 --db /tmp/chatdesk-list.sqlite3
    python bench/list_bench.py --chats 100000 --url postgresql://postgres@127.0.0.1/listbench

Times, as medians of ``--repeat`` runs: the API's first page (``list_chats``, with its total),
a page deep down by ``offset``, the same page by the ``before`` cursor, and the desktop list's
keyset pages (``chats_after``) walked from the first to the last, reporting the slowest; and
(from the change that loads the desktop list's rows on demand) every row's order key
(``list_keys``) and a page of summaries by id deep down (``summaries``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chatdesk.services import accounts, chats
from chatdesk.store import database, migrate
from chatdesk.store.db import init_database
from chatdesk.store.models import Chat, User


def fill(user: User, n: int, pinned_every: int) -> None:
    start = dt.datetime(2024, 1, 1)
    rows = [
        {
            "user": user.id,
            "chat_key": f"k{i}",
            "title": f"Chat {i} 对话",
            "created_at": start + dt.timedelta(seconds=i),
            "updated_at": start + dt.timedelta(seconds=i * 7 % n),
            "message_count": 10,
            "last_preview": "preview",
            "pinned": i % pinned_every == 0,
        }
        for i in range(n)
    ]
    with database.atomic():
        for at in range(0, n, 5000):
            Chat.insert_many(rows[at : at + 5000]).execute()
    database.execute_sql("ANALYZE")


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def database_arguments(parser: argparse.ArgumentParser) -> None:
    """--db FILE or --url URL: where the bench writes (a store made anew, or emptied)."""
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", type=Path, help="a SQLite file (made anew)")
    where.add_argument("--url", help="a PostgreSQL database (emptied)")


def fresh_user(args: argparse.Namespace) -> User:
    """The store ``args`` names, made anew (SQLite) or emptied (PostgreSQL), with one user."""
    if args.db:
        args.db.unlink(missing_ok=True)
        url = f"sqlite:///{args.db}"
    else:
        url = args.url
    init_database(url)
    migrate()
    if args.url:
        database.execute_sql('TRUNCATE "user" CASCADE')
    return accounts.register("bench", "secret1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--pinned-every", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=21)
    database_arguments(parser)
    args = parser.parse_args()
    user = fresh_user(args)
    started = time.perf_counter()
    fill(user, args.chats, args.pinned_every)
    print(f"{args.chats:,} chats written in {time.perf_counter() - started:.1f} s")

    first = median_ms(lambda: chats.list_chats(user, limit=50), args.repeat)
    deep = args.chats // 2
    by_offset = median_ms(lambda: chats.list_chats(user, offset=deep, limit=50), args.repeat)
    print(f"get_chat_list first page (50, with total): {first:.2f} ms")
    print(f"  page at offset {deep:,}: {by_offset:.2f} ms")
    if hasattr(chats, "cursor_of"):  # not in a checkout from before the cursor (the baseline)
        rows, _ = chats.list_chats(user, offset=deep - 1, limit=1)
        cursor = chats.cursor_of(rows[0])
        by_cursor = median_ms(lambda: chats.list_chats(user, before=cursor, limit=50), args.repeat)
        count = median_ms(lambda: chats.count_chats(user), args.repeat)
        print(f"  same page by before cursor: {by_cursor:.2f} ms; the total alone: {count:.2f} ms")

    if hasattr(chats, "list_keys"):  # the desktop list's rows: every key, then pages by id
        keys = median_ms(lambda: chats.list_keys(user), args.repeat)
        ids = [k[2] for k in chats.list_keys(user)][deep : deep + 100]
        by_ids = median_ms(lambda: chats.summaries(user, ids), args.repeat)
        print(
            f"desktop list: every row's key ({args.chats:,}) {keys:.1f} ms; "
            f"a page of 100 summaries by id at row {deep:,}: {by_ids:.2f} ms"
        )

    worst, pages, after = 0.0, 0, None
    walk_start = time.perf_counter()
    while True:
        started = time.perf_counter()
        page = chats.chats_after(user, after, 100)
        worst = max(worst, (time.perf_counter() - started) * 1000)
        if not page:
            break
        pages += 1
        last = page[-1]
        after = (last.pinned, last.updated_at, last.id)
    walk = time.perf_counter() - walk_start
    print(
        f"desktop list: {pages:,} keyset pages of 100 to the end in {walk:.2f} s, "
        f"slowest page {worst:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
