"""MCP benchmark: ``tools/call`` of ``search_chats`` over HTTP at 100,000 chats.

Not a test; run by hand (figures in docs/benchmarks.md)::

    python bench/mcp_bench.py --chats 100000 --db /tmp/chatdesk-mcp-bench.sqlite3
    python bench/mcp_bench.py --url postgresql://postgres@127.0.0.1:5432/chatdesk_mcp_bench

``--code DIR`` imports ChatDesk from another checkout (the baseline of ``bench/mcp_ab.py``,
which runs two checkouts in turns on copies of one library); ``--json FILE`` writes every
call's time.

Builds the library once (each chat one message of synthetic Chinese and English text), then
times, for each query, the same JSON-RPC POST (stateless JSON, keep-alive, an app token):

* ``a2wsgi``: ``/mcp`` as ChatDesk serves it, a2wsgi's ASGIMiddleware inside the WSGI app on
  waitress, the SDK's session manager on an event loop of its own thread;
* ``uvicorn``: the same SDK ASGI app served natively by uvicorn on a second thread and port
  (what a2wsgi is measured against; no guards, the token resolved the same way);
* ``service``: ``search.find`` called directly (the floor: what the search itself costs).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if "--code" in sys.argv:  # another checkout's ChatDesk (the baseline of bench/mcp_ab.py)
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve()))
else:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("CHATDESK_BCRYPT_ROUNDS", "4")

from chatdesk.services import accounts, ai_apps, search  # noqa: E402
from chatdesk.store import database, open_store, write_transaction  # noqa: E402
from chatdesk.store.db import is_sqlite  # noqa: E402
from chatdesk.store.indexer import catch_up  # noqa: E402
from chatdesk.store.models import Chat, Message, User  # noqa: E402

WORDS = [
    "北京",
    "上海",
    "天气",
    "旅行",
    "火车",
    "数据库",
    "索引",
    "模型",
    "训练",
    "代码",
    "函数",
    "咖啡",
    "电影",
    "历史",
    "长城",
    "故宫",
    "熊猫",
    "饺子",
    "python",
    "rust",
    "sqlite",
    "postgres",
    "index",
    "query",
    "model",
    "training",
    "weather",
    "travel",
    "coffee",
    "docker",
    "linux",
    "kubernetes",
    "react",
    "django",
    "quantum",
    "blockchain",
    "panda",
    "hotel",
    "music",
]
QUERIES = ["北京", "长城", "数据库 索引", "python", "kubernetes docker", "熊猫", "quantum", "zzz"]


def build(n: int) -> User:
    """``n`` chats of one account, each with one message (skipped when already built)."""
    user = User.get_or_none(User.username == "bench")
    if user is not None:
        return user
    user = accounts.register("bench", "secret123")
    rng = random.Random(24)
    chats, messages = [], []
    for i in range(n):
        chats.append({"user": user.id, "chat_key": f"k{i}", "title": f"chat {i}"})
    with write_transaction():
        for at in range(0, n, 5000):
            Chat.insert_many(chats[at : at + 5000]).execute()
        ids = [c.id for c in Chat.select(Chat.id).where(Chat.user == user.id).order_by(Chat.id)]
        for chat_id in ids:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40)))
            messages.append({"chat": chat_id, "role": "user", "content": text})
        for at in range(0, len(messages), 5000):
            Message.insert_many(messages[at : at + 5000]).execute()
        Chat.update(message_count=1).where(Chat.user == user.id).execute()
    catch_up()
    if not is_sqlite():  # the statistics autovacuum would gather soon: the plans depend on them
        database.execute_sql("ANALYZE chat")
        database.execute_sql("ANALYZE message")
    return user


def call_body(query: str) -> bytes:
    return json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "tools/call",
            "params": {"name": "search_chats", "arguments": {"query": query, "limit": 10}},
        }
    ).encode()


Times = dict[str, list[float]]


def time_http(port: int, token: str, rounds: int) -> Times:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Content-Type": "application/json",
        "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": "2025-06-18",
        "Authorization": f"Bearer {token}",
    }
    timed: Times = {}
    for query in QUERIES:
        times = []
        for n in range(rounds + 2):
            started = time.perf_counter()
            conn.request("POST", "/mcp", call_body(query), headers)
            reply = conn.getresponse()
            data = reply.read()
            if reply.status != 200 or b'"isError":true' in data:
                raise SystemExit(f"{query}: {reply.status} {data[:300]!r}")
            if n >= 2:  # two warm-up calls
                times.append((time.perf_counter() - started) * 1000)
        timed[query] = times
    conn.close()
    return timed


def time_service(user: User, rounds: int) -> Times:
    timed: Times = {}
    for query in QUERIES:
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            search.find(user, query, limit=10)
            times.append((time.perf_counter() - started) * 1000)
        timed[query] = times
    return timed


def p90(times: list[float]) -> float:
    """The 90th percentile (nearest rank)."""
    ranked = sorted(times)
    return ranked[max(0, -(-len(ranked) * 9 // 10) - 1)]


def serve_uvicorn(token_user: Any) -> int:
    """The SDK's ASGI app natively on uvicorn, on a thread; returns its port."""
    import socket

    import uvicorn

    from chatdesk.mcp_server.server import CALLER_KEY, ChatDeskMCP

    server = ChatDeskMCP()
    app = server.streamable_http_app(stateless_http=True, json_response=True)

    async def with_caller(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            token = headers.get(b"authorization", b"").decode().partition(" ")[2]
            scope["wsgi_environ"] = {CALLER_KEY: ai_apps.caller_for_token(token)}
        await app(scope, receive, send)

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    uv = uvicorn.Server(uvicorn.Config(with_caller, log_level="warning", lifespan="on"))
    threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not uv.started:
        time.sleep(0.05)
    return port


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--db", default="/tmp/chatdesk-mcp-bench.sqlite3")
    parser.add_argument("--url", help="a database URL (PostgreSQL) instead of --db")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--code", help="import ChatDesk from this checkout")
    parser.add_argument("--build-only", action="store_true", help="build (or migrate), no timing")
    parser.add_argument("--no-uvicorn", action="store_true", help="leave out the uvicorn server")
    parser.add_argument("--json", type=Path, help="write every call's time (ms) here")
    args = parser.parse_args()
    started = time.perf_counter()
    open_store(args.url or f"sqlite:///{args.db}")
    print(f"opened (migrated) in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    user = build(args.chats)
    print(f"library: {args.chats} chats ready in {time.perf_counter() - started:.1f} s")
    if args.build_only:
        return 0
    _, token = ai_apps.create_app_token(user, "bench")

    from chatdesk.api.app import Api
    from chatdesk.api.security import SecurityConfig
    from chatdesk.api.server import ApiServer, ServerThread

    thread = ServerThread(ApiServer(Api(SecurityConfig.build()), "127.0.0.1", 0))
    thread.start_and_wait()
    results = {
        "service": time_service(user, args.rounds),
        "a2wsgi": time_http(thread.server.port, token, args.rounds),
    }
    if not args.no_uvicorn:
        results["uvicorn"] = time_http(serve_uvicorn(user), token, args.rounds)
    thread.stop()
    if args.json:
        args.json.write_text(json.dumps(results))
    print(f"{'query':24} " + " ".join(f"{k + ' p50/p90':>18}" for k in results))
    for query in QUERIES:
        cells = [
            f"{statistics.median(r[query]):8.1f} {p90(r[query]):8.1f}" for r in results.values()
        ]
        print(f"{query:24} " + " ".join(f"{c:>18}" for c in cells))
    for kind, timed in results.items():
        medians = [statistics.median(t) for t in timed.values()]
        print(f"{kind}: median of the medians {statistics.median(medians):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
