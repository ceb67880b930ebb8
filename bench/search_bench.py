"""Search benchmark: fill a database with N messages, then time ``search.search()``.

Not a test; run by hand (see docs/benchmarks-search.md for the command and the figures)::

    python bench/search_bench.py --messages 1000000 --db /tmp/chatdesk-bench.sqlite3
    python bench/search_bench.py --messages 1000000 --url postgresql://postgres@127.0.0.1/bench
    python bench/search_bench.py --compare --url postgresql://…   # 1-2 chars also without grams
    python bench/search_bench.py --write-cost 10000 --url postgresql://…   # insert cost, no search
    python bench/search_bench.py --prefixes --db /tmp/chatdesk-prefixes.sqlite3   # issue 13's

``--prefixes`` builds (anew) bench/organize_bench.py's library, 100,000 chats in 1,000 folders
with 20 tags and no messages, and times the find box's prefixed searches on it (first page of 50
and the total, as the window asks).

The text is synthetic Chinese and English with word frequencies following Zipf's law, so some
words are everywhere and most are rare, as in real chat histories. Queries are substrings cut
from random stored messages (what a person remembers and types), plus a few fixed ones from very
rare to very common. Each query runs through the whole service (count, page of 50, snippets).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chatdesk.services import search
from chatdesk.store import database, indexer, migrate
from chatdesk.store.db import init_database, is_sqlite
from chatdesk.store.migrations import SCHEMA_VERSION
from chatdesk.store.models import User, utcnow

ZH_COMMON = """
北京 上海 天气 今天 明天 我们 你们 他们 什么 为什么 怎么 可以 需要
问题 方法 数据 数据库 机器学习 深度学习 人工智能 模型 训练 代码 函数
变量 程序 系统 服务器 网络 安全 密码 用户 文件 目录 时间 工作 学习
生活 朋友 旅行 火车 飞机 酒店 咖啡 健康 运动 音乐 电影 历史 文化
经济 市场 公司 产品 设计 测试 部署 版本 错误 日志 性能 优化 索引
查询 搜索 中文 英文 翻译 总结 解释 例子 请 帮我 写一个 谢谢 好的 的
了 是 在 和 也 就 都 而 及 与 着 没问题 当然 首先 然后 最后 因为
所以 但是 如果 已经 非常 比较 重要 简单 复杂 开始 结束 量子纠缠
区块链 长城 故宫 西湖 熊猫 饺子
""".split()  # noqa: SIM905
EN_COMMON = """
the a an and or but if then of to in on for with from by about as at is are was were
be have has do can could would should will not no this that it they we you python java rust sqlite
postgres database index query search model training data function variable error exception stack
trace server client request response token password user file time weather travel hotel coffee
music movie book history market company product design test deploy version log performance cache
memory thread process network security kubernetes docker linux windows browser javascript react
django please help write explain summarize translate example thanks sure because however Beijing
Shanghai London Tokyo GPT Claude OpenAI quantum blockchain panda
""".split()  # noqa: SIM905
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3500)]
LATIN = "abcdefghijklmnopqrstuvwxyz"


class Corpus:
    """Random message text: words drawn with Zipf weights (1/rank) from a mixed vocabulary."""

    def __init__(self, rng: random.Random, size: int = 60_000) -> None:
        self.rng = rng
        zh = ZH_COMMON + [
            "".join(rng.choices(CJK, k=rng.choice((2, 2, 3, 4)))) for _ in range(size)
        ]
        en = EN_COMMON + ["".join(rng.choices(LATIN, k=rng.randint(3, 10))) for _ in range(size)]
        self.zh, self.en = zh, en
        self.zh_cum = list(itertools.accumulate(1 / r for r in range(1, len(zh) + 1)))
        self.en_cum = list(itertools.accumulate(1 / r for r in range(1, len(en) + 1)))

    def sentence(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            words = rng.choices(self.zh, cum_weights=self.zh_cum, k=rng.randint(3, 14))
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words) + 1), rng.choice(EN_COMMON))
            return "".join(words) + rng.choice("。！？，")
        words = rng.choices(self.en, cum_weights=self.en_cum, k=rng.randint(4, 16))
        return " ".join(words).capitalize() + rng.choice(".!?")

    def message(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 5)))


def build(n: int, per_chat: int = 20, batch: int = 50_000, seed: int = 1) -> float:
    """Fill the empty, migrated database with ``n`` messages; returns the seconds it took.

    2% of the chats belong to a second user and 1% are deleted, so the search has to filter.
    """
    rng = random.Random(seed)
    corpus = Corpus(rng)
    started = time.perf_counter()
    main = User.create(username="bench", username_key="bench", password_hash="x")
    other = User.create(username="other", username_key="other", password_hash="x")
    ph = "?" if is_sqlite() else "%s"
    now = utcnow()
    chat_rows = []
    for c in range((n + per_chat - 1) // per_chat):
        owner = other.id if c % 50 == 49 else main.id
        deleted = now if c % 100 == 7 else None
        title = corpus.sentence()[:40]
        chat_rows.append((owner, f"k{c}", title, now, now, per_chat, "", False, deleted))
    with database.atomic():
        _insert_many(
            "INSERT INTO chat (user_id, chat_key, title, created_at, updated_at, message_count,"
            f" last_preview, pinned, deleted_at) VALUES ({', '.join([ph] * 9)})",
            chat_rows,
        )
    first = database.execute_sql("SELECT min(id) FROM chat").fetchone()[0]
    sql = (
        f"INSERT INTO message (chat_id, role, content, created_at) VALUES ({ph}, {ph}, {ph}, {ph})"
    )
    base = now.timestamp() - n
    rows: Iterator[tuple[object, ...]] = (
        (first + i // per_chat, "user" if i % 2 == 0 else "assistant", corpus.message(),
         time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(base + i)))
        for i in range(n)
    )  # fmt: skip
    done = 0
    while done < n:
        chunk = list(itertools.islice(rows, batch))
        with database.atomic():
            _insert_many(sql, chunk)
        done += len(chunk)
        print(f"\r  {done:,} messages, {time.perf_counter() - started:.0f} s", end="", flush=True)
    print()
    if is_sqlite():  # the rows were queued for the full-text index (schema v3): index them now
        indexing = time.perf_counter()
        indexed = indexer.catch_up()
        print(f"  full-text index of {indexed:,} messages: {time.perf_counter() - indexing:.0f} s")
    database.execute_sql("PRAGMA optimize" if is_sqlite() else "ANALYZE")
    return time.perf_counter() - started


def _insert_many(sql: str, rows: list[tuple[object, ...]]) -> None:
    cursor = database.cursor()
    if is_sqlite():
        cursor.executemany(sql, rows)
        return
    from psycopg2.extras import execute_values

    head = sql.partition(" VALUES ")[0]
    execute_values(cursor, head + " VALUES %s", rows, page_size=5000)


def sample_queries(rng: random.Random, lengths: tuple[int, ...], count: int) -> list[str]:
    """Substrings of random stored messages, ``lengths`` characters long, no outer spaces."""
    top = database.execute_sql("SELECT max(id) FROM message").fetchone()[0]
    out: list[str] = []
    while len(out) < count:
        row = database.execute_sql(
            "SELECT content FROM message WHERE id >= "
            + ("?" if is_sqlite() else "%s")
            + " LIMIT 1",
            (rng.randint(1, top),),
        ).fetchone()
        size = rng.choice(lengths)
        if row and len(row[0]) > size:
            at = rng.randrange(len(row[0]) - size)
            piece = row[0][at : at + size]
            if piece == piece.strip() and piece.strip():
                out.append(piece)
    return out


FIXED_LONG = ["机器学习", "量子纠缠", "北京天气", "没问题", "database", "kubernetes", "Beijing",
              "the", "zzzqqq", "不存在的句子"]  # fmt: skip
FIXED_SHORT = ["的", "京", "熊猫", "AI", "go", "e", "龘", "x"]


@contextlib.contextmanager
def without_pg_grams() -> Iterator[None]:
    """PostgreSQL as before schema v3: 1–2 character queries by ``ILIKE`` (a scan), not from the
    grams indexes. The indexes stay; that plan cannot use them. To compare in one run."""
    saved = search.pg_indexable_short
    search.pg_indexable_short = lambda query: False
    try:
        yield
    finally:
        search.pg_indexable_short = saved


def write_cost(n: int, rounds: int = 3, seed: int = 3) -> None:
    """Time inserting ``n`` messages, one statement each, with the grams index and without it
    (dropped inside the transaction), then roll back: the database is left as it was.

    GIN indexes take new rows into a pending list and merge it into the index when it passes
    ``gin_pending_list_limit`` (4 MB); each run starts from an empty list, so a run pays for the
    merges of its own rows (the steady state), not for what an earlier run left there.
    """
    corpus = Corpus(random.Random(seed), size=5_000)
    texts = [corpus.message() for _ in range(n)]
    chat_id = database.execute_sql("SELECT min(id) FROM chat").fetchone()[0]
    sql = "INSERT INTO message (chat_id, role, content, created_at) VALUES (%s, %s, %s, %s)"
    now = utcnow()
    variants = (
        ("without the grams index (v2)", ["DROP INDEX message_content_grams"]),
        ("with the grams index (v3)", []),
        ("with neither GIN index", ["DROP INDEX message_content_grams",
                                    "DROP INDEX message_content_trgm"]),
    )  # fmt: skip
    for _ in range(rounds):
        for label, statements in variants:
            for index in ("message_content_grams", "message_content_trgm"):
                database.execute_sql("SELECT gin_clean_pending_list(%s::regclass)", (index,))
            with database.atomic() as transaction:
                for statement in statements:
                    database.execute_sql(statement)
                cursor = database.cursor()
                started = time.perf_counter()
                for text in texts:
                    cursor.execute(sql, (chat_id, "user", text, now))
                elapsed = time.perf_counter() - started
                transaction.rollback()
            print(f"  insert {n:,} messages {label:30} {elapsed * 1e6 / n:7.1f} µs a message")


#: What the window and the API call: ``search.find`` (the total counted up to a cap) where the
#: checkout has it, else ``search.search`` (a checkout from before it, to compare in one run).
SEARCH = getattr(search, "find", search.search)


def timed(user: User, queries: list[str], order: str) -> list[tuple[float, str, int]]:
    out = []
    for query in queries:
        started = time.perf_counter()
        found = SEARCH(user, query, limit=50, order=order)
        total = found.total if hasattr(found, "total") else found[1]
        out.append(((time.perf_counter() - started) * 1000, query, total))
    return out


def report(label: str, runs: list[tuple[float, str, int]]) -> None:
    ms = sorted(r[0] for r in runs)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"{label:44} n={len(ms):4}  median {statistics.median(ms):7.1f} ms  "
          f"p95 {p95:7.1f} ms  max {ms[-1]:7.1f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/chatdesk-search-bench.sqlite3"))
    parser.add_argument("--url", help="a database URL instead of --db (e.g. PostgreSQL)")
    parser.add_argument("--samples", type=int, default=200, help="sampled queries per class")
    parser.add_argument("--rebuild", action="store_true", help="start from an empty database")
    parser.add_argument("--build-only", action="store_true", help="fill the database, no timing")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="PostgreSQL: time 1-2 character queries without the grams indexes too (as schema v2)",
    )
    parser.add_argument(
        "--write-cost",
        type=int,
        default=0,
        metavar="N",
        help="PostgreSQL: time N inserts with and without the grams index (rolled back), "
        "instead of searches",
    )
    parser.add_argument(
        "--prefixes", action="store_true", help="time prefixed searches on a library built anew"
    )
    parser.add_argument("--repeat", type=int, default=21, help="--prefixes: calls per query")
    args = parser.parse_args()
    if args.prefixes:
        prefixes(args)
        return
    url = args.url or f"sqlite:///{args.db}"
    if args.rebuild and not args.url:
        for path in args.db.parent.glob(args.db.name + "*"):
            path.unlink()
    init_database(url)
    started = time.perf_counter()
    found = migrate()
    if found not in (0, SCHEMA_VERSION):
        took = time.perf_counter() - started
        print(f"migrated schema v{found} to v{SCHEMA_VERSION} in {took:.0f} s")
    user = User.get_or_none(User.username_key == "bench")
    if user is None:
        print(f"building {args.messages:,} messages in {url}")
        print(f"built in {build(args.messages):.0f} s")
        user = User.get(User.username_key == "bench")
    if args.build_only:
        return
    if args.write_cost and not is_sqlite():
        write_cost(args.write_cost)
        return
    count = database.execute_sql("SELECT count(*) FROM message").fetchone()[0]
    print(f"{count:,} messages; {sys.version.split()[0]}")
    rng = random.Random(7)
    long_q = sample_queries(rng, (3, 4, 5, 6, 8, 10), args.samples)
    short_q = sample_queries(rng, (1, 2), args.samples)
    compare = args.compare and not is_sqlite()
    timed(user, long_q[:20] + short_q[:20], "newest")  # warm the page cache
    if compare:
        with without_pg_grams():
            timed(user, short_q[:20], "newest")
    for order in ("newest", "relevance"):
        report(f"3+ chars, sampled, {order}", timed(user, long_q, order))
        if compare:
            with without_pg_grams():
                report(f"1-2 chars, sampled, {order}, BEFORE (scan)", timed(user, short_q, order))
        report(f"1-2 chars, sampled, {order}", timed(user, short_q, order))
    print("fixed queries (newest | relevance), ms and total:")
    for query in FIXED_LONG + FIXED_SHORT:
        (a, _, total), (b, _, _) = timed(user, [query], "newest") + timed(
            user, [query], "relevance"
        )
        line = f"  {query!r:16} {a:8.1f} | {b:8.1f}   total {total:,}"
        if compare and query in FIXED_SHORT:
            with without_pg_grams():
                (a, _, _), (b, _, _) = timed(user, [query], "newest") + timed(
                    user, [query], "relevance"
                )
            line += f"   before: {a:8.1f} | {b:8.1f}"
        print(line)


#: The find box's prefixes, alone and with words (issue 13), on organize_bench's library.
PREFIXED = ["tag:tag0", "tag:tag19", "is:archived", "is:pinned", "folder:F0", "folder:S899",
            "after:2024-01-01", "before:2024-01-01", "Chat 1 tag:tag3", "folder:F0 对话",
            "对话 is:pinned", "Chat 42 is:archived"]  # fmt: skip


def prefixes(args: argparse.Namespace) -> None:
    """Prefixed searches on organize_bench's library (100,000 chats), medians of ``--repeat``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from list_bench import fresh_user
    from organize_bench import fill

    if args.url:
        args.db = None  # fresh_user empties the PostgreSQL database instead
    user = fresh_user(args)  # a SQLite file is made anew
    started = time.perf_counter()
    fill(user, 100_000, 1_000, 20)
    print(f"100,000 chats, 1,000 folders, 20 tags written in {time.perf_counter() - started:.1f} s")
    timed(user, PREFIXED, "newest")  # warm the page cache
    for query in PREFIXED:
        runs = sorted(timed(user, [query], "newest")[0][0] for _ in range(args.repeat))
        found = SEARCH(user, query, limit=50)
        total = found.total if hasattr(found, "total") else found[1]
        more = "+" if not getattr(found, "exact", True) else ""
        print(f"  {query!r:24} median {statistics.median(runs):7.2f} ms  total {total:,}{more}")


if __name__ == "__main__":
    main()
