"""Folders, tags and archive benchmark (issue 13): one user with N chats, F folders, T tags, then
time the first page of each filtered list.

Not a test; run by hand (docs/benchmarks-list.md has the command and the figures)::

    python bench/organize_bench.py --db /tmp/chatdesk-organize.sqlite3
    python bench/organize_bench.py --url postgresql://postgres@127.0.0.1/organizebench

The library: 100 top-level folders of 9 sub-folders each (1,000), 70 % of the chats filed at
random among them, a fifth archived, one in 5,000 pinned; tag k of T on about 30 % / (k + 1) of
the chats (the first on 30 %, the twentieth on 1.4 %). For each list, as medians of
``--repeat`` runs: the desktop's first page (``chats_after``, 100 rows, no total) and the API's
(``list_chats``, 50 rows and the total), and the plan each engine chose.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from list_bench import database_arguments, fresh_user

from chatdesk.services import chats, folders, search
from chatdesk.services import tags as tags_service
from chatdesk.services.chat_filter import DEFAULT, NO_FOLDER, ChatFilter
from chatdesk.store import database
from chatdesk.store.db import is_sqlite
from chatdesk.store.models import ChatTag, Folder, Tag, User
from tests.seeding import fill_chats


def fill(user: User, n: int, n_folders: int, n_tags: int) -> tuple[list[int], list[int]]:
    """The library described above; returns the folder ids (top-level first) and tag ids."""
    rng = random.Random(13)
    top = max(1, n_folders // 10)
    with database.atomic():
        for i in range(top):
            Folder.insert(
                user=user.id, parent=None, name=f"F{i}", name_key=f"f{i}", position=i
            ).execute()
        tops = [f.id for f in Folder.select(Folder.id).order_by(Folder.id)]
        rows = [
            {
                "user": user.id,
                "parent": tops[i % top],
                "name": f"S{i}",
                "name_key": f"s{i}",
                "position": i,
            }
            for i in range(n_folders - top)
        ]
        Folder.insert_many(rows).execute()
        all_folders = [f.id for f in Folder.select(Folder.id).order_by(Folder.id)]
        Tag.insert_many(
            [{"user": user.id, "name": f"tag{k}", "name_key": f"tag{k}"} for k in range(n_tags)]
        ).execute()
        tags = [t.id for t in Tag.select(Tag.id).order_by(Tag.id)]
    start = dt.datetime(2024, 1, 1)
    ids = fill_chats(
        user,
        n,
        lambda i: {
            "title": f"Chat {i} 对话",
            "created_at": start + dt.timedelta(seconds=i),
            "updated_at": start + dt.timedelta(seconds=i * 7 % n),
            "message_count": 10,
            "last_preview": "preview",
            "pinned": i % 5000 == 0,
            "folder_id": rng.choice(all_folders) if rng.random() < 0.7 else None,
            "archived_at": start if rng.random() < 0.2 else None,
        },
        batch=2000,
    )
    links = [
        {"chat": c, "tag": t}
        for c in ids
        for k, t in enumerate(tags)
        if rng.random() < 0.3 / (k + 1)
    ]
    with database.atomic():
        for at in range(0, len(links), 5000):
            ChatTag.insert_many(links[at : at + 5000]).execute()
    database.execute_sql("ANALYZE")
    return all_folders, tags


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def plan(user: User, where: ChatFilter) -> str:
    """The engine's plan for the list's first page."""
    sql, params = chats.list_order(chats.live_chats(user, where)).limit(100).sql()
    if is_sqlite():
        rows = database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return "; ".join(r[-1] for r in rows)
    rows = database.execute_sql(f"EXPLAIN {sql}", params).fetchall()
    return " / ".join(r[0].strip() for r in rows if "Scan" in r[0] or "Sort" in r[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--folders", type=int, default=1_000)
    parser.add_argument("--tags", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument(
        "--bulk",
        type=int,
        default=0,
        help="then time moving, tagging, archiving, unarchiving, untagging and deleting this "
        "many chats at once (one run each; they change the library)",
    )
    database_arguments(parser)
    args = parser.parse_args()
    user = fresh_user(args)
    started = time.perf_counter()
    all_folders, tags = fill(user, args.chats, args.folders, args.tags)
    print(
        f"{args.chats:,} chats, {len(all_folders):,} folders, {len(tags)} tags written in "
        f"{time.perf_counter() - started:.1f} s"
    )
    top, sub = all_folders[0], all_folders[-1]
    lists = {
        "default (not archived)": DEFAULT,
        "archived": ChatFilter(archived=True),
        "a sub-folder (~70 chats)": ChatFilter(folder_id=sub),
        "a top folder with its 9 sub-folders": ChatFilter(folder_id=top, subfolders=True),
        "in no folder": ChatFilter(folder_id=NO_FOLDER),
        "the commonest tag (30 %)": ChatFilter(tag_ids=(tags[0],)),
        f"the rarest tag ({30 / len(tags):.1f} %)": ChatFilter(tag_ids=(tags[-1],)),
        "a sub-folder and a tag": ChatFilter(folder_id=sub, tag_ids=(tags[0],)),
        "pinned only": ChatFilter(pinned=True),
    }
    print("| list | first 100 rows | first 50 rows and the total | plan |")
    print("|---|---:|---:|---|")
    for name, where_ in lists.items():
        rows_ms = median_ms(
            lambda w=where_: chats.chats_after(user, None, 100, where=w), args.repeat
        )
        page_ms = median_ms(lambda w=where_: chats.list_chats(user, limit=50, where=w), args.repeat)
        print(f"| {name} | {rows_ms:.2f} ms | {page_ms:.2f} ms | {plan(user, where_)} |")
    tree = median_ms(lambda: folders.list_folders(user), args.repeat)
    print(f"folder tree with counts ({len(all_folders):,} folders): {tree:.2f} ms")
    tag_counts = median_ms(lambda: tags_service.list_tags(user), args.repeat)
    print(f"tags with counts ({len(tags)} tags): {tag_counts:.2f} ms")
    loose = ChatFilter(folder_id=NO_FOLDER)
    archived = ChatFilter(archived=True)
    whole = median_ms(
        lambda: (
            folders.list_folders(user),
            tags_service.list_tags(user),
            chats.count_chats(user),
            chats.count_chats(user, where=loose),
            chats.count_chats(user, where=archived),
        ),
        args.repeat,
    )
    print(f"the tree's whole read (folders, tags, All, No folder, Archive counts): {whole:.2f} ms")
    for query in ("tag:tag0", "Chat 1 tag:tag3", "folder:F0 对话"):
        ms = median_ms(lambda q=query: search.search(user, q, limit=50), max(3, args.repeat // 4))
        print(f"search {query!r}, first 50 hits and the total: {ms:.2f} ms")
    if args.bulk:
        bulk(user, args.bulk)
    return 0


def bulk(user: User, n: int) -> None:
    """One run each of the bulk writes on the newest ``n`` chats."""
    try:
        from chatdesk.services import archive
    except ImportError:  # before the archive had a module of its own
        archive = tags_service  # type: ignore[assignment]
    ids = [c.id for c in chats.chats_after(user, None, n)]
    folder = folders.create_folder(user, "bulk")
    tag = tags_service.create_tag(user, "bulk")
    steps: dict[str, Callable[[], object]] = {
        "move": lambda: folders.move_chats(user, ids, folder.id),
        "tag": lambda: tags_service.tag_chats(user, ids, [tag.id]),
        "archive": lambda: archive.archive_chats(user, ids),
        "unarchive": lambda: archive.unarchive_chats(user, ids),
        "untag": lambda: tags_service.untag_chats(user, ids, [tag.id]),
        "delete": lambda: chats.delete_chats(user, ids),
    }
    for name, step in steps.items():
        started = time.perf_counter()
        step()
        print(f"{name} {len(ids):,} chats at once: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
