"""Bulk delete benchmark: one user with N chats of M messages each (written in bulk by SQL),
then all N deleted in one call and brought back by Undo, as the desktop app does (the chat
list's Delete on a selection, then Undo).

Not a test; run by hand (docs/benchmarks-list.md has the commands and the figures)::

    python bench/delete_bench.py --chats 10000 --messages 100 --db /tmp/chatdesk-delete.sqlite3
    python bench/delete_bench.py --chats 10000 --messages 100 --url postgresql://postgres@127.0.0.1/deletebench
    python bench/delete_bench.py ... --code /tmp/before   # another checkout's chatdesk

Times ``chats.delete_chats`` of every chat, then ``chats.restore_chats`` of them (Undo), each
``--repeat`` times (median and worst), with a listener subscribed to the change events as the
desktop app's is; then deletes more ids at once than SQLite binds in one statement (32,766),
which failed before.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if "--code" in sys.argv:
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve()))
else:
    sys.path.insert(0, str(ROOT))

from chatdesk.services import accounts, chats, events  # noqa: E402
from chatdesk.store import database, migrate  # noqa: E402
from chatdesk.store.db import init_database, is_sqlite  # noqa: E402
from chatdesk.store.models import Chat, User  # noqa: E402


def seed(user: User, n: int, messages: int) -> None:
    """``n`` chats of ``messages`` messages each, by INSERT … SELECT (no Python per row)."""
    if is_sqlite():
        series = "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {})"
        chats_sql = (
            series.format(n)
            + ' INSERT INTO "chat" (user_id, chat_key, title, created_at, updated_at, '
            "message_count, last_preview, pinned) SELECT ?, 'k' || i, 'Chat ' || i || ' 对话', "
            "datetime('2024-01-01', '+' || i || ' seconds'), "
            "datetime('2024-01-01', '+' || i || ' seconds'), ?, 'preview', i % 5000 = 0 FROM s"
        )
        messages_sql = (
            series.format(messages) + ' INSERT INTO "message" (chat_id, role, content, created_at) '
            "SELECT c.id, CASE s.i % 2 WHEN 1 THEN 'user' ELSE 'assistant' END, "
            "'message ' || s.i || ' of chat ' || c.id || ' 一些中文内容', c.created_at "
            'FROM "chat" c, s WHERE c.user_id = ?'
        )
    else:
        chats_sql = (
            'INSERT INTO "chat" (user_id, chat_key, title, created_at, updated_at, '
            "message_count, last_preview, pinned) SELECT %s, 'k' || i, 'Chat ' || i || ' 对话', "
            "timestamp '2024-01-01' + i * interval '1 second', "
            "timestamp '2024-01-01' + i * interval '1 second', %s, 'preview', i %% 5000 = 0 "
            f"FROM generate_series(1, {n}) i"
        )
        messages_sql = (
            'INSERT INTO "message" (chat_id, role, content, created_at) '
            "SELECT c.id, CASE s %% 2 WHEN 1 THEN 'user' ELSE 'assistant' END, "
            "'message ' || s || ' of chat ' || c.id || ' 一些中文内容', c.created_at "
            f'FROM "chat" c, generate_series(1, {messages}) s WHERE c.user_id = %s'
        )
    with database.atomic():
        database.execute_sql(chats_sql, (user.id, messages))
        database.execute_sql(messages_sql, (user.id,))
    database.execute_sql("ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", type=Path, help="a checkout whose chatdesk to measure")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", type=Path, help="a SQLite file (made anew)")
    where.add_argument("--url", help="a PostgreSQL database (emptied)")
    args = parser.parse_args()
    if args.db:
        args.db.unlink(missing_ok=True)
        url = f"sqlite:///{args.db}"
    else:
        url = args.url
    init_database(url)
    migrate()
    if args.url:
        database.execute_sql('TRUNCATE "user" CASCADE')
    user = accounts.register("bench", "secret1")
    started = time.perf_counter()
    seed(user, args.chats, args.messages)
    total = args.chats * args.messages
    print(
        f"{args.chats:,} chats of {args.messages} messages ({total:,}) written in "
        f"{time.perf_counter() - started:.1f} s"
    )
    delivered: list[object] = []
    events.subscribe(delivered.append)  # the desktop app's bridge is such a listener
    ids = [c.id for c in Chat.select(Chat.id).where(Chat.user == user.id)]
    deletes, restores = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        done = chats.delete_chats(user, ids)
        deletes.append(time.perf_counter() - started)
        assert len(done) == len(ids) and chats.count_chats(user) == 0
        started = time.perf_counter()
        chats.restore_chats(user, ids)
        restores.append(time.perf_counter() - started)
        assert chats.count_chats(user) == len(ids)
    print(
        f"delete {len(ids):,} chats: median {statistics.median(deletes):.2f} s "
        f"(worst {max(deletes):.2f}); Undo: median {statistics.median(restores):.2f} s "
        f"(worst {max(restores):.2f}); {len(delivered):,} change events delivered"
    )
    many = list(range(1, 40_001))  # ids beyond SQLite's 32,766 bound values (most not chats)
    if is_sqlite():  # SQLite's default limit (some builds, Debian's, allow 250,000)
        database.connection().setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
    try:
        started = time.perf_counter()
        chats.delete_chats(user, many)
        chats.restore_chats(user, many)
        print(f"delete and Undo of 40,000 ids at once: {time.perf_counter() - started:.2f} s")
    except Exception as exc:  # what the checkout of before does
        print(f"delete of 40,000 ids at once failed: {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
